//! `cargo xtask codegen [--check]`: every API version in `specs/` to the client crate.
//!
//! Versions are the folders of `specs/`; each holds `<api>_<version>.oas.yaml` files. Adding a
//! folder is the whole of a spec bump. Outputs, all under `generated-client/`:
//! `src/<vmod>/<api>.rs`, `src/<vmod>/<api>/types.rs`, `src/<vmod>/<api>/mock.rs` and `src/<vmod>/mod.rs` per
//! version, `src/versions.rs`, the binary's `src/bin/<bin>/<vmod>.rs` (the version's commands)
//! and `commands.rs`, the per-operation tests, and the generated block of features in
//! `Cargo.toml`. Generated files carry an `@generated` header;
//! one that no spec produces any more is a left-over, deleted (or, with `--check`, reported).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use generator::layout::{self, FEATURES_BEGIN, FEATURES_END, Version};
use generator::{FileKind, ModulePaths, Options, REGENERATE, SettingsFile};

use crate::error::{Error, Result};
use crate::project;

const CLIENT: &str = "generated-client";
const SETTINGS: &str = "specs/codegen.yaml";
const SPEC_SUFFIX: &str = ".oas.yaml";
/// The generated per-operation tests of the client crate.
const TESTS: &str = "generated-client/tests/operations";
/// The crate that compiles and tests the generator's fixture specs.
const FIXTURES: &str = "generator/fixtures";
/// The tests generated for the fixtures' operations.
const FIXTURES_TESTS: &str = "generator/fixtures/tests/operations";

/// A file the generator produces, the version it belongs to, and an account of what it holds
/// for the summary.
struct Output {
    content: String,
    version: Option<String>,
    summary: Option<String>,
}

pub fn run(root: &Path, check: bool) -> Result<()> {
    let versions = discover(root)?;
    let settings = SettingsFile::load(&root.join(SETTINGS))?;
    let unknown: Vec<&String> =
        settings.apis.keys().filter(|api| !versions.iter().any(|v| v.apis.contains(api))).collect();
    if !unknown.is_empty() {
        return Err(Error::Layout(format!(
            "{SETTINGS}: settings for {unknown:?}, but no spec in specs/ has that API name"
        )));
    }

    let layout = project::layout();
    let bin = Path::new(CLIENT).join("src/bin").join(&layout.bin);
    let mut outputs: BTreeMap<PathBuf, Output> = BTreeMap::new();
    let mut failures = Vec::new();
    // Per API, the settings entries each version did not use: an entry must serve one.
    let mut unused: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
    for version in &versions {
        let dir = Path::new(CLIENT).join("src").join(version.module());
        for api in &version.apis {
            let rel = format!("specs/{0}/{api}_{0}{SPEC_SUFFIX}", version.name);
            let text = fs::read_to_string(root.join(&rel)).map_err(Error::io("read", &rel))?;
            let options = layout.options(&version.module(), api);
            let generated = generator::parse(&rel, text)
                .and_then(|spec| generator::generate(&spec, &settings.for_api(api), &options, REGENERATE));
            match generated {
                Ok(g) => {
                    unused.entry(api.clone()).or_default().push((version.name.clone(), g.unused_settings));
                    let summary = format!("{api}: {} operations, {} types", g.operations, g.types);
                    let tests =
                        Path::new(TESTS).join(format!("{}.rs", layout::tests_module_name(&version.module(), api)));
                    // Only the primary API has commands, one module of the binary per version.
                    let cli = bin.join(format!("{}.rs", version.module()));
                    let paths = ModulePaths::nested(&dir, api, tests, cli);
                    for (kind, content) in g.files {
                        let summary = (kind == FileKind::Client).then(|| summary.clone());
                        outputs
                            .insert(paths.path(kind), Output { content, version: Some(version.name.clone()), summary });
                    }
                }
                Err(e) => failures.push(e),
            }
        }
        let module = layout.version_module_file(version, REGENERATE)?;
        outputs
            .insert(dir.join("mod.rs"), Output { content: module, version: Some(version.name.clone()), summary: None });
    }
    if !failures.is_empty() {
        return Err(Error::Specs(failures));
    }
    for (api, per_version) in &unused {
        generator::check_used(Path::new(SETTINGS), api, per_version)?;
    }
    if root.join(FIXTURES).join("specs").is_dir() {
        fixtures(root, &mut outputs, &mut failures)?;
    }
    if !failures.is_empty() {
        return Err(Error::Specs(failures));
    }
    let tests_main = layout::tests_main_file(&versions, REGENERATE)?;
    outputs.insert(Path::new(TESTS).join("main.rs"), Output { content: tests_main, version: None, summary: None });
    let versions_file = layout::versions_file(&versions, REGENERATE)?;
    outputs.insert(
        Path::new(CLIENT).join("src/versions.rs"),
        Output { content: versions_file, version: None, summary: None },
    );
    let commands = layout::commands_file(&versions, &layout, REGENERATE)?;
    outputs.insert(bin.join("commands.rs"), Output { content: commands, version: None, summary: None });
    let manifest = Path::new(CLIENT).join("Cargo.toml");
    let current_manifest = read(&root.join(&manifest)).unwrap_or_default();
    let new_manifest = splice_features(&current_manifest, &layout::features_block(&versions)).ok_or_else(|| {
        Error::Layout(format!("{}: the lines `{FEATURES_BEGIN}` and `{FEATURES_END}` are missing", manifest.display()))
    })?;
    outputs.insert(manifest, Output { content: new_manifest, version: None, summary: None });

    let stale: Vec<&PathBuf> = outputs
        .iter()
        .filter(|(path, output)| read(&root.join(path)).as_deref() != Some(output.content.as_str()))
        .map(|(path, _)| path)
        .collect();
    let mut generated = generated_files(&root.join(CLIENT).join("src"));
    generated.extend(generated_files(&root.join(TESTS)));
    generated.extend(generated_files(&root.join(FIXTURES).join("src")));
    generated.extend(generated_files(&root.join(FIXTURES_TESTS)));
    let leftovers: Vec<PathBuf> = generated
        .into_iter()
        .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|path| !outputs.contains_key(path))
        .collect();

    if check {
        if stale.is_empty() && leftovers.is_empty() {
            println!("generated code is up to date ({} files from {} versions)", outputs.len(), versions.len());
            return Ok(());
        }
        let mut files = String::new();
        for path in &stale {
            let what = if root.join(path).exists() { "stale" } else { "missing" };
            files.push_str(&format!("  {what}: {}\n", path.display()));
        }
        for path in &leftovers {
            files.push_str(&format!("  left over (no spec produces it): {}\n", path.display()));
        }
        return Err(Error::Stale { files });
    }

    for path in &stale {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
        }
        fs::write(&target, &outputs[*path].content).map_err(Error::io("write", &target))?;
        println!("wrote {}", path.display());
    }
    for path in &leftovers {
        fs::remove_file(root.join(path)).map_err(Error::io("remove", path))?;
        println!("removed {}", path.display());
        if let Some(dir) = root.join(path).parent() {
            let _ = fs::remove_dir(dir); // only succeeds once the folder is empty
        }
    }
    // One line per version whose files changed: what was written and what the version holds.
    for version in &versions {
        let belongs = |o: &Output| o.version.as_deref() == Some(version.name.as_str());
        let written = stale.iter().filter(|p| belongs(&outputs[**p])).count();
        if written == 0 {
            continue;
        }
        let held: Vec<&str> = outputs.values().filter(|o| belongs(o)).filter_map(|o| o.summary.as_deref()).collect();
        println!("{}: {written} files written ({})", version.name, held.join("; "));
    }
    println!("{} files written, {} removed, {} unchanged", stale.len(), leftovers.len(), outputs.len() - stale.len());
    Ok(())
}

/// The fixtures crate: each `generator/fixtures/specs/<name>.yaml` (or `.json`) becomes the module
/// `<name>`, using the client crate's runtime as a standalone crate would.
fn fixtures(root: &Path, outputs: &mut BTreeMap<PathBuf, Output>, failures: &mut Vec<generator::Error>) -> Result<()> {
    let specs = Path::new(FIXTURES).join("specs");
    let settings_path = root.join(&specs).join("codegen.yaml");
    let settings = if settings_path.exists() { SettingsFile::load(&settings_path)? } else { SettingsFile::default() };
    let mut modules = Vec::new();
    for file in list(&root.join(&specs))? {
        let name = file_name(&file);
        let Some(module) =
            name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".json")).filter(|_| name != "codegen.yaml")
        else {
            continue;
        };
        let rel = format!("{}/{name}", specs.display()).replace('\\', "/");
        let text = fs::read_to_string(&file).map_err(Error::io("read", &file))?;
        // Each module is tested by the tests generated for it, as the client crate is.
        let ident = syn::Ident::new(module, proc_macro2::Span::call_site());
        let options = Options::standalone("API")
            .with_tests(syn::parse_quote!(generator_fixtures::#ident), syn::parse_quote!(openapi_client_runtime));
        let generated = generator::parse(&rel, text)
            .and_then(|spec| generator::generate(&spec, &settings.for_api(module), &options, REGENERATE));
        match generated {
            Ok(g) => {
                let settings_rel = Path::new(FIXTURES).join("specs/codegen.yaml");
                let unused = [(rel.clone(), g.unused_settings.clone())];
                generator::check_used(&settings_rel, module, &unused)?;
                let tests = Path::new(FIXTURES_TESTS).join(format!("{module}.rs"));
                // The fixtures have no binary, and so no commands.
                let cli = Path::new(FIXTURES).join("src").join(module).join("cli.rs");
                let paths = ModulePaths::nested(&Path::new(FIXTURES).join("src"), module, tests, cli);
                for (kind, content) in g.files {
                    outputs.insert(paths.path(kind), Output { content, version: None, summary: None });
                }
                modules.push(module.to_owned());
            }
            Err(e) => failures.push(e),
        }
    }
    let doc = "Clients generated from the generator's fixture specs, one module per spec, compiled and tested.";
    let source = format!("{}/", specs.display());
    let lib = layout::modules_file(doc, &modules, true, &source, REGENERATE)?;
    outputs.insert(Path::new(FIXTURES).join("src/lib.rs"), Output { content: lib, version: None, summary: None });
    let doc = "Every operation of every fixture, on its typed mock, judged by what the spec says: the tests the generator writes for each operation.";
    let tests = layout::modules_file(doc, &modules, false, &source, REGENERATE)?;
    outputs.insert(Path::new(FIXTURES_TESTS).join("main.rs"), Output { content: tests, version: None, summary: None });
    Ok(())
}

/// The versions in `specs/`: every folder, with its `<api>_<version>.oas.yaml` files. Any
/// other file there is an error rather than silently skipped.
pub fn discover(root: &Path) -> Result<Vec<Version>> {
    let specs = root.join("specs");
    let mut versions = Vec::new();
    for entry in list(&specs)? {
        let name = file_name(&entry);
        if !entry.is_dir() {
            if name == "codegen.yaml" || name.ends_with(".md") {
                continue;
            }
            return Err(Error::Layout(format!(
                "specs/{name}: unexpected file; specs/ holds one folder per API version and codegen.yaml"
            )));
        }
        let mut apis = Vec::new();
        for file in list(&entry)? {
            let file_name = file_name(&file);
            let suffix = format!("_{name}{SPEC_SUFFIX}");
            match file_name.strip_suffix(&suffix) {
                Some(api)
                    if !api.is_empty()
                        && api.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
                {
                    apis.push(api.to_owned());
                }
                _ => {
                    return Err(Error::Layout(format!(
                        "specs/{name}/{file_name}: expected files named `<api>{suffix}` (lowercase api name), such as `admin{suffix}`"
                    )));
                }
            }
        }
        if apis.is_empty() {
            return Err(Error::Layout(format!("specs/{name}/: no `<api>_{name}{SPEC_SUFFIX}` files")));
        }
        apis.sort();
        versions.push(Version { name, apis });
    }
    if versions.is_empty() {
        return Err(Error::Layout("specs/: no version folders".to_owned()));
    }
    Ok(versions)
}

/// `manifest` with the text between the generated-features markers replaced by `block`.
fn splice_features(manifest: &str, block: &str) -> Option<String> {
    let begin = manifest.find(FEATURES_BEGIN)?;
    let end = manifest[begin..].find(FEATURES_END)? + begin + FEATURES_END.len();
    Some(format!("{}{block}{}", &manifest[..begin], &manifest[end..]))
}

/// The `.rs` files under `dir` that start with an `@generated` header.
fn generated_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for path in list(&dir).unwrap_or_default() {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && read(&path).is_some_and(|text| text.starts_with("// @generated"))
            {
                found.push(path);
            }
        }
    }
    found
}

/// A file's text with `\r\n` normalised, or `None` if it cannot be read.
fn read(path: &Path) -> Option<String> {
    fs::read_to_string(path).ok().map(|text| text.replace("\r\n", "\n"))
}

pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> =
        fs::read_dir(dir).map_err(Error::io("list", dir))?.filter_map(|entry| entry.ok().map(|e| e.path())).collect();
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in client crate is exactly what `specs/` generate.
    #[test]
    fn checked_in_code_is_fresh() {
        if let Err(message) = run(&crate::workspace_root(), true) {
            panic!("{message}");
        }
    }

    /// A scratch copy of `specs/` with an empty client crate, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            let specs = crate::workspace_root().join("specs");
            for entry in walk(&specs) {
                let target = dir.join("specs").join(entry.strip_prefix(&specs).expect("under specs"));
                fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                fs::copy(&entry, &target).expect("copy");
            }
            fs::create_dir_all(dir.join(CLIENT)).expect("mkdir");
            fs::write(dir.join(CLIENT).join("Cargo.toml"), format!("[features]\n{FEATURES_BEGIN}\n{FEATURES_END}\n"))
                .expect("write");
            Self(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for path in list(dir).expect("list") {
            if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
        }
        files
    }

    /// Every spec in `specs/`, loaded, with its settings.
    fn project_specs() -> Vec<(String, generator::Spec, generator::Settings)> {
        let root = crate::workspace_root();
        let settings = SettingsFile::load(&root.join(SETTINGS)).expect("settings");
        let mut specs = Vec::new();
        for version in discover(&root).expect("versions") {
            for api in &version.apis {
                let rel = format!("specs/{0}/{api}_{0}{SPEC_SUFFIX}", version.name);
                let spec = generator::load(&root.join(&rel)).expect("loads");
                specs.push((rel, spec, settings.for_api(api)));
            }
        }
        specs
    }

    /// The specs in `specs/` need no clash rule: each operation's command is the one the rule
    /// gives it, so the names users learn do not depend on the order of operations.
    #[test]
    fn the_project_specs_name_every_command_by_the_rule_alone() {
        for (rel, spec, settings) in project_specs() {
            let api = generator::lower(&spec, &settings).expect("lowers");
            let paths: Vec<(String, generator::model::HttpMethod)> =
                api.operations.iter().map(|op| (op.path.clone(), op.http_method)).collect();
            for op in &api.operations {
                let by_rule = generator::lower::resource_and_action(op.http_method, &op.path, &paths);
                assert_eq!(
                    (op.command.resource.clone(), op.command.action.clone()),
                    by_rule,
                    "{rel}: {}",
                    op.operation_id
                );
            }
        }
    }

    /// Lowering skips its second pass when the first one's names need no second look; forced,
    /// the second pass changes nothing on the project's specs, nor on the corpora beside the
    /// checkout (`../shared`) when they are there, as in CI.
    #[test]
    fn a_forced_second_lowering_pass_changes_nothing() {
        let mut specs: Vec<(String, generator::Spec, generator::Settings)> = project_specs();
        let shared = crate::workspace_root().join("../shared");
        for corpus in ["pinecone-api", "conformance", "realworld", "realworld/more"] {
            let Ok(dirs) = fs::read_dir(shared.join(corpus)) else { continue };
            for entry in dirs.flatten() {
                let path = entry.path();
                let files = if path.is_dir() { list(&path).unwrap_or_default() } else { vec![path] };
                for file in files.into_iter().filter(|f| f.extension().is_some_and(|e| e != "md")) {
                    if let Ok(spec) = generator::load(&file) {
                        specs.push((file.display().to_string(), spec, generator::Settings::default()));
                    }
                }
            }
        }
        for (name, spec, settings) in specs {
            let one = generator::lower(&spec, &settings);
            let two = generator::lower::lower_in_two_passes(&spec, &settings);
            match (one, two) {
                (Ok(one), Ok(two)) => assert_eq!(one, two, "{name}"),
                (Err(one), Err(two)) => assert_eq!(one.to_string(), two.to_string(), "{name}"),
                (one, two) => panic!("{name}: {:?} against {:?}", one.err(), two.err()),
            }
        }
    }

    #[test]
    fn check_names_stale_missing_and_left_over_files() {
        let scratch = Scratch::new("check");
        let root = &scratch.0;
        assert!(run(root, true).is_err(), "nothing generated yet");
        run(root, false).expect("generates");
        run(root, true).expect("fresh after generating");

        let admin = root.join(CLIENT).join("src/v2026_04/admin.rs");
        fs::write(&admin, "// @generated but edited\n").expect("edit");
        fs::remove_file(root.join(CLIENT).join("src/versions.rs")).expect("remove");
        let stray = root.join(CLIENT).join("src/v2024_01/admin.rs");
        fs::create_dir_all(stray.parent().expect("parent")).expect("mkdir");
        fs::write(&stray, "// @generated by an old spec\n").expect("write");

        let message = run(root, true).expect_err("out of date").to_string();
        assert!(message.contains("stale: generated-client/src/v2026_04/admin.rs"), "{message}");
        assert!(message.contains("missing: generated-client/src/versions.rs"), "{message}");
        assert!(
            message.contains("left over (no spec produces it): generated-client/src/v2024_01/admin.rs"),
            "{message}"
        );
        assert!(message.contains("run `cargo xtask codegen`"), "{message}");

        run(root, false).expect("regenerates");
        run(root, true).expect("fresh again");
        assert!(!stray.exists(), "left-over file removed");
    }

    #[test]
    fn a_new_version_folder_is_the_whole_spec_bump() {
        let scratch = Scratch::new("bump");
        let root = &scratch.0;
        let specs = root.join("specs");
        fs::create_dir_all(specs.join("2027-01")).expect("mkdir");
        for api in ["admin", "oauth"] {
            let text = fs::read_to_string(specs.join(format!("2026-04/{api}_2026-04.oas.yaml"))).expect("read");
            fs::write(specs.join(format!("2027-01/{api}_2027-01.oas.yaml")), text.replace("2026-04", "2027-01"))
                .expect("write");
        }
        run(root, false).expect("generates");
        let manifest = fs::read_to_string(root.join(CLIENT).join("Cargo.toml")).expect("read");
        assert!(manifest.contains("latest = [\"v2027_01\"]"), "{manifest}");
        assert!(manifest.contains("v2027_01 = []"), "{manifest}");
        let versions = fs::read_to_string(root.join(CLIENT).join("src/versions.rs")).expect("read");
        assert!(versions.contains("pub mod v2027_01;"), "{versions}");
        let admin = fs::read_to_string(root.join(CLIENT).join("src/v2027_01/admin.rs")).expect("read");
        assert!(admin.contains("pub const API_VERSION: &str = \"2027-01\";"));
        // The binary has the new version's commands, first (newest) in its command line.
        let bin = root.join(CLIENT).join("src/bin/pinecone-admin");
        let commands = fs::read_to_string(bin.join("commands.rs")).expect("read");
        assert!(commands.contains("#[cfg(feature = \"v2027_01\")]\nmod v2027_01;"), "{commands}");
        let first = commands.find("name: \"2027-01\"").expect("the new version in app()");
        assert!(commands.find("name: \"2026-04\"").is_some_and(|older| first < older), "{commands}");
        let cli = fs::read_to_string(bin.join("v2027_01.rs")).expect("the new version's commands");
        assert!(cli.contains("pinecone_admin::v2027_01::Client::from_env()"), "{cli}");
    }

    #[test]
    fn unexpected_files_in_specs_are_errors() {
        let scratch = Scratch::new("stray");
        fs::write(scratch.0.join("specs/2026-04/notes.txt"), "x").expect("write");
        let message = run(&scratch.0, false).expect_err("rejected").to_string();
        assert!(
            message.contains("specs/2026-04/notes.txt: expected files named `<api>_2026-04.oas.yaml`"),
            "{message}"
        );
    }

    #[test]
    fn splices_only_between_the_markers() {
        let manifest = format!(
            "[features]\ndefault = [\"latest\"]\n{FEATURES_BEGIN}\nold = []\n{FEATURES_END}\n\n[dependencies]\n"
        );
        let spliced = splice_features(&manifest, &format!("{FEATURES_BEGIN}\nnew = []\n{FEATURES_END}")).unwrap();
        assert_eq!(
            spliced,
            format!(
                "[features]\ndefault = [\"latest\"]\n{FEATURES_BEGIN}\nnew = []\n{FEATURES_END}\n\n[dependencies]\n"
            )
        );
        assert!(splice_features("[features]\n", "x").is_none());
    }
}
