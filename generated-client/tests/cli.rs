//! The `pinecone-admin` binary as a black box, against the typed mock of the API: every
//! resource and kind of action, `--all`, usage errors, API errors, and secrets.
//!
//! The tests speak API version [`VERSION`], whose mock they mount: the binary's default, the
//! newest version, moves with every spec bump, and these tests must not.

use std::process::{Command, Output};

use pinecone_admin::runtime::mock::MOCK_TOKEN;
use pinecone_admin::v2026_07::mock::MockServer;
use pinecone_admin::v2026_07::{oauth, types};

/// The API version these tests speak, unless one names another.
const VERSION: &str = "2026-07";
const PROJECT: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const ID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

fn uuid(text: &str) -> uuid::Uuid {
    text.parse().expect("uuid")
}

/// Runs the binary with the mock's access token and URL.
async fn run(server: &MockServer, args: &[&str]) -> Output {
    run_with(args, &[("PINECONE_ACCESS_TOKEN", MOCK_TOKEN), ("PINECONE_ADMIN_API_URL", &server.uri())]).await
}

/// Runs the binary with `args` and `env`, speaking [`VERSION`] unless `args` name a version.
async fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let pinned = (!args.iter().any(|a| a.starts_with("--api-version"))).then_some(["--api-version", VERSION]);
    let args: Vec<String> = pinned.into_iter().flatten().chain(args.iter().copied()).map(str::to_owned).collect();
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pinecone-admin"));
        for name in [
            "PINECONE_ACCESS_TOKEN",
            "PINECONE_CLIENT_ID",
            "PINECONE_CLIENT_SECRET",
            "PINECONE_ADMIN_API_URL",
            "PINECONE_OAUTH_URL",
            "RUST_LOG",
        ] {
            command.env_remove(name);
        }
        command.args(&args).envs(env).output().expect("the binary runs")
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

fn project() -> types::Project {
    types::Project::new(uuid(PROJECT), "demo", 0, false, "org-1")
}

fn api_key() -> types::ApiKey {
    types::ApiKey::new(uuid(ID), "ci", uuid(PROJECT), [types::ApiKeyRole::ProjectViewer])
}

#[tokio::test]
async fn list_get_update_and_delete_projects() {
    let server = MockServer::start().await;
    server.list_projects().respond(types::ProjectList::new([project()])).times(1).mount().await;
    server.fetch_project().when(|c| c.project_id == uuid(PROJECT)).respond(project()).times(1).mount().await;
    server
        .update_project()
        .when(|c| c.body.name.as_deref() == Some("renamed") && c.body.max_pods == Some(3))
        .respond(project())
        .times(1)
        .mount()
        .await;
    server.delete_project().when(|c| c.project_id == uuid(PROJECT)).times(1).mount().await;

    let output = run(&server, &["projects", "list"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["data"][0]["name"], "demo");
    let output = run(&server, &["projects", "get", PROJECT]).await;
    assert_eq!(stdout_json(&output)["id"], PROJECT);
    let output = run(&server, &["projects", "update", PROJECT, "--name", "renamed", "--max-pods", "3"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run(&server, &["projects", "delete", PROJECT]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "an empty body prints nothing");
}

#[tokio::test]
async fn create_takes_positionals_then_flags_and_shows_the_new_secret_once() {
    let server = MockServer::start().await;
    let created = types::ApiKeyWithSecret::new(api_key(), "pckey_secret_value");
    server
        .create_api_key()
        .when(|c| {
            c.project_id == uuid(PROJECT)
                && c.body.name == "ci"
                && c.body.roles == Some(vec![types::ApiKeyRole::ProjectViewer, "FutureRole".into()])
        })
        .respond(created)
        .times(1)
        .mount()
        .await;
    let output =
        run(&server, &["api-keys", "create", PROJECT, "ci", "--role", "ProjectViewer", "--role", "FutureRole"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["value"], "pckey_secret_value", "the one time the secret is shown");
    assert_eq!(String::from_utf8_lossy(&output.stdout).matches("pckey_secret_value").count(), 1, "shown once");
    assert!(!stderr(&output).contains("pckey_secret_value"), "never on stderr: {}", stderr(&output));

    // Nor in a trace, which goes to stderr.
    server.create_api_key().respond(types::ApiKeyWithSecret::new(api_key(), "pckey_traced")).times(1).mount().await;
    let env = [("PINECONE_ACCESS_TOKEN", MOCK_TOKEN), ("PINECONE_ADMIN_API_URL", &server.uri()), ("RUST_LOG", "trace")];
    let output = run_with(&["api-keys", "create", PROJECT, "ci"], &env).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).matches("pckey_traced").count(), 1, "shown once");
    assert!(stderr(&output).contains("create_api_key"), "a trace was written: {}", stderr(&output));
    assert!(!stderr(&output).contains("pckey_traced"), "never on stderr: {}", stderr(&output));
}

#[tokio::test]
async fn role_bindings_take_four_positionals_and_a_flag() {
    let server = MockServer::start().await;
    let binding = types::RoleBinding::new(
        uuid(ID),
        types::PrincipalType::User,
        "u-1",
        types::ResourceType::Project,
        PROJECT,
        types::RoleBindingRole::ProjectViewer,
        "2026-01-02T03:04:05Z".parse().expect("date"),
    );
    server
        .create_role_binding()
        .when(|c| {
            c.body
                == types::CreateRoleBindingRequest::new(
                    types::PrincipalType::User,
                    "u-1",
                    types::ResourceType::Project,
                    types::RoleBindingRole::ProjectViewer,
                )
                .resource_id(PROJECT)
        })
        .respond(binding)
        .times(1)
        .mount()
        .await;
    let args = ["role-bindings", "create", "user", "u-1", "project", "ProjectViewer", "--resource-id", PROJECT];
    let output = run(&server, &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["role"], "ProjectViewer");
}

#[tokio::test]
async fn objects_take_json_and_a_missing_one_is_a_usage_error() {
    let server = MockServer::start().await;
    let invite = types::Invite::new(
        uuid(ID),
        "a@example.com",
        types::InviteStatus::Pending,
        "2026-01-02T03:04:05Z".parse().expect("date"),
    );
    server
        .create_invite()
        .when(|c| c.body.email == "a@example.com" && c.body.role_bindings.len() == 1)
        .respond(invite.clone())
        .times(1)
        .mount()
        .await;
    let bindings = r#"[{"resource_type": "organization", "role": "OrgMember"}]"#;
    let output = run(&server, &["invites", "create", "a@example.com", "--role-bindings", bindings]).await;
    assert!(output.status.success(), "{}", stderr(&output));

    let output = run(&server, &["invites", "create", "b@example.com"]).await;
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(stderr(&output).contains("--role-bindings"), "{}", stderr(&output));

    server.resend_invite().when(|c| c.invite_id == uuid(ID)).respond(invite).times(1).mount().await;
    let output = run(&server, &["invites", "resend", ID]).await;
    assert!(output.status.success(), "{}", stderr(&output));
}

#[tokio::test]
async fn the_whole_body_from_a_file() {
    let server = MockServer::start().await;
    server.create_project().when(|c| c.body.name == "from-file").respond(project()).times(1).mount().await;
    let file = std::env::temp_dir().join(format!("pinecone-admin-body-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"name": "from-file"}"#).expect("write");
    let output = run(&server, &["projects", "create", "--body", &format!("@{}", file.display())]).await;
    std::fs::remove_file(&file).ok();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[tokio::test]
async fn all_follows_every_page() {
    let server = MockServer::start().await;
    let user = |n: u32| {
        types::User::new(uuid(&format!("00000000-0000-4000-8000-00000000000{n}")), format!("u{n}@example.com"))
    };
    let page = |users: Vec<types::User>, next: Option<&str>| {
        let pagination = next.map(|n| types::PaginationResponse::new().next(n));
        let mut list = types::UserList::new(users);
        list.pagination = pagination;
        list
    };
    server
        .list_users()
        .when(|c| c.params.pagination_token.is_none() && c.params.email.as_deref() == Some("x@y.z"))
        .respond(page(vec![user(1), user(2)], Some("p2")))
        .times(1)
        .mount()
        .await;
    server
        .list_users()
        .when(|c| c.params.pagination_token.as_deref() == Some("p2"))
        .respond(page(vec![user(3)], None))
        .times(1)
        .mount()
        .await;
    let output = run(&server, &["users", "list", "--all", "--email", "x@y.z"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let emails: Vec<String> = stdout_json(&output)["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|u| u["email"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(emails, ["u1@example.com", "u2@example.com", "u3@example.com"]);
}

#[tokio::test]
async fn limits_from_the_spec_fail_before_sending() {
    let server = MockServer::start().await;
    let output = run(&server, &["users", "list", "--limit", "500"]).await;
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(stderr(&output).contains("`limit` must be at most 100, got 500"), "{}", stderr(&output));
    let output = run(&server, &["users", "list", "--limit", "many"]).await;
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(server.received_requests().await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_api_error_is_one_line_and_exit_code_1() {
    let server = MockServer::start().await;
    let detail = types::ErrorDetail::new(types::ErrorCode::NotFound, "Project not found");
    server.fetch_project().respond_error(404, types::ErrorResponse::new(404, detail)).times(1).mount().await;
    let output = run(&server, &["projects", "get", PROJECT]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "error: fetch_project failed with HTTP 404 Not Found: NOT_FOUND: Project not found\n");
}

#[tokio::test]
async fn older_versions_and_what_they_lack() {
    use pinecone_admin::v2025_04::mock::MockServer as MockServer2025;
    let server = MockServer2025::start().await;
    server
        .list_api_keys()
        .when(|c| c.project_id == uuid(PROJECT))
        .respond(pinecone_admin::v2025_04::types::ListApiKeysResponse::new())
        .times(1)
        .mount()
        .await;
    let uri = server.uri();
    let env = [("PINECONE_ACCESS_TOKEN", MOCK_TOKEN), ("PINECONE_ADMIN_API_URL", uri.as_str())];
    let output = run_with(&["--api-version", "2025-04", "api-keys", "list", PROJECT], &env).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run_with(&["--api-version", "2025-04", "users", "list"], &env).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("API version 2025-04 has no operation `users list`"), "{}", stderr(&output));
    let output = run_with(&["--api-version", "1999-01", "users", "list"], &env).await;
    assert!(stderr(&output).contains("unknown API version `1999-01`"), "{}", stderr(&output));
}

#[tokio::test]
async fn service_account_credentials_and_a_trace_without_secrets() {
    let admin = MockServer::start().await;
    let login = oauth::mock::MockServer::start().await;
    // The token the admin mock accepts, issued for the service account.
    let token = oauth::types::TokenResponse::new(MOCK_TOKEN, oauth::types::TokenType::Bearer, 3600);
    login
        .get_token()
        .when(|c| c.body.client_secret.expose_secret() == "secret-1")
        .respond(token)
        .times(1)
        .mount()
        .await;
    let account = types::ServiceAccount::new(
        uuid(ID),
        "bot",
        "client-1",
        "2026-01-02T03:04:05Z".parse().expect("date"),
        "2026-01-02T03:04:05Z".parse().expect("date"),
    );
    let rotated = types::ServiceAccountWithSecret::new(account, "rotated-secret-2");
    admin
        .rotate_service_account_secret()
        .when(|c| c.service_account_id == uuid(ID))
        .respond(rotated)
        .times(1)
        .mount()
        .await;
    let env = [
        ("PINECONE_CLIENT_ID", "client-1".to_owned()),
        ("PINECONE_CLIENT_SECRET", "secret-1".to_owned()),
        ("PINECONE_ADMIN_API_URL", admin.uri()),
        ("PINECONE_OAUTH_URL", login.uri()),
        ("RUST_LOG", "trace".to_owned()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let output = run_with(&["service-accounts", "rotate-secret", ID], &env).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["client_secret"], "rotated-secret-2");
    let trace = stderr(&output);
    assert!(trace.contains("operation=\"rotate_service_account_secret\""), "{trace}");
    for secret in ["secret-1", MOCK_TOKEN, "rotated-secret-2"] {
        assert!(!trace.contains(secret), "`{secret}` leaked into the trace:\n{trace}");
    }
}

#[tokio::test]
async fn help_lists_resources_and_enum_values_and_completions_print() {
    let server = MockServer::start().await;
    let output = run(&server, &["--help"]).await;
    let help = String::from_utf8_lossy(&output.stdout);
    for resource in ["api-keys", "invites", "projects", "role-bindings", "service-accounts", "organizations", "users"] {
        assert!(help.contains(resource), "{help}");
    }
    let output = run(&server, &["role-bindings", "create", "--help"]).await;
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("Values: OrgOwner, OrgManager"), "{help}");
    assert!(help.contains("Sends `POST /admin/role-bindings`"), "{help}");
    let output = run(&server, &["completions", "bash"]).await;
    assert!(output.status.success() && String::from_utf8_lossy(&output.stdout).contains("pinecone-admin"));
}

fn organization(id: &str) -> types::Organization {
    types::Organization::new(
        id,
        "acme",
        types::OrganizationPlan::Free,
        types::PaymentStatus::Active,
        "2026-01-02T03:04:05Z".parse().expect("date"),
        types::SupportTier::Free,
    )
}

/// Pinecone's organization ids begin with `-`; positionals are taken as written.
#[tokio::test]
async fn positionals_that_start_with_a_dash_are_values() {
    const ORG: &str = "-NM7af6f234168c4e44a";
    let server = MockServer::start().await;
    server.fetch_organization().when(|c| c.organization_id == ORG).respond(organization(ORG)).times(1).mount().await;
    server
        .update_organization()
        .when(|c| c.organization_id == ORG && c.body.name.as_deref() == Some("renamed"))
        .respond(organization(ORG))
        .times(1)
        .mount()
        .await;
    let output = run(&server, &["organizations", "get", ORG]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["id"], ORG);
    let output = run(&server, &["organizations", "update", ORG, "--name", "renamed"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run(&server, &["organizations", "get", "--help"]).await;
    assert!(output.status.success() && String::from_utf8_lossy(&output.stdout).contains("Usage"), "help still works");
}

/// A reader that stops early (`| head -3`) ends the program quietly, as Unix tools do.
#[tokio::test]
async fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let server = MockServer::start().await;
    // Far more than a pipe's buffer, so that the writer meets the closed pipe.
    let projects: Vec<types::Project> = (0..3000).map(|_| project()).collect();
    server.list_projects().respond(types::ProjectList::new(projects)).times(1).mount().await;
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pinecone-admin"))
            .args(["--api-version", VERSION, "projects", "list"])
            .env("PINECONE_ACCESS_TOKEN", MOCK_TOKEN)
            .env("PINECONE_ADMIN_API_URL", uri)
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
        for _ in 0..3 {
            let mut line = String::new();
            lines.read_line(&mut line).expect("a line");
        }
        drop(lines); // `head -3` exits
        child.wait_with_output().expect("waits")
    })
    .await
    .expect("joined");
    assert_eq!(stderr(&output), "", "nothing on stderr, no panic");
    assert!(output.status.success(), "exit status {:?}", output.status);
}
