//! The runtime's behaviour against a real HTTP server (wiremock on loopback), through the
//! hand-written client of `common` that has the shape generated clients have: retries and what
//! is never retried, `Retry-After`, timeouts and the total deadline, tokens (fetch, sharing,
//! refresh, refresh on 401, a rejected token request), bodies that do not match the spec, error
//! bodies, redirects returned or followed, path parameters that could change the path,
//! constraints checked before sending, secrets in decode errors, and configuration from (a
//! stand-in for) the environment.
//!
//! They live here, with the runtime, because this is the code they judge; a generated client
//! only describes requests. `generated-client/tests/behaviour.rs` keeps what depends on
//! generated code (Pinecone's token request, its environment variables).

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::widgets::{self, Client, types};
use common::*;
use openapi_client_runtime::{
    ApiClient, ApiKeyIn, AuthScheme, ClientBuilder, EnvVars, Error, Method, Operation, RetryPolicy, Transport,
};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn demo() -> types::Widget {
    types::Widget { id: "w-1".to_owned(), name: "demo".to_owned(), size: 3 }
}

#[tokio::test]
async fn get_is_retried_after_503_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w-1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(widget("w-1", "demo")))
        .expect(1)
        .mount(&server)
        .await;
    let got = client(&server).fetch_widget("w-1").await.expect("retried into success");
    assert_eq!(got, demo());
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn delete_is_retried_after_503_and_an_empty_answer_is_success() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    client(&server).delete_widget("w-1").await.expect("retried into success");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn post_is_sent_once_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(error_body("UNAVAILABLE", "try later")))
        .mount(&server)
        .await;
    let err = client(&server).create_widget(&types::CreateWidgetRequest::new("ci")).await.expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.code().map(String::as_str), Some("UNAVAILABLE"));
    assert_eq!(requests(&server).await.len(), 1, "a create must never be sent twice");
}

#[tokio::test]
async fn patch_is_sent_once_on_429() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(429)).mount(&server).await;
    let err = client(&server).update_widget("w-1", &types::UpdateWidgetRequest::default()).await.expect_err("429");
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1, "an update must never be sent twice");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server).list_widgets(&types::ListWidgetsParams::default()).await.expect("second attempt succeeds");
    // A lower bound only: the backoff of `fast_retries` is at most 5 ms, so only the
    // `Retry-After` of one second makes the client wait this long, however fast the machine.
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_post() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        listener.local_addr().expect("a bound listener has an address").port()
    };
    let client = Client::builder()
        .access_token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(fast_retries())
        .build()
        .expect("client");
    let err = client.create_widget(&types::CreateWidgetRequest::new("x")).await.expect_err("nothing listens");
    match err {
        Error::Transport(e) => assert_eq!(e.attempts, 3, "refused before anything was sent, so retried"),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .access_token(TOKEN)
        .base_url(server.uri())
        .timeout(Some(Duration::from_millis(200)))
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client.list_widgets(&types::ListWidgetsParams::default()).await.expect_err("too slow");
    let Error::Timeout(timeout) = &err else { panic!("expected a timeout, got {err:?}") };
    assert!(err.is_timeout());
    assert_eq!((timeout.operation, timeout.attempts), ("list_widgets", 1));
    assert!(started.elapsed() < Duration::from_secs(2), "gave up after {:?}", started.elapsed());
    assert!(err.to_string().starts_with("list_widgets: timed out after "), "{err}");
}

#[tokio::test]
async fn a_wait_past_the_total_deadline_is_not_taken() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let policy = RetryPolicy { max_attempts: 10, total_deadline: Some(Duration::from_secs(2)), ..fast_retries() };
    let client = Client::builder().access_token(TOKEN).base_url(server.uri()).retry(policy).build().expect("client");
    let started = Instant::now();
    let err = client.list_widgets(&types::ListWidgetsParams::default()).await.expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "the last answer is returned");
    assert_eq!(requests(&server).await.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(1), "it did not wait: {:?}", started.elapsed());
}

#[tokio::test]
async fn the_total_deadline_bounds_all_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(150)))
        .mount(&server)
        .await;
    // Each attempt alone is within the (absent) attempt timeout; together they are not.
    let policy = RetryPolicy { max_attempts: 10, total_deadline: Some(Duration::from_millis(400)), ..fast_retries() };
    let client = Client::builder()
        .access_token(TOKEN)
        .base_url(server.uri())
        .timeout(None)
        .retry(policy)
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client.list_widgets(&types::ListWidgetsParams::default()).await.expect_err("out of time");
    let elapsed = started.elapsed();
    let Error::Timeout(timeout) = &err else { panic!("expected a timeout, got {err:?}") };
    assert!(timeout.attempts >= 2, "retried within the deadline: {timeout:?}");
    assert!(elapsed >= Duration::from_millis(400) && elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[tokio::test]
async fn a_body_that_is_not_json_says_so_and_keeps_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{oops</html>"))
        .mount(&server)
        .await;
    let err = client(&server).list_widgets(&types::ListWidgetsParams::default()).await.expect_err("not JSON");
    let Error::Decode(e) = &err else { panic!("expected a decode error, got {err:?}") };
    assert!(e.is_not_json());
    assert_eq!(e.status.as_u16(), 200);
    assert_eq!(&e.raw_body[..], b"{oops</html>");
    assert_eq!(
        err.to_string(),
        "list_widgets: the HTTP 200 OK response body is not valid JSON: key must be a string at line 1 column 2"
    );
    assert!(format!("{err:?}").contains("raw_body: [12 bytes]"), "Debug shows the length only: {err:?}");
}

#[tokio::test]
async fn a_decode_error_names_the_field_that_failed() {
    let server = MockServer::start().await;
    let mut bad = widget("w-4", "d");
    bad["name"] = json!(42);
    let body = json!({"data": [widget("w-1", "a"), widget("w-2", "b"), widget("w-3", "c"), bad]});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let err = client(&server).list_widgets(&types::ListWidgetsParams::default()).await.expect_err("a number");
    let Error::Decode(e) = &err else { panic!("expected a decode error, got {err:?}") };
    assert!(!e.is_not_json());
    assert_eq!(e.path, "data[3].name");
    // A body without secrets is quoted, as serde words it.
    assert!(e.message.starts_with("invalid type: integer `42`, expected a string"), "{}", e.message);
    assert!(
        err.to_string().starts_with(
            "list_widgets: the HTTP 200 OK response does not match the spec at `data[3].name`: invalid type: integer `42`"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn an_error_body_is_decoded_with_its_code_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(error_body("NOT_FOUND", "no widget w-9"))
                .insert_header("x-request-id", "req-7"),
        )
        .mount(&server)
        .await;
    let err = client(&server).fetch_widget("w-9").await.expect_err("404");
    assert!(err.is_not_found());
    assert_eq!(err.code().map(String::as_str), Some("NOT_FOUND"));
    assert_eq!(err.message(), Some("no widget w-9"));
    let api = err.api_error().expect("an API error");
    assert_eq!(api.body, Some(types::ErrorResponse::new("NOT_FOUND", "no widget w-9")));
    assert_eq!(api.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-7"));
    assert_eq!(err.to_string(), "fetch_widget failed with HTTP 404 Not Found: NOT_FOUND: no widget w-9");
    assert_eq!(requests(&server).await.len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn an_error_body_that_is_not_json_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w-1"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such thing"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w-2"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"detail": "bad"})))
        .mount(&server)
        .await;
    let client = client(&server);
    let err = client.fetch_widget("w-1").await.expect_err("404");
    let api = err.api_error().expect("an API error");
    assert!(api.body.is_none());
    assert_eq!(&api.raw_body[..], b"no such thing");
    assert_eq!(err.to_string(), "fetch_widget failed with HTTP 404 Not Found: no such thing");

    let err = client.fetch_widget("w-2").await.expect_err("400");
    let api = err.api_error().expect("an API error");
    assert!(api.body.is_none(), "JSON that is not the error schema does not decode");
    assert_eq!(err.to_string(), r#"fetch_widget failed with HTTP 400 Bad Request: {"detail":"bad"}"#);
}

/// Where the redirect is the operation's answer it is returned, not followed; elsewhere a
/// redirect leads to the answer, and the client follows it.
#[tokio::test]
async fn a_redirect_is_returned_where_it_is_the_answer_and_followed_elsewhere() {
    let server = MockServer::start().await;
    let file = format!("{}/files/w-1", server.uri());
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w-1/download"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", file.as_str()))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w-2"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/v1/widgets/w-1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(widget("w-1", "demo")))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(client.download_widget("w-1").await.expect("the redirect is the answer"), Some(file.clone()));
    assert_eq!(client.fetch_widget("w-2").await.expect("the redirect is followed"), demo());
    // A client made from settings of the user's gets its own client that keeps redirects.
    let from_settings = widgets::Client::builder()
        .access_token(TOKEN)
        .base_url(server.uri())
        .http_client_from(openapi_client_runtime::http_client_builder)
        .build()
        .expect("a client from settings");
    assert_eq!(from_settings.download_widget("w-1").await.expect("the redirect is the answer"), Some(file));
    let paths: Vec<String> = requests(&server).await.iter().map(|r| r.url.path().to_owned()).collect();
    let download = "/v1/widgets/w-1/download";
    assert_eq!(paths, [download, "/v1/widgets/w-2", "/v1/widgets/w-1", download], "the file is never fetched");
}

#[tokio::test]
async fn path_parameters_are_encoded_and_dot_segments_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/a%2Fb%3Fc%20%C3%BC"))
        .respond_with(ResponseTemplate::new(200).set_body_json(widget("a/b?c ü", "odd")))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.fetch_widget("a/b?c ü").await.expect("encoded into one segment");
    for bad in ["..", ".", ""] {
        let err = client.delete_widget(bad).await.expect_err("rejected");
        let Error::InvalidRequest(e) = &err else { panic!("expected an invalid request, got {err:?}") };
        assert_eq!(e.field, "widget_id");
        assert!(err.to_string().ends_with("it would change the request path"), "{err}");
    }
    assert_eq!(requests(&server).await.len(), 1, "nothing sent for the rejected values");
}

#[tokio::test]
async fn constraints_are_checked_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let shown = |result: Result<types::Widget, widgets::Error>| result.expect_err("invalid").to_string();
    assert_eq!(
        shown(client.create_widget(&types::CreateWidgetRequest::new("x".repeat(81))).await),
        "invalid request, not sent: `name` must be at most 80 characters long, got 81"
    );
    assert_eq!(
        shown(client.create_widget(&types::CreateWidgetRequest::new("")).await),
        "invalid request, not sent: `name` must be at least 1 characters long, got 0"
    );
    let rename = types::UpdateWidgetRequest { name: Some("é".repeat(81)) };
    assert_eq!(
        shown(client.update_widget("w-1", &rename).await),
        "invalid request, not sent: `name` must be at most 80 characters long, got 81"
    );
    let err = client.list_widgets(&types::ListWidgetsParams { limit: Some(0) }).await.expect_err("limit 0");
    assert_eq!(err.to_string(), "invalid request, not sent: `limit` must be at least 1, got 0");
    assert!(requests(&server).await.is_empty(), "nothing may reach the server");
}

/// A client holding a token and an API key sends each operation the credential its
/// `security` asks for: both where it does not say, only the token, only the key, or none
/// (a public endpoint must not receive credentials it does not need).
#[tokio::test]
async fn each_operation_gets_only_the_credential_it_takes() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/ping")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = widgets::Client::builder()
        .access_token(TOKEN)
        .api_key("key-1")
        .base_url(server.uri())
        .retry(fast_retries())
        .build()
        .expect("a client with a token and a key");
    let schemes = [AuthScheme::Any, AuthScheme::Bearer, AuthScheme::ApiKey, AuthScheme::None];
    for scheme in schemes {
        client.ping(scheme).await.unwrap_or_else(|e| panic!("{scheme:?}: {e}"));
    }
    let sent: Vec<(bool, Option<String>)> = requests(&server)
        .await
        .iter()
        .map(|r| {
            let token = r.headers.get("authorization").is_some_and(|v| v == format!("Bearer {TOKEN}").as_str());
            let key = r.headers.get(widgets::API_KEY_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
            (token, key)
        })
        .collect();
    let key = || Some("key-1".to_owned());
    assert_eq!(sent, [(true, key()), (true, None), (false, key()), (false, None)], "for {schemes:?}");
}

/// Where a client of [`Keyed`] puts its API key.
trait KeyPlace {
    const IN: ApiKeyIn;
}
struct InAuthorization;
impl KeyPlace for InAuthorization {
    const IN: ApiKeyIn = ApiKeyIn::Header("Authorization");
}
struct InQuery;
impl KeyPlace for InQuery {
    const IN: ApiKeyIn = ApiKeyIn::Query("key");
}
struct InCookie;
impl KeyPlace for InCookie {
    const IN: ApiKeyIn = ApiKeyIn::Cookie("session");
}

/// A client whose API takes its key where `P` says, as generated clients of such APIs are.
struct Keyed<P>(Transport, std::marker::PhantomData<P>);

impl<P: KeyPlace> ApiClient for Keyed<P> {
    const API_VERSION: &'static str = "1";
    const DEFAULT_BASE_URL: Option<&'static str> = None;
    const API_KEY: Option<ApiKeyIn> = Some(P::IN);
    const ENV: EnvVars = EnvVars {
        access_token: "K_ACCESS_TOKEN",
        api_key: "K_API_KEY",
        client_id: "K_CLIENT_ID",
        client_secret: "K_CLIENT_SECRET",
        base_url: "K_BASE_URL",
        oauth_url: "K_OAUTH_URL",
    };
    const USER_AGENT: &'static str = "keyed/1";
    fn from_transport(transport: Transport) -> Self {
        Self(transport, std::marker::PhantomData)
    }
    fn transport(&self) -> &Transport {
        &self.0
    }
}

static FIND: Operation = Operation { id: "find", method: Method::Get, path: "/find" };

/// An API key whose header is `Authorization` (SendGrid's, say) is the one `Authorization`
/// header of an operation that does not say which credential it takes, also when the client
/// holds a token; an operation that takes the token gets the token.
#[tokio::test]
async fn an_api_key_in_the_authorization_header_is_sent_alone() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/find")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = ClientBuilder::<Keyed<InAuthorization>>::new()
        .access_token(TOKEN)
        .api_key("Bearer key-1")
        .base_url(server.uri())
        .build()
        .expect("a client");
    for scheme in [AuthScheme::Any, AuthScheme::ApiKey, AuthScheme::Bearer] {
        let find = openapi_client_runtime::Request::new(&FIND).auth_scheme(scheme);
        client.transport().send_empty::<Value>(find).await.expect("sent");
    }
    let sent: Vec<Vec<String>> = requests(&server)
        .await
        .iter()
        .map(|r| r.headers.get_all("authorization").iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect())
        .collect();
    let one = |value: &str| vec![value.to_owned()];
    assert_eq!(sent, [one("Bearer key-1"), one("Bearer key-1"), one(&format!("Bearer {TOKEN}"))]);
}

/// An API key in the query or in a cookie goes beside the request's own parameters or
/// cookies, to the operations that take it; a key in the query never shows in an error.
#[tokio::test]
async fn an_api_key_goes_in_the_query_or_a_cookie_where_the_spec_puts_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/find")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let find = |scheme| {
        openapi_client_runtime::Request::new(&FIND).query("q", &"x").cookie("theme", &"dark").auth_scheme(scheme)
    };
    let in_query =
        ClientBuilder::<Keyed<InQuery>>::new().api_key("key-1").base_url(server.uri()).build().expect("a client");
    let in_cookie =
        ClientBuilder::<Keyed<InCookie>>::new().api_key("key-1").base_url(server.uri()).build().expect("a client");
    for scheme in [AuthScheme::ApiKey, AuthScheme::Bearer] {
        in_query.transport().send_empty::<Value>(find(scheme)).await.expect("sent");
        in_cookie.transport().send_empty::<Value>(find(scheme)).await.expect("sent");
    }
    let sent: Vec<(Option<String>, Option<String>)> = requests(&server)
        .await
        .iter()
        .map(|r| {
            (r.url.query().map(str::to_owned), r.headers.get("cookie").and_then(|v| v.to_str().ok()).map(str::to_owned))
        })
        .collect();
    let pair = |q: &str, c: &str| (Some(q.to_owned()), Some(c.to_owned()));
    assert_eq!(
        sent,
        [
            pair("q=x&key=key-1", "theme=dark"),
            pair("q=x", "theme=dark; session=key-1"),
            pair("q=x", "theme=dark"),
            pair("q=x", "theme=dark"),
        ]
    );
    let unreachable = ClientBuilder::<Keyed<InQuery>>::new()
        .api_key("key-1")
        .base_url("http://127.0.0.1:9")
        .retry(RetryPolicy::never())
        .build()
        .expect("a client");
    let error = unreachable.transport().send_empty::<Value>(find(AuthScheme::Any)).await.expect_err("no server");
    assert!(!format!("{error} {error:?}").contains("key-1"), "{error:?}");
    let bad = ClientBuilder::<Keyed<InCookie>>::new().api_key("a; b").base_url(server.uri()).build();
    assert!(bad.is_err(), "a key a cookie cannot hold is refused");
}

/// An OAuth server that hands out `tok-1`, `tok-2`, ... with the given lifetime, each after
/// 50 ms, for the credentials `id-1` and `secret-1`.
async fn token_server(expires_in: i64) -> MockServer {
    let server = MockServer::start().await;
    let issued = Arc::new(Mutex::new(0u32));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_json(json!({"client_id": "id-1", "client_secret": "secret-1", "grant_type": "client_credentials"})))
        .respond_with(move |_: &Request| {
            let mut n = issued.lock().expect("the counter's lock is never poisoned");
            *n += 1;
            ResponseTemplate::new(200)
                .set_body_json(
                    json!({"access_token": format!("tok-{n}"), "token_type": "Bearer", "expires_in": expires_in}),
                )
                .set_delay(Duration::from_millis(50))
        })
        .mount(&server)
        .await;
    server
}

fn service_account_client(api: &MockServer, oauth: &MockServer) -> Client {
    Client::builder()
        .credentials("id-1", "secret-1")
        .base_url(api.uri())
        .oauth_url(oauth.uri())
        .retry(fast_retries())
        .build()
        .expect("client")
}

/// The `Authorization` header of every request `server` received, in order.
async fn authorizations(server: &MockServer) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|r| r.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("none").to_owned())
        .collect()
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_token_fetch() {
    let (api, oauth) = (MockServer::start().await, token_server(3600).await);
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(50)
        .mount(&api)
        .await;
    let client = service_account_client(&api, &oauth);
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_widgets(&types::ListWidgetsParams::default()).await })
        })
        .collect();
    for call in calls {
        call.await.expect("the call's task completes").expect("the call succeeds");
    }
    assert_eq!(authorizations(&oauth).await, ["none"], "one token request, without credentials of its own");
}

#[tokio::test]
async fn a_token_is_refreshed_before_it_expires() {
    let (api, oauth) = (MockServer::start().await, token_server(1).await);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&api)
        .await;
    let client = service_account_client(&api, &oauth);
    let params = types::ListWidgetsParams::default();
    let started = Instant::now();
    client.list_widgets(&params).await.expect("first");
    client.list_widgets(&params).await.expect("second, the token still fresh");
    assert_eq!(requests(&oauth).await.len(), 1);
    // The token, fetched just after `started` to live 1 s, expires at `started` + 1 s at the
    // earliest, and is due for replacement a tenth of its life earlier (about `started` + 0.9 s).
    tokio::time::sleep_until((started + Duration::from_millis(960)).into()).await;
    client.list_widgets(&params).await.expect("third, before the token expires");
    assert_eq!(requests(&oauth).await.len(), 2, "replaced before it expired");
    assert_eq!(authorizations(&api).await, ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() {
    let (api, oauth) = (MockServer::start().await, token_server(3600).await);
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(error_body("UNAUTHENTICATED", "revoked")))
        .expect(1)
        .mount(&api)
        .await;
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(widget("w-1", "demo")))
        .expect(1)
        .mount(&api)
        .await;
    let client = service_account_client(&api, &oauth);
    let got = client.create_widget(&types::CreateWidgetRequest::new("demo")).await.expect("retried with a new token");
    assert_eq!(got, demo());
    assert_eq!(requests(&oauth).await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_to_the_caller() {
    let (api, oauth) = (MockServer::start().await, token_server(3600).await);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(error_body("UNAUTHENTICATED", "no access")))
        .mount(&api)
        .await;
    let err = service_account_client(&api, &oauth).fetch_widget("w-1").await.expect_err("401 twice");
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(authorizations(&api).await, ["Bearer tok-1", "Bearer tok-2"], "one refresh, not a loop");

    // A fixed token cannot be refreshed: its 401 is the caller's at once.
    let err = client(&api).fetch_widget("w-1").await.expect_err("401");
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(requests(&api).await.len(), 3);
}

#[tokio::test]
async fn a_rejected_token_request_is_an_auth_error_with_the_oauth_reason() {
    let (api, oauth) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "access_denied", "error_description": "Unauthorized"})),
        )
        .mount(&oauth)
        .await;
    let err = service_account_client(&api, &oauth).fetch_widget("w-1").await.expect_err("no token");
    let Error::Auth(auth) = &err else { panic!("expected an auth error, got {err:?}") };
    assert_eq!(auth.status.map(|s| s.as_u16()), Some(401));
    assert_eq!(auth.error.as_deref(), Some("access_denied"));
    assert_eq!(auth.description.as_deref(), Some("Unauthorized"));
    assert_eq!(
        err.to_string(),
        "could not obtain an access token: the token endpoint answered HTTP 401 Unauthorized: access_denied: Unauthorized"
    );
    assert!(requests(&api).await.is_empty(), "nothing is sent without a token");
}

/// A stand-in for the environment holding `pairs`.
fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
}

#[test]
fn configuration_from_the_environment_is_checked() {
    let err = Client::builder().from_lookup(lookup(&[("WIDGETS_CLIENT_ID", "id")])).expect_err("half set");
    assert_eq!(
        err.to_string(),
        "WIDGETS_CLIENT_ID is set but WIDGETS_CLIENT_SECRET is not; set both, or WIDGETS_ACCESS_TOKEN"
    );
    let err = Client::builder().from_lookup(lookup(&[("WIDGETS_CLIENT_SECRET", "s")])).expect_err("half set");
    assert_eq!(
        err.to_string(),
        "WIDGETS_CLIENT_SECRET is set but WIDGETS_CLIENT_ID is not; set both, or WIDGETS_ACCESS_TOKEN"
    );
    let err = Client::builder().from_lookup(lookup(&[("WIDGETS_ACCESS_TOKEN", "  ")])).expect_err("blank");
    assert_eq!(
        err.to_string(),
        "no credentials: set WIDGETS_ACCESS_TOKEN, or WIDGETS_CLIENT_ID and WIDGETS_CLIENT_SECRET (or WIDGETS_API_KEY for APIs that take a key)"
    );
    let builder = ClientBuilder::<oauth::Client>::new()
        .from_lookup(lookup(&[("WIDGETS_API_KEY", "k")]))
        .expect("a key is credentials");
    let err = builder.build().expect_err("the OAuth API takes no key");
    let public = ClientBuilder::<oauth::Client>::new().from_lookup(lookup(&[])).expect("an API that requires none");
    public.build().expect("builds without credentials");
    assert_eq!(err.to_string(), "this API takes no API key; use an access token or credentials");
    let err = Client::builder()
        .from_lookup(lookup(&[("WIDGETS_ACCESS_TOKEN", "t"), ("WIDGETS_BASE_URL", "ftp://x")]))
        .expect("read")
        .build()
        .expect_err("scheme");
    assert_eq!(err.to_string(), "the base URL `ftp://x` must start with http:// or https://");
    let client = Client::builder().from_lookup(lookup(&[("WIDGETS_ACCESS_TOKEN", "t")])).expect("read").build();
    let debug = format!("{:?}", client.expect("builds"));
    assert!(debug.contains(Client::DEFAULT_BASE_URL.expect("the spec names a server")), "the spec's server: {debug}");
}

#[tokio::test]
async fn configuration_from_the_environment_reaches_the_wire() {
    let (api, oauth) = (MockServer::start().await, token_server(3600).await);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(widget("w-1", "demo")))
        .mount(&api)
        .await;
    // `from_lookup` takes `Fn(&str) -> Option<String>`; these URLs are only known now.
    let (api_url, oauth_url) = (api.uri(), oauth.uri());
    let env = |pairs: Vec<(&'static str, String)>| {
        move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
    };

    let token = vec![
        ("WIDGETS_ACCESS_TOKEN", "env-token".to_owned()),
        ("WIDGETS_CLIENT_ID", "id-1".to_owned()),
        ("WIDGETS_CLIENT_SECRET", "secret-1".to_owned()),
        ("WIDGETS_BASE_URL", api_url.clone()),
    ];
    let client = Client::builder().from_lookup(env(token)).expect("read").build().expect("builds");
    let debug = format!("{client:?}");
    assert!(debug.contains(&api_url) && !debug.contains("env-token"), "{debug}");
    client.fetch_widget("w-1").await.expect("sent to WIDGETS_BASE_URL");

    let credentials = vec![
        ("WIDGETS_CLIENT_ID", "id-1".to_owned()),
        ("WIDGETS_CLIENT_SECRET", "secret-1".to_owned()),
        ("WIDGETS_BASE_URL", api_url),
        ("WIDGETS_OAUTH_URL", oauth_url),
    ];
    let client = Client::builder().from_lookup(env(credentials)).expect("read").build().expect("builds");
    client.fetch_widget("w-1").await.expect("a token from WIDGETS_OAUTH_URL");

    assert_eq!(authorizations(&api).await, ["Bearer env-token", "Bearer tok-1"], "a token wins over credentials");
    assert_eq!(requests(&oauth).await.len(), 1);
}

/// A response holding a secret that does not decode: neither the error's message nor its
/// `Debug` shows the secret (serde quotes the value that failed, as in
/// `a_decode_error_names_the_field_that_failed`); the raw body is kept.
#[tokio::test]
async fn a_decode_error_of_a_body_with_a_secret_never_shows_it() {
    let server = MockServer::start().await;
    // The secret, a string in the spec, comes as a number: the value that fails is the secret.
    let body = json!({"widget_id": "w-1", "secret": 4815162342u64});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let err = client(&server).rotate_widget_key("w-1").await.expect_err("a number");
    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.path, "secret");
    assert_eq!(decode.message, "the value has the wrong type (not quoted: this response holds secrets)");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("4815162342"), "the secret shows: {shown}");
    }
    assert!(String::from_utf8_lossy(&decode.raw_body).contains("4815162342"), "kept, for an explicit look");
}
