//! Specs the generator must reject: each gives a typed error naming the file, the line and
//! column where known, the JSON pointer, and what to do. The messages are pinned.

use generator::{Settings, SettingsFile};

/// Loads and generates `text` as `name`; the error message, or a panic if it succeeds.
fn error_of(name: &str, text: String, settings: &Settings) -> String {
    let result = generator::parse(name, text)
        .and_then(|spec| generator::generate(&spec, settings, &generator::Options::in_client_crate(), "test"));
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

#[test]
fn stale_settings_entries_are_errors() {
    let stale_secret: SettingsFile = serde_yaml::from_str("api:\n  secrets: [Thing.password]\n").expect("settings");
    let message = error_of("good.yaml", GOOD.to_owned(), &stale_secret.for_api("api"));
    assert!(message.contains("`Thing.password` secret, but no string property"), "{message}");

    let stale_name: SettingsFile =
        serde_yaml::from_str("api:\n  type_names: {/components/schemas/Nope: Better}\n").expect("settings");
    let message = error_of("good.yaml", GOOD.to_owned(), &stale_name.for_api("api"));
    assert!(message.contains("`/components/schemas/Nope`"), "{message}");

    let bad_error: SettingsFile =
        serde_yaml::from_str("api:\n  error: {code: error.code, message: msg}\n").expect("settings");
    let message = error_of("good.yaml", GOOD.to_owned(), &bad_error.for_api("api"));
    assert!(message.contains("do not share one schema"), "{message}");
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
