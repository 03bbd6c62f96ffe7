//! Schemas to types.
//!
//! Every component schema becomes a type named after the component. An inline schema that
//! needs a name (an object with properties, or a string enum) is named, in order of
//! preference, by the settings' `type_names` entry for its pointer, by its
//! `x-component-name`, or by where it sits: the owner's name plus the property name
//! (`Organization.plan` -> `OrganizationPlan`), singular for array items
//! (`ApiKey.roles[]` -> `ApiKeyRole`), `<Operation>Request`, `<Operation>Response` or
//! `<Operation>Error` for bodies.
//!
//! Inline schemas that state the same facts (ignoring prose: descriptions, titles,
//! examples) share one type, named after their first occurrence in traversal order. An inline
//! schema whose `x-component-name` names a component with the same facts is that component.
//! Schemas that differ are never merged: a name clash gives the later one a number.

use openapiv3::{
    AdditionalProperties, ArrayType, IntegerFormat, NumberFormat, ObjectType, ReferenceOr, Schema, SchemaKind,
    StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Lowerer;
use super::survey::Survey;
use crate::error::Result;
use crate::model::{Constraints, TypeDef, TypeKind, TypeRef, Variant};
use crate::naming::{Claims, Hint, type_name, variant_name};
use crate::pointer::Pointer;
use crate::secrets::name_says_secret;

/// A schema position: a `$ref` or an inline schema, borrowed from the document.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

/// Keys ignored when deciding whether two schemas are the same: prose, and the name hint.
const NOT_FACTS: &[&str] = &["description", "title", "example", "examples", "externalDocs", X_COMPONENT_NAME];

/// Open enums are marked with this extension; its values are the known ones.
const X_ENUM: &str = "x-enum";
const X_COMPONENT_NAME: &str = "x-component-name";

/// Names tried, in order, for the variant of an open enum (or a tagged union) that keeps
/// unknown values.
pub(super) const OTHER_NAMES: &[&str] = &["Other", "OtherValue", "Unrecognized"];

impl<'a> Lowerer<'a> {
    /// Registers every component schema's name, then defines each, in name order.
    pub(super) fn lower_components(&mut self) -> Result<()> {
        let spec = self.spec;
        let Some(components) = &spec.doc.components else { return Ok(()) };
        let mut names: Vec<&String> = components.schemas.keys().collect();
        names.sort();
        for name in &names {
            let rust = self.claims.claim(&type_name(name));
            self.components.insert((*name).clone(), rust);
        }
        for name in names {
            let pointer = Pointer::parse("/components/schemas").child(name);
            let rust = self.components[name].clone();
            let (description, kind) = match &components.schemas[name] {
                ReferenceOr::Reference { reference } => {
                    let hint = Hint::Exact(rust.clone());
                    (None, TypeKind::Alias(self.type_ref(SchemaRef::Ref(reference), &hint, &pointer)?))
                }
                ReferenceOr::Item(schema) => (describe(schema), self.define(&rust, Some(name), schema, &pointer)?),
            };
            self.types.insert(rust.clone(), TypeDef { name: rust, description, pointer, kind });
        }
        Ok(())
    }

    /// The type of the schema at `pointer`; `hint` names it if it is inline and needs a name.
    pub(super) fn type_ref(&mut self, schema: SchemaRef<'a>, hint: &Hint, pointer: &Pointer) -> Result<TypeRef> {
        match schema {
            SchemaRef::Ref(reference) => {
                let unfollowed = match self.ref_name(reference, "schemas") {
                    Ok(name) => match self.components.get(&name) {
                        Some(rust) => return Ok(TypeRef::Named(rust.clone())),
                        None => format!("`$ref: {reference}` points to nothing in the document"),
                    },
                    Err(unfollowed) => unfollowed.0,
                };
                self.warn(pointer, format_args!("{unfollowed}; the value is typed as any JSON value"));
                Ok(self.loose(pointer, "a reference that cannot be followed is any JSON value"))
            }
            SchemaRef::Inline(schema) => match single_all_of(schema) {
                // `allOf: [$ref]` only dresses a reference (with a description, `nullable`).
                Some(part) => self.type_ref(part.into(), hint, &pointer.join(["allOf", "0"])),
                None if needs_name(schema) => self.named_inline(schema, hint, pointer),
                None => self.anonymous(schema, hint, pointer),
            },
        }
    }

    /// The limits of a value at this position: its schema's, or where the schema only names
    /// another (`$ref`, `allOf: [$ref]`), the named schema's; a list's with its items'.
    pub(super) fn constraints_at(&self, schema: SchemaRef<'_>) -> Constraints {
        let mut current = schema;
        // A chain of names is short; a cycle of them is cut (lowering warns about it).
        for _ in 0..16 {
            let inline = match current {
                SchemaRef::Inline(schema) => schema,
                SchemaRef::Ref(reference) => {
                    let components = self.spec.doc.components.as_ref();
                    let name = self.ref_name(reference, "schemas").ok();
                    match name.and_then(|name| components?.schemas.get(&name)) {
                        Some(target) => {
                            current = target.into();
                            continue;
                        }
                        None => return Constraints::default(),
                    }
                }
            };
            if let Some(part) = single_all_of(inline) {
                current = part.into();
                continue;
            }
            let mut own = constraints(inline);
            if let SchemaKind::Type(Type::Array(array)) = &inline.schema_kind {
                let items = array.items.as_ref().map(|items| self.constraints_at(items.into()));
                own.items = items.filter(|c| !c.is_empty()).map(Box::new);
            }
            return own;
        }
        Constraints::default()
    }

    /// Whether the schema at this position allows `null`, looking through a `$ref`.
    pub(super) fn nullable(&self, schema: SchemaRef<'_>) -> bool {
        match schema {
            SchemaRef::Inline(s) => s.schema_data.nullable,
            SchemaRef::Ref(reference) => self
                .ref_name(reference, "schemas")
                .ok()
                .and_then(|name| self.spec.doc.components.as_ref()?.schemas.get(&name))
                .is_some_and(|s| matches!(s, ReferenceOr::Item(s) if s.schema_data.nullable)),
        }
    }

    /// An inline schema that becomes (or shares) a named type.
    fn named_inline(&mut self, schema: &'a Schema, hint: &Hint, pointer: &Pointer) -> Result<TypeRef> {
        let key = structural_key(schema);
        if let Some(name) = self.settings.type_names.get(pointer.as_str()) {
            self.used.insert(format!("type_names: {pointer}"));
            self.seen.name_seen(&key, name, pointer);
        }
        if let Some(family) = hint.family() {
            self.seen.family_seen(&key, family);
        }
        let component_name = schema.schema_data.extensions.get(X_COMPONENT_NAME).and_then(Value::as_str);
        if let Some(component) = component_name {
            let same = self.spec.doc.components.as_ref().and_then(|c| c.schemas.get(component));
            if let (Some(ReferenceOr::Item(target)), Some(rust)) = (same, self.components.get(component)) {
                if structural_key(target) == key {
                    return Ok(TypeRef::Named(rust.clone()));
                }
            }
        }
        if let Some(existing) = self.inline.get(&key) {
            return Ok(TypeRef::Named(existing.clone()));
        }
        let name = self.inline_name(&key, schema, hint, pointer)?;
        self.inline.insert(key, name.clone());
        let kind = self.define(&name, component_name, schema, pointer)?;
        self.types.insert(
            name.clone(),
            TypeDef { name: name.clone(), description: describe(schema), pointer: pointer.to_owned(), kind },
        );
        Ok(TypeRef::Named(name))
    }

    /// The name of a new inline type: the settings' name (given to any of its occurrences),
    /// else the first free one of the spec's `x-component-name` and the names its position
    /// suggests ([`Hint::candidates`]); when all are taken, the last, numbered.
    fn inline_name(&mut self, key: &str, schema: &'a Schema, hint: &Hint, pointer: &Pointer) -> Result<String> {
        let wanted = self.wanted(self.survey.as_ref(), key, schema, hint, pointer)?;
        let (name, decided) = match wanted {
            Wanted::Given(name) => (name.clone(), Decided::Given(name)),
            Wanted::Free(candidates) => match candidates.iter().position(|c| !self.claims.is_taken(c)) {
                Some(free) => (candidates[free].clone(), Decided::FirstFree(candidates[..=free].to_vec())),
                None => {
                    (candidates.last().cloned().unwrap_or_else(|| "Type".to_owned()), Decided::AllTaken(candidates))
                }
            },
        };
        if self.survey.is_none() {
            let (key, hint, pointer) = (key.to_owned(), hint.clone(), pointer.clone());
            self.provisional.push(Provisional { key, schema, hint, pointer, decided });
        }
        Ok(self.claims.claim(&name))
    }

    /// The names a new inline type wants, before clashes, given what `survey` says of all its
    /// occurrences (`None` in the first pass, which knows only this one).
    fn wanted(
        &self,
        survey: Option<&Survey>,
        key: &str,
        schema: &Schema,
        hint: &Hint,
        pointer: &Pointer,
    ) -> Result<Wanted> {
        let mut surveyed = survey.and_then(|s| s.names(key)).into_iter().flatten();
        let first = surveyed.next();
        if let (Some((name, at)), Some((second, other))) = (first, surveyed.next()) {
            return Err(self.invalid(
                other,
                format!("the settings name this schema `{second}`, but the identical schema at `{at}` is named `{name}`, and identical schemas are one type; keep one name"),
            ));
        }
        // The first pass has no survey yet, but nested types are named after their owner, so
        // it honours the entry at this very position.
        if let Some(name) = first.map(|(name, _)| name).or(self.settings.type_names.get(pointer.as_str())) {
            return Ok(Wanted::Given(type_name(name)));
        }
        let mut candidates: Vec<String> = declared_name(schema).map(type_name).into_iter().collect();
        candidates.extend(hint.candidates(survey.and_then(|s| s.family(key))));
        Ok(Wanted::Free(candidates))
    }

    /// Whether every provisional name of the first pass is the one it would have been had
    /// the pass known all occurrences from the start: then a second pass would make the same
    /// choices in the same order, and the first pass's result stands.
    pub(super) fn survey_confirms(&self) -> bool {
        self.provisional.iter().all(|p| {
            self.wanted(Some(&self.seen), &p.key, p.schema, &p.hint, &p.pointer).is_ok_and(|wanted| {
                match (wanted, &p.decided) {
                    (Wanted::Given(now), Decided::Given(then)) => now == *then,
                    (Wanted::Free(now), Decided::FirstFree(then)) => now.starts_with(then),
                    (Wanted::Free(now), Decided::AllTaken(then)) => now == *then,
                    _ => false,
                }
            })
        })
    }

    /// What a named schema becomes; `wire_name` is its component name, if any, for settings.
    fn define(
        &mut self,
        name: &str,
        wire_name: Option<&str>,
        schema: &'a Schema,
        pointer: &Pointer,
    ) -> Result<TypeKind> {
        if let Some(values) = self.enum_values(schema, pointer) {
            return Ok(self.enumeration(values));
        }
        if let Some(part) = single_all_of(schema) {
            return Ok(TypeKind::Alias(self.type_ref(
                part.into(),
                &Hint::Exact(name.to_owned()),
                &pointer.join(["allOf", "0"]),
            )?));
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => {
                return self.union(name, one_of, discriminator, &pointer.child("oneOf"));
            }
            SchemaKind::AnyOf { any_of } => {
                return self.union(name, any_of, discriminator, &pointer.child("anyOf"));
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                return self.composition(name, wire_name, schema, any, discriminator, pointer);
            }
            _ => {}
        }
        match self.object(name, wire_name, schema, pointer)? {
            Some(fields) => Ok(TypeKind::Struct(fields)),
            None => Ok(TypeKind::Alias(self.anonymous(schema, &Hint::Exact(name.to_owned()), pointer)?)),
        }
    }

    /// Whether the property `owner.property` (of type `ty`) holds a secret: declared so in
    /// the settings (by Rust or component name), or a string whose name says so
    /// ([`crate::secrets`]) and that the settings do not opt out.
    pub(super) fn is_secret(
        &mut self,
        (owner, wire_owner): (&str, Option<&str>),
        property: &str,
        ty: &TypeRef,
        pointer: &Pointer,
    ) -> Result<bool> {
        let entries: Vec<String> =
            [Some(owner), wire_owner].into_iter().flatten().map(|o| format!("{o}.{property}")).collect();
        if let Some(entry) = entries.iter().find(|e| self.settings.secrets.contains(e)) {
            self.used.insert(format!("secrets: {entry}"));
            if *ty != TypeRef::String {
                return Err(self.invalid(
                    pointer,
                    "the settings declare this property secret, but only string properties can be secrets",
                ));
            }
            return Ok(true);
        }
        if *ty != TypeRef::String || !name_says_secret(property) {
            return Ok(false);
        }
        match entries.iter().find(|e| self.settings.not_secrets.contains(e)) {
            Some(entry) => {
                self.used.insert(format!("not_secrets: {entry}"));
                Ok(false)
            }
            None => Ok(true),
        }
    }

    /// The type of a schema that needs no name of its own.
    fn anonymous(&mut self, schema: &'a Schema, hint: &Hint, pointer: &Pointer) -> Result<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => Ok(string_type(s)),
            SchemaKind::Type(Type::Integer(i)) => Ok(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => Ok(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Bool),
            SchemaKind::Type(Type::Array(ArrayType { items, .. })) => self.array(items.as_ref(), hint, pointer),
            SchemaKind::Type(Type::Object(ObjectType { additional_properties, .. })) => {
                self.map(additional_properties.as_ref(), hint, pointer)
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("array") => self.array(any.items.as_ref(), hint, pointer),
                Some("object") | None if any.additional_properties.is_some() => {
                    self.map(any.additional_properties.as_ref(), hint, pointer)
                }
                // A scalar `type` the reader did not take: keywords that do not fit it, such as
                // `enum` values of another type (`type: string, enum: [10, 20]`).
                Some(ty) if ty != "object" => Ok(self.loose(
                    pointer,
                    format_args!("the schema's keywords do not fit its `type: {ty}` (an `enum` value of another type, say), so no value fits both; any JSON value"),
                )),
                _ if any.one_of.is_empty() && any.all_of.is_empty() && any.any_of.is_empty() && any.not.is_none() => {
                    Ok(TypeRef::Json)
                }
                _ => Ok(self.loose(pointer, "this combination of keywords has no Rust type; any JSON value")),
            },
            // Compositions are named types; `not` alone is normalised away.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::Not { .. } => {
                Ok(self.loose(pointer, "this composition has no Rust type here; any JSON value"))
            }
        }
    }

    fn array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        hint: &Hint,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        let item = match items {
            Some(items) => self.element(items.into(), &hint.items(), &pointer.child("items"))?,
            None => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    /// The type of a list's items or a map's values: `Option` of it when it may be `null`.
    pub(super) fn element(&mut self, schema: SchemaRef<'a>, hint: &Hint, pointer: &Pointer) -> Result<TypeRef> {
        let ty = self.type_ref(schema, hint, pointer)?;
        Ok(match self.nullable(schema) && ty != TypeRef::Json {
            true => TypeRef::Nullable(Box::new(ty)),
            false => ty,
        })
    }

    /// A free-form object (`Json`) or a map (`additionalProperties`).
    fn map(&mut self, additional: Option<&'a AdditionalProperties>, hint: &Hint, pointer: &Pointer) -> Result<TypeRef> {
        match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let pointer = pointer.child("additionalProperties");
                let value = self.element(values.as_ref().into(), &hint.values(), &pointer)?;
                Ok(TypeRef::Map(Box::new(value)))
            }
            Some(AdditionalProperties::Any(true)) => Ok(TypeRef::Map(Box::new(TypeRef::Json))),
            Some(AdditionalProperties::Any(false)) | None => Ok(TypeRef::Json),
        }
    }

    /// The values of a string enum (`enum`, closed, or `x-enum`, open) and whether it is open.
    /// The values of a string enum (`enum`, closed, or `x-enum`, open) and whether it is open.
    /// An `x-enum` of another shape, or on a schema that is not a string, is not one the
    /// generator understands: it is ignored, with a note.
    fn enum_values(&mut self, schema: &Schema, pointer: &Pointer) -> Option<(Vec<String>, bool)> {
        let x_enum = schema.schema_data.extensions.get(X_ENUM);
        let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
            if x_enum.is_some() {
                self.note(pointer, "`x-enum` (an open string enum) on a schema that is not a string is ignored");
            }
            return None;
        };
        if !s.enumeration.is_empty() {
            return Some((s.enumeration.iter().flatten().cloned().collect(), false));
        }
        let values = x_enum?
            .as_array()
            .and_then(|values| values.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<String>>>());
        if values.is_none() {
            self.note(pointer, "`x-enum` (an open string enum) that is not a list of strings is ignored");
        }
        values.map(|values| (values, true))
    }

    fn enumeration(&mut self, (values, open): (Vec<String>, bool)) -> TypeKind {
        let mut claims = Claims::default();
        let mut variants = Vec::with_capacity(values.len());
        for wire in values {
            if variants.iter().any(|v: &Variant| v.wire_name == wire) {
                continue; // a repeated value is one variant
            }
            let rust_name = claims.claim(&variant_name(&wire));
            variants.push(Variant { wire_name: wire, rust_name });
        }
        let other = open.then(|| {
            let free = OTHER_NAMES.iter().find(|n| !claims.is_taken(n)).copied().unwrap_or("Other");
            claims.claim(free)
        });
        TypeKind::Enum { variants, other }
    }
}

/// The one part of an `allOf` that has nothing else beside it.
fn single_all_of(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => all_of.first(),
        _ => None,
    }
}

/// The name the spec gives an inline schema with `x-component-name`: on the schema itself,
/// or on the one `allOf` part of a schema that only wraps it (to make it `nullable`).
fn declared_name(schema: &Schema) -> Option<&str> {
    if let Some(name) = schema.schema_data.extensions.get(X_COMPONENT_NAME).and_then(Value::as_str) {
        return Some(name);
    }
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) if any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
            &any.all_of
        }
        _ => return None,
    };
    match parts.as_slice() {
        [ReferenceOr::Item(part)] => part.schema_data.extensions.get(X_COMPONENT_NAME).and_then(Value::as_str),
        _ => None,
    }
}

/// Whether an inline schema becomes a named type: objects with properties and string enums.
fn needs_name(schema: &Schema) -> bool {
    let is_enum = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            !s.enumeration.is_empty() || schema.schema_data.extensions.contains_key(X_ENUM)
        }
        _ => false,
    };
    let composite = match &schema.schema_kind {
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => !any.all_of.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty(),
        _ => false,
    };
    is_enum || composite || object_shape(schema).is_some_and(|(properties, ..)| !properties.is_empty())
}

pub(super) type ObjectShape<'s> =
    (&'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>, &'s [String], Option<&'s AdditionalProperties>);

/// The properties, required list and `additionalProperties` of an object schema, whether it
/// says `type: object` or only has properties.
pub(super) fn object_shape(schema: &Schema) -> Option<ObjectShape<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required, o.additional_properties.as_ref())),
        SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("object")) && !any.properties.is_empty() => {
            Some((&any.properties, &any.required, any.additional_properties.as_ref()))
        }
        _ => None,
    }
}

fn string_type(s: &StringType) -> TypeRef {
    match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
        _ => TypeRef::String,
    }
}

/// The schema's description, or its title when it has none.
pub(super) fn describe(schema: &Schema) -> Option<String> {
    schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone())
}

pub(super) fn constraints(schema: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            c.min_length = s.min_length;
            c.max_length = s.max_length;
            c.pattern = s.pattern.clone();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.values = i.enumeration.iter().flatten().map(|v| *v as f64).collect();
            c.minimum = i.minimum.map(|v| v as f64);
            c.maximum = i.maximum.map(|v| v as f64);
            c.exclusive_minimum = i.exclusive_minimum;
            c.exclusive_maximum = i.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.values = n.enumeration.iter().flatten().copied().collect();
            c.minimum = n.minimum;
            c.maximum = n.maximum;
            c.exclusive_minimum = n.exclusive_minimum;
            c.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
        }
        SchemaKind::Type(Type::Object(o)) => c.min_properties = o.min_properties,
        SchemaKind::Any(any) => c.min_properties = any.min_properties,
        _ => {}
    }
    c
}

/// A canonical text of the schema's facts: prose and name hints removed, object keys sorted.
pub(super) fn structural_key(schema: &Schema) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().filter(|k| !NOT_FACTS.contains(&k.as_str())).collect();
                keys.sort();
                out.push('{');
                for key in keys {
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(&map[key], out);
                    out.push(',');
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for item in items {
                    write(item, out);
                    out.push(',');
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    // Serializing a parsed schema cannot fail: it holds only strings, numbers and maps.
    if let Ok(value) = serde_json::to_value(schema) {
        write(&value, &mut out);
    }
    out
}

/// The names a new inline type wants.
#[derive(Debug)]
enum Wanted {
    /// The settings give it this name.
    Given(String),
    /// The first of these that is free, else the last, numbered.
    Free(Vec<String>),
}

/// What decided a new inline type's name: the settings' name, the candidates up to the first
/// free one, or all the candidates when none was free.
#[derive(Debug)]
enum Decided {
    Given(String),
    FirstFree(Vec<String>),
    AllTaken(Vec<String>),
}

/// A name the first pass chose without knowing every occurrence of the schema.
pub(super) struct Provisional<'a> {
    key: String,
    schema: &'a Schema,
    hint: Hint,
    pointer: Pointer,
    decided: Decided,
}
