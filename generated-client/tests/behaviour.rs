//! The runtime's behaviour against a real HTTP server: retries and what is never retried,
//! tokens (fetch, sharing, refresh, refresh on 401), timeouts, bodies that do not match the
//! spec, path parameters that could change the path, local validation, secrets in errors, and
//! configuration from the environment.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use pinecone_admin::runtime::Error;
use pinecone_admin::v2026_04::{Client, types};
use pinecone_admin::{ClientBuilder, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn project_id() -> uuid::Uuid {
    PROJECT_ID.parse().expect("uuid")
}

/// Counts every request the server receives, whatever its route.
async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn get_is_retried_after_503_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).expect(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(project()))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client::<Client>(&server).fetch_project(project_id()).await.expect("retried into success");
    assert_eq!(answer.name, "demo");
}

#[tokio::test]
async fn post_is_sent_once_on_503() {
    let server = MockServer::start().await;
    let failure = error_body(503, "UNAVAILABLE", "try later");
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(&failure))
        .expect(1)
        .mount(&server)
        .await;
    let err = client::<Client>(&server)
        .create_api_key(project_id(), &types::CreateApiKeyRequest::new("ci"))
        .await
        .expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1, "a create must never be sent twice");
}

#[tokio::test]
async fn patch_is_sent_once_on_429() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(429)).expect(1).mount(&server).await;
    let err = client::<Client>(&server)
        .update_project(project_id(), &types::UpdateProjectRequest::default())
        .await
        .expect_err("429");
    assert!(err.is_rate_limited());
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    client::<Client>(&server).list_projects().await.expect("second attempt succeeds");
    // A lower bound only: the client waited as asked, however slow the machine is.
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_post() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = ClientBuilder::<Client>::new()
        .access_token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(fast_retries())
        .build()
        .expect("client");
    let err = client.create_project(&types::CreateProjectRequest::new("x")).await.expect_err("nothing listens");
    match err {
        Error::Transport(e) => assert_eq!(e.attempts, 3, "refused before sending, so retried"),
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
    let client = ClientBuilder::<Client>::new()
        .access_token(TOKEN)
        .base_url(server.uri())
        .timeout(Some(Duration::from_millis(200)))
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let err = client.list_projects().await.expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn the_total_deadline_bounds_all_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let policy = RetryPolicy { max_attempts: 10, total_deadline: Some(Duration::from_secs(2)), ..fast_retries() };
    let client = ClientBuilder::<Client>::new()
        .access_token(TOKEN)
        .base_url(server.uri())
        .retry(policy)
        .build()
        .expect("client");
    let err = client.list_projects().await.expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "a wait past the deadline is not taken");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_body_that_is_not_json_says_so_and_keeps_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{oops</html>"))
        .mount(&server)
        .await;
    let err = client::<Client>(&server).list_projects().await.expect_err("not JSON");
    let Error::Decode(e) = &err else { panic!("expected a decode error, got {err:?}") };
    assert!(e.is_not_json());
    assert_eq!(e.status.as_u16(), 200);
    assert_eq!(&e.raw_body[..], b"{oops</html>");
    assert_eq!(
        err.to_string(),
        "list_projects: the HTTP 200 OK response body is not valid JSON: key must be a string at line 1 column 2"
    );
    assert!(format!("{err:?}").contains("raw_body: [12 bytes]"), "Debug shows the length only: {err:?}");
}

#[tokio::test]
async fn a_decode_error_names_the_field_that_failed() {
    let server = MockServer::start().await;
    let mut bad = project();
    bad["name"] = serde_json::Value::Null;
    let body = json!({"data": [project(), project(), project(), bad]});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let err = client::<Client>(&server).list_projects().await.expect_err("null name");
    let Error::Decode(e) = &err else { panic!("expected a decode error, got {err:?}") };
    assert!(!e.is_not_json());
    assert_eq!(e.path, "data[3].name");
    assert!(e.message.starts_with("invalid type: null, expected a string"), "{}", e.message);
    assert!(err.to_string().contains("at `data[3].name`: invalid type: null"), "{err}");
}

#[tokio::test]
async fn an_error_body_that_is_not_json_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such thing"))
        .mount(&server)
        .await;
    let err = client::<Client>(&server).fetch_project(project_id()).await.expect_err("404");
    let api = err.api_error().expect("api error");
    assert!(api.body.is_none());
    assert_eq!(&api.raw_body[..], b"no such thing");
    assert_eq!(err.to_string(), "fetch_project failed with HTTP 404 Not Found: no such thing");
}

#[tokio::test]
async fn path_parameters_are_encoded_and_dot_segments_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/admin/organizations/a%2Fb%3Fc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(organization()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client::<Client>(&server);
    client.fetch_organization("a/b?c").await.expect("encoded into one segment");
    for bad in ["..", "."] {
        let err = client.delete_organization(bad).await.expect_err("rejected");
        let Error::InvalidRequest(e) = err else { panic!("expected an invalid request") };
        assert_eq!(e.field, "organization_id");
    }
    assert_eq!(requests(&server).await.len(), 1, "nothing sent for the rejected values");
}

#[tokio::test]
async fn constraints_are_checked_before_sending() {
    let server = MockServer::start().await;
    let client = client::<Client>(&server);
    let err = client
        .create_api_key(project_id(), &types::CreateApiKeyRequest::new("x".repeat(81)))
        .await
        .expect_err("too long");
    assert_eq!(err.to_string(), "invalid request, not sent: `name` must be at most 80 characters long, got 81");
    let err = client.create_project(&types::CreateProjectRequest::new("")).await.expect_err("empty");
    assert_eq!(err.to_string(), "invalid request, not sent: `name` must be at least 1 characters long, got 0");
    assert!(requests(&server).await.is_empty(), "nothing may reach the server");
}

/// An OAuth server that hands out `tok-1`, `tok-2`, ... with the given lifetime.
async fn token_server(expires_in: i64) -> MockServer {
    let server = MockServer::start().await;
    let issued = Arc::new(Mutex::new(0u32));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("x-pinecone-api-version", "2026-04"))
        .and(body_json(json!({
            "client_id": "id-1",
            "client_secret": "secret-1",
            "grant_type": "client_credentials",
            "audience": "https://api.pinecone.io/"
        })))
        .respond_with(move |_: &Request| {
            let mut n = issued.lock().expect("lock");
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

fn service_account_client(admin: &MockServer, oauth: &MockServer) -> Client {
    Client::builder()
        .credentials("id-1", "secret-1")
        .base_url(admin.uri())
        .oauth_url(oauth.uri())
        .retry(fast_retries())
        .build()
        .expect("client")
}

async fn tokens_issued(oauth: &MockServer) -> usize {
    requests(oauth).await.len()
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_token_fetch() {
    let (admin, oauth) = (MockServer::start().await, token_server(3600).await);
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(50)
        .mount(&admin)
        .await;
    let client = service_account_client(&admin, &oauth);
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_projects().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.expect("joined").expect("ok");
    }
    assert_eq!(tokens_issued(&oauth).await, 1);
}

#[tokio::test]
async fn a_token_is_refreshed_before_it_expires() {
    let (admin, oauth) = (MockServer::start().await, token_server(1).await);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&admin)
        .await;
    let client = service_account_client(&admin, &oauth);
    client.list_projects().await.expect("first");
    client.list_projects().await.expect("second, token still fresh");
    assert_eq!(tokens_issued(&oauth).await, 1);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    client.list_projects().await.expect("third, after the refresh point");
    assert_eq!(tokens_issued(&oauth).await, 2);
    let seen: Vec<String> = requests(&admin)
        .await
        .iter()
        .filter_map(|r| r.headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .collect();
    assert_eq!(seen, ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() {
    let (admin, oauth) = (MockServer::start().await, token_server(3600).await);
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(error_body(401, "UNAUTHENTICATED", "revoked")))
        .expect(1)
        .mount(&admin)
        .await;
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(project()))
        .expect(1)
        .mount(&admin)
        .await;
    let client = service_account_client(&admin, &oauth);
    let answer =
        client.create_project(&types::CreateProjectRequest::new("demo")).await.expect("retried with a new token");
    assert_eq!(answer.name, "demo");
    assert_eq!(tokens_issued(&oauth).await, 2);
}

#[tokio::test]
async fn a_rejected_token_request_is_an_auth_error_with_the_oauth_reason() {
    let (admin, oauth) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "access_denied", "error_description": "Unauthorized"})),
        )
        .mount(&oauth)
        .await;
    let err = service_account_client(&admin, &oauth).list_projects().await.expect_err("no token");
    let Error::Auth(auth) = &err else { panic!("expected an auth error, got {err:?}") };
    assert_eq!(auth.status.map(|s| s.as_u16()), Some(401));
    assert_eq!(auth.error.as_deref(), Some("access_denied"));
    assert_eq!(auth.description.as_deref(), Some("Unauthorized"));
    assert!(requests(&admin).await.is_empty());
}

#[test]
fn configuration_comes_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    };
    let err = Client::builder().from_lookup(env(&[("PINECONE_CLIENT_ID", "id")])).expect_err("half set");
    assert_eq!(
        err.to_string(),
        "PINECONE_CLIENT_ID is set but PINECONE_CLIENT_SECRET is not; set both, or PINECONE_ACCESS_TOKEN"
    );
    let err = Client::builder().from_lookup(env(&[])).expect_err("nothing set");
    assert!(err.to_string().contains("PINECONE_ACCESS_TOKEN, or PINECONE_CLIENT_ID and PINECONE_CLIENT_SECRET"));
    let client = Client::builder()
        .from_lookup(env(&[("PINECONE_ACCESS_TOKEN", "t"), ("PINECONE_ADMIN_API_URL", "http://localhost:9/")]))
        .expect("token")
        .build()
        .expect("builds");
    let debug = format!("{client:?}");
    assert!(debug.contains("http://localhost:9") && !debug.contains("\"t\""), "{debug}");
    let err = Client::builder().base_url("ftp://x").access_token("t").build().expect_err("scheme");
    assert!(err.to_string().contains("must start with http:// or https://"), "{err}");
}

/// A response holding a secret that does not decode: neither the error's message nor its
/// `Debug` shows the secret (serde would quote the value that failed); the raw body is kept.
#[tokio::test]
async fn a_decode_error_of_a_body_with_a_secret_never_shows_it() {
    use pinecone_admin::v2026_07 as latest;
    let server = MockServer::start().await;
    let body = json!({
        "service_account": {"id": PROJECT_ID, "name": "bot", "client_id": "c", "created_at": "x", "updated_at": "y"},
        "client_secret": "sekrit-value"
    });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let id = project_id();
    let err = client::<latest::Client>(&server).rotate_service_account_secret(id).await.expect_err("bad date");
    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.path, "service_account.created_at");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("sekrit-value"), "the secret shows: {shown}");
    }
    assert!(String::from_utf8_lossy(&decode.raw_body).contains("sekrit-value"), "kept, for an explicit look");
}
