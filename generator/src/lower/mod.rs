//! Lowering: from the parsed OpenAPI document to the plain-data [`Api`] model.
//!
//! Traversal order is fixed so that names are stable: component schemas in name order first,
//! then operations in document order (paths as written, methods in the order
//! get, put, post, delete, options, head, patch, trace).

mod command_args;
mod commands;
mod cycles;
mod errors;
mod members;
mod objects;
mod operations;
mod pagination;
mod parts;
mod refs;
mod responses;
mod schemas;
mod security;
mod survey;
mod unions;
mod webhooks;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::error::{Error, Location, Result};
use crate::load::Spec;
use crate::model::{Api, Note, NoteKind, Operation, TypeDef, TypeRef, Webhook};
use crate::naming::{Claims, PRELUDE};
use crate::pointer::Pointer;
use crate::settings::Settings;
use schemas::Provisional;
use survey::Survey;

pub use commands::resource_and_action;

/// Lowers `spec` with `settings` into the model the emitter reads.
pub fn lower(spec: &Spec, settings: &Settings) -> Result<Api> {
    lower_with(spec, settings, false)
}

/// [`lower`] with its second pass forced, to test that skipping it never changes the result
/// (the skip is what [`lower`] does when its first pass's names need no second look).
pub fn lower_in_two_passes(spec: &Spec, settings: &Settings) -> Result<Api> {
    lower_with(spec, settings, true)
}

fn lower_with(spec: &Spec, settings: &Settings, second_pass: bool) -> Result<Api> {
    // An inline schema used in several places is named from all of them, which the pass
    // learns only as it goes: its names are provisional, and a second pass, told what the
    // first saw, names them again unless the first pass's names already agree with it.
    let mut cx = Lowerer::new(spec, settings, None);
    let (mut operations, mut webhooks) = cx.lower_all()?;
    if second_pass || !cx.survey_confirms() {
        cx = Lowerer::new(spec, settings, Some(std::mem::take(&mut cx.seen)));
        (operations, webhooks) = cx.lower_all()?;
    }
    if settings.strict {
        let warnings: Vec<String> =
            cx.notes.iter().filter(|n| n.kind == NoteKind::Warning).map(ToString::to_string).collect();
        if !warnings.is_empty() {
            return Err(Error::Strict { warnings });
        }
    }
    cx.note_unsent_schemes();
    cx.name_commands(&mut operations)?;
    members::name_mocks(&mut operations);
    members::name_setters(&mut cx.types);
    cx.end_type_cycles();
    let error = cx.error_model(&operations)?;
    let unused_settings = cx.unused_settings();
    let parts = settings.split_by.map(|split| parts::split(split, &operations, &cx.types, &error, &webhooks));
    let info = &spec.doc.info;
    Ok(Api {
        title: info.title.clone(),
        description: info.description.clone(),
        version: info.version.clone(),
        base_url: spec.doc.servers.first().and_then(server_url),
        api_key: cx.api_key.clone(),
        version_header: cx.version_header(),
        error,
        operations,
        types: cx.types,
        unused_settings,
        notes: cx.notes,
        webhooks,
        parts,
    })
}

/// A server's URL with its variables replaced by their defaults; `None` when a variable has
/// no default (the caller must give the URL).
fn server_url(server: &openapiv3::Server) -> Option<String> {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    (!url.contains('{')).then_some(url)
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
    /// Settings entries that matched something, as [`Settings::entries`] names them.
    used: BTreeSet<String>,
    /// The value of the API-version header, if a parameter declared a default for it.
    version_default: Option<String>,
    /// Whether operations must each say which credential they take (the API takes both).
    both_credentials: bool,
    /// Where the client's API key goes ([`security::api_key`]).
    api_key: Option<crate::model::ApiKeyPlace>,
    /// What the first pass saw of inline schemas; `None` during the first pass, whose names
    /// for them are provisional.
    survey: Option<Survey>,
    /// The provisional names' choices, to check against what the first pass saw.
    provisional: Vec<Provisional<'a>>,
    /// What this pass sees.
    seen: Survey,
    /// What the user is told about the spec, in order, each once.
    notes: Vec<Note>,
    /// The notes already made, by pointer (as written) and message.
    noted: HashSet<(String, String)>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a Spec, settings: &'a Settings, survey: Option<Survey>) -> Self {
        let api_key = security::api_key(spec);
        Self {
            spec,
            settings,
            claims: Claims::reserving(PRELUDE),
            components: BTreeMap::new(),
            inline: HashMap::new(),
            types: BTreeMap::new(),
            used: BTreeSet::new(),
            version_default: None,
            both_credentials: security::takes_both(spec, api_key.as_ref()),
            api_key,
            survey,
            provisional: Vec::new(),
            seen: Survey::default(),
            notes: Vec::new(),
            noted: HashSet::new(),
        }
    }

    /// The spec's notes, its component schemas, operations and webhooks, in that order.
    fn lower_all(&mut self) -> Result<(Vec<Operation>, Vec<Webhook>)> {
        for remark in &self.spec.notes {
            self.remark(remark.kind, &remark.pointer, &remark.message);
        }
        self.lower_components()?;
        let operations = self.lower_operations()?;
        let webhooks = self.lower_webhooks()?;
        Ok((operations, webhooks))
    }

    fn at(&self, pointer: &Pointer) -> Box<Location> {
        self.spec.location(pointer)
    }

    /// Records a choice made where the spec was ambiguous, at `pointer`.
    fn note(&mut self, pointer: &Pointer, message: impl std::fmt::Display) {
        self.remark(NoteKind::Choice, pointer, message);
    }

    /// Records that the place at `pointer` is typed loosely, and why; its type is any JSON
    /// value.
    fn loose(&mut self, pointer: &Pointer, message: impl std::fmt::Display) -> TypeRef {
        self.remark(NoteKind::Loose, pointer, message);
        TypeRef::Json
    }

    /// Records an error of the document confined to `pointer`, and how it was worked around.
    fn warn(&mut self, pointer: &Pointer, message: impl std::fmt::Display) {
        self.remark(NoteKind::Warning, pointer, message);
    }

    fn remark(&mut self, kind: NoteKind, pointer: &Pointer, message: impl std::fmt::Display) {
        let location = *self.at(pointer);
        let message = message.to_string();
        if self.noted.insert((location.pointer.clone(), message.clone())) {
            self.notes.push(Note { kind, location, message });
        }
    }

    fn invalid(&self, pointer: &Pointer, message: impl Into<String>) -> Error {
        Error::Invalid { location: self.at(pointer), message: message.into() }
    }

    /// The version header and the value every request sends in it.
    fn version_header(&self) -> Option<(String, String)> {
        let name = self.settings.version_header.clone()?;
        let value = self.version_default.clone().unwrap_or_else(|| self.spec.doc.info.version.clone());
        Some((name, value))
    }

    /// The settings entries that named nothing in this spec. Whether that is an error depends
    /// on the other versions of the API, so the caller decides ([`crate::settings::check_used`]).
    fn unused_settings(&self) -> Vec<String> {
        self.settings.entries().into_iter().filter(|e| !self.used.contains(e)).collect()
    }
}
