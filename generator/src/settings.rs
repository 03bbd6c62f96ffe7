//! Codegen settings: what the generator cannot read from a spec, declared once per API in a
//! small YAML file beside the specs (`specs/codegen.yaml`).
//!
//! One section serves every version of an API, so an entry applies to the versions that
//! have what it names (a secret a new version introduces is declared once). An entry that
//! matches nothing in any version is an error, never silently ignored: a typo would
//! otherwise leave a secret printable or a type misnamed. Lowering reports the entries each
//! spec did not use ([`crate::model::Api::unused_settings`]); [`check_used`] decides.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// Settings for one API (one spec file name prefix such as `admin`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The header the server reads the API version from. The client always sends it, with the
    /// parameter's default or else `info.version`, and callers never pass it.
    #[serde(default)]
    pub version_header: Option<String>,
    /// Fields that hold secrets, as `Schema.property`; they become a redacting type. String
    /// properties whose names say they are secrets need no entry (see `crate::secrets`).
    #[serde(default)]
    pub secrets: Vec<String>,
    /// String properties whose names sound secret but are not (`Schema.property`), kept as
    /// plain strings.
    #[serde(default)]
    pub not_secrets: Vec<String>,
    /// Where the error response keeps its machine-readable code and message.
    #[serde(default)]
    pub error: Option<ErrorFields>,
    /// Names for inline schemas, by the JSON pointer of the schema.
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
    /// Objects (by component or Rust name) that accept properties they do not name, as if
    /// they said `additionalProperties: true`: they get a map of the others.
    #[serde(default)]
    pub extra_properties: Vec<String>,
    /// Command-line names for operations, by operationId: `"<resource> <action>"`, where the
    /// naming rule of the generated CLI would not do.
    #[serde(default)]
    pub cli_commands: BTreeMap<String, String>,
    /// The boolean body property that asks an operation for server-sent events, by
    /// operationId, where it is not `stream`; an empty name for none.
    #[serde(default)]
    pub event_flags: BTreeMap<String, String>,
    /// Refuse the spec when it has an error confined to one place (a repeated operationId, a
    /// reference to nothing), rather than working around it with a warning.
    #[serde(default)]
    pub strict: bool,
    /// Cargo features that each compile part of the API (a standalone crate's), rather than
    /// the whole API always.
    #[serde(default)]
    pub split_by: Option<SplitBy>,
}

/// What a split API's parts follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitBy {
    /// A feature per tag (`tag-<tag>`); an operation without tags goes in the part of its
    /// path's first segment (`path-<segment>`), and one with several tags in each of them.
    Tags,
}

/// Dotted property paths into the error response (`error.code`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ErrorFields {
    /// The error code, shown by `Error::code()`.
    pub code: String,
    /// The human-readable message.
    pub message: String,
}

/// The settings file: one section per API.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct SettingsFile {
    /// Settings by API name.
    pub apis: BTreeMap<String, Settings>,
}

impl SettingsFile {
    /// Reads the settings file at `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
        Self::parse(path, &text)
    }

    /// Reads settings `text`; `path` names it in errors, which say the line and column.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let error = |line: usize, column: usize, message: String| Error::Settings {
            path: path.to_owned(),
            message: format!("{line}:{column}: {message}"),
        };
        let parsed = crate::source::parse(text).map_err(|e| error(e.line, e.column, e.message))?;
        // An empty file, or an empty section, is the defaults.
        let mut value = match parsed.value {
            serde_json::Value::Null => serde_json::Value::Object(serde_json::Map::new()),
            value => value,
        };
        if let serde_json::Value::Object(sections) = &mut value {
            for section in sections.values_mut().filter(|s| s.is_null()) {
                *section = serde_json::Value::Object(serde_json::Map::new());
            }
        }
        serde_path_to_error::deserialize(value).map_err(|e| {
            let pointer = e.path().iter().fold(crate::pointer::Pointer::root(), |p, s| p.child(s));
            let (line, column) = parsed.positions.find(&pointer).unwrap_or((1, 1));
            error(line, column, e.into_inner().to_string())
        })
    }

    /// The settings for `api`, or the defaults when it has no section.
    pub fn for_api(&self, api: &str) -> Settings {
        self.apis.get(api).cloned().unwrap_or_default()
    }
}

impl Settings {
    /// Every entry that must match something, as lowering names it in
    /// [`crate::model::Api::unused_settings`].
    pub fn entries(&self) -> Vec<String> {
        let mut entries: Vec<String> = Vec::new();
        entries.extend(self.secrets.iter().map(|s| format!("secrets: {s}")));
        entries.extend(self.not_secrets.iter().map(|s| format!("not_secrets: {s}")));
        entries.extend(self.extra_properties.iter().map(|s| format!("extra_properties: {s}")));
        entries.extend(self.type_names.keys().map(|p| format!("type_names: {p}")));
        entries.extend(self.cli_commands.keys().map(|id| format!("cli_commands: {id}")));
        entries.extend(self.event_flags.keys().map(|id| format!("event_flags: {id}")));
        if let Some(error) = &self.error {
            entries.push(format!("error.code: {}", error.code));
            entries.push(format!("error.message: {}", error.message));
        }
        entries
    }
}

/// Fails when a settings entry of `api` matched nothing in any of its specs: `unused` holds,
/// per spec (by its name, such as its version), the entries that spec did not use.
pub fn check_used(path: &Path, api: &str, unused: &[(String, Vec<String>)]) -> Result<()> {
    let Some((_, first)) = unused.first() else { return Ok(()) };
    let stale: Vec<&String> =
        first.iter().filter(|entry| unused.iter().all(|(_, entries)| entries.contains(entry))).collect();
    if stale.is_empty() {
        return Ok(());
    }
    let specs: Vec<&str> = unused.iter().map(|(name, _)| name.as_str()).collect();
    let entries: Vec<String> = stale.iter().map(|e| format!("`{e}`")).collect();
    Err(Error::Settings {
        path: path.to_owned(),
        message: format!(
            "the `{api}` settings {} {} {} nothing in {}; fix or remove {}",
            if stale.len() == 1 { "entry" } else { "entries" },
            entries.join(", "),
            if stale.len() == 1 { "matches" } else { "match" },
            if specs.len() == 1 { format!("`{}`", specs[0]) } else { format!("any of {}", specs.join(", ")) },
            if stale.len() == 1 { "it" } else { "them" },
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_stale_only_when_no_spec_uses_it() {
        let path = Path::new("specs/codegen.yaml");
        let unused = |a: &[&str], b: &[&str]| {
            vec![
                ("2025-04".to_owned(), a.iter().map(|s| s.to_string()).collect()),
                ("2026-07".to_owned(), b.iter().map(|s| s.to_string()).collect()),
            ]
        };
        // Introduced in 2026-07: unused in 2025-04 only.
        assert!(check_used(path, "admin", &unused(&["secrets: A.b"], &[])).is_ok());
        let err = check_used(path, "admin", &unused(&["secrets: A.b", "secrets: C.d"], &["secrets: A.b"]));
        assert_eq!(
            err.expect_err("stale").to_string(),
            "specs/codegen.yaml: the `admin` settings entry `secrets: A.b` matches nothing in any of 2025-04, 2026-07; fix or remove it"
        );
    }
}
