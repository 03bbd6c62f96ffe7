//! What a new spec changes in the generated Rust API, compared as the Rust API sees it:
//! operations and their parameters, bodies and results, types, fields and enum values. Each
//! change names the Rust item it affects and whether it breaks a downstream crate.
//!
//! Classification, for code written against the old version. Generated structs and enums are
//! `#[non_exhaustive]`, built with `new(required fields)` and setters, and structs never
//! derive `Eq`, so:
//! - adding an operation, a type, an optional field (of any type), an optional query or
//!   header parameter to an operation that already has some, a value of an enum (open or
//!   closed), or an alternative of a union is compatible;
//! - removing or renaming any of them, adding a required field or parameter, reordering
//!   required fields (the arguments of `new`), giving an operation its first query or header
//!   parameter (the method gains a `params` argument), and changing a type (including
//!   optional <-> required and formats such as `string` -> `uuid`) is breaking.
//!
//! `cargo xtask semver-check` runs cargo-semver-checks on crates generated from spec pairs
//! and compares its verdict with this one.
//!
//! Prose (descriptions, summaries) is not compared.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::model::{Api, Field, Operation, Output, ParamLocation, TypeDef, TypeKind, TypeRef};

/// Whether a change breaks code written against the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Code written against the old version may stop compiling or behave differently.
    Breaking,
    /// Code written against the old version keeps working.
    Compatible,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Breaking or compatible.
    pub impact: Impact,
    /// The Rust item it affects (`v2026_04::Client::list_project_api_keys`).
    pub item: String,
    /// What changed.
    pub change: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = match self.impact {
            Impact::Breaking => "breaking  ",
            Impact::Compatible => "compatible",
        };
        write!(f, "{impact}  {}: {}", self.item, self.change)
    }
}

/// The changes from `old` to `new`, sorted (breaking first). `old_module` and `new_module`
/// are the Rust paths of the two modules (`v2025_10`, `v2026_04::oauth`).
pub fn diff(old: &Api, new: &Api, old_module: &str, new_module: &str) -> Vec<Change> {
    let mut d = Differ { old_module, new_module, changes: Vec::new() };
    d.module(old, new);
    d.operations(old, new);
    d.types(old, new);
    d.changes.sort();
    d.changes
}

struct Differ<'a> {
    old_module: &'a str,
    new_module: &'a str,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, impact: Impact, item: String, change: String) {
        self.changes.push(Change { impact, item, change });
    }

    fn method(&self, module: &str, op: &Operation) -> String {
        format!("{module}::Client::{}", op.method_name.as_str())
    }

    fn type_item(&self, module: &str, name: &str) -> String {
        format!("{module}::types::{name}")
    }

    /// Module-level items: the API version sent, and the error body type.
    fn module(&mut self, old: &Api, new: &Api) {
        let version = |api: &Api| api.version_header.as_ref().map_or(api.version.clone(), |(_, v)| v.clone());
        if version(old) != version(new) {
            let change = format!("the API version sent is `{}` (was `{}`)", version(new), version(old));
            self.push(Impact::Compatible, format!("{}::API_VERSION", self.new_module), change);
        }
        let (was, now) = (render(&old.error.ty), render(&new.error.ty));
        if was != now {
            let change = format!("error bodies decode into `{now}` instead of `{was}`");
            self.push(Impact::Breaking, format!("{}::Error", self.new_module), change);
        }
    }

    /// Operations are matched by HTTP method and path, so a new operationId is a rename.
    fn operations(&mut self, old: &Api, new: &Api) {
        let key = |op: &Operation| (op.http_method.as_str(), op.path.clone());
        let old_ops: BTreeMap<_, &Operation> = old.operations.iter().map(|op| (key(op), op)).collect();
        let new_ops: BTreeMap<_, &Operation> = new.operations.iter().map(|op| (key(op), op)).collect();
        for ((method, path), op) in &old_ops {
            if !new_ops.contains_key(&(*method, path.clone())) {
                let item = self.method(self.old_module, op);
                self.push(
                    Impact::Breaking,
                    item,
                    format!("operation `{}` (`{method} {path}`) removed", op.operation_id),
                );
            }
        }
        for (k, new_op) in &new_ops {
            let item = self.method(self.new_module, new_op);
            let Some(old_op) = old_ops.get(k) else {
                let change = format!("operation `{}` (`{} {}`) added", new_op.operation_id, k.0, k.1);
                self.push(Impact::Compatible, item, change);
                continue;
            };
            if old_op.method_name != new_op.method_name {
                let change = format!(
                    "renamed from `{}::Client::{}` (operationId `{}` -> `{}`, same `{} {}`)",
                    self.old_module,
                    old_op.method_name.as_str(),
                    old_op.operation_id,
                    new_op.operation_id,
                    k.0,
                    k.1
                );
                self.push(Impact::Breaking, item.clone(), change);
            }
            self.parameters(&item, old_op, new_op);
            self.bodies(&item, old_op, new_op);
            self.outputs(&item, old_op, new_op);
        }
    }

    fn parameters(&mut self, item: &str, old: &Operation, new: &Operation) {
        if let (None, Some(params)) = (&old.params_struct, &new.params_struct) {
            let change = format!("takes a new `params: &{params}` argument (its first query or header parameter)");
            self.push(Impact::Breaking, item.to_owned(), change);
        }
        let params = |op: &Operation| -> BTreeMap<String, (ParamLocation, bool, String)> {
            op.params.iter().map(|p| (p.wire_name.clone(), (p.location, p.required, render(&p.ty)))).collect()
        };
        let (old_params, new_params) = (params(old), params(new));
        for (name, (location, _, _)) in &old_params {
            if !new_params.contains_key(name) {
                self.push(
                    Impact::Breaking,
                    item.to_owned(),
                    format!("{} parameter `{name}` removed", location_name(*location)),
                );
            }
        }
        for (name, (location, required, ty)) in &new_params {
            let place = location_name(*location);
            match old_params.get(name) {
                None if *required => {
                    self.push(Impact::Breaking, item.to_owned(), format!("required {place} parameter `{name}` added"))
                }
                None if *location != ParamLocation::Path && old.params_struct.is_none() => {
                    // Reported once above, as the new `params` argument.
                    self.push(Impact::Breaking, item.to_owned(), format!("optional {place} parameter `{name}` added"))
                }
                None => {
                    self.push(Impact::Compatible, item.to_owned(), format!("optional {place} parameter `{name}` added"))
                }
                Some((_, old_required, old_ty)) => {
                    if old_required != required {
                        let change = format!(
                            "{place} parameter `{name}` is now {}",
                            if *required { "required" } else { "optional" }
                        );
                        self.push(Impact::Breaking, item.to_owned(), change);
                    }
                    if old_ty != ty {
                        let change = format!("{place} parameter `{name}` changed type from `{old_ty}` to `{ty}`");
                        self.push(Impact::Breaking, item.to_owned(), change);
                    }
                }
            }
        }
    }

    fn bodies(&mut self, item: &str, old: &Operation, new: &Operation) {
        let body = |op: &Operation| op.body.as_ref().map(|b| (render(&b.ty), b.required));
        match (body(old), body(new)) {
            (None, Some((ty, _))) => self.push(Impact::Breaking, item.to_owned(), format!("request body `{ty}` added")),
            (Some((ty, _)), None) => {
                self.push(Impact::Breaking, item.to_owned(), format!("request body `{ty}` removed"))
            }
            (Some((old_ty, old_required)), Some((new_ty, new_required))) => {
                if old_ty != new_ty {
                    let change = format!("request body changed from `{old_ty}` to `{new_ty}`");
                    self.push(Impact::Breaking, item.to_owned(), change);
                }
                if old_required != new_required {
                    let change = format!("request body is now {}", if new_required { "required" } else { "optional" });
                    self.push(Impact::Breaking, item.to_owned(), change);
                }
            }
            (None, None) => {}
        }
    }

    fn outputs(&mut self, item: &str, old: &Operation, new: &Operation) {
        let (old_output, new_output) = (render_output(&old.output), render_output(&new.output));
        let statuses = |op: &Operation| op.success.iter().map(|r| r.status.to_string()).collect::<Vec<_>>().join(", ");
        let (old_statuses, new_statuses) = (statuses(old), statuses(new));
        if old_output != new_output {
            let change = format!(
                "returns `{new_output}` (status {new_statuses}) instead of `{old_output}` (status {old_statuses})"
            );
            self.push(Impact::Breaking, item.to_owned(), change);
        } else if old_statuses != new_statuses {
            let change = format!("success status {old_statuses} -> {new_statuses}, same result type");
            self.push(Impact::Compatible, item.to_owned(), change);
        }
    }

    fn types(&mut self, old: &Api, new: &Api) {
        for name in old.types.keys().filter(|n| !new.types.contains_key(*n)) {
            let item = self.type_item(self.old_module, name);
            self.push(Impact::Breaking, item, "type removed".to_owned());
        }
        for (name, new_def) in &new.types {
            let item = self.type_item(self.new_module, name);
            match old.types.get(name) {
                None => self.push(Impact::Compatible, item, "type added".to_owned()),
                Some(old_def) => {
                    let old_item = self.type_item(self.old_module, name);
                    self.type_changes(&old_item, &item, old_def, new_def)
                }
            }
        }
    }

    /// Changes within a type; what was removed is named by its old path, the rest by the new.
    fn type_changes(&mut self, old_item: &str, item: &str, old: &TypeDef, new: &TypeDef) {
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(old_fields), TypeKind::Struct(new_fields)) => {
                self.fields(old_item, item, old_fields, new_fields)
            }
            (TypeKind::Enum { variants: old_variants, other: old_other }, TypeKind::Enum { variants, other }) => {
                if old_other.is_some() != other.is_some() {
                    let change =
                        if other.is_some() { "enum is now open (`x-enum`)" } else { "enum is now closed (`enum`)" };
                    self.push(Impact::Breaking, item.to_owned(), change.to_owned());
                }
                for v in old_variants.iter().filter(|v| !variants.iter().any(|n| n.wire_name == v.wire_name)) {
                    self.push(
                        Impact::Breaking,
                        format!("{old_item}::{}", v.rust_name),
                        format!("value `{}` removed", v.wire_name),
                    );
                }
                for v in variants.iter().filter(|v| !old_variants.iter().any(|o| o.wire_name == v.wire_name)) {
                    let kind = if other.is_some() { "open enum" } else { "closed enum" };
                    self.push(
                        Impact::Compatible,
                        format!("{item}::{}", v.rust_name),
                        format!("value `{}` added to the {kind}", v.wire_name),
                    );
                }
            }
            (TypeKind::Union { variants: old_variants, .. }, TypeKind::Union { variants, .. }) => {
                for v in old_variants.iter().filter(|v| !variants.iter().any(|n| n.rust_name == v.rust_name)) {
                    let change = format!("alternative `{}` removed", render(&v.ty));
                    self.push(Impact::Breaking, format!("{old_item}::{}", v.rust_name), change);
                }
                for v in variants {
                    let variant_item = format!("{item}::{}", v.rust_name);
                    match old_variants.iter().find(|o| o.rust_name == v.rust_name) {
                        None => {
                            let change = format!("alternative `{}` added", render(&v.ty));
                            self.push(Impact::Compatible, variant_item, change);
                        }
                        Some(o) if o.ty != v.ty => {
                            let change = format!("now holds `{}` instead of `{}`", render(&v.ty), render(&o.ty));
                            self.push(Impact::Breaking, variant_item, change);
                        }
                        Some(_) => {}
                    }
                }
            }
            (TypeKind::Alias(old_ty), TypeKind::Alias(new_ty)) if old_ty != new_ty => {
                let change = format!("now stands for `{}` instead of `{}`", render(new_ty), render(old_ty));
                self.push(Impact::Breaking, item.to_owned(), change);
            }
            (old_kind, new_kind) if kind_name(old_kind) != kind_name(new_kind) => {
                let change = format!("changed from {} to {}", kind_name(old_kind), kind_name(new_kind));
                self.push(Impact::Breaking, item.to_owned(), change);
            }
            _ => {}
        }
    }

    fn fields(&mut self, old_item: &str, item: &str, old: &[Field], new: &[Field]) {
        let required = |fields: &[Field], other: &[Field]| -> Vec<String> {
            let kept = |f: &&Field| f.required && !f.flatten && other.iter().any(|o| o.wire_name == f.wire_name);
            fields.iter().filter(kept).map(|f| f.wire_name.clone()).collect()
        };
        let (was, now) = (required(old, new), required(new, old));
        if was.len() == now.len() && was != now {
            let change = format!(
                "`new` takes the required fields in another order: {} (was {})",
                now.join(", "),
                was.join(", ")
            );
            self.push(Impact::Breaking, format!("{item}::new"), change);
        }
        for field in old.iter().filter(|f| !new.iter().any(|n| n.wire_name == f.wire_name)) {
            let field_item = format!("{old_item}::{}", field.rust_name.as_str());
            self.push(Impact::Breaking, field_item, "field removed".to_owned());
        }
        for field in new {
            let field_item = format!("{item}::{}", field.rust_name.as_str());
            let Some(before) = old.iter().find(|o| o.wire_name == field.wire_name) else {
                if is_option(field) {
                    self.push(Impact::Compatible, field_item, format!("optional field `{}` added", field.wire_name));
                } else {
                    self.push(Impact::Breaking, field_item, format!("required field `{}` added", field.wire_name));
                }
                continue;
            };
            let (was, now) = (field_type(before), field_type(field));
            if was == now {
                continue;
            }
            let change = if render(&before.ty) == render(&field.ty) {
                format!("now {} (`{was}` -> `{now}`)", if is_option(field) { "optional" } else { "required" })
            } else {
                format!("type changed from `{was}` to `{now}`")
            };
            self.push(Impact::Breaking, field_item, change);
        }
    }
}

fn is_option(field: &Field) -> bool {
    !field.required || field.nullable
}

/// A field's Rust type as the generated code writes it (without `types::`).
fn field_type(field: &Field) -> String {
    if field.flatten || !is_option(field) { render(&field.ty) } else { format!("Option<{}>", render(&field.ty)) }
}

/// A type as Rust code names it, for messages.
pub fn render(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Uuid => "uuid::Uuid".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Secret => "SecretString".into(),
        TypeRef::File => "FilePart".into(),
        TypeRef::Text => "String".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Vec(item) => format!("Vec<{}>", render(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", render(value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", render(inner)),
    }
}

fn render_output(output: &Output) -> String {
    match output {
        Output::Body(Some(ty)) => render(ty),
        Output::Body(None) => "()".into(),
        Output::Statuses { headers: Some((name, _)), .. } => name.clone(),
        Output::Statuses { name, .. } | Output::WithHeaders { name, .. } => name.clone(),
    }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum { .. } => "an enum",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Union { .. } => "a union",
    }
}
