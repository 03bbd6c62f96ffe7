//! Object schemas as structs: optional fields are `Option` and left out of the JSON when
//! `None`; required fields are plain; nullable fields are `Option` and sent as `null`;
//! `additionalProperties` next to named properties is a flattened map.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, ident};
use crate::model::{Field, TypeDef, TypeRef};

/// Structs with more required fields than this get no `new` (it would be unreadable).
const MAX_NEW_ARGS: usize = 7;

impl Emitter<'_> {
    pub(super) fn structure(
        &self,
        def: &TypeDef,
        fields: &[Field],
        recursive: &BTreeSet<(String, String)>,
    ) -> TokenStream {
        let name = ident(&def.name);
        let doc = self.type_doc(def);
        let eq = !self.not_eq.contains(&def.name);
        let all_optional = fields.iter().all(|f| !f.required || f.flatten);
        let mut derives = vec![quote!(Clone), quote!(Debug)];
        if all_optional {
            derives.push(quote!(Default));
        }
        derives.push(quote!(PartialEq));
        if eq {
            derives.push(quote!(Eq));
        }
        derives.extend([quote!(serde::Serialize), quote!(serde::Deserialize)]);

        let field_items = fields.iter().map(|f| {
            let boxed = recursive.contains(&(def.name.clone(), f.rust_name.clone()));
            self.field(f, boxed)
        });
        let constructor = (!all_optional).then(|| self.constructor(fields, recursive, &def.name)).flatten();
        quote! {
            #doc
            #[derive(#(#derives),*)]
            pub struct #name {
                #(#field_items)*
            }
            #constructor
        }
    }

    fn field(&self, field: &Field, boxed: bool) -> TokenStream {
        let doc = self.field_doc(field);
        let name = ident(&field.rust_name);
        let ty = self.field_type(field, boxed);
        let mut serde = Vec::new();
        if field.flatten {
            serde.push(quote! { flatten });
        } else if field.rust_name.trim_start_matches("r#") != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote! { rename = #wire });
        }
        if !field.required && !field.nullable {
            serde.push(quote! { skip_serializing_if = "Option::is_none" });
        }
        if !field.required && field.nullable {
            // Absent and `null` both read as `None`; `None` is sent as `null`.
            serde.push(quote! { default });
        }
        let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    }

    /// The field's Rust type: `Option` unless required and not nullable, boxed if recursive.
    fn field_type(&self, field: &Field, boxed: bool) -> TokenStream {
        let inner = self.ty(&field.ty, true);
        let inner = if boxed {
            quote! { Box<#inner> }
        } else {
            inner
        };
        if field.required && !field.nullable {
            inner
        } else {
            quote! { Option<#inner> }
        }
    }

    /// `new(required fields)`, with every optional field `None`.
    fn constructor(
        &self,
        fields: &[Field],
        recursive: &BTreeSet<(String, String)>,
        owner: &str,
    ) -> Option<TokenStream> {
        let required: Vec<&Field> = fields.iter().filter(|f| f.required && !f.flatten).collect();
        if required.len() > MAX_NEW_ARGS {
            return None;
        }
        let name = ident(owner);
        let args = required.iter().map(|f| {
            let arg = ident(&f.rust_name);
            let boxed = recursive.contains(&(owner.to_owned(), f.rust_name.clone()));
            let ty = if f.ty == TypeRef::String && !f.nullable {
                quote! { impl Into<String> }
            } else {
                self.field_type(f, boxed)
            };
            quote! { #arg: #ty }
        });
        let inits = fields.iter().map(|f| {
            let field = ident(&f.rust_name);
            match (f.required, f.ty == TypeRef::String && !f.nullable) {
                _ if f.flatten => quote! { #field: Default::default() },
                (true, true) => quote! { #field: #field.into() },
                (true, false) => quote! { #field },
                (false, _) => quote! { #field: None },
            }
        });
        let doc = if required.len() == fields.len() {
            " Creates a value from all its fields.".to_owned()
        } else {
            " Creates a value from its required fields; the optional ones are `None`.".to_owned()
        };
        Some(quote! {
            impl #name {
                #[doc = #doc]
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
            }
        })
    }
}
