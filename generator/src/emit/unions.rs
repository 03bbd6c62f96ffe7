//! Unions (`oneOf`/`anyOf`) as enums. Without a discriminator, the alternatives are tried in
//! order (`untagged`); when one is a struct (or a list or map of them), which skips keys it
//! does not know, the first that keeps every key wins (`runtime::de::untagged`). With one, the tag picks
//! the alternative and the whole object, tag included, decodes into it; an unknown tag is
//! kept as JSON rather than failing.
//! Unions are `#[non_exhaustive]` and never `Eq`, like the structs they hold, so that a
//! later alternative is a compatible change.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, doc_text, ident};
use crate::model::{TypeDef, TypeKind, TypeRef, UnionVariant, through_aliases};

impl Emitter<'_> {
    /// `tagged` is the discriminator property and the catch-all variant, when there is one.
    pub(super) fn union(
        &self,
        def: &TypeDef,
        variants: &[UnionVariant],
        tagged: Option<(&str, &str)>,
        recursive: &BTreeSet<(String, String)>,
    ) -> TokenStream {
        let name = ident(&def.name);
        let doc = self.type_doc(def);
        let boxed = |v: &UnionVariant| recursive.contains(&(def.name.clone(), v.rust_name.clone()));
        // Alternatives hold what the spec says, inline: boxing the larger ones would make
        // every match on them clumsier to save memory the spec's shapes call for.
        let sizes_differ = variants
            .iter()
            .any(|v| matches!(v.ty, TypeRef::Named(_)) && !boxed(v))
            .then(|| quote! { #[allow(clippy::large_enum_variant)] });
        let items = variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let ty = self.ty(&v.ty, true);
            let ty = if boxed(v) {
                quote! { Box<#ty> }
            } else {
                ty
            };
            let doc = match tagged {
                Some((property, _)) => doc_text(&format!(" Selected by `{property}`: {}.", quoted(&v.tags))),
                None => doc_text(&format!(" The `{}` alternative.", v.rust_name)),
            };
            quote! {
                #[doc = #doc]
                #variant(#ty),
            }
        });
        let Some((property, other)) = tagged else {
            let parameter = self.is_scalar_union(variants).then(|| self.scalar_union_impls(def, variants));
            // A struct alternative decodes from any object that has its required keys, and
            // skips the rest: then the runtime takes the first alternative that keeps every
            // key, and serde's derive (the first that decodes) does otherwise.
            let (derived, decoder) = match variants.iter().any(|v| self.skips_keys(&v.ty)) {
                false => (quote! { , serde::Deserialize }, None),
                true => (TokenStream::new(), Some(self.untagged_decoder(def, variants, &boxed))),
            };
            return quote! {
                #doc
                #[derive(Clone, Debug, PartialEq, serde::Serialize #derived)]
                #[serde(untagged)]
                #[non_exhaustive]
                #sizes_differ
                pub enum #name {
                    #(#items)*
                }

                #decoder

                #parameter
            };
        };
        let other = ident(other);
        let arms = variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let tags = &v.tags;
            let wrap = if boxed(v) {
                quote! { |v| Self::#variant(Box::new(v)) }
            } else {
                quote! { Self::#variant }
            };
            // Read from `&Value`, as the alternatives of untagged unions are: one reader
            // fewer to compile each alternative's decoder for.
            quote! { #(Some(#tags))|* => serde::Deserialize::deserialize(&value).map(#wrap), }
        });
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            #sizes_differ
            pub enum #name {
                #(#items)*
                /// A value whose tag this version of the client does not know, kept as received.
                #other(serde_json::Value),
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                    let decoded = match tag.as_deref() {
                        #(#arms)*
                        _ => return Ok(Self::#other(value)),
                    };
                    decoded.map_err(serde::de::Error::custom)
                }
            }
        }
    }
}

impl Emitter<'_> {
    /// The `Deserialize` impl of an untagged union through `runtime::de::untagged`.
    fn untagged_decoder(
        &self,
        def: &TypeDef,
        variants: &[UnionVariant],
        boxed: &dyn Fn(&UnionVariant) -> bool,
    ) -> TokenStream {
        let (rt, name, type_name) = (&self.rt, ident(&def.name), &def.name);
        let alternatives = variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let ty = self.ty(&v.ty, true);
            let wrap = if boxed(v) {
                quote! { |v| Self::#variant(Box::new(v)) }
            } else {
                quote! { Self::#variant }
            };
            quote! { |v| <#ty as serde::Deserialize>::deserialize(v).ok().map(#wrap), }
        });
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #rt::de::untagged(deserializer, #type_name, &[#(#alternatives)*])
                }
            }
        }
    }

    /// Whether a value of `ty` may decode from an object while skipping some of its keys: a
    /// struct, a list or map of them, or a union that holds one.
    fn skips_keys(&self, ty: &TypeRef) -> bool {
        self.skips_keys_within(ty, &mut BTreeSet::new())
    }

    /// [`Self::skips_keys`], each union looked into once (a union may hold a list of itself).
    fn skips_keys_within<'t>(&'t self, ty: &'t TypeRef, seen: &mut BTreeSet<&'t str>) -> bool {
        let name = match through_aliases(&self.api.types, ty) {
            TypeRef::Named(name) => name,
            TypeRef::Vec(item) | TypeRef::Map(item) => return self.skips_keys_within(item, seen),
            _ => return false,
        };
        match self.api.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(_)) => true,
            Some(TypeKind::Union { variants, .. }) if seen.insert(name) => {
                variants.iter().any(|v| self.skips_keys_within(&v.ty, seen))
            }
            _ => false,
        }
    }

    /// Whether every alternative is a scalar, an enum or such a union: a value that can be a
    /// parameter, written as text and read back.
    pub(super) fn is_scalar_union(&self, variants: &[UnionVariant]) -> bool {
        variants.iter().all(|v| self.is_scalar(&v.ty))
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64 => true,
            TypeRef::Named(name) => match self.api.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { .. }) => true,
                Some(TypeKind::Alias(target)) => self.is_scalar(target),
                Some(TypeKind::Union { variants, discriminator: None, .. }) => self.is_scalar_union(variants),
                _ => false,
            },
            _ => false,
        }
    }

    /// A union of scalars as a parameter: written as its alternative's text, and read from
    /// text by trying the alternatives in the spec's order.
    fn scalar_union_impls(&self, def: &TypeDef, variants: &[UnionVariant]) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&def.name);
        let type_name = &def.name;
        let idents: Vec<syn::Ident> = variants.iter().map(|v| ident(&v.rust_name)).collect();
        // Alternatives are tried in order; one that reads any text (a string, an open enum)
        // ends the search.
        let mut tries = Vec::new();
        let mut rest = quote! { Err(#rt::UnknownValue::new(#type_name, value)) };
        for variant in variants {
            let (name, ty) = (ident(&variant.rust_name), self.ty(&variant.ty, true));
            if self.reads_any_text(&variant.ty) {
                rest = quote! {
                    let Ok(parsed) = value.parse::<#ty>();
                    Ok(Self::#name(parsed))
                };
                break;
            }
            tries.push(quote! {
                if let Ok(parsed) = value.parse::<#ty>() {
                    return Ok(Self::#name(parsed));
                }
            });
        }
        quote! {
            impl #rt::ParamValue for #name {
                fn to_param(&self) -> std::borrow::Cow<'_, str> {
                    match self {
                        #(Self::#idents(value) => #rt::ParamValue::to_param(value),)*
                    }
                }
            }

            impl std::str::FromStr for #name {
                type Err = #rt::UnknownValue;

                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    #(#tries)*
                    #rest
                }
            }
        }
    }

    /// Whether every text reads as a value of `ty`: a string, an open enum.
    fn reads_any_text(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String => true,
            TypeRef::Named(name) => match self.api.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { other, .. }) => other.is_some(),
                Some(TypeKind::Alias(target)) => self.reads_any_text(target),
                _ => false,
            },
            _ => false,
        }
    }
}

/// `` `a`, `b` `` for the docs.
fn quoted(tags: &[String]) -> String {
    tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
}
