//! `oneOf` and `anyOf`: an enum with one variant per alternative. With a `discriminator`,
//! the tag property picks the variant (values from `mapping`, else the component names), and
//! an unknown tag is kept as JSON in a catch-all variant; without one, the first alternative
//! that fits wins, in the spec's order.
//!
//! Next to other keywords: `type: object` and `nullable` change nothing; next to
//! `properties` (and `required`), the schema is a struct of those shared fields with the
//! alternatives flattened into it as an enum (`<Name>Variant`), so that the shared fields are
//! read without a `match` and each alternative's own fields sit beside them in the JSON.

use openapiv3::{AnySchema, Discriminator, ReferenceOr, Schema};

use super::Lowerer;
use super::objects::string_format;
use super::schemas::{OTHER_NAMES, SchemaRef, object_shape};
use crate::error::Result;
use crate::model::{Constraints, Field, TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::naming::{Claims, Hint, field_name, type_name};
use crate::pointer::Pointer;

impl<'a> Lowerer<'a> {
    /// `oneOf`/`anyOf` next to other keywords.
    pub(super) fn composition(
        &mut self,
        name: &str,
        wire_name: Option<&str>,
        schema: &'a Schema,
        any: &'a AnySchema,
        discriminator: Option<&'a Discriminator>,
        pointer: &Pointer,
    ) -> Result<TypeKind> {
        let (alternatives, keyword) =
            if any.any_of.is_empty() { (&any.one_of, "oneOf") } else { (&any.any_of, "anyOf") };
        let other_keywords = (!any.one_of.is_empty() && !any.any_of.is_empty())
            || !any.all_of.is_empty()
            || any.not.is_some()
            || !matches!(any.typ.as_deref(), None | Some("object"));
        // Normalising writes these beside-keywords into forms typed below; what is left has
        // no Rust type.
        if other_keywords {
            let message = format!("`{keyword}` beside these keywords has no Rust type; any JSON value");
            return Ok(TypeKind::Alias(self.loose(pointer, message)));
        }
        let alternatives_pointer = pointer.child(keyword);
        if any.properties.is_empty() {
            return self.union(name, alternatives, discriminator, &alternatives_pointer);
        }
        let union_name = self.claims.claim(&type_name(&format!("{name}Variant")));
        let kind = self.union(&union_name, alternatives, discriminator, &alternatives_pointer)?;
        let description = Some(format!("The alternatives of [`{name}`] (`{keyword}`), flattened into it."));
        let def = TypeDef { name: union_name.clone(), description, pointer: alternatives_pointer, kind };
        self.types.insert(union_name.clone(), def);
        let mut fields = self.object(name, wire_name, schema, pointer)?.unwrap_or_default();
        let mut taken = Claims::reserving(&fields.iter().map(|f| f.rust_name.as_str()).collect::<Vec<_>>());
        fields.push(Field {
            wire_name: "variant".to_owned(),
            rust_name: taken.claim_name(&field_name("variant")),
            ty: TypeRef::Named(union_name),
            required: true,
            nullable: false,
            description: Some(format!("Which alternative of the `{keyword}` the value is.")),
            constraints: Constraints::default(),
            flatten: true,
            read_only: false,
            write_only: false,
            default: None,
            format: None,
            setter: None,
            annotations: Vec::new(),
        });
        Ok(TypeKind::Struct(fields))
    }

    pub(super) fn union(
        &mut self,
        name: &str,
        alternatives: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
        pointer: &Pointer,
    ) -> Result<TypeKind> {
        if alternatives.is_empty() {
            self.warn(
                pointer,
                "a `oneOf`/`anyOf` needs at least one alternative; the value is typed as any JSON value",
            );
            return Ok(TypeKind::Alias(self.loose(pointer, "a union of no alternatives is any JSON value")));
        }
        let mut claims = Claims::default();
        let mut variants = Vec::with_capacity(alternatives.len());
        let mut untagged = false;
        for (i, alternative) in alternatives.iter().enumerate() {
            let alternative_pointer = pointer.child(i);
            // An inline alternative is named after its one tag (`{kind: {enum: [circle]}}`), or
            // its one property (`{serverless: ...}`).
            let (single, tag) = match alternative {
                ReferenceOr::Item(schema) => (
                    object_shape(schema).filter(|(p, ..)| p.len() == 1).and_then(|(p, ..)| p.keys().next()),
                    discriminator.and_then(|d| self.tag_values(schema, &d.property_name)).filter(|t| t.len() == 1),
                ),
                ReferenceOr::Reference { .. } => (None, None),
            };
            let hint = match (tag, single) {
                (Some(tag), _) => Hint::Exact(format!("{name}{}", type_name(&tag[0]))),
                (None, Some(property)) => Hint::Exact(format!("{name}{}", type_name(property))),
                (None, None) => Hint::Exact(format!("{name}Variant{}", i + 1)),
            };
            let ty = self.type_ref(SchemaRef::from(alternative), &hint, &alternative_pointer)?;
            let tags = match (discriminator, alternative) {
                (None, _) => Vec::new(),
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let component = self.ref_name(reference, "schemas").unwrap_or_default();
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || **target == component)
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    match (mapped.is_empty(), component.is_empty()) {
                        (false, _) => mapped,
                        (true, false) => vec![component],
                        // Neither mapped nor a component (a `$ref` that names none): no tag.
                        (true, true) => {
                            untagged = true;
                            Vec::new()
                        }
                    }
                }
                // An inline alternative names its tag by the values its discriminator property
                // allows (`type: {enum: [dog]}`).
                (Some(d), ReferenceOr::Item(schema)) => match self.tag_values(schema, &d.property_name) {
                    Some(tags) => tags,
                    None => {
                        untagged = true;
                        Vec::new()
                    }
                },
            };
            let variant = variant_name(&ty);
            // `IndexSpecServerless` in `IndexSpec` is the variant `Serverless`.
            let variant =
                variant.strip_prefix(name).filter(|rest| rest.starts_with(char::is_uppercase)).unwrap_or(&variant);
            let constraints = self.constraints_at(SchemaRef::from(alternative));
            let format = match alternative {
                ReferenceOr::Item(schema) => string_format(schema),
                ReferenceOr::Reference { .. } => None,
            };
            variants.push(UnionVariant { rust_name: claims.claim(variant), ty, tags, constraints, format });
        }
        // Two alternatives that claim one tag cannot be told apart by it either.
        let mut seen = std::collections::HashSet::new();
        untagged |= !variants.iter().flat_map(|v| &v.tags).all(|tag| seen.insert(tag));
        let discriminator = match discriminator {
            Some(d) if untagged => {
                self.note(
                    pointer,
                    format!("an alternative does not say which `{}` it has, or two say the same; the union is decoded by the first alternative that fits", d.property_name),
                );
                variants.iter_mut().for_each(|v| v.tags.clear());
                None
            }
            other => other,
        };
        let other = discriminator.map(|_| {
            let free = OTHER_NAMES.iter().find(|n| !claims.is_taken(n)).copied().unwrap_or("Other");
            claims.claim(free)
        });
        Ok(TypeKind::Union { variants, discriminator: discriminator.map(|d| d.property_name.clone()), other })
    }
}

impl<'a> Lowerer<'a> {
    /// The values an inline alternative's discriminator `property` may take: its `enum`.
    fn tag_values(&self, schema: &'a Schema, property: &str) -> Option<Vec<String>> {
        let (properties, ..) = object_shape(schema)?;
        let spec = self.spec;
        let schemas = spec.doc.components.as_ref().map(|c| &c.schemas);
        let property: &Schema = match properties.get(property)? {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                let name = self.ref_name(reference, "schemas").ok()?;
                match schemas?.get(&name)? {
                    ReferenceOr::Item(s) => s,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        match &property.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) if !s.enumeration.is_empty() => {
                Some(s.enumeration.iter().flatten().cloned().collect())
            }
            _ => None,
        }
    }
}

/// A variant's name: its type's name, or what kind of value it holds.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String | TypeRef::Secret => "String".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Vec(_) => "Array".into(),
        TypeRef::Nullable(inner) => variant_name(inner),
        TypeRef::Map(_) | TypeRef::Json => "Object".into(),
        TypeRef::File => "File".into(),
        TypeRef::Text => "Text".into(),
        TypeRef::Bytes => "Bytes".into(),
    }
}
