//! What the generated Pinecone client adds to the runtime, against a real HTTP server
//! (wiremock on loopback): service-account credentials exchanged through the generated
//! `oauth` module (Pinecone's version header, fixed grant type and audience), Pinecone's OAuth
//! error fields reaching the auth error, and configuration read from the `PINECONE_*`
//! variables that `Client::from_env` reads.
//!
//! The runtime's own behaviour (retries, `Retry-After`, timeouts, token sharing and refresh,
//! decoding, error bodies, path parameters, validation, secrets in errors) is tested with the
//! runtime, in `generator/runtime/tests/behaviour.rs`, on a hand-written client of the shape
//! generated clients have.

use pinecone_admin::runtime::Error;
use pinecone_admin::v2026_07::Client;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A stand-in for the environment holding `pairs`.
fn lookup(pairs: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
    move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
}

/// Expects one token request for `id-1` and `secret-1` as Pinecone's OAuth API takes it, and
/// answers with the token `tok-1`.
async fn pinecone_token_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("x-pinecone-api-version", "2026-07"))
        .and(body_json(json!({
            "client_id": "id-1",
            "client_secret": "secret-1",
            "grant_type": "client_credentials",
            "audience": "https://api.pinecone.io/"
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600})),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn credentials_are_exchanged_through_the_generated_oauth_client() {
    let (admin, oauth) = (MockServer::start().await, pinecone_token_server().await);
    Mock::given(method("GET"))
        .and(path("/admin/projects"))
        .and(header("authorization", "Bearer tok-1"))
        .and(header("x-pinecone-api-version", "2026-07"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&admin)
        .await;
    let client = Client::builder()
        .credentials("id-1", "secret-1")
        .base_url(admin.uri())
        .oauth_url(oauth.uri())
        .build()
        .expect("client");
    let projects = client.list_projects().await.expect("authorized with the token");
    assert!(projects.data.is_empty());
}

#[tokio::test]
async fn pinecones_oauth_error_fields_reach_the_auth_error() {
    let (admin, oauth) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "access_denied", "error_description": "Unauthorized"})),
        )
        .mount(&oauth)
        .await;
    let client = Client::builder()
        .credentials("id-1", "secret-1")
        .base_url(admin.uri())
        .oauth_url(oauth.uri())
        .build()
        .expect("client");
    let err = client.list_projects().await.expect_err("no token");
    let Error::Auth(auth) = &err else { panic!("expected an auth error, got {err:?}") };
    assert_eq!(auth.error.as_deref(), Some("access_denied"), "`error` is the code");
    assert_eq!(auth.description.as_deref(), Some("Unauthorized"), "`error_description` is the message");
}

#[tokio::test]
async fn configuration_comes_from_the_pinecone_variables() {
    let err =
        Client::builder().from_lookup(lookup(vec![("PINECONE_CLIENT_ID", "id".to_owned())])).expect_err("half set");
    assert_eq!(
        err.to_string(),
        "PINECONE_CLIENT_ID is set but PINECONE_CLIENT_SECRET is not; set both, or PINECONE_ACCESS_TOKEN"
    );
    let err = Client::builder().from_lookup(lookup(vec![])).expect_err("nothing set");
    assert!(err.to_string().contains("PINECONE_ACCESS_TOKEN, or PINECONE_CLIENT_ID and PINECONE_CLIENT_SECRET"));

    let (admin, oauth) = (MockServer::start().await, pinecone_token_server().await);
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer env-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&admin)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&admin)
        .await;
    let token = vec![("PINECONE_ACCESS_TOKEN", "env-token".to_owned()), ("PINECONE_ADMIN_API_URL", admin.uri())];
    let client = Client::builder().from_lookup(lookup(token)).expect("read").build().expect("builds");
    client.list_projects().await.expect("sent to PINECONE_ADMIN_API_URL with PINECONE_ACCESS_TOKEN");
    let credentials = vec![
        ("PINECONE_CLIENT_ID", "id-1".to_owned()),
        ("PINECONE_CLIENT_SECRET", "secret-1".to_owned()),
        ("PINECONE_ADMIN_API_URL", admin.uri()),
        ("PINECONE_OAUTH_URL", oauth.uri()),
    ];
    let client = Client::builder().from_lookup(lookup(credentials)).expect("read").build().expect("builds");
    client.list_projects().await.expect("a token from PINECONE_OAUTH_URL");
}
