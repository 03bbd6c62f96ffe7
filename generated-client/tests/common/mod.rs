//! A real HTTP server on loopback (wiremock) and clients pointed at it.
#![allow(dead_code)]

use std::time::Duration;

use pinecone_admin::runtime::ApiClient;
use pinecone_admin::{ClientBuilder, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const TOKEN: &str = "test-token";
pub const PROJECT_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
pub const KEY_ID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

/// Retries that do not slow the tests down.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        total_deadline: Some(Duration::from_secs(20)),
    }
}

/// A client of type `C` with a fixed access token, sending to `server`.
pub fn client<C: ApiClient>(server: &MockServer) -> C {
    ClientBuilder::<C>::new()
        .access_token(TOKEN)
        .base_url(server.uri())
        .retry(fast_retries())
        .build()
        .expect("client builds")
}

/// Expects exactly one `verb path` request carrying the version and auth headers (and
/// `request` as its JSON body), and answers `status` with `response`.
pub async fn expect_call(
    server: &MockServer,
    verb: &str,
    route: &str,
    version: &str,
    request: Option<Value>,
    status: u16,
    response: Option<&Value>,
) {
    let mut mock = Mock::given(method(verb))
        .and(path(route))
        .and(header("x-pinecone-api-version", version))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
    if let Some(body) = request {
        mock = mock.and(header("content-type", "application/json")).and(body_json(body));
    }
    let mut answer = ResponseTemplate::new(status);
    if let Some(response) = response {
        answer = answer.set_body_json(response);
    }
    mock.respond_with(answer).expect(1).mount(server).await;
}

/// The body of a Pinecone Admin API error.
pub fn error_body(status: u16, code: &str, message: &str) -> Value {
    json!({"status": status, "error": {"code": code, "message": message}})
}

pub fn project() -> Value {
    json!({
        "id": PROJECT_ID,
        "name": "demo",
        "max_pods": 0,
        "force_encryption_with_cmek": false,
        "organization_id": "org-1",
        "created_at": "2025-04-01T10:00:00Z"
    })
}

pub fn organization() -> Value {
    json!({
        "id": "org-1",
        "name": "Acme",
        "plan": "Standard",
        "payment_status": "Active",
        "created_at": "2024-01-02T03:04:05Z",
        "support_tier": "Free"
    })
}

/// An API key with a role this client does not know, which must survive the round trip.
pub fn api_key() -> Value {
    json!({"id": KEY_ID, "name": "ci", "project_id": PROJECT_ID, "roles": ["ProjectEditor", "FutureRole"]})
}

pub fn api_key_with_secret() -> Value {
    json!({"key": api_key(), "value": "pckey_abc_secret"})
}

/// `value` decoded as it was re-encoded: equal to what the server sent when decoding kept
/// every field.
pub fn reencoded<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}
