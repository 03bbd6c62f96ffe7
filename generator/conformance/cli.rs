//! A standalone crate's command-line client at work: the binary of a crate generated from
//! Pinecone's control-plane description (`--name control-client`, features `mock,cli`)
//! answers `--help` and runs a command against the crate's typed mock. Run by `.ci/run`,
//! which generates the crate and copies this file into its `tests/`.

use std::process::{Command, Output};

use control_client::mock::MockServer;
use control_client::runtime::mock::MOCK_TOKEN;
use control_client::types;

/// Runs the binary with the mock's key and URL, in the variables named after the crate.
async fn run(server: &MockServer, args: &[&str]) -> Output {
    let (args, uri): (Vec<String>, String) = (args.iter().map(|a| a.to_string()).collect(), server.uri());
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_control-client"))
            .args(args)
            .env("CONTROL_API_KEY", MOCK_TOKEN)
            .env("CONTROL_BASE_URL", uri)
            .env_remove("RUST_LOG")
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("joined")
}

#[tokio::test]
async fn help_names_the_resources() {
    let server = MockServer::start().await;
    let output = run(&server, &["--help"]).await;
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{help}");
    for resource in ["indexes", "collections", "backups"] {
        assert!(help.contains(resource), "{help}");
    }
    assert!(help.contains("CONTROL_API_KEY"), "the variables are named after the crate: {help}");
}

#[tokio::test]
async fn a_command_calls_the_api_on_the_mock() {
    let server = MockServer::start().await;
    server.list_indexes().respond(types::IndexList::new().indexes([])).times(1).mount().await;
    let output = run(&server, &["indexes", "list"]).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(body, serde_json::json!({"indexes": []}));
}
