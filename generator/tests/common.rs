//! Helpers shared by the generator's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use generator::{Generated, Options, Settings, SettingsFile, Spec};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

/// Parses spec text given inline in a test.
pub fn spec(text: &str) -> Spec {
    match generator::parse("test.yaml", text.to_owned()) {
        Ok(spec) => spec,
        Err(e) => panic!("the test spec does not parse: {e}"),
    }
}

/// The settings for `api` from `specs/codegen.yaml`.
pub fn project_settings(api: &str) -> Settings {
    SettingsFile::load(&root().join("specs/codegen.yaml")).expect("specs/codegen.yaml loads").for_api(api)
}

/// Loads `specs/<rel>` under the name the checked-in code uses.
pub fn project_spec(rel: &str) -> Spec {
    let text = std::fs::read_to_string(root().join(rel)).expect("spec readable");
    generator::parse(rel, text).expect("project spec parses")
}

/// The api name of a spec file (`admin` for `admin_2026-04.oas.yaml`).
pub fn api_of(rel: &str) -> String {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    file.split('_').next().unwrap_or(file).to_owned()
}

/// Generates a spec as the client crate does.
pub fn generate(spec: &Spec, settings: &Settings) -> Generated {
    generator::generate(spec, settings, &Options::standalone("API"), generator::REGENERATE).expect("generates")
}

/// Every `specs/<version>/<file>` path, relative to the root, sorted.
pub fn project_specs() -> Vec<String> {
    let mut out = Vec::new();
    for version in std::fs::read_dir(root().join("specs")).expect("specs/ exists") {
        let version = version.expect("entry").path();
        if !version.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&version).expect("version dir") {
            let file = file.expect("entry").path();
            let rel = file.strip_prefix(root()).expect("under root").to_string_lossy().replace('\\', "/");
            out.push(rel);
        }
    }
    out.sort();
    out
}
