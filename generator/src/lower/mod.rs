//! Lowering: from the parsed OpenAPI document to the plain-data [`Api`] model.
//!
//! Traversal order is fixed so that names are stable: component schemas in name order first,
//! then operations in document order (paths as written, methods in the order
//! get, put, post, delete, options, head, patch, trace).

mod errors;
mod objects;
mod operations;
mod pagination;
mod refs;
mod responses;
mod schemas;
mod unions;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::{Error, Location, Result};
use crate::load::Spec;
use crate::model::{Api, TypeDef};
use crate::naming::Claims;
use crate::settings::Settings;

/// Lowers `spec` with `settings` into the model the emitter reads.
pub fn lower(spec: &Spec, settings: &Settings) -> Result<Api> {
    let mut cx = Lowerer::new(spec, settings);
    cx.lower_components()?;
    let operations = cx.lower_operations()?;
    let error = cx.error_model(&operations)?;
    cx.check_settings_used()?;
    let info = &spec.doc.info;
    Ok(Api {
        title: info.title.clone(),
        description: info.description.clone(),
        version: info.version.clone(),
        base_url: spec.doc.servers.first().map(|s| s.url.clone()),
        version_header: cx.version_header(),
        error,
        operations: operations.into_iter().map(|(op, _)| op).collect(),
        types: cx.types,
    })
}

/// State shared by the lowering passes.
struct Lowerer<'a> {
    spec: &'a Spec,
    settings: &'a Settings,
    /// Type names taken in the module.
    claims: Claims,
    /// Rust names of component schemas, by component name.
    components: BTreeMap<String, String>,
    /// Inline schemas already given a type, by their structural key.
    inline: HashMap<String, String>,
    /// The types made so far.
    types: BTreeMap<String, TypeDef>,
    /// Settings entries that matched something (the rest are reported as stale).
    used_secrets: BTreeSet<String>,
    used_type_names: BTreeSet<String>,
    /// The value of the API-version header, if a parameter declared a default for it.
    version_default: Option<String>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a Spec, settings: &'a Settings) -> Self {
        Self {
            spec,
            settings,
            claims: Claims::default(),
            components: BTreeMap::new(),
            inline: HashMap::new(),
            types: BTreeMap::new(),
            used_secrets: BTreeSet::new(),
            used_type_names: BTreeSet::new(),
            version_default: None,
        }
    }

    fn at(&self, pointer: &str) -> Box<Location> {
        self.spec.location(pointer)
    }

    fn unsupported(&self, pointer: &str, construct: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Unsupported { location: self.at(pointer), construct: construct.into(), hint: hint.into() }
    }

    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Invalid { location: self.at(pointer), message: message.into() }
    }

    /// The version header and the value every request sends in it.
    fn version_header(&self) -> Option<(String, String)> {
        let name = self.settings.version_header.clone()?;
        let value = self.version_default.clone().unwrap_or_else(|| self.spec.doc.info.version.clone());
        Some((name, value))
    }

    /// Settings that name nothing in the spec are errors: a typo would otherwise silently
    /// leave a secret printable or a type misnamed.
    fn check_settings_used(&self) -> Result<()> {
        let stale_secret = self.settings.secrets.iter().find(|s| !self.used_secrets.contains(*s));
        let stale_name = self.settings.type_names.keys().find(|p| !self.used_type_names.contains(*p));
        let message = match (stale_secret, stale_name) {
            (Some(secret), _) => format!(
                "the settings declare `{secret}` secret, but no string property of that name exists in this spec; fix or remove the entry"
            ),
            (None, Some(pointer)) => format!(
                "the settings name the inline schema at `{pointer}`, but no inline object or enum schema is at that pointer (or it shares the type of an earlier identical schema); fix or remove the entry"
            ),
            (None, None) => return Ok(()),
        };
        Err(Error::Invalid { location: self.at(""), message })
    }
}
