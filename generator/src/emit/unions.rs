//! Unions (`oneOf`/`anyOf`) as enums. Without a discriminator, serde tries the alternatives
//! in order (`untagged`). With one, the tag picks the alternative and the whole object,
//! tag included, decodes into it; an unknown tag is kept as JSON rather than failing.
//! Unions are `#[non_exhaustive]` and never `Eq`, like the structs they hold, so that a
//! later alternative is a compatible change.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, ident};
use crate::model::{TypeDef, UnionVariant};

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
        let items = variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let ty = self.ty(&v.ty, true);
            let ty = if boxed(v) {
                quote! { Box<#ty> }
            } else {
                ty
            };
            let doc = match tagged {
                Some((property, _)) => format!(" Selected by `{property}`: {}.", quoted(&v.tags)),
                None => format!(" The `{}` alternative.", v.rust_name),
            };
            quote! {
                #[doc = #doc]
                #variant(#ty),
            }
        });
        let Some((property, other)) = tagged else {
            return quote! {
                #doc
                #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#items)*
                }
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
            quote! { #(Some(#tags))|* => serde_json::from_value(value).map(#wrap), }
        });
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
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

/// `` `a`, `b` `` for the docs.
fn quoted(tags: &[String]) -> String {
    tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
}
