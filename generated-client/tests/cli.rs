//! The `admin` example as a black box: run it against a local server and read its exit code,
//! stdout and stderr.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::*;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The example's binary, which `cargo test` (without a target filter such as `--test cli`)
/// builds next to the test binaries.
fn example() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target dir");
    let binary = dir.join("examples").join(format!("admin{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "{} is not built: run `cargo test --workspace --all-features`", binary.display());
    binary
}

async fn run(server: &MockServer, args: &[&str]) -> Output {
    let (binary, uri) = (example(), server.uri());
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(&binary)
            .args(&args)
            .env("PINECONE_ACCESS_TOKEN", TOKEN)
            .env("PINECONE_ADMIN_API_URL", uri)
            .env_remove("PINECONE_CLIENT_ID")
            .env_remove("PINECONE_CLIENT_SECRET")
            .env_remove("RUST_LOG")
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()))
    })
    .await
    .expect("joined")
}

fn stdout_json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {output:?}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn lists_projects_as_json() {
    let server = MockServer::start().await;
    let body = json!({"data": [project()]});
    expect_call(&server, "GET", "/admin/projects", "2026-04", None, 200, Some(&body)).await;
    let output = run(&server, &["projects", "list"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output), body);
}

#[tokio::test]
async fn creates_a_key_with_roles_in_an_older_version() {
    let server = MockServer::start().await;
    let route = format!("/admin/projects/{PROJECT_ID}/api-keys");
    let request = json!({"name": "ci", "roles": ["ProjectViewer", "DataPlaneViewer"]});
    expect_call(&server, "POST", &route, "2025-04", Some(request), 200, Some(&api_key_with_secret())).await;
    let args = [
        "--api-version",
        "2025-04",
        "api-keys",
        "create",
        PROJECT_ID,
        "ci",
        "--role",
        "ProjectViewer",
        "--role",
        "DataPlaneViewer",
    ];
    let output = run(&server, &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output), api_key_with_secret());
}

#[tokio::test]
async fn updates_and_deletes() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/admin/organizations/org-1"))
        .and(header("x-pinecone-api-version", "2025-10"))
        .and(body_json(json!({"name": "Acme 2"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(organization()))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, &["--api-version", "2025-10", "organizations", "update", "org-1", "--name", "Acme 2"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output), organization());

    expect_call(&server, "DELETE", &format!("/admin/api-keys/{KEY_ID}"), "2026-04", None, 202, None).await;
    let output = run(&server, &["api-keys", "delete", KEY_ID]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output), json!({}));
}

#[tokio::test]
async fn an_api_error_is_one_line_with_status_code_and_message() {
    let server = MockServer::start().await;
    let route = format!("/admin/projects/{PROJECT_ID}");
    expect_call(&server, "GET", &route, "2026-04", None, 404, Some(&error_body(404, "NOT_FOUND", "Project not found")))
        .await;
    let output = run(&server, &["projects", "get", PROJECT_ID]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(stderr(&output), "error: fetch_project failed with HTTP 404 Not Found: NOT_FOUND: Project not found\n");
}

#[tokio::test]
async fn local_mistakes_fail_without_a_request() {
    let server = MockServer::start().await;
    let long = "x".repeat(81);
    let cases: [(&[&str], &str); 4] = [
        (
            &["api-keys", "create", PROJECT_ID, &long],
            "error: invalid request, not sent: `name` must be at most 80 characters long, got 81\n",
        ),
        (&["projects", "get", "not-a-uuid"], "error: project ID `not-a-uuid` is not a UUID\n"),
        (
            &["--api-version", "2024-01", "projects", "list"],
            "error: unknown API version `2024-01`; use 2025-04, 2025-10 or 2026-04\n",
        ),
        (&["projects", "update", PROJECT_ID], "error: projects update needs --name\n"),
    ];
    for (args, want) in cases {
        let output = run(&server, args).await;
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&output), want, "{args:?}");
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}
