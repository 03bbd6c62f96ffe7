//! The `types` submodule, and how a [`TypeRef`] is written in Rust.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, doc_text, docs, ident};
use crate::model::{Api, BodyEncoding, Field, TypeDef, TypeKind, TypeRef};
use crate::type_graph::{Refs, TypeGraph};

impl Emitter<'_> {
    /// The `types` module's docs.
    pub(super) fn types_head(&self) -> TokenStream {
        let api = self.api;
        let doc = doc_text(&format!(" The request and response types of {} `{}`.", api.title.trim(), api.version));
        quote! { #![doc = #doc] }
    }

    /// A named type with its impls.
    pub(super) fn type_unit(&self, def: &TypeDef) -> TokenStream {
        let item = self.type_def(def, self.recursive);
        let validate = self.validate_impl(def, self.checked);
        let parts = self.multipart.contains(&def.name).then(|| self.multipart_impl(def));
        quote! { #item #validate #parts }
    }

    fn type_def(&self, def: &TypeDef, recursive: &BTreeSet<(String, String)>) -> TokenStream {
        let doc = self.type_doc(def);
        let name = ident(&def.name);
        match &def.kind {
            TypeKind::Struct(fields) => self.structure(def, fields, recursive),
            TypeKind::Enum { variants, other } => self.enumeration(def, variants, other.as_deref()),
            TypeKind::Union { variants, discriminator, other } => {
                self.union(def, variants, discriminator.as_deref().zip(other.as_deref()), recursive)
            }
            TypeKind::Alias(target) => {
                let target = self.ty(target, true);
                quote! {
                    #doc
                    pub type #name = #target;
                }
            }
        }
    }

    /// `MultipartBody` for a struct: a file part per file, a text part per other value set;
    /// for a union, its alternative's parts.
    fn multipart_impl(&self, def: &TypeDef) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&def.name);
        if let TypeKind::Union { variants, other, .. } = &def.kind {
            let arms = variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                quote! { Self::#variant(value) => value.parts(), }
            });
            let other =
                other.as_deref().map(ident).map(|other| quote! { Self::#other(value) => #rt::value_parts(value), });
            return quote! {
                impl #rt::MultipartBody for #name {
                    fn parts(&self) -> Vec<#rt::Part> {
                        match self {
                            #(#arms)*
                            #other
                        }
                    }
                }
            };
        }
        let TypeKind::Struct(fields) = &def.kind else { return TokenStream::new() };
        let pushes = fields.iter().filter(|f| !f.flatten).map(|f| {
            let field = f.rust_name.ident();
            let wire = &f.wire_name;
            let part = match &f.ty {
                TypeRef::File => quote! { parts.push(#rt::Part::file(#wire, value)); },
                TypeRef::Vec(item) if **item == TypeRef::File => {
                    quote! { parts.extend(value.iter().map(|file| #rt::Part::file(#wire, file))); }
                }
                // A list is a part per item, as forms repeat a field.
                TypeRef::Vec(_) => quote! { parts.extend(value.iter().map(|item| #rt::Part::text(#wire, item))); },
                _ => quote! { parts.push(#rt::Part::text(#wire, value)); },
            };
            if f.required && !f.nullable {
                quote! {
                    let value = &self.#field;
                    #part
                }
            } else {
                quote! {
                    if let Some(value) = &self.#field {
                        #part
                    }
                }
            }
        });
        quote! {
            impl #rt::MultipartBody for #name {
                fn parts(&self) -> Vec<#rt::Part> {
                    let mut parts = Vec::new();
                    #(#pushes)*
                    parts
                }
            }
        }
    }

    /// A type's rustdoc: its description, or where the spec defines it.
    pub(super) fn type_doc(&self, def: &TypeDef) -> TokenStream {
        match &def.description {
            Some(description) => docs(None, Some(description)),
            None => docs(None, Some(&format!("The schema at `{}` in the spec.", def.pointer))),
        }
    }

    /// A field's rustdoc: its description (else its type's, else its wire name), then what
    /// the schema says beyond the type: direction, format, default.
    pub(super) fn field_doc(&self, field: &Field) -> TokenStream {
        let target = match &field.ty {
            TypeRef::Named(name) => self.api.types.get(name).and_then(|t| t.description.clone()),
            _ => None,
        };
        let fallback = || format!("The `{}` property.", field.wire_name);
        let mut text = field.description.clone().or(target).unwrap_or_else(fallback);
        let mut notes = Vec::new();
        if field.read_only {
            notes.push("Read-only: set by the server, and left out of requests when `None`.".to_owned());
        }
        if field.write_only {
            notes.push("Write-only: sent to the server, never returned.".to_owned());
        }
        if let Some(pattern) = &field.constraints.pattern {
            match super::validate::checkable_pattern(&field.constraints) {
                Some(_) => notes.push(format!("Pattern: `{pattern}`, checked before sending.")),
                None => notes.push(format!("Pattern: `{pattern}`, left to the server (not checked locally).")),
            }
        }
        if let Some(format) = &field.format {
            notes.push(format!("Format: `{format}`."));
        }
        if let Some(default) = &field.default {
            notes.push(format!("Default: `{default}`."));
        }
        notes.extend(field.annotations.iter().cloned());
        if !notes.is_empty() {
            text.push_str("\n\n");
            text.push_str(&notes.join(" "));
        }
        docs(None, Some(&text))
    }

    /// The Rust type for `ty`; `in_types` when written inside the `types` module.
    pub(super) fn ty(&self, ty: &TypeRef, in_types: bool) -> TokenStream {
        match ty {
            TypeRef::Named(name) => {
                let name = ident(name);
                if in_types {
                    quote! { #name }
                } else {
                    quote! { types::#name }
                }
            }
            TypeRef::String => quote! { String },
            TypeRef::Uuid => quote! { uuid::Uuid },
            TypeRef::DateTime => quote! { chrono::DateTime<chrono::Utc> },
            TypeRef::Date => quote! { chrono::NaiveDate },
            TypeRef::Bool => quote! { bool },
            TypeRef::I32 => quote! { i32 },
            TypeRef::I64 => quote! { i64 },
            TypeRef::F32 => quote! { f32 },
            TypeRef::F64 => quote! { f64 },
            TypeRef::Secret => {
                let rt = &self.rt;
                quote! { #rt::SecretString }
            }
            TypeRef::Json => quote! { serde_json::Value },
            TypeRef::File => {
                let rt = &self.rt;
                quote! { #rt::FilePart }
            }
            TypeRef::Text => quote! { String },
            TypeRef::Bytes => {
                let rt = &self.rt;
                quote! { #rt::Bytes }
            }
            TypeRef::Vec(item) => {
                let item = self.ty(item, in_types);
                quote! { Vec<#item> }
            }
            TypeRef::Map(value) => {
                let value = self.ty(value, in_types);
                quote! { std::collections::BTreeMap<String, #value> }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner, in_types);
                quote! { Option<#inner> }
            }
        }
    }
}

/// The structs sent as `multipart/form-data` bodies.
pub(super) fn multipart_bodies(api: &Api) -> BTreeSet<String> {
    /// Adds the struct or union `ty` names (through aliases), and a union's alternatives.
    fn add(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, out: &mut BTreeSet<String>) {
        let TypeRef::Named(name) = ty else { return };
        match types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => add(types, target, out),
            Some(TypeKind::Struct(_)) => {
                out.insert(name.clone());
            }
            Some(TypeKind::Union { variants, .. }) if out.insert(name.clone()) => {
                variants.iter().for_each(|v| add(types, &v.ty, out));
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for body in api.operations.iter().filter_map(|op| op.body.as_ref()) {
        if body.encoding == BodyEncoding::Multipart {
            add(&api.types, &body.ty, &mut out);
        }
    }
    out
}

/// The types that hold a secret: structs with a secret field, and every type containing one.
pub(super) fn secret_types(types: &BTreeMap<String, TypeDef>) -> BTreeSet<String> {
    fn direct(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Secret => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => direct(inner),
            _ => false,
        }
    }
    let seeds = types.iter().filter(|(_, def)| match &def.kind {
        TypeKind::Struct(fields) => fields.iter().any(|f| direct(&f.ty)),
        TypeKind::Alias(target) => direct(target),
        TypeKind::Union { variants, .. } => variants.iter().any(|v| direct(&v.ty)),
        TypeKind::Enum { .. } => false,
    });
    TypeGraph::new(types, Refs::Anywhere).referring_to(seeds.map(|(name, _)| name.as_str()))
}

/// The `(type, field or variant)` pairs that must be boxed: a struct field or union variant
/// holding (directly or in an `Option`) a type in the same cycle of by-value containment,
/// that is, in the same strongly connected component of the [`Refs::ByValue`] graph.
pub(super) fn recursive_fields(types: &BTreeMap<String, TypeDef>) -> BTreeSet<(String, String)> {
    let graph = TypeGraph::new(types, Refs::ByValue);
    let component = graph.components();
    let mut boxed = BTreeSet::new();
    for (name, def) in types {
        let Some(i) = graph.node(name) else { continue };
        let members: Vec<(&str, &TypeRef)> = match &def.kind {
            TypeKind::Struct(fields) => fields.iter().map(|f| (f.rust_name.as_str(), &f.ty)).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| (v.rust_name.as_str(), &v.ty)).collect(),
            TypeKind::Alias(_) | TypeKind::Enum { .. } => Vec::new(),
        };
        for (member, ty) in members {
            if graph.node_of(ty).is_some_and(|j| component[j] == component[i]) {
                boxed.insert((name.clone(), member.to_owned()));
            }
        }
    }
    boxed
}
