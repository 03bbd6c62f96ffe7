//! The typed mocks themselves: what they match, how they answer (values, errors, faults), and
//! how a test fails when a request is wrong, unexpected, or an expectation is not met.

use std::time::Duration;

use pinecone_admin::runtime::Error;
use pinecone_admin::runtime::mock::{Fault, MOCK_TOKEN};
use pinecone_admin::v2026_07::mock::MockServer;
use pinecone_admin::v2026_07::{Client, types};

fn project_id() -> uuid::Uuid {
    "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().expect("uuid")
}

fn project() -> types::Project {
    let created = "2026-01-02T03:04:05Z".parse().expect("date");
    types::Project::new(project_id(), "demo", 0, false, "org-1").created_at(created)
}

#[tokio::test]
async fn an_expectation_matches_on_the_typed_request_and_answers_a_typed_value() {
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
    let request = types::CreateApiKeyRequest::new("ci").roles([types::ApiKeyRole::ProjectViewer]);
    let got = server.client().create_api_key(project_id(), &request).await.expect("created");
    assert_eq!(got, created);
    assert_eq!(got.value.expose_secret(), "pckey_secret");
}

#[tokio::test]
async fn expectations_are_tried_in_order_and_take_their_count() {
    let server = MockServer::start().await;
    server
        .list_users()
        .when(|call| call.params.limit == Some(1))
        .respond(types::UserList::new([]))
        .times(1)
        .mount()
        .await;
    let user = types::User::new(project_id(), "a@example.com");
    server.list_users().respond(types::UserList::new([user.clone()])).times(2).mount().await;
    let client = server.client();
    let limited = types::ListUsersParams::new().limit(1);
    assert!(client.list_users(&limited).await.expect("first").data.is_empty());
    assert_eq!(
        client.list_users(&limited).await.expect("second").data,
        std::slice::from_ref(&user),
        "the first one is used up"
    );
    assert_eq!(client.list_users(&types::ListUsersParams::new()).await.expect("third").data, [user]);
}

#[tokio::test]
async fn a_typed_error_reaches_the_client_as_an_api_error() {
    let server = MockServer::start().await;
    let detail = types::ErrorDetail::new(types::ErrorCode::NotFound, "no such project");
    let body = types::ErrorResponse::new(404, detail);
    server.fetch_project().respond_error(404, body.clone()).times(1).mount().await;
    let err = server.client().fetch_project(project_id()).await.expect_err("404");
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some(&types::ErrorCode::NotFound));
    assert_eq!(err.api_error().and_then(|e| e.body.as_ref()), Some(&body));
}

#[tokio::test]
async fn faults_503_429_a_malformed_body_and_a_dropped_connection() {
    let server = MockServer::start().await;
    server.fetch_project().fault(Fault::ServiceUnavailable).times(1).mount().await;
    server.fetch_project().fault(Fault::RateLimited { retry_after: 0 }).times(1).mount().await;
    server.fetch_project().respond(project()).times(1).mount().await;
    let got = server.client().fetch_project(project_id()).await.expect("the third attempt succeeds");
    assert_eq!(got, project());

    server.list_projects().fault(Fault::MalformedBody).times(1).mount().await;
    let err = server.client().list_projects().await.expect_err("not JSON");
    assert!(matches!(&err, Error::Decode(e) if e.is_not_json()), "{err:?}");

    server.create_project().fault(Fault::Disconnect).times(1).mount().await;
    let err = server.client().create_project(&types::CreateProjectRequest::new("x")).await.expect_err("reset");
    assert!(matches!(err, Error::Transport(_)), "a POST is not sent twice: {err:?}");
}

#[tokio::test]
async fn a_delay_longer_than_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    server.list_organizations().delay(Duration::from_secs(5)).mount().await;
    let client = Client::builder()
        .access_token(MOCK_TOKEN)
        .base_url(server.uri())
        .timeout(Some(Duration::from_millis(100)))
        .retry(pinecone_admin::RetryPolicy::never())
        .build()
        .expect("client");
    let err = client.list_organizations().await.expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
#[should_panic(
    expected = "`fetch_project` (`GET /admin/projects/3fa85f64-5717-4562-b3fc-2c963f66afa6`) matched no expectation"
)]
async fn a_request_no_expectation_takes_fails_the_test_naming_its_operation() {
    let server = MockServer::start().await;
    server.fetch_project().when(|call| call.project_id.is_nil()).respond(project()).mount().await;
    let err = server.client().fetch_project(project_id()).await.expect_err("unexpected");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
#[should_panic(expected = "create_api_key")]
async fn an_unmet_expectation_fails_the_test_naming_its_operation() {
    let server = MockServer::start().await;
    server.create_api_key().times(1).mount().await;
}

#[tokio::test]
#[should_panic(
    expected = "`list_projects` (`GET /admin/projects`) is not a valid request: the `X-Pinecone-Api-Version` header is missing"
)]
async fn a_request_without_the_version_header_fails_the_test() {
    let server = MockServer::start().await;
    server.list_projects().respond(types::ProjectList::new([])).mount().await;
    let response = pinecone_admin::runtime::http_client_builder()
        .build()
        .expect("client")
        .get(format!("{}/admin/projects", server.uri()))
        .bearer_auth(MOCK_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 500);
}

#[tokio::test]
#[should_panic(expected = "`create_project` (`POST /admin/projects`) is not a valid request: the body does not decode")]
async fn a_body_that_is_not_the_request_type_fails_the_test() {
    let server = MockServer::start().await;
    server.create_project().respond(project()).mount().await;
    let response = pinecone_admin::runtime::http_client_builder()
        .build()
        .expect("client")
        .post(format!("{}/admin/projects", server.uri()))
        .bearer_auth(MOCK_TOKEN)
        .header("X-Pinecone-Api-Version", "2026-07")
        .header("content-type", "application/json")
        .body(r#"{"nom": "x"}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 500);
}

#[tokio::test]
#[should_panic(expected = "`GET /nowhere` is no operation of Pinecone Admin API `2026-07`")]
async fn a_request_for_no_operation_fails_the_test() {
    let server = MockServer::start().await;
    pinecone_admin::runtime::http_client_builder()
        .build()
        .expect("client")
        .get(format!("{}/nowhere", server.uri()))
        .send()
        .await
        .expect("sent");
}

#[tokio::test]
#[should_panic(
    expected = "`list_projects` (`GET /admin/projects`) is not a valid request: the `authorization` header does not carry the credentials the mock handed out"
)]
async fn credentials_other_than_the_mocks_fail_the_test() {
    let server = MockServer::start().await;
    server.list_projects().respond(types::ProjectList::new([])).mount().await;
    let client = Client::builder().access_token("someone-elses").base_url(server.uri()).build().expect("client");
    let _ = client.list_projects().await;
}

#[tokio::test]
#[should_panic(
    expected = "`list_projects`, by hand: the request is not what the spec says: the header `X-Pinecone-Api-Version` is `2026-07`, the spec says `2026-08`"
)]
async fn a_request_other_than_the_literal_one_fails_naming_what_differs() {
    use pinecone_admin::runtime::mock::{Wire, WireBody};
    let server = MockServer::start().await;
    let wire = Wire {
        method: "GET",
        path: "/admin/projects",
        query: &[],
        headers: &[("X-Pinecone-Api-Version", "2026-08")],
        body: WireBody::None,
    };
    server
        .list_projects()
        .expect_wire("`list_projects`, by hand", wire)
        .respond_raw(200, r#"{"data": []}"#)
        .mount()
        .await;
    let err = server.client().list_projects().await.expect_err("refused");
    assert!(err.to_string().contains("the spec says `2026-08`"), "{err}");
}
