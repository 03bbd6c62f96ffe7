//! `cargo xtask bump-rehearsal`: the next spec bump, rehearsed in a scratch copy of the
//! repository, so that a change that would break bump day fails CI today.
//!
//! It writes a next version derived from the newest one in `specs/`, adding what real bumps
//! add (an operation, an optional field, an enum value, a secret-named field, an inline type
//! shared by several schemas), in another YAML style than the project's (`crate::yaml`:
//! flow mappings, other quoting, folded lines), runs the codegen, then the README's test command over the
//! whole workspace. Then it checks what a maintainer would: `diff` calls every addition
//! compatible, the new secret is redacted, and the new operation has its client method, its
//! mock, its command-line command and its generated tests. Nothing else is edited: adding
//! the folder and running `cargo xtask codegen` must be the whole bump.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::Impact;
use serde_json::{Map, Value};

/// A mapping of the spec.
type Mapping = Map<String, Value>;

use crate::codegen;
use crate::error::{Error, Result};

/// What the rehearsal adds to the newest spec, to look for afterwards.
const OPERATION_ID: &str = "create_rehearsal_note";
const COLLECTION: &str = "rehearsal-notes";
const NOTE_SCHEMA: &str = "RehearsalNote";
const SECRET_FIELD: &str = "signing_secret";
/// An inline enum in three places: one type, named after the two-word property.
const SHARED_PROPERTY: &str = "note_kind";
const SHARED_TYPE: &str = "NoteKind";
const NEW_FIELD: &str = "rehearsal_note";
const NEW_ENUM_VALUE: &str = "RehearsalValue";

/// Where the additions went, found in the newest spec.
#[derive(Debug)]
struct Additions {
    /// The component that gained the optional field.
    extended: String,
    /// Where the enum that gained a value is (`Component/properties/role`).
    enumeration: String,
}

pub fn run(root: &Path) -> Result<()> {
    let versions = codegen::discover(root)?;
    let newest = versions.last().ok_or_else(|| Error::Layout("specs/: no version folders".to_owned()))?;
    let next = next_version(&newest.name);
    let scratch = root.join("target/bump-rehearsal");
    println!("rehearsing the bump {} -> {next} in {}", newest.name, scratch.display());
    copy_checkout(root, &scratch)?;

    // The next version: each API copied, the primary one with the additions.
    let next_dir = scratch.join("specs").join(&next);
    fs::create_dir_all(&next_dir).map_err(Error::io("create the folder", &next_dir))?;
    let mut additions = None;
    for api in &newest.apis {
        let from = scratch.join(format!("specs/{0}/{api}_{0}.oas.yaml", newest.name));
        let text = fs::read_to_string(&from).map_err(Error::io("read", &from))?.replace(&newest.name, &next);
        // Written by another YAML writer than the specs' authors: any valid style must do.
        let text = if api == crate::project::PRIMARY {
            let (text, added) = add_what_bumps_add(&text)?;
            additions = Some(added);
            text
        } else {
            crate::yaml::to_string(&yaml(&text))
        };
        let to = next_dir.join(format!("{api}_{next}.oas.yaml"));
        fs::write(&to, text).map_err(Error::io("write", &to))?;
    }
    let additions = additions.ok_or_else(|| Error::Layout(format!("specs/{}: no primary API", newest.name)))?;

    println!("\n== cargo xtask codegen (in the scratch copy)");
    codegen::run(&scratch, false)?;
    let module = generator::layout::module_name(&next);
    write_redaction_test(&scratch, &module)?;

    println!("\n== cargo test --workspace --all-features (in the scratch copy)");
    cargo(&scratch, &["test", "--workspace", "--all-features"])?;

    println!("\n== checks");
    check_diff(&scratch, &newest.name, &next, &additions)?;
    check_operation(&scratch, &module, &next)?;
    println!("the bump to {next} needed nothing but the new folder and `cargo xtask codegen`");
    Ok(())
}

/// The version after `newest`: the next year's January for a dated version (`2026-07` ->
/// `2027-01`), which sorts after it; otherwise the name with `-next`.
fn next_version(newest: &str) -> String {
    match newest.split_once('-').and_then(|(year, _)| year.parse::<u32>().ok()) {
        Some(year) => format!("{}-01", year + 1),
        None => format!("{newest}-next"),
    }
}

/// The spec with an operation, an optional field, an enum value, a secret-named field and a
/// shared inline enum added, each shaped after what the spec already has.
fn add_what_bumps_add(text: &str) -> Result<(String, Additions)> {
    let mut doc: Value =
        generator::source::parse(text).map_err(|e| Error::Check(format!("the newest spec: {}", e.message)))?.value;
    let shared = yaml("{type: string, description: What kind of note it is., enum: [alpha, beta]}");

    // Borrow headers, security and error responses from the first operation with a body.
    let paths = doc.get("paths").and_then(Value::as_object).ok_or_else(|| missing("paths"))?;
    let (first_path, model) = paths
        .iter()
        .flat_map(|(path, item)| item.as_object().into_iter().flatten().map(move |(_, op)| (path, op)))
        .find(|(_, op)| op.get("requestBody").is_some())
        .ok_or_else(|| missing("an operation with a request body"))?;
    let prefix = first_path.split('/').nth(1).map(|s| format!("/{s}")).unwrap_or_default();
    let headers: Vec<Value> = model
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("header"))
        .cloned()
        .collect();
    let mut responses = Mapping::new();
    responses.insert(
        "201".into(),
        yaml(&format!(
            "{{description: The note was created., content: {{application/json: {{schema: {{$ref: '#/components/schemas/{NOTE_SCHEMA}'}}}}}}}}"
        )),
    );
    for (status, response) in model.get("responses").and_then(Value::as_object).into_iter().flatten() {
        if !status.starts_with('2') {
            responses.insert(status.clone(), response.clone());
        }
    }
    let mut operation = Mapping::new();
    operation.insert("summary".into(), "Create a rehearsal note".into());
    operation.insert("operationId".into(), OPERATION_ID.into());
    if !headers.is_empty() {
        operation.insert("parameters".into(), Value::Array(headers));
    }
    if let Some(security) = model.get("security") {
        operation.insert("security".into(), security.clone());
    }
    let mut body_schema = yaml("{type: object, required: [label], properties: {label: {type: string, maxLength: 40}}}");
    insert_property(&mut body_schema, SHARED_PROPERTY, shared.clone());
    operation.insert("requestBody".into(), yaml("{required: true, content: {application/json: {schema: {}}}}"));
    if let Some(schema) = operation
        .get_mut("requestBody")
        .and_then(|b| b.get_mut("content"))
        .and_then(|c| c.get_mut("application/json"))
        .and_then(Value::as_object_mut)
    {
        schema.insert("schema".into(), body_schema);
    }
    operation.insert("responses".into(), Value::Object(responses));
    let mut item = Mapping::new();
    item.insert("post".into(), Value::Object(operation));
    mapping(&mut doc, "paths")?.insert(format!("{prefix}/{COLLECTION}"), Value::Object(item));

    // The new component, holding a secret and the shared enum.
    let schemas = mapping(&mut doc, "components").and_then(|c| {
        c.get_mut("schemas").and_then(Value::as_object_mut).ok_or_else(|| missing("components/schemas"))
    })?;
    let mut note = yaml(&format!(
        "{{type: object, description: A note the rehearsal adds., required: [id, label], properties: {{id: {{type: string}}, label: {{type: string}}, {SECRET_FIELD}: {{type: string, description: Signs what the note sends.}}}}}}"
    ));
    insert_property(&mut note, SHARED_PROPERTY, shared.clone());
    schemas.insert(NOTE_SCHEMA.into(), note);

    // An optional field and the shared enum on the first object component; a value on the
    // first enum component.
    let mut names: Vec<String> = schemas.keys().cloned().collect();
    names.sort();
    let extended = names
        .iter()
        .find(|name| *name != NOTE_SCHEMA && schemas[name.as_str()].get("properties").is_some())
        .cloned()
        .ok_or_else(|| missing("an object component schema"))?;
    let target = schemas.get_mut(extended.as_str()).ok_or_else(|| missing("an object component schema"))?;
    insert_property(target, NEW_FIELD, yaml("{type: string, description: A field the rehearsal adds.}"));
    insert_property(target, SHARED_PROPERTY, shared);
    // The first enum of the components, at any depth: a bump adds a role, a status.
    let enumeration = names
        .iter()
        .filter(|name| *name != NOTE_SCHEMA)
        .find_map(|name| {
            let mut at = Vec::new();
            find_enum(&schemas[name.as_str()], &mut at).then(|| (name.clone(), at))
        })
        .ok_or_else(|| missing("enum in its component schemas"))?;
    let (component, at) = &enumeration;
    let mut node = &schemas[component.as_str()];
    for key in at {
        node = &node[key.as_str()];
    }
    // The same enum written out in several schemas is one type: a bump adds the value to each.
    let values = ["enum", "x-enum"].iter().find_map(|k| node.get(*k)).cloned().unwrap_or(Value::Null);
    add_enum_value(&mut doc, &values);
    let enumeration = std::iter::once(component.clone()).chain(at.iter().cloned()).collect::<Vec<_>>().join("/");
    let text = crate::yaml::to_string(&doc);
    Ok((text, Additions { extended, enumeration }))
}

/// Adds [`NEW_ENUM_VALUE`] to every enum of the document that lists `values`.
fn add_enum_value(node: &mut Value, values: &Value) {
    if let Some(map) = node.as_object_mut() {
        for key in ["enum", "x-enum"] {
            if let Some(list) = map.get_mut(key).filter(|list| *list == values).and_then(Value::as_array_mut) {
                list.push(NEW_ENUM_VALUE.into());
            }
        }
        for (_, child) in map.iter_mut() {
            add_enum_value(child, values);
        }
    } else if let Some(items) = node.as_array_mut() {
        items.iter_mut().for_each(|item| add_enum_value(item, values));
    }
}

/// Finds a string enum (`enum` or `x-enum`) in `schema`, depth first, recording the keys that
/// lead to it.
fn find_enum(schema: &Value, at: &mut Vec<String>) -> bool {
    if ["enum", "x-enum"].iter().any(|k| schema.get(*k).and_then(Value::as_array).is_some()) {
        return true;
    }
    let Some(map) = schema.as_object() else { return false };
    for (key, child) in map {
        at.push(key.to_owned());
        if find_enum(child, at) {
            return true;
        }
        at.pop();
    }
    false
}

/// A value written as YAML here.
fn yaml(text: &str) -> Value {
    match generator::source::parse(text) {
        Ok(parsed) => parsed.value,
        Err(e) => panic!("the rehearsal's own YAML does not parse: {e:?}\n{text}"),
    }
}

fn missing(what: &str) -> Error {
    Error::Check(format!("the newest spec has no {what} to shape the rehearsal's additions after"))
}

fn mapping<'v>(doc: &'v mut Value, key: &str) -> Result<&'v mut Mapping> {
    doc.get_mut(key).and_then(Value::as_object_mut).ok_or_else(|| missing(key))
}

fn insert_property(schema: &mut Value, name: &str, property: Value) {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(name.into(), property);
    }
}

/// Copies the files git knows (tracked, and new ones it does not ignore) to `dest`, so that
/// the rehearsal sees the working tree as it is, without `target/`.
pub fn copy_checkout(root: &Path, dest: &Path) -> Result<()> {
    let _ = fs::remove_dir_all(dest);
    let output = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .map_err(|source| Error::Spawn { command: "git ls-files".to_owned(), source })?;
    if !output.status.success() {
        return Err(Error::Command {
            command: "git ls-files".to_owned(),
            status: output.status,
            detail: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    for rel in output.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let rel = PathBuf::from(String::from_utf8_lossy(rel).into_owned());
        let from = root.join(&rel);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = dest.join(&rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
        }
        fs::copy(&from, &to).map_err(Error::io("copy", &from))?;
    }
    Ok(())
}

/// A test, in the scratch copy, that the new secret-named field is redacted wherever it
/// prints and still sent as it is.
fn write_redaction_test(scratch: &Path, module: &str) -> Result<()> {
    let test = format!(
        r##"//! Written by `cargo xtask bump-rehearsal`: the new version's secret-named field.
#![cfg(feature = "{module}")]

#[test]
fn the_new_secret_is_redacted_and_sent_as_it_is() {{
    let json = r#"{{"id": "n-1", "label": "l", "{SECRET_FIELD}": "s3cr3t-value"}}"#;
    let note: pinecone_admin::{module}::types::{NOTE_SCHEMA} = serde_json::from_str(json).expect("decodes");
    let shown = format!("{{note:?}}");
    assert!(!shown.contains("s3cr3t-value") && shown.contains("[REDACTED]"), "{{shown}}");
    assert!(serde_json::to_string(&note).expect("encodes").contains("s3cr3t-value"));
}}
"##
    );
    let path = scratch.join("generated-client/tests/bump_rehearsal.rs");
    fs::write(&path, test).map_err(Error::io("write", &path))
}

/// `cargo diff` between the two versions: nothing breaking, and each addition reported.
fn check_diff(scratch: &Path, newest: &str, next: &str, additions: &Additions) -> Result<()> {
    let sections = crate::diff::versions(scratch, newest, next)?;
    let changes: Vec<&generator::diff::Change> = sections.iter().flat_map(|s| &s.changes).collect();
    let breaking: Vec<String> =
        changes.iter().filter(|c| c.impact == Impact::Breaking).map(|c| c.to_string()).collect();
    if !breaking.is_empty() {
        return Err(Error::Check(format!("`cargo xtask diff` calls additions breaking:\n  {}", breaking.join("\n  "))));
    }
    let module = generator::layout::module_name(next);
    let expected = [
        (format!("{module}::Client::{OPERATION_ID}"), "added"),
        (format!("::{NEW_FIELD}"), "optional field"),
        (format!("{module}::types::{SHARED_TYPE}"), "type added"),
        (format!("{module}::types::{NOTE_SCHEMA}"), "type added"),
    ];
    for (item, change) in &expected {
        if !changes.iter().any(|c| c.item.ends_with(item.as_str()) && c.change.contains(change)) {
            let seen: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
            return Err(Error::Check(format!(
                "`cargo xtask diff` does not report `{item}: {change}`; it reports:\n  {}",
                seen.join("\n  ")
            )));
        }
    }
    if !changes.iter().any(|c| c.change.contains(NEW_ENUM_VALUE)) {
        return Err(Error::Check(format!(
            "`cargo xtask diff` does not report the value `{NEW_ENUM_VALUE}` added to `{}`",
            additions.enumeration
        )));
    }
    if !changes.iter().any(|c| c.change.contains(NEW_FIELD)) {
        return Err(Error::Check(format!(
            "`cargo xtask diff` does not report the field `{NEW_FIELD}` added to `{}`",
            additions.extended
        )));
    }
    println!("diff: {} changes from {newest} to {next}, all compatible, each addition among them", changes.len());
    Ok(())
}

/// The new operation's method, mock, command and generated tests.
fn check_operation(scratch: &Path, module: &str, next: &str) -> Result<()> {
    let client = scratch.join(format!("generated-client/src/{module}/admin.rs"));
    let code = fs::read_to_string(&client).map_err(Error::io("read", &client))?;
    let mock = scratch.join(format!("generated-client/src/{module}/admin/mock.rs"));
    let mock_code = fs::read_to_string(&mock).map_err(Error::io("read", &mock))?;
    for (file, text, needle) in [
        (&client, &code, format!("pub async fn {OPERATION_ID}(")),
        (&mock, &mock_code, format!("pub fn {OPERATION_ID}(")),
    ] {
        if !text.contains(&needle) {
            return Err(Error::Check(format!("{}: no `{needle}`", file.display())));
        }
    }
    let tests = cargo_output(
        scratch,
        &["test", "-p", "pinecone-admin", "--all-features", "--test", "operations", "--", "--list"],
    )?;
    let prefix = format!("{module}_admin::{OPERATION_ID}::");
    let count = tests.lines().filter(|l| l.starts_with(&prefix)).count();
    if count == 0 {
        return Err(Error::Check(format!("no generated test of `{OPERATION_ID}` (`{prefix}*`)")));
    }
    cargo_output(
        scratch,
        &[
            "run",
            "-q",
            "-p",
            "pinecone-admin",
            "--all-features",
            "--",
            "--api-version",
            next,
            COLLECTION,
            "create",
            "--help",
        ],
    )?;
    println!(
        "`{OPERATION_ID}`: client method, mock, {count} generated tests, and `pinecone-admin {COLLECTION} create`"
    );
    Ok(())
}

/// Runs cargo in `dir`.
fn cargo(dir: &Path, args: &[&str]) -> Result<()> {
    let status = cargo_command(dir, args)
        .status()
        .map_err(|source| Error::Spawn { command: format!("cargo {}", args.join(" ")), source })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Command { command: format!("cargo {}", args.join(" ")), status, detail: String::new() })
    }
}

/// Runs cargo in `dir` and returns what it printed on stdout.
fn cargo_output(dir: &Path, args: &[&str]) -> Result<String> {
    let output = cargo_command(dir, args)
        .output()
        .map_err(|source| Error::Spawn { command: format!("cargo {}", args.join(" ")), source })?;
    if !output.status.success() {
        return Err(Error::Command {
            command: format!("cargo {}", args.join(" ")),
            status: output.status,
            detail: format!(":\n{}", String::from_utf8_lossy(&output.stderr)),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn cargo_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    // Scratch copies build into a target directory of their own, shared between them: in the
    // workspace's, their binaries would replace the workspace's own (`target/debug/...`).
    command.args(args).current_dir(dir).env("CARGO_TARGET_DIR", scratch_target());
    command
}

/// The target directory of scratch copies: `scratch/` in the workspace's.
fn scratch_target() -> PathBuf {
    crate::target_dir(&crate::workspace_root()).join("scratch")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_version_sorts_after_the_newest() {
        assert_eq!(next_version("2026-07"), "2027-01");
        assert_eq!(next_version("v3"), "v3-next");
        assert!(next_version("2026-07").as_str() > "2026-07");
    }

    #[test]
    fn the_next_spec_has_every_addition_and_generates() {
        let root = crate::workspace_root();
        let versions = codegen::discover(&root).expect("specs");
        let newest = versions.last().expect("a version");
        let path = root.join(format!("specs/{0}/admin_{0}.oas.yaml", newest.name));
        let text = fs::read_to_string(path).expect("read");
        let (next, additions) = add_what_bumps_add(&text).expect("additions");
        for needle in [OPERATION_ID, SECRET_FIELD, SHARED_PROPERTY, NEW_FIELD, NEW_ENUM_VALUE] {
            assert!(next.contains(needle), "{needle}");
        }
        let spec = generator::parse("next.yaml", next).expect("parses");
        let settings = generator::SettingsFile::load(&root.join("specs/codegen.yaml")).expect("settings");
        let api = generator::lower(&spec, &settings.for_api("admin")).expect("lowers");
        assert!(api.operations.iter().any(|op| op.operation_id == OPERATION_ID));
        assert!(api.types.contains_key(SHARED_TYPE), "one shared type for the inline enum");
        assert!(!api.types.keys().any(|k| k.starts_with(SHARED_TYPE) && k != SHARED_TYPE), "not several");
        let pointer = format!("/components/schemas/{}", additions.extended);
        let extended = api.types.values().find(|t| t.pointer.as_str() == pointer).expect("the extended component");
        let generator::model::TypeKind::Struct(fields) = &extended.kind else { panic!("a struct") };
        assert!(fields.iter().any(|f| f.wire_name == NEW_FIELD && !f.required));
    }
}
