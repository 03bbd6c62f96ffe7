//! Every operation of every API version against a real HTTP server: method, path, the version
//! header, the auth header, the JSON body, and the decoded response (re-encoded, it must equal
//! what the server sent, unknown enum values included). Error answers decode into the
//! version's error type with status, code and message.

mod common;

use common::*;
use serde_json::json;
use wiremock::MockServer;

macro_rules! admin_operations {
    ($v:ident, $version:literal, list_keys: $list_keys:ident, update_key: ($update_status:literal, $update_response:expr)) => {
        mod $v {
            use super::*;
            use pinecone_admin::$v::{Client, types};

            const VERSION: &str = $version;

            fn id(text: &str) -> uuid::Uuid {
                text.parse().expect("uuid")
            }

            #[tokio::test]
            async fn list_projects() {
                let server = MockServer::start().await;
                let body = json!({"data": [project()]});
                expect_call(&server, "GET", "/admin/projects", VERSION, None, 200, Some(&body)).await;
                let answer = client::<Client>(&server).list_projects().await.expect("ok");
                assert_eq!(reencoded(&answer), body);
            }

            #[tokio::test]
            async fn create_project() {
                let server = MockServer::start().await;
                let request = json!({"name": "demo", "max_pods": 2});
                expect_call(&server, "POST", "/admin/projects", VERSION, Some(request), 200, Some(&project())).await;
                let body = types::CreateProjectRequest::new("demo").max_pods(2);
                let answer = client::<Client>(&server).create_project(&body).await.expect("ok");
                assert_eq!(reencoded(&answer), project());
            }

            #[tokio::test]
            async fn fetch_project() {
                let server = MockServer::start().await;
                let route = format!("/admin/projects/{PROJECT_ID}");
                expect_call(&server, "GET", &route, VERSION, None, 200, Some(&project())).await;
                let answer = client::<Client>(&server).fetch_project(id(PROJECT_ID)).await.expect("ok");
                assert_eq!(answer.id, id(PROJECT_ID));
                assert_eq!(reencoded(&answer), project());
            }

            #[tokio::test]
            async fn update_project() {
                let server = MockServer::start().await;
                let route = format!("/admin/projects/{PROJECT_ID}");
                let request = json!({"name": "renamed", "force_encryption_with_cmek": true});
                expect_call(&server, "PATCH", &route, VERSION, Some(request), 200, Some(&project())).await;
                let body = types::UpdateProjectRequest::new().name("renamed").force_encryption_with_cmek(true);
                let answer = client::<Client>(&server).update_project(id(PROJECT_ID), &body).await.expect("ok");
                assert_eq!(reencoded(&answer), project());
            }

            #[tokio::test]
            async fn delete_project() {
                let server = MockServer::start().await;
                let route = format!("/admin/projects/{PROJECT_ID}");
                expect_call(&server, "DELETE", &route, VERSION, None, 202, None).await;
                client::<Client>(&server).delete_project(id(PROJECT_ID)).await.expect("ok");
            }

            #[tokio::test]
            async fn list_organizations() {
                let server = MockServer::start().await;
                let body = json!({"data": [organization()]});
                expect_call(&server, "GET", "/admin/organizations", VERSION, None, 200, Some(&body)).await;
                let answer = client::<Client>(&server).list_organizations().await.expect("ok");
                assert_eq!(reencoded(&answer), body);
            }

            #[tokio::test]
            async fn fetch_organization() {
                let server = MockServer::start().await;
                expect_call(&server, "GET", "/admin/organizations/org-1", VERSION, None, 200, Some(&organization())).await;
                let answer = client::<Client>(&server).fetch_organization("org-1").await.expect("ok");
                assert_eq!(answer.plan, types::OrganizationPlan::Standard);
                assert_eq!(reencoded(&answer), organization());
            }

            #[tokio::test]
            async fn update_organization() {
                let server = MockServer::start().await;
                let request = json!({"name": "Acme 2"});
                expect_call(&server, "PATCH", "/admin/organizations/org-1", VERSION, Some(request), 200, Some(&organization())).await;
                let body = types::UpdateOrganizationRequest::new().name("Acme 2");
                let answer = client::<Client>(&server).update_organization("org-1", &body).await.expect("ok");
                assert_eq!(reencoded(&answer), organization());
            }

            #[tokio::test]
            async fn delete_organization() {
                let server = MockServer::start().await;
                expect_call(&server, "DELETE", "/admin/organizations/org-1", VERSION, None, 202, None).await;
                client::<Client>(&server).delete_organization("org-1").await.expect("ok");
            }

            #[tokio::test]
            async fn list_api_keys() {
                let server = MockServer::start().await;
                let route = format!("/admin/projects/{PROJECT_ID}/api-keys");
                let body = json!({"data": [api_key()]});
                expect_call(&server, "GET", &route, VERSION, None, 200, Some(&body)).await;
                let answer = client::<Client>(&server).$list_keys(id(PROJECT_ID)).await.expect("ok");
                assert_eq!(reencoded(&answer), body);
            }

            #[tokio::test]
            async fn create_api_key() {
                let server = MockServer::start().await;
                let route = format!("/admin/projects/{PROJECT_ID}/api-keys");
                let request = json!({"name": "ci", "roles": ["ProjectViewer", "FutureRole"]});
                expect_call(&server, "POST", &route, VERSION, Some(request), 200, Some(&api_key_with_secret())).await;
                let body = types::CreateApiKeyRequest::new("ci").roles([types::ApiKeyRole::ProjectViewer, "FutureRole".into()]);
                let answer = client::<Client>(&server).create_api_key(id(PROJECT_ID), &body).await.expect("ok");
                assert_eq!(answer.value.expose_secret(), "pckey_abc_secret");
                assert!(!format!("{answer:?}").contains("pckey_abc_secret"), "Debug must not show the secret");
                assert_eq!(answer.key.roles[1], types::ApiKeyRole::Other("FutureRole".into()));
                assert_eq!(reencoded(&answer), api_key_with_secret());
            }

            #[tokio::test]
            async fn fetch_api_key() {
                let server = MockServer::start().await;
                let route = format!("/admin/api-keys/{KEY_ID}");
                expect_call(&server, "GET", &route, VERSION, None, 200, Some(&api_key())).await;
                let answer = client::<Client>(&server).fetch_api_key(id(KEY_ID)).await.expect("ok");
                assert_eq!(reencoded(&answer), api_key());
            }

            #[tokio::test]
            async fn update_api_key() {
                let server = MockServer::start().await;
                let route = format!("/admin/api-keys/{KEY_ID}");
                let request = json!({"roles": ["DataPlaneViewer"]});
                let response = $update_response;
                expect_call(&server, "PATCH", &route, VERSION, Some(request), $update_status, Some(&response)).await;
                let body = types::UpdateApiKeyRequest::new().roles([types::ApiKeyRole::DataPlaneViewer]);
                let answer = client::<Client>(&server).update_api_key(id(KEY_ID), &body).await.expect("ok");
                assert_eq!(reencoded(&answer), response);
            }

            #[tokio::test]
            async fn delete_api_key() {
                let server = MockServer::start().await;
                let route = format!("/admin/api-keys/{KEY_ID}");
                expect_call(&server, "DELETE", &route, VERSION, None, 202, None).await;
                client::<Client>(&server).delete_api_key(id(KEY_ID)).await.expect("ok");
            }

            #[tokio::test]
            async fn errors_decode_with_status_code_and_message() {
                let server = MockServer::start().await;
                let route = format!("/admin/projects/{PROJECT_ID}");
                let not_found = error_body(404, "NOT_FOUND", "Project not found");
                expect_call(&server, "GET", &route, VERSION, None, 404, Some(&not_found)).await;
                let err = client::<Client>(&server).fetch_project(id(PROJECT_ID)).await.expect_err("404");
                assert!(err.is_not_found());
                assert_eq!(err.code(), Some(&types::ErrorCode::NotFound));
                assert_eq!(err.message(), Some("Project not found"));
                let api = err.api_error().expect("api error");
                assert_eq!(serde_json::from_slice::<serde_json::Value>(&api.raw_body).expect("json"), not_found);
                assert_eq!(
                    err.to_string(),
                    "fetch_project failed with HTTP 404 Not Found: NOT_FOUND: Project not found"
                );
            }

            #[tokio::test]
            async fn unknown_error_codes_and_4xx_ranges_decode_too() {
                let server = MockServer::start().await;
                let conflict = error_body(409, "BRAND_NEW_CODE", "Something new");
                expect_call(&server, "POST", "/admin/projects", VERSION, Some(json!({"name": "x"})), 409, Some(&conflict)).await;
                let err = client::<Client>(&server)
                    .create_project(&types::CreateProjectRequest::new("x"))
                    .await
                    .expect_err("409");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
                assert_eq!(err.code(), Some(&types::ErrorCode::Other("BRAND_NEW_CODE".into())));
            }

            #[tokio::test]
            async fn server_errors_decode_after_the_retries() {
                let server = MockServer::start().await;
                let failure = error_body(500, "UNKNOWN", "Internal server error");
                wiremock::Mock::given(wiremock::matchers::method("GET"))
                    .respond_with(wiremock::ResponseTemplate::new(500).set_body_json(&failure))
                    .expect(3)
                    .mount(&server)
                    .await;
                let err = client::<Client>(&server).list_organizations().await.expect_err("500");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
                assert_eq!(err.code(), Some(&types::ErrorCode::Unknown));
            }

            #[tokio::test]
            async fn oauth_get_token() {
                let server = MockServer::start().await;
                let request = json!({
                    "client_id": "id-1",
                    "client_secret": "secret-1",
                    "grant_type": "client_credentials",
                    "audience": "https://api.pinecone.io/"
                });
                let response = json!({"access_token": "tok", "token_type": "Bearer", "expires_in": 1800});
                expect_call(&server, "POST", "/oauth/token", VERSION, Some(request), 200, Some(&response)).await;
                use pinecone_admin::$v::oauth;
                let body = oauth::types::TokenRequest::new(
                    "id-1",
                    "secret-1",
                    "client_credentials".parse().expect("known"),
                    "https://api.pinecone.io/".parse().expect("known"),
                );
                let answer = client::<oauth::Client>(&server).get_token(&body).await.expect("ok");
                assert_eq!(answer.access_token.expose_secret(), "tok");
                assert_eq!(reencoded(&answer), response);
            }
        }
    };
}

admin_operations!(v2025_04, "2025-04", list_keys: list_api_keys, update_key: (201, api_key_with_secret()));
admin_operations!(v2025_10, "2025-10", list_keys: list_project_api_keys, update_key: (200, api_key()));
admin_operations!(v2026_04, "2026-04", list_keys: list_project_api_keys, update_key: (200, api_key()));
