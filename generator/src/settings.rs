//! Codegen settings: what the generator cannot read from a spec, declared once per API in a
//! small YAML file beside the specs (`specs/codegen.yaml`). Every entry must match something
//! in the spec; a stale entry is an error, never silently ignored.

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
    /// Fields that hold secrets, as `Schema.property`; they become a redacting type.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Where the error response keeps its machine-readable code and message.
    #[serde(default)]
    pub error: Option<ErrorFields>,
    /// Names for inline schemas, by the JSON pointer of the schema.
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
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
        serde_yaml::from_str(&text).map_err(|e| Error::Settings { path: path.to_owned(), message: e.to_string() })
    }

    /// The settings for `api`, or the defaults when it has no section.
    pub fn for_api(&self, api: &str) -> Settings {
        self.apis.get(api).cloned().unwrap_or_default()
    }
}
