//! `oneOf` and `anyOf`: an enum with one variant per alternative. With a `discriminator`,
//! the tag property picks the variant (values from `mapping`, else the component names), and
//! an unknown tag is kept as JSON in a catch-all variant; without one, the first alternative
//! that fits wins, in the spec's order.

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::Lowerer;
use super::schemas::{OTHER_NAMES, SchemaRef};
use crate::error::Result;
use crate::locate::push_pointer;
use crate::model::{TypeKind, TypeRef, UnionVariant};
use crate::naming::{Claims, Hint};

impl<'a> Lowerer<'a> {
    pub(super) fn union(
        &mut self,
        name: &str,
        alternatives: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
        pointer: &str,
    ) -> Result<TypeKind> {
        if alternatives.is_empty() {
            return Err(self.invalid(pointer, "a `oneOf`/`anyOf` needs at least one alternative"));
        }
        let mut claims = Claims::default();
        let mut variants = Vec::with_capacity(alternatives.len());
        for (i, alternative) in alternatives.iter().enumerate() {
            let alternative_pointer = push_pointer(pointer, &i.to_string());
            let hint = Hint::Exact(format!("{name}Variant{}", i + 1));
            let ty = self.type_ref(SchemaRef::from(alternative), &hint, &alternative_pointer)?;
            let tags = match (discriminator, alternative) {
                (None, _) => Vec::new(),
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let component = self.ref_name(reference, "schemas", &alternative_pointer)?;
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || **target == component)
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if mapped.is_empty() { vec![component] } else { mapped }
                }
                (Some(_), ReferenceOr::Item(_)) => {
                    return Err(self.unsupported(
                        &alternative_pointer,
                        "an inline alternative in a union with a `discriminator`",
                        "make each alternative a `$ref` to a component schema",
                    ));
                }
            };
            variants.push(UnionVariant { rust_name: claims.claim(&variant_name(&ty)), ty, tags });
        }
        let other = discriminator.map(|_| {
            let free = OTHER_NAMES.iter().find(|n| !claims.is_taken(n)).copied().unwrap_or("Other");
            claims.claim(free)
        });
        Ok(TypeKind::Union { variants, discriminator: discriminator.map(|d| d.property_name.clone()), other })
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
        TypeRef::Map(_) | TypeRef::Json => "Object".into(),
    }
}
