//! Specs the generator must reject: each gives a typed error naming the file, the line and
//! column where known, the JSON pointer, and what to do. The messages are pinned.

use generator::{Settings, SettingsFile};

/// Loads and generates `text` as `name`; the error message, or a panic if it succeeds.
fn error_of(name: &str, text: String, settings: &Settings) -> String {
    let result = generator::parse(name, text)
        .and_then(|spec| generator::generate(&spec, settings, &generator::Options::standalone("API"), "test"));
    match result {
        Ok(_) => panic!("{name} should have been rejected"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_specs_are_rejected_with_clear_messages() {
    insta::glob!("bad/*.yaml", |path| {
        let name = format!("bad/{}", path.file_name().and_then(|n| n.to_str()).unwrap_or_default());
        let text = std::fs::read_to_string(path).expect("readable");
        insta::assert_snapshot!(error_of(&name, text, &Settings::default()));
    });
}

const GOOD: &str = "openapi: 3.0.3
info: {title: Good, version: '1'}
paths:
  /things:
    get:
      operationId: list_things
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
";

/// The settings entries `text` leaves unused.
fn unused_of(text: &str, settings: &Settings) -> Vec<String> {
    let spec = generator::parse("good.yaml", text.to_owned()).expect("parses");
    generator::generate(&spec, settings, &generator::Options::standalone("API"), "test")
        .expect("generates")
        .unused_settings
}

#[test]
fn stale_settings_entries_are_errors_naming_them() {
    let file = SettingsFile::parse(
        std::path::Path::new("settings.yaml"),
        "api:\n  secrets: [Thing.password]\n  type_names: {/components/schemas/Nope: Better}\n  error: {code: error.code, message: msg}\n",
    )
    .expect("settings");
    let settings = file.for_api("api");
    let unused = unused_of(GOOD, &settings);
    assert_eq!(
        unused,
        [
            "secrets: Thing.password",
            "type_names: /components/schemas/Nope",
            "error.code: error.code",
            "error.message: msg"
        ]
    );
    let path = std::path::Path::new("specs/codegen.yaml");
    let message = generator::check_used(path, "api", &[("1".to_owned(), unused)]).expect_err("stale").to_string();
    assert!(
        message.starts_with("specs/codegen.yaml: the `api` settings entries `secrets: Thing.password`, "),
        "{message}"
    );
    assert!(message.ends_with("match nothing in `1`; fix or remove them"), "{message}");
}

#[test]
fn an_entry_for_a_later_version_is_not_stale() {
    let later = GOOD.replace("id: {type: string}", "id: {type: string}\n        value: {type: string}");
    let file: SettingsFile =
        generator::SettingsFile::parse(std::path::Path::new("settings.yaml"), "api:\n  secrets: [Thing.value]\n")
            .expect("settings");
    let settings = file.for_api("api");
    let per_version =
        vec![("1".to_owned(), unused_of(GOOD, &settings)), ("2".to_owned(), unused_of(&later, &settings))];
    assert_eq!(per_version[0].1, ["secrets: Thing.value"], "version 1 has no such field");
    assert!(per_version[1].1.is_empty(), "version 2 uses it");
    generator::check_used(std::path::Path::new("codegen.yaml"), "api", &per_version).expect("used by a version");
}

#[test]
fn settings_with_unknown_keys_are_rejected() {
    let dir = std::env::temp_dir().join(format!("generator-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("codegen.yaml");
    std::fs::write(&path, "admin:\n  secret: [A.b]\n").expect("write");
    let message = SettingsFile::load(&path).expect_err("unknown key").to_string();
    assert!(message.contains("unknown field `secret`"), "{message}");
    std::fs::remove_dir_all(&dir).ok();
}
