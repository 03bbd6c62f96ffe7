//! Object schemas, and `allOf` merged into one struct: the properties and `required` lists of
//! every part (following `$ref`s into components) are combined in order. Where two parts
//! define a property differently, the later part's definition is kept (an `allOf` part
//! usually narrows what it extends), with a note. A part that is a union (`oneOf`/`anyOf`)
//! is a flattened field: the value is one of its alternatives and has the other properties.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::Lowerer;
use super::schemas::{SchemaRef, describe, object_shape, structural_key};
use crate::error::Result;
use crate::model::{Field, TypeRef};
use crate::naming::{Claims, Hint, RustName, field_name};
use crate::pointer::Pointer;

/// The name of the field that collects `additionalProperties` next to named properties.
const ADDITIONAL: &str = "additional_properties";

/// The schema of a property that is required but not described: any JSON value.
static ANY_VALUE: std::sync::LazyLock<ReferenceOr<Box<Schema>>> = std::sync::LazyLock::new(|| {
    ReferenceOr::Item(Box::new(Schema {
        schema_data: openapiv3::SchemaData {
            description: Some("Required by the schema, which does not describe it: any JSON value.".to_owned()),
            ..Default::default()
        },
        schema_kind: SchemaKind::Any(openapiv3::AnySchema::default()),
    }))
});

/// The parts of an object, gathered from the schema and its `allOf` parts.
#[derive(Default)]
struct Gathered<'s> {
    /// Each property with the pointer of its schema.
    properties: IndexMap<String, (&'s ReferenceOr<Box<Schema>>, Pointer)>,
    required: Vec<String>,
    additional: Option<(&'s AdditionalProperties, Pointer)>,
    /// Parts that are unions, with their pointers and the name of their field.
    unions: Vec<(SchemaRef<'s>, Pointer, RustName)>,
}

impl<'a> Lowerer<'a> {
    /// The fields of `schema` if it is an object or an `allOf`, else `None`.
    pub(super) fn object(
        &mut self,
        owner: &str,
        wire_owner: Option<&str>,
        schema: &'a Schema,
        pointer: &Pointer,
    ) -> Result<Option<Vec<Field>>> {
        let is_all_of = match &schema.schema_kind {
            SchemaKind::AllOf { .. } => true,
            SchemaKind::Any(any) => !any.all_of.is_empty(),
            _ => false,
        };
        if !is_all_of && object_shape(schema).is_none_or(|(properties, ..)| properties.is_empty()) {
            return Ok(None);
        }
        let mut gathered = Gathered::default();
        self.gather(schema, pointer, &mut gathered, &mut Vec::new(), false)?;
        // JSON Schema lets `required` name a property the schema does not describe: the value
        // must have it, of any type. It is a field of any JSON value, unless the object takes
        // no other properties, which no value could satisfy.
        let missing: Vec<String> =
            gathered.required.iter().filter(|r| !gathered.properties.contains_key(*r)).cloned().collect();
        for name in missing {
            let required_pointer = pointer.child("required");
            if matches!(gathered.additional, Some((AdditionalProperties::Any(false), _))) {
                self.note(
                    &required_pointer,
                    format_args!("`required` lists `{name}`, which the object neither describes nor accepts; ignored"),
                );
                gathered.required.retain(|r| *r != name);
            } else {
                self.loose(
                    &required_pointer,
                    format_args!(
                        "`required` lists `{name}`, which the schema does not describe: a field of any JSON value"
                    ),
                );
                gathered.properties.insert(name, (&ANY_VALUE, required_pointer));
            }
        }
        self.fields(owner, wire_owner, gathered).map(Some)
    }

    /// Adds the properties of `schema` (and of its `allOf` parts) to `out`; a `part` of an
    /// `allOf` that is a union is a flattened field (the schema itself is lowered as a union
    /// by its caller).
    fn gather(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
        out: &mut Gathered<'a>,
        seen: &mut Vec<String>,
        part: bool,
    ) -> Result<()> {
        let (parts, parts_pointer) = match &schema.schema_kind {
            _ if part && is_union(schema) => {
                out.unions.push((SchemaRef::Inline(schema), pointer.to_owned(), field_name("variant")));
                return Ok(());
            }
            SchemaKind::AllOf { all_of } => (all_of.as_slice(), pointer.child("allOf")),
            SchemaKind::Any(any) => (any.all_of.as_slice(), pointer.child("allOf")),
            SchemaKind::Type(Type::Object(_)) => (&[][..], Pointer::root()),
            _ => {
                self.note(
                    pointer,
                    "an `allOf` part that is not an object cannot hold the properties of the others; left out",
                );
                return Ok(());
            }
        };
        if let Some((properties, required, additional)) = object_shape(schema) {
            for (name, property) in properties {
                let property_pointer = pointer.child("properties").child(name);
                self.add_property(out, name, property, property_pointer);
            }
            for name in required {
                if !out.required.contains(name) {
                    out.required.push(name.clone());
                }
            }
            if let Some(additional) = additional {
                out.additional = Some((additional, pointer.child("additionalProperties")));
            }
        }
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = parts_pointer.child(i);
            match part {
                ReferenceOr::Item(part) => self.gather(part, &part_pointer, out, seen, true)?,
                ReferenceOr::Reference { reference } => {
                    let spec = self.spec;
                    let schemas = spec.doc.components.as_ref().map(|c| &c.schemas);
                    let left_out = "the part is left out";
                    let Some((target, target_pointer)) =
                        self.resolve_or_warn(part, &part_pointer, "schemas", schemas, left_out)
                    else {
                        continue;
                    };
                    let name = target_pointer.last().unwrap_or_default();
                    if seen.contains(&name) {
                        self.note(
                            &part_pointer,
                            format_args!(
                                "`allOf` includes `{name}` inside itself, which adds nothing; the part is left out"
                            ),
                        );
                        continue;
                    }
                    if is_union(target) {
                        out.unions.push((SchemaRef::Ref(reference), part_pointer, field_name(&name)));
                        continue;
                    }
                    seen.push(name);
                    self.gather(target, &target_pointer, out, seen, true)?;
                    seen.pop();
                }
            }
        }
        Ok(())
    }

    /// Adds a property; where a part defined it already, differently, the later definition
    /// is kept.
    fn add_property(
        &mut self,
        out: &mut Gathered<'a>,
        name: &str,
        property: &'a ReferenceOr<Box<Schema>>,
        pointer: Pointer,
    ) {
        if let Some((existing, existing_pointer)) = out.properties.get(name) {
            if property_key(existing) == property_key(property) {
                return;
            }
            let message = format!(
                "the `allOf` parts define property `{name}` differently (here and at `{}`); this later one is kept",
                self.spec.location(existing_pointer).pointer
            );
            self.note(&pointer, message);
        }
        out.properties.insert(name.to_owned(), (property, pointer));
    }

    /// The struct fields for gathered properties.
    fn fields(&mut self, owner: &str, wire_owner: Option<&str>, mut gathered: Gathered<'a>) -> Result<Vec<Field>> {
        let mut claims = Claims::default();
        let mut fields = Vec::with_capacity(gathered.properties.len() + gathered.unions.len() + 1);
        for (wire, (schema, pointer)) in &gathered.properties {
            let schema = SchemaRef::from(*schema);
            let mut ty = self.type_ref(schema, &Hint::property(owner, wire), pointer)?;
            if self.is_secret((owner, wire_owner), wire, &ty, pointer)? {
                ty = TypeRef::Secret;
            }
            let inline = match schema {
                SchemaRef::Inline(s) => Some(s),
                SchemaRef::Ref(_) => None,
            };
            let data = inline.map(|s| &s.schema_data);
            let read_only = data.is_some_and(|d| d.read_only);
            let write_only = data.is_some_and(|d| d.write_only);
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name: claims.claim_name(&field_name(wire)),
                ty,
                // A value only one side sends cannot be required of both.
                required: gathered.required.contains(wire) && !read_only && !write_only,
                nullable: self.nullable(schema),
                description: inline.and_then(describe),
                constraints: self.constraints_at(schema),
                flatten: false,
                read_only,
                write_only,
                default: data.and_then(|d| d.default.as_ref()).map(Value::to_string),
                format: inline.and_then(string_format),
                setter: None,
                annotations: data.map(annotations).unwrap_or_default(),
            });
        }
        for (schema, pointer, name) in &gathered.unions {
            let ty = self.type_ref(*schema, &Hint::Exact(format!("{owner}Variant")), pointer)?;
            fields.push(flattened(
                name.as_str().to_owned(),
                claims.claim_name(name),
                ty,
                "Which alternative of the union the value also is (an `allOf` part).",
            ));
        }
        // The settings may say that an object accepts properties it does not name (records
        // of a database, say), as `additionalProperties: true` would.
        let open = [Some(owner), wire_owner]
            .into_iter()
            .flatten()
            .find(|o| self.settings.extra_properties.iter().any(|e| e == o));
        if let (None, Some(entry)) = (&gathered.additional, open) {
            self.used.insert(format!("extra_properties: {entry}"));
            gathered.additional = Some((&AdditionalProperties::Any(true), Pointer::root()));
        }
        if let Some((additional, pointer)) = gathered.additional {
            let value = match additional {
                AdditionalProperties::Any(false) => None,
                AdditionalProperties::Any(true) => Some(TypeRef::Json),
                AdditionalProperties::Schema(schema) => {
                    let hint = Hint::Exact(format!("{owner}Value"));
                    Some(self.element(schema.as_ref().into(), &hint, &pointer)?)
                }
            };
            if let Some(value) = value {
                fields.push(flattened(
                    ADDITIONAL.to_owned(),
                    claims.claim_name(&field_name(ADDITIONAL)),
                    TypeRef::Map(Box::new(value)),
                    "The properties not named above (`additionalProperties`).",
                ));
            }
        }
        Ok(fields)
    }
}

/// Whether a schema is a union: `oneOf`/`anyOf`, alone or beside other keywords.
fn is_union(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => !any.one_of.is_empty() || !any.any_of.is_empty(),
        _ => false,
    }
}

/// What decides whether two `allOf` parts agree on a property.
fn property_key(property: &ReferenceOr<Box<Schema>>) -> String {
    match property {
        ReferenceOr::Reference { reference } => format!("$ref:{reference}"),
        ReferenceOr::Item(schema) => structural_key(schema),
    }
}

/// A string `format` that has no Rust type of its own, kept for the docs and samples; a
/// list's is its items' (a list of `uri`s).
pub(super) fn string_format(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => match a.items.as_ref()? {
            ReferenceOr::Item(items) => string_format(items),
            ReferenceOr::Reference { .. } => None,
        },
        SchemaKind::Type(Type::String(s)) => match &s.format {
            openapiv3::VariantOrUnknownOrEmpty::Unknown(f) if f != "uuid" => Some(f.clone()),
            openapiv3::VariantOrUnknownOrEmpty::Item(
                f @ (openapiv3::StringFormat::Password
                | openapiv3::StringFormat::Byte
                | openapiv3::StringFormat::Binary),
            ) => Some(format!("{f:?}").to_lowercase()),
            _ => None,
        },
        _ => None,
    }
}

/// A field whose value is spread into its struct's JSON object (`#[serde(flatten)]`).
fn flattened(wire_name: String, rust_name: RustName, ty: TypeRef, description: &str) -> Field {
    Field {
        wire_name,
        rust_name,
        ty,
        required: true,
        nullable: false,
        description: Some(description.to_owned()),
        constraints: Default::default(),
        flatten: true,
        read_only: false,
        write_only: false,
        default: None,
        format: None,
        setter: None,
        annotations: Vec::new(),
    }
}

/// What a property's schema says in prose beyond its description, for the rustdoc: that the
/// API deprecates it, an example (a short scalar; a long or structured one stays in the
/// spec), and its external documentation.
fn annotations(data: &openapiv3::SchemaData) -> Vec<String> {
    let mut out = Vec::new();
    if data.deprecated {
        out.push("Deprecated by the API.".to_owned());
    }
    let example = data.example.as_ref().filter(|e| !e.is_object() && !e.is_array()).map(Value::to_string);
    if let Some(example) = example.filter(|e| e.len() <= 80 && !e.contains('`')) {
        out.push(format!("Example: `{example}`."));
    }
    if let Some(docs) = &data.external_docs {
        out.push(match &docs.description {
            Some(description) => format!("{}: {}", description.trim_end_matches('.'), docs.url),
            None => format!("See {}", docs.url),
        });
    }
    out
}
