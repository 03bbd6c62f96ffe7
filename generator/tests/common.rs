//! Helpers shared by the generator's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use generator::{Generated, Options, Settings, Spec};

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

/// Every fixture spec (`generator/fixtures/specs/*.{yaml,json}`), parsed, by path from the
/// root.
pub fn fixtures() -> Vec<(String, Spec)> {
    let dir = root().join("generator/fixtures/specs");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the fixtures' folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name == "codegen.yaml" || !(name.ends_with(".yaml") || name.ends_with(".json")) {
            continue;
        }
        let rel = format!("generator/fixtures/specs/{name}");
        let text = std::fs::read_to_string(&path).expect("readable");
        out.push((rel.clone(), generator::parse(&rel, text).unwrap_or_else(|e| panic!("{rel}: {e}"))));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 10, "the fixtures are there");
    out
}

/// Generates a spec as a standalone crate is, with its tests, contract runner and commands.
pub fn generate(spec: &Spec, settings: &Settings) -> Generated {
    let options = Options::standalone("API")
        .with_cli_app("api", syn::parse_quote!(api), syn::parse_quote!(api::runtime))
        .with_tests(syn::parse_quote!(api), syn::parse_quote!(api::runtime))
        .with_contract(syn::parse_quote!(api));
    generator::generate(spec, settings, &options, generator::REGENERATE).expect("generates")
}
