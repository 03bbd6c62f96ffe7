//! One end-to-end use of a generated typed mock, `pinecone_admin::v2026_07::mock`: its
//! expectations decode requests into the generated call structs, answer with the generated
//! success and error types, and the generated client's requests pass its checks (Pinecone's
//! version header, the mock's token).
//!
//! How typed mocks match, answer, fault and fail a test is runtime code, tested in
//! `generator/runtime/tests/mock.rs`; every operation of every version runs on its mock in the
//! generated `tests/operations`.

use pinecone_admin::v2026_07::mock::MockServer;
use pinecone_admin::v2026_07::types;

fn project_id() -> uuid::Uuid {
    "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().expect("a literal UUID")
}

#[tokio::test]
async fn the_generated_mock_takes_typed_requests_and_answers_typed_values_and_errors() {
    let server = MockServer::start().await;
    let key = types::ApiKey::new(project_id(), "ci", project_id(), [types::ApiKeyRole::ProjectViewer]);
    let created = types::ApiKeyWithSecret::new(key, "pckey_secret");
    server
        .create_api_key()
        .when(|call| call.project_id == project_id() && call.body.name == "ci")
        .respond(created.clone())
        .times(1)
        .mount()
        .await;
    let detail = types::ErrorDetail::new(types::ErrorCode::NotFound, "no such project");
    let missing = types::ErrorResponse::new(404, detail);
    server.fetch_project().respond_error(404, missing.clone()).times(1).mount().await;

    let client = server.client();
    let request = types::CreateApiKeyRequest::new("ci").roles([types::ApiKeyRole::ProjectViewer]);
    let got = client.create_api_key(project_id(), &request).await.expect("created");
    assert_eq!(got, created);
    assert_eq!(got.value.expose_secret(), "pckey_secret");

    let err = client.fetch_project(project_id()).await.expect_err("404");
    assert_eq!(err.code(), Some(&types::ErrorCode::NotFound));
    assert_eq!(err.api_error().and_then(|e| e.body.as_ref()), Some(&missing));

    let versions: Vec<_> = server
        .received_requests()
        .await
        .iter()
        .map(|r| r.headers.get("x-pinecone-api-version").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .collect();
    assert_eq!(versions, [Some("2026-07".to_owned()), Some("2026-07".to_owned())]);
}
