//! String enums. A closed `enum` rejects values it does not list. An open `x-enum` keeps
//! them in its catch-all variant and sends them back unchanged, so a role or error code the
//! server adds later never breaks a program built against this version. Both are
//! `#[non_exhaustive]`: a value a later spec adds is a compatible change.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, doc_text, ident};
use crate::model::{TypeDef, Variant};

impl Emitter<'_> {
    pub(super) fn enumeration(&self, def: &TypeDef, variants: &[Variant], other: Option<&str>) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&def.name);
        let doc = self.type_doc(def);
        let wire: Vec<&str> = variants.iter().map(|v| v.wire_name.as_str()).collect();
        let idents: Vec<syn::Ident> = variants.iter().map(|v| ident(&v.rust_name)).collect();
        let variant_docs = variants.iter().map(|v| doc_text(&format!(" `{}`", v.wire_name)));
        // The wire value as a string: what the derive sends for a unit variant, without its
        // per-enum code.
        let common = quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl #rt::ParamValue for #name {
                fn to_param(&self) -> std::borrow::Cow<'_, str> {
                    std::borrow::Cow::Borrowed(self.as_str())
                }
            }
        };
        let Some(other) = other else {
            let type_name = &def.name;
            return quote! {
                #doc
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(
                        #[doc = #variant_docs]
                        #idents,
                    )*
                }

                impl #name {
                    /// Every value, in the order the spec lists them.
                    pub const ALL: &[Self] = &[#(Self::#idents),*];

                    /// The value as it is sent on the wire.
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #(Self::#idents => #wire,)*
                        }
                    }
                }

                impl std::str::FromStr for #name {
                    type Err = #rt::UnknownValue;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        match value {
                            #(#wire => Ok(Self::#idents),)*
                            _ => Err(#rt::UnknownValue::new(#type_name, value)),
                        }
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        #rt::de::parsed(deserializer)
                    }
                }

                #common
            };
        };
        let other = ident(other);
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #(
                    #[doc = #variant_docs]
                    #idents,
                )*
                /// A value this version of the client does not know, kept exactly as received.
                #other(String),
            }

            impl #name {
                /// The values the spec lists, in its order.
                pub const KNOWN: &[Self] = &[#(Self::#idents),*];

                /// The value as it is sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#idents => #wire,)*
                        Self::#other(value) => value,
                    }
                }

                /// Whether the value is one the spec lists.
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::#other(_))
                }

                fn known(value: &str) -> Option<Self> {
                    match value {
                        #(#wire => Some(Self::#idents),)*
                        _ => None,
                    }
                }
            }

            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self::known(value).unwrap_or_else(|| Self::#other(value.to_owned()))
                }
            }

            impl From<String> for #name {
                fn from(value: String) -> Self {
                    Self::known(&value).unwrap_or(Self::#other(value))
                }
            }

            impl std::str::FromStr for #name {
                type Err = std::convert::Infallible;

                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    String::deserialize(deserializer).map(Self::from)
                }
            }

            #common
        }
    }
}
