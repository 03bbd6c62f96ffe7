//! What tracing shows of a call, at TRACE level: the operation, and never a secret (the
//! client secret, the access token, the new key's value). Alone in its test binary: tracing
//! caches which callsites a subscriber wants, and a test running beside it without one would
//! race that cache.

use std::sync::{Arc, Mutex};

use pinecone_admin::runtime::mock::MOCK_TOKEN;
use pinecone_admin::v2026_07::mock::MockServer;
use pinecone_admin::v2026_07::{Client, oauth, types};

/// Collects what a tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn traces_name_the_call_and_never_a_secret() {
    let (admin, login) = (MockServer::start().await, oauth::mock::MockServer::start().await);
    // The access token the admin mock accepts, issued for the service account.
    let token = oauth::types::TokenResponse::new(MOCK_TOKEN, oauth::types::TokenType::Bearer, 3600);
    login
        .get_token()
        .when(|c| c.body.client_secret.expose_secret() == "secret-1")
        .respond(token)
        .times(1)
        .mount()
        .await;
    let project = uuid::Uuid::nil();
    let key = types::ApiKey::new(project, "ci", project, [types::ApiKeyRole::ProjectEditor]);
    admin.create_api_key().respond(types::ApiKeyWithSecret::new(key, "pckey_abc_secret")).times(1).mount().await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = Client::builder()
        .credentials("id-1", "secret-1")
        .base_url(admin.uri())
        .oauth_url(login.uri())
        .build()
        .expect("client");
    let created = client.create_api_key(project, &types::CreateApiKeyRequest::new("ci")).await.expect("created");
    tracing::info!(?created, "created");

    let log = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(log.contains("operation=\"create_api_key\""), "{log}");
    assert!(log.contains("path=\"/admin/projects/{project_id}/api-keys\""), "{log}");
    assert!(log.contains("status=201") && log.contains("attempts=1"), "{log}");
    assert!(log.contains("operation=\"get_token\""), "{log}");
    for secret in [MOCK_TOKEN, "secret-1", "pckey_abc_secret", "Bearer"] {
        assert!(!log.contains(secret), "`{secret}` leaked into the log:\n{log}");
    }
}
