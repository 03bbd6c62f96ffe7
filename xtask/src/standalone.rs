//! `cargo xtask codegen --spec FILE --out DIR`: a standalone crate for one spec, over the
//! runtime crate (`openapi-client-runtime`): the client, its types, its typed mocks (feature
//! `mock`) and a command-line client named after the crate (feature `cli`).
//!
//! The crate depends on the runtime by a path into this checkout, or, with `--vendor`, on a
//! copy of the runtime inside DIR, so that DIR builds wherever it is moved.

use std::fs;
use std::path::{Path, PathBuf};

use generator::model::ALL_PARTS;
use generator::model::NoteKind;
use generator::settings::SplitBy;
use generator::{ModulePaths, Options, Settings, SettingsFile};

use crate::error::{Error, Result};

/// The runtime crate, in this repository.
const RUNTIME: &str = "generator/runtime";
/// Its package name, and the folder a vendored copy goes in.
const RUNTIME_PACKAGE: &str = "openapi-client-runtime";

/// What to generate, and where.
pub struct Request {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub settings: Option<PathBuf>,
    pub api: Option<String>,
    pub name: Option<String>,
    /// The prefix of the environment variables the client reads (default: from the name).
    pub env_prefix: Option<String>,
    /// Copy the runtime into the crate instead of depending on this checkout.
    pub vendor: bool,
    /// Refuse a document with errors confined to one place instead of working around them.
    pub strict: bool,
    /// A cargo feature per tag, each compiling part of the API.
    pub split_by_tags: bool,
    /// Write the generated tests and the contract runner beside the library.
    pub tests: bool,
    /// The repository root, where the runtime crate is.
    pub root: PathBuf,
}

/// Generates the crate; returns how many operations it has.
pub fn run(request: &Request) -> Result<usize> {
    let spec = generator::load(&request.spec)?;
    let stem = file_stem(&request.spec);
    let api = request.api.clone().unwrap_or_else(|| stem.split('_').next().unwrap_or_default().to_owned());
    let mut settings = match &request.settings {
        Some(path) => SettingsFile::load(path)?.for_api(&api),
        None => Settings::default(),
    };
    settings.strict |= request.strict;
    if request.split_by_tags {
        settings.split_by = Some(SplitBy::Tags);
    }
    let name = request.name.clone().unwrap_or_else(|| crate_name(&stem));
    let prefix = request.env_prefix.clone().unwrap_or_else(|| env_prefix(&name));
    let lib = syn::Ident::new(&name.replace('-', "_"), proc_macro2::Span::call_site());
    let mut options =
        Options::standalone(&prefix).with_cli_app(&name, syn::parse_quote!(#lib), syn::parse_quote!(#lib::runtime));
    if request.tests {
        options = options
            .with_tests(syn::parse_quote!(#lib), syn::parse_quote!(#lib::runtime))
            .with_contract(syn::parse_quote!(#lib));
    }
    let command = "cargo xtask codegen --spec";
    let generated = generator::generate(&spec, &settings, &options, command)?;
    for note in &generated.notes {
        let kind = if note.kind == NoteKind::Warning { "warning" } else { "note" };
        eprintln!("{kind}: {note}");
    }
    if let Some(path) = &request.settings {
        // One spec cannot tell a typo from an entry meant for another version of the API.
        let unused = [(request.spec.display().to_string(), generated.unused_settings.clone())];
        if let Err(e) = generator::check_used(path, &api, &unused) {
            eprintln!("note: {e}");
        }
    }

    let runtime = if request.vendor {
        vendor_runtime(&request.root, &request.out)?;
        RUNTIME_PACKAGE.to_owned()
    } else {
        let runtime = request.root.join(RUNTIME);
        fs::canonicalize(&runtime).map_err(Error::io("find", &runtime))?.display().to_string().replace('\\', "/")
    };
    let manifest = manifest(&name, &generated.title, &runtime, &generated.part_features, request.tests);
    write(&request.out.join("Cargo.toml"), &manifest)?;
    let paths = ModulePaths::crate_root(&request.out);
    for (kind, content) in &generated.files {
        write(&paths.path(*kind), content)?;
    }
    write(&request.out.join("src/main.rs"), &binary(&name, &generated.title))?;
    println!(
        "wrote crate `{name}` to {} (environment variables {prefix}_*){}; build it with `cargo build --manifest-path {}`",
        request.out.display(),
        if request.vendor { ", runtime vendored" } else { "" },
        request.out.join("Cargo.toml").display()
    );
    let warnings = generated.notes.iter().filter(|n| n.kind == NoteKind::Warning).count();
    println!(
        "{} operations, {} types, {} places typed loosely, {warnings} warnings",
        generated.operations, generated.types, generated.loose
    );
    Ok(generated.operations)
}

/// The standalone crate's manifest. Its dependencies are the runtime and the crates generated
/// code names directly, at the versions the runtime uses, so that both share one build; with
/// `tests`, its generated tests and contract runner, and what they use.
fn manifest(name: &str, title: &str, runtime: &str, parts: &[String], tests: bool) -> String {
    let description = format!("A typed async client for {}, generated from its OpenAPI description.", title.trim())
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let (default, parts) = match parts {
        [] => (String::new(), String::new()),
        parts => {
            let quoted = |list: &[String]| list.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
            let each: String = parts.iter().map(|p| format!("{p} = []\n")).collect();
            (
                format!(", \"{ALL_PARTS}\""),
                format!(
                    "# The API's parts (`--split-by tags`): each compiles its operations, their mocks and commands,\n# and the types they reach. `default-features = false` and the parts you use build only those.\n{ALL_PARTS} = [{}]\n{each}",
                    quoted(parts)
                ),
            )
        }
    };
    let tests = if tests { TESTS } else { "" };
    format!(
        r#"# Generated by `cargo xtask codegen --spec`.
[package]
name = "{name}"
version = "0.1.0"
description = "{description}"
edition = "2024"
publish = false

[dependencies]
{RUNTIME_PACKAGE} = {{ path = "{runtime}", default-features = false }}
chrono = {{ version = "0.4.40", default-features = false, features = ["alloc", "serde"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", default-features = false, features = ["serde", "std"] }}

[features]
default = ["rustls-webpki-roots"{default}]
# TLS through rustls with Mozilla's root certificates compiled in.
rustls-webpki-roots = ["{RUNTIME_PACKAGE}/rustls-webpki-roots"]
# TLS through rustls with the operating system's root certificates.
rustls-native-roots = ["{RUNTIME_PACKAGE}/rustls-native-roots"]
# Typed mocks of every operation (`mock::MockServer`), for tests.
mock = ["{RUNTIME_PACKAGE}/mock"]
# The `{name}` command-line client: every operation as a command.
cli = ["{RUNTIME_PACKAGE}/cli"]
{parts}
[[bin]]
name = "{name}"
path = "src/main.rs"
required-features = ["cli"]
{tests}
# Not part of any enclosing workspace.
[workspace]
"#
    )
}

/// The manifest's part for the generated tests and the contract runner.
const TESTS: &str = r#"
# Every operation on its typed mock, judged by what the spec says (generated).
[[test]]
name = "operations"
path = "tests/operations.rs"
required-features = ["mock"]

# Every operation against a server that speaks the spec (`cargo xtask contract`).
[[example]]
name = "contract"
path = "examples/contract.rs"
required-features = ["mock"]

[dev-dependencies]
tokio = { version = "1.40", features = ["macros", "rt-multi-thread"] }
futures-util = { version = "0.3.31", default-features = false }
"#;

/// The binary of the `cli` feature, over the commands in `src/cli.rs`.
fn binary(name: &str, title: &str) -> String {
    let lib = name.replace('-', "_");
    format!(
        "// @generated by `cargo xtask codegen --spec`. Do not edit: regenerate.\n\n//! `{name}`: {} from the command line; see `{name} --help`.\n\nmod cli;\n\nfn main() -> std::process::ExitCode {{\n    {lib}::runtime::cli::main(cli::app())\n}}\n",
        title.trim()
    )
}

/// Copies the runtime crate (its manifest and sources) into `out`, as a path dependency that
/// moves with the crate.
fn vendor_runtime(root: &Path, out: &Path) -> Result<()> {
    let from = root.join(RUNTIME);
    let to = out.join(RUNTIME_PACKAGE);
    let _ = fs::remove_dir_all(&to);
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let dir = from.join(&rel);
        for entry in fs::read_dir(&dir).map_err(Error::io("list", &dir))? {
            let entry = entry.map_err(Error::io("list", &dir))?;
            let rel = rel.join(entry.file_name());
            let (source, target) = (from.join(&rel), to.join(&rel));
            if source.is_dir() {
                pending.push(rel);
            } else if rel == Path::new("Cargo.toml") || rel.starts_with("src") {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
                }
                fs::copy(&source, &target).map_err(Error::io("copy", &source))?;
            }
        }
    }
    Ok(())
}

/// Writes `content` to `path` unless the file already holds it: a crate regenerated from an
/// unchanged spec keeps its files' times, so cargo does not rebuild it.
fn write(path: &Path, content: &str) -> Result<()> {
    if fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
    }
    fs::write(path, content).map_err(Error::io("write", path))
}

/// The spec's file name without `.oas.yaml`, `.yaml`, `.yml` or `.json`.
fn file_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name =
        [".oas.yaml", ".oas.json", ".yaml", ".yml", ".json"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(&name);
    name.to_owned()
}

/// A crate name from a file stem: lowercase letters, digits and dashes, `-client` appended.
fn crate_name(stem: &str) -> String {
    let mut name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    name = name.trim_matches('-').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    format!("{name}-client")
}

/// The prefix of a crate's environment variables: its name without `-client`, in capitals
/// (`qdrant-client` reads `QDRANT_API_KEY`).
fn env_prefix(name: &str) -> String {
    let base = name.strip_suffix("-client").unwrap_or(name);
    base.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_already_holds_the_text_is_not_rewritten() {
        let dir = std::env::temp_dir().join(format!("xtask-standalone-write-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("mkdir");
        let file = dir.join("lib.rs");
        write(&file, "// one\n").expect("writes");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options().write(true).open(&file).and_then(|f| f.set_modified(old)).expect("set the time");
        write(&file, "// one\n").expect("writes");
        assert_eq!(fs::metadata(&file).and_then(|m| m.modified()).expect("time"), old, "unchanged text: untouched");
        write(&file, "// two\n").expect("writes");
        assert_eq!(fs::read_to_string(&file).expect("reads"), "// two\n");
        assert_ne!(fs::metadata(&file).and_then(|m| m.modified()).expect("time"), old, "new text: written");
        let _ = fs::remove_dir_all(&dir);
    }

    /// `--no-tests` writes the library alone: no test or example the manifest would name and
    /// the crate could not build.
    #[test]
    fn without_tests_the_crate_has_neither_tests_nor_their_manifest_entries() {
        let root = crate::workspace_root();
        let out = std::env::temp_dir().join(format!("xtask-standalone-no-tests-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        let request = |tests| Request {
            spec: root.join("specs/2026-07/oauth_2026-07.oas.yaml"),
            out: out.clone(),
            settings: None,
            api: None,
            name: None,
            env_prefix: None,
            vendor: false,
            strict: false,
            split_by_tags: false,
            tests,
            root: root.clone(),
        };
        run(&request(false)).expect("generates");
        let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(!manifest.contains("[[test]]") && !manifest.contains("[[example]]"), "{manifest}");
        assert!(!out.join("tests").exists() && !out.join("examples").exists());
        assert!(out.join("src/lib.rs").exists() && out.join("src/types.rs").exists());
        fs::remove_dir_all(&out).expect("clean up");
        run(&request(true)).expect("generates");
        let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(manifest.contains("[[test]]") && manifest.contains("[[example]]"), "{manifest}");
        assert!(out.join("tests/operations.rs").exists() && out.join("examples/contract.rs").exists());
        fs::remove_dir_all(&out).expect("clean up");
    }

    #[test]
    fn crate_names_and_variables_are_valid() {
        assert_eq!(crate_name(&file_stem(Path::new("x/admin_2025-04.oas.yaml"))), "admin-2025-04-client");
        assert_eq!(crate_name("2fa API"), "api-2fa-api-client");
        assert_eq!(crate_name(&file_stem(Path::new("oai-webhook-example.yaml"))), "oai-webhook-example-client");
        assert_eq!(env_prefix("qdrant-client"), "QDRANT");
        assert_eq!(env_prefix("db-data-client"), "DB_DATA");
    }
}
