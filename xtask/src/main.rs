//! Project tasks, run as `cargo xtask <task>`.
//!
//! - `cargo xtask codegen` regenerates the client crate from `specs/`.
//! - `cargo xtask codegen --check` changes nothing and fails, naming each stale file, when the
//!   checked-in output differs from what would be generated.
//! - `cargo xtask codegen --spec FILE --out DIR [--settings FILE --api NAME]` generates a
//!   standalone crate for any OpenAPI 3.0 file.
//! - `cargo xtask diff OLD NEW [--format text|json|markdown] [--fail-on-breaking]` reports what
//!   a new spec version changes in the Rust API.
//! - `cargo xtask semver-check [OLD NEW]` checks that cargo-semver-checks agrees with the diff.

mod codegen;
mod diff;
mod semver;
mod standalone;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen            regenerate generated-client/ from specs/
  cargo xtask codegen --check    fail if generated-client/ is not what specs/ generate
  cargo xtask codegen --spec FILE --out DIR [--settings FILE --api NAME] [--name CRATE]
                                 generate a standalone crate for one OpenAPI 3.0 file
  cargo xtask diff OLD NEW [--format text|json|markdown] [--fail-on-breaking]
                                 what NEW changes in the Rust API (versions in specs/ or spec files)
  cargo xtask semver-check [OLD NEW]
                                 does cargo-semver-checks agree with the diff? (all test and version
                                 pairs without arguments; needs cargo-semver-checks installed)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let Some((task, rest)) = args.split_first() else {
        return Err(USAGE.to_owned());
    };
    match task.as_str() {
        "codegen" => codegen_task(rest),
        "diff" => diff_task(rest),
        "semver-check" => semver::run(&workspace_root(), rest),
        "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    }
}

fn diff_task(args: &[String]) -> Result<(), String> {
    let mut format = diff::Format::Text;
    let mut fail_on_breaking = false;
    let mut sides = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--format" => format = diff::Format::parse(rest.next().ok_or(format!("--format needs a value\n{USAGE}"))?)?,
            "--fail-on-breaking" => fail_on_breaking = true,
            other if other.starts_with("--") => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            side => sides.push(side.to_owned()),
        }
    }
    let [old, new] = sides.as_slice() else {
        return Err(format!("diff takes two versions or two spec files\n{USAGE}"));
    };
    let breaking = diff::run(&workspace_root(), old, new, format)?;
    if breaking && fail_on_breaking {
        return Err(format!("{new} breaks code written against {old} (--fail-on-breaking)"));
    }
    Ok(())
}

fn codegen_task(rest: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut settings = None;
    let mut api = None;
    let mut name = None;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| rest.next().cloned().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--settings" => settings = Some(PathBuf::from(value("--settings")?)),
            "--api" => api = Some(value("--api")?),
            "--name" => name = Some(value("--name")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    match (spec, out) {
        (None, None) => codegen::run(&workspace_root(), check),
        (Some(spec), Some(out)) if !check => standalone::run(&standalone::Request {
            spec,
            out,
            settings,
            api,
            name,
            client_crate: workspace_root().join("generated-client"),
        }),
        _ => Err(format!("--spec and --out go together, without --check\n{USAGE}")),
    }
}

/// The repository root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
