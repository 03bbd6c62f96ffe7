//! The runtime's typed mocks (`openapi_client_runtime::mock`, cargo feature `mock`), through
//! the hand-written mock module of `common` that has the shape generated ones have: what an
//! expectation matches, how it answers (typed values, typed errors, faults, delays), and how a
//! test fails, with which message, when a request breaks its operation's rules, no expectation
//! takes it, or an expectation is not met.
//!
//! They live here, with the runtime, because the mock's matching, answers and checks are
//! runtime code; `generated-client/tests/mock.rs` keeps one end-to-end use of a generated
//! mock module.
#![cfg(feature = "mock")]

mod common;

use std::future::Future;
use std::time::Duration;

use common::mock::MockServer;
use common::widgets::{Client, types};
use openapi_client_runtime::mock::{Fault, MOCK_TOKEN, Wire, WireBody};
use openapi_client_runtime::{Error, RetryPolicy};

fn widget(id: &str, name: &str) -> types::Widget {
    types::Widget { id: id.to_owned(), name: name.to_owned(), size: 3 }
}

/// Runs `test` in a task of its own and returns the message it failed with: the mock's checks
/// fail a test by panicking when the server is dropped, at the end of the test.
async fn failure_of(test: impl Future<Output = ()> + Send + 'static) -> String {
    let Err(failure) = tokio::spawn(test).await else { panic!("the test passed; it should have failed") };
    let payload = failure.try_into_panic().expect("the test panicked rather than being cancelled");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload.downcast::<&str>().map(|m| (*m).to_owned()).expect("a panic with a message"),
    }
}

/// A client of `server` as a test might configure it by hand: the mock's token, no retries.
fn client_without_retries(server: &MockServer) -> Client {
    Client::builder()
        .access_token(MOCK_TOKEN)
        .base_url(server.uri())
        .retry(RetryPolicy::never())
        .build()
        .expect("client")
}

/// A bare HTTP client, to send requests no typed client would.
fn http() -> reqwest::Client {
    openapi_client_runtime::http_client_builder().build().expect("an HTTP client")
}

#[tokio::test]
async fn an_expectation_matches_on_the_typed_request_and_answers_a_typed_value() {
    let server = MockServer::start().await;
    let renamed = widget("w/1", "new");
    server
        .update_widget()
        .when(|call| call.widget_id == "w/1" && call.body.name.as_deref() == Some("new"))
        .respond(renamed.clone())
        .times(1)
        .mount()
        .await;
    let key = types::WidgetKey { widget_id: "w/1".to_owned(), secret: "s3cret".into() };
    server.rotate_widget_key().when(|call| call.widget_id == "w/1").respond(key.clone()).times(1).mount().await;
    let client = server.client();
    let body = types::UpdateWidgetRequest { name: Some("new".to_owned()) };
    assert_eq!(client.update_widget("w/1", &body).await.expect("updated"), renamed);
    let got = client.rotate_widget_key("w/1").await.expect("rotated");
    assert_eq!(got.secret.expose_secret(), "s3cret");
    assert_eq!(got, key);
}

#[tokio::test]
async fn expectations_are_tried_in_order_and_take_their_count() {
    let server = MockServer::start().await;
    server
        .list_widgets()
        .when(|call| call.params.limit == Some(1))
        .respond(types::WidgetList { data: vec![] })
        .times(1)
        .mount()
        .await;
    let all = vec![widget("w-1", "a")];
    server.list_widgets().respond(types::WidgetList { data: all.clone() }).times(2).mount().await;
    let client = server.client();
    let limited = types::ListWidgetsParams { limit: Some(1) };
    assert!(client.list_widgets(&limited).await.expect("first").data.is_empty());
    assert_eq!(client.list_widgets(&limited).await.expect("second").data, all, "the first one is used up");
    assert_eq!(client.list_widgets(&types::ListWidgetsParams::default()).await.expect("third").data, all);
    assert_eq!(server.received_requests().await.len(), 3);
}

#[tokio::test]
async fn a_typed_error_reaches_the_client_as_an_api_error() {
    let server = MockServer::start().await;
    let body = types::ErrorResponse::new("NOT_FOUND", "no widget w-9");
    server.fetch_widget().respond_error(404, body.clone()).times(1).mount().await;
    let err = server.client().fetch_widget("w-9").await.expect_err("404");
    assert!(err.is_not_found());
    assert_eq!(err.code().map(String::as_str), Some("NOT_FOUND"));
    assert_eq!(err.api_error().and_then(|e| e.body.as_ref()), Some(&body));
}

#[tokio::test]
async fn faults_503_429_a_malformed_body_and_a_dropped_connection() {
    let server = MockServer::start().await;
    server.fetch_widget().fault(Fault::ServiceUnavailable).times(1).mount().await;
    server.fetch_widget().fault(Fault::RateLimited { retry_after: 0 }).times(1).mount().await;
    server.fetch_widget().respond(widget("w-1", "a")).times(1).mount().await;
    let got = server.client().fetch_widget("w-1").await.expect("the third attempt succeeds");
    assert_eq!(got, widget("w-1", "a"));

    server.delete_widget().fault(Fault::RateLimited { retry_after: 7 }).times(1).mount().await;
    let err = client_without_retries(&server).delete_widget("w-1").await.expect_err("429");
    assert!(err.is_rate_limited(), "{err:?}");
    let retry_after = err.api_error().and_then(|e| e.headers.get("retry-after")).and_then(|v| v.to_str().ok());
    assert_eq!(retry_after, Some("7"));

    server.list_widgets().fault(Fault::MalformedBody).times(1).mount().await;
    let err = server.client().list_widgets(&types::ListWidgetsParams::default()).await.expect_err("not JSON");
    assert!(matches!(&err, Error::Decode(e) if e.is_not_json() && e.status.as_u16() == 200), "{err:?}");

    server.create_widget().fault(Fault::Disconnect).times(1).mount().await;
    let err = server.client().create_widget(&types::CreateWidgetRequest::new("x")).await.expect_err("reset");
    assert!(matches!(&err, Error::Transport(e) if e.attempts == 1), "a POST is not sent twice: {err:?}");

    server.update_widget().fault(Fault::Disconnect).times(1).mount().await;
    let err = server.client().update_widget("w-1", &Default::default()).await.expect_err("reset");
    assert!(matches!(&err, Error::Transport(e) if e.attempts == 1), "nor is a PATCH: {err:?}");
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_a_get() {
    let server = MockServer::start().await;
    server.fetch_widget().fault(Fault::Disconnect).times(1).mount().await;
    server.fetch_widget().respond(widget("w-1", "a")).times(1).mount().await;
    let got = server.client().fetch_widget("w-1").await.expect("the second attempt succeeds");
    assert_eq!(got, widget("w-1", "a"));
}

#[tokio::test]
async fn a_delay_longer_than_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    server.list_widgets().delay(Duration::from_secs(5)).mount().await;
    let client = Client::builder()
        .access_token(MOCK_TOKEN)
        .base_url(server.uri())
        .timeout(Some(Duration::from_millis(100)))
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let err = client.list_widgets(&types::ListWidgetsParams::default()).await.expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn a_request_no_expectation_takes_fails_the_test_naming_its_operation() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        server.create_widget().when(|call| call.body.name == "other").respond(widget("w-1", "a")).mount().await;
        let err = server.client().create_widget(&types::CreateWidgetRequest::new("ci")).await.expect_err("taken");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
        assert_eq!(err.code().map(String::as_str), Some("MOCK"), "the client sees why: {err}");
        assert_eq!(err.message(), Some("`create_widget` (`POST /v1/widgets`) matched no expectation"));

        let limited = types::ListWidgetsParams { limit: Some(5) };
        client_without_retries(&server).list_widgets(&limited).await.expect_err("no expectation");
    })
    .await;
    assert_eq!(
        message,
        "the mock Widget Store API `2030-01` received 2 unexpected request(s):\n\
         - `create_widget` (`POST /v1/widgets`) matched no expectation\n\
         - `list_widgets` (`GET /v1/widgets?limit=5`) matched no expectation\n"
    );
}

#[tokio::test]
async fn an_unmet_expectation_fails_the_test_naming_its_operation() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        server.create_widget().respond(widget("w-1", "a")).times(1).mount().await;
        server.fetch_widget().respond(widget("w-1", "a")).times(2).mount().await;
        server.client().fetch_widget("w-1").await.expect("once of twice");
    })
    .await;
    assert!(message.starts_with("Verifications failed:\n"), "{message}");
    assert!(
        message.contains("- create_widget.\n\tExpected range of matching incoming requests: == 1\n\tNumber of matched incoming requests: 0\n"),
        "{message}"
    );
    assert!(
        message.contains("- fetch_widget.\n\tExpected range of matching incoming requests: == 2\n\tNumber of matched incoming requests: 1\n"),
        "{message}"
    );
}

#[tokio::test]
async fn a_request_without_the_version_header_fails_the_test() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        server.list_widgets().respond(types::WidgetList { data: vec![] }).mount().await;
        let url = format!("{}/v1/widgets", server.uri());
        let missing = http().get(&url).bearer_auth(MOCK_TOKEN).send().await.expect("sent");
        assert_eq!(missing.status().as_u16(), 500);
        let other = http().get(&url).bearer_auth(MOCK_TOKEN).header("x-widgets-version", "2029-12");
        assert_eq!(other.send().await.expect("sent").status().as_u16(), 500);
    })
    .await;
    assert_eq!(
        message,
        "the mock Widget Store API `2030-01` received 2 unexpected request(s):\n\
         - `list_widgets` (`GET /v1/widgets`) is not a valid request: the `X-Widgets-Version` header is missing\n\
         - `list_widgets` (`GET /v1/widgets`) is not a valid request: the `X-Widgets-Version` header is not `2030-01`\n"
    );
}

#[tokio::test]
async fn a_request_that_does_not_decode_into_the_call_fails_the_test() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        server.create_widget().respond(widget("w-1", "a")).mount().await;
        server.list_widgets().respond(types::WidgetList { data: vec![] }).mount().await;
        let base = server.uri();
        let post = http()
            .post(format!("{base}/v1/widgets"))
            .bearer_auth(MOCK_TOKEN)
            .header("X-Widgets-Version", "2030-01")
            .header("content-type", "application/json")
            .body(r#"{"nom": "x"}"#);
        assert_eq!(post.send().await.expect("sent").status().as_u16(), 500);
        let get = http()
            .get(format!("{base}/v1/widgets?limit=many"))
            .bearer_auth(MOCK_TOKEN)
            .header("X-Widgets-Version", "2030-01");
        assert_eq!(get.send().await.expect("sent").status().as_u16(), 500);
    })
    .await;
    assert_eq!(
        message,
        "the mock Widget Store API `2030-01` received 2 unexpected request(s):\n\
         - `create_widget` (`POST /v1/widgets`) is not a valid request: the body does not decode at `.`: missing field `name` at line 1 column 12\n\
         - `list_widgets` (`GET /v1/widgets?limit=many`) is not a valid request: query parameter `limit` = `many` is not of its type\n"
    );
}

#[tokio::test]
async fn a_request_for_no_operation_fails_the_test() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        let base = server.uri();
        http().get(format!("{base}/nowhere")).send().await.expect("sent");
        http().put(format!("{base}/v1/widgets/w-1")).send().await.expect("sent");
    })
    .await;
    assert_eq!(
        message,
        "the mock Widget Store API `2030-01` received 2 unexpected request(s):\n\
         - `GET /nowhere` is no operation of Widget Store API `2030-01`\n\
         - `PUT /v1/widgets/w-1` is no operation of Widget Store API `2030-01`\n"
    );
}

#[tokio::test]
async fn credentials_other_than_the_mocks_fail_the_test() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        server.create_widget().respond(widget("w-1", "a")).mount().await;
        let client = Client::builder().access_token("someone-elses").base_url(server.uri()).build().expect("client");
        let err = client.create_widget(&types::CreateWidgetRequest::new("x")).await.expect_err("refused");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
        let bare = http()
            .post(format!("{}/v1/widgets", server.uri()))
            .header("X-Widgets-Version", "2030-01")
            .header("content-type", "application/json")
            .body(r#"{"name": "x"}"#);
        assert_eq!(bare.send().await.expect("sent").status().as_u16(), 500);
    })
    .await;
    assert_eq!(
        message,
        "the mock Widget Store API `2030-01` received 2 unexpected request(s):\n\
         - `create_widget` (`POST /v1/widgets`) is not a valid request: the `authorization` header does not carry the credentials the mock handed out (`Bearer mock-token`, see `MOCK_TOKEN`)\n\
         - `create_widget` (`POST /v1/widgets`) is not a valid request: the `authorization` header with credentials is missing\n"
    );
}

#[tokio::test]
async fn a_request_other_than_the_literal_one_fails_naming_what_differs() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        let wire = Wire {
            method: "GET",
            path: "/v1/widgets",
            query: &[("limit", "10")],
            headers: &[("X-Widgets-Version", "2030-02")],
            body: WireBody::None,
        };
        server
            .list_widgets()
            .expect_wire("`list_widgets`, by hand", wire)
            .respond_raw(200, r#"{"data": []}"#)
            .mount()
            .await;
        let limited = types::ListWidgetsParams { limit: Some(5) };
        let err = server.client().list_widgets(&limited).await.expect_err("refused");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "a status no client retries");
        assert!(err.to_string().contains("the spec says `2030-02`"), "the client sees why: {err}");
        assert_eq!(server.received_requests().await.len(), 1);
    })
    .await;
    assert_eq!(
        message,
        "the mock Widget Store API `2030-01` received 1 unexpected request(s):\n\
         - `list_widgets`, by hand: the request is not what the spec says: \
         the query pairs are [(\"limit\", \"5\")], the spec says [(\"limit\", \"10\")]; \
         the header `X-Widgets-Version` is `2030-01`, the spec says `2030-02`\n"
    );
}

/// A test that fails for its own reason keeps its own message: the mock does not panic again
/// while the test unwinds (which would abort the test binary).
#[tokio::test]
async fn a_failing_test_keeps_its_own_message() {
    let message = failure_of(async {
        let server = MockServer::start().await;
        server.fetch_widget().respond(widget("w-1", "a")).times(5).mount().await;
        let err = client_without_retries(&server).delete_widget("w-1").await.expect_err("unexpected");
        panic!("the test's own assertion: {}", err.status().map_or(0, |s| s.as_u16()));
    })
    .await;
    assert_eq!(message, "the test's own assertion: 500");
}
