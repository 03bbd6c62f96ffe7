//! A small command-line client for the Pinecone Admin API.
//!
//! ```text
//! cargo run -p pinecone-admin --example admin -- [--api-version V] <resource> <action> [args]
//!
//!   projects      list | get ID | create NAME | update ID --name N | delete ID
//!   api-keys      list PROJECT_ID | create PROJECT_ID NAME [--role R]... | get ID
//!                 | update ID [--name N] [--role R]... | delete ID
//!   organizations list | get ID | update ID --name N | delete ID
//! ```
//!
//! `--api-version` is 2025-04, 2025-10 or 2026-04 (default: the newest; the older ones need
//! their cargo features, or `--all-features`). Credentials and URLs
//! come from `PINECONE_ACCESS_TOKEN` or `PINECONE_CLIENT_ID` + `PINECONE_CLIENT_SECRET`, and
//! `PINECONE_ADMIN_API_URL` / `PINECONE_OAUTH_URL`. Prints the response as JSON and exits 0;
//! on failure prints one line to stderr (HTTP status, error code and message, or the local
//! reason) and exits 1. `RUST_LOG` (`debug`, or `pinecone_admin=trace,...`) turns on tracing.

use std::process::ExitCode;

use serde::Serialize;

const USAGE: &str = "usage: admin [--api-version 2025-04|2025-10|2026-04] <resource> <action> [args]
  projects      list | get ID | create NAME | update ID --name N | delete ID
  api-keys      list PROJECT_ID | create PROJECT_ID NAME [--role R]... | get ID | update ID [--name N] [--role R]... | delete ID
  organizations list | get ID | update ID --name N | delete ID";

/// A command, parsed and checked before any client exists.
struct Command {
    resource: String,
    action: String,
    args: Vec<String>,
    name: Option<String>,
    roles: Vec<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match parse(&args) {
        Ok((version, command)) => run(&version, &command).await,
        Err(message) => Err(message),
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {}", message.lines().next().unwrap_or_default());
            ExitCode::FAILURE
        }
    }
}

/// Tracing to stderr at the levels `RUST_LOG` names (`info`, `pinecone_admin=debug`, ...).
fn init_tracing() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let Ok(spec) = std::env::var("RUST_LOG") else { return };
    let targets: Targets = match spec.parse() {
        Ok(targets) => targets,
        Err(e) => {
            eprintln!("warning: RUST_LOG={spec:?} ignored: {e}");
            return;
        }
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE);
    tracing_subscriber::registry().with(layer).with(targets).init();
}

fn parse(args: &[String]) -> Result<(String, Command), String> {
    let mut version = "2026-04".to_owned();
    let mut positional = Vec::new();
    let mut name = None;
    let mut roles = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| rest.next().cloned().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--api-version" => version = value("--api-version")?,
            "--name" => name = Some(value("--name")?),
            "--role" => roles.push(value("--role")?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}\n{USAGE}")),
            _ => positional.push(arg.clone()),
        }
    }
    let mut positional = positional.into_iter();
    let (Some(resource), Some(action)) = (positional.next(), positional.next()) else {
        return Err(format!("missing resource or action\n{USAGE}"));
    };
    Ok((version, Command { resource, action, args: positional.collect(), name, roles }))
}

/// The command's argument `i`, or a message naming it.
fn arg<'a>(command: &'a Command, i: usize, what: &str) -> Result<&'a str, String> {
    command
        .args
        .get(i)
        .map(String::as_str)
        .ok_or_else(|| format!("{} {} needs {what}", command.resource, command.action))
}

fn uuid(text: &str, what: &str) -> Result<uuid::Uuid, String> {
    text.parse().map_err(|_| format!("{what} `{text}` is not a UUID"))
}

fn json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}

/// Runs `command` with the client of `version`, if the crate was built with that version's
/// feature (the default build has the newest; `--all-features` has them all).
async fn run(version: &str, command: &Command) -> Result<String, String> {
    match version {
        #[cfg(feature = "v2025_04")]
        "2025-04" => v2025_04::run(command).await,
        #[cfg(feature = "v2025_10")]
        "2025-10" => v2025_10::run(command).await,
        #[cfg(feature = "v2026_04")]
        "2026-04" => v2026_04::run(command).await,
        known if ["2025-04", "2025-10", "2026-04"].contains(&known) => {
            let feature = format!("v{}", known.replace('-', "_"));
            Err(format!("this build has no API version {known}; build with `--features {feature}` or `--all-features`"))
        }
        other => Err(format!("unknown API version `{other}`; use 2025-04, 2025-10 or 2026-04")),
    }
}

/// The same commands for each version; only the name of the key-listing method differs.
macro_rules! version_commands {
    ($v:ident, $list_keys:ident) => {
        mod $v {
            use super::{Command, arg, json, uuid};
            use pinecone_admin::$v::{Client, types};

            pub async fn run(command: &Command) -> Result<String, String> {
                let client = Client::from_env().map_err(|e| e.to_string())?;
                let fail = |e: pinecone_admin::$v::Error| e.to_string();
                match (command.resource.as_str(), command.action.as_str()) {
                    ("projects", "list") => json(&client.list_projects().await.map_err(fail)?),
                    ("projects", "get") => json(
                        &client
                            .fetch_project(uuid(arg(command, 0, "a project ID")?, "project ID")?)
                            .await
                            .map_err(fail)?,
                    ),
                    ("projects", "create") => {
                        let body = types::CreateProjectRequest::new(arg(command, 0, "a name")?);
                        json(&client.create_project(&body).await.map_err(fail)?)
                    }
                    ("projects", "update") => {
                        let id = uuid(arg(command, 0, "a project ID")?, "project ID")?;
                        let name = command.name.clone().ok_or("projects update needs --name")?;
                        let body = types::UpdateProjectRequest::new().name(name);
                        json(&client.update_project(id, &body).await.map_err(fail)?)
                    }
                    ("projects", "delete") => {
                        client
                            .delete_project(uuid(arg(command, 0, "a project ID")?, "project ID")?)
                            .await
                            .map_err(fail)?;
                        Ok("{}".to_owned())
                    }
                    ("api-keys", "list") => {
                        let project = uuid(arg(command, 0, "a project ID")?, "project ID")?;
                        json(&client.$list_keys(project).await.map_err(fail)?)
                    }
                    ("api-keys", "create") => {
                        let project = uuid(arg(command, 0, "a project ID")?, "project ID")?;
                        let mut body = types::CreateApiKeyRequest::new(arg(command, 1, "a name")?);
                        if !command.roles.is_empty() {
                            body.roles = Some(command.roles.iter().map(|r| r.as_str().into()).collect());
                        }
                        json(&client.create_api_key(project, &body).await.map_err(fail)?)
                    }
                    ("api-keys", "get") => {
                        json(&client.fetch_api_key(uuid(arg(command, 0, "a key ID")?, "key ID")?).await.map_err(fail)?)
                    }
                    ("api-keys", "update") => {
                        let id = uuid(arg(command, 0, "a key ID")?, "key ID")?;
                        let roles = (!command.roles.is_empty())
                            .then(|| command.roles.iter().map(|r| r.as_str().into()).collect());
                        let mut body = types::UpdateApiKeyRequest::new();
                        body.name = command.name.clone();
                        body.roles = roles;
                        json(&client.update_api_key(id, &body).await.map_err(fail)?)
                    }
                    ("api-keys", "delete") => {
                        client.delete_api_key(uuid(arg(command, 0, "a key ID")?, "key ID")?).await.map_err(fail)?;
                        Ok("{}".to_owned())
                    }
                    ("organizations", "list") => json(&client.list_organizations().await.map_err(fail)?),
                    ("organizations", "get") => {
                        json(&client.fetch_organization(arg(command, 0, "an organization ID")?).await.map_err(fail)?)
                    }
                    ("organizations", "update") => {
                        let id = arg(command, 0, "an organization ID")?;
                        let name = command.name.clone().ok_or("organizations update needs --name")?;
                        let body = types::UpdateOrganizationRequest::new().name(name);
                        json(&client.update_organization(id, &body).await.map_err(fail)?)
                    }
                    ("organizations", "delete") => {
                        client.delete_organization(arg(command, 0, "an organization ID")?).await.map_err(fail)?;
                        Ok("{}".to_owned())
                    }
                    (resource, action) => Err(format!("unknown command `{resource} {action}`\n{}", super::USAGE)),
                }
            }
        }
    };
}

#[cfg(feature = "v2025_04")]
version_commands!(v2025_04, list_api_keys);
#[cfg(feature = "v2025_10")]
version_commands!(v2025_10, list_project_api_keys);
#[cfg(feature = "v2026_04")]
version_commands!(v2026_04, list_project_api_keys);
