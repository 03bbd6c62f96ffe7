//! Object schemas as structs: optional fields are `Option` and left out of the JSON when
//! `None`; required fields are plain; nullable fields are `Option` and sent as `null`;
//! `additionalProperties` next to named properties is a flattened map; the alternatives of a
//! `oneOf`/`anyOf` next to named properties are a flattened enum.
//!
//! Every struct is `#[non_exhaustive]`, so that a field a later spec adds is a compatible
//! change for code outside the crate; values are built with `new(required fields)` and one
//! chained setter per optional field (`CreateApiKeyRequest::new("ci").roles([role])`).
//! Structs never derive `Eq` or `Hash`: a float field added later would take them away.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};

use super::{Emitter, doc_text, ident};
use crate::model::{Field, TypeDef, TypeRef};

/// The most slots in one tuple of a decoder's slots: the runtime's `de::SLOTS_PER_TUPLE`,
/// up to which it implements `de::Slots` for tuples.
const SLOTS_PER_TUPLE: usize = 12;

/// `new` takes the required fields in spec order; past this many, clippy's
/// `too_many_arguments` is silenced for it, as the spec leaves no better shape.
const CLIPPY_MAX_ARGS: usize = 7;

impl Emitter<'_> {
    pub(super) fn structure(
        &self,
        def: &TypeDef,
        fields: &[Field],
        recursive: &BTreeSet<(String, String)>,
    ) -> TokenStream {
        let name = ident(&def.name);
        let doc = self.type_doc(def);
        let all_optional = fields.iter().all(|f| !f.required || f.collects_rest());
        let default = all_optional.then(|| quote!(Default,));
        let boxed = |f: &Field| recursive.contains(&(def.name.clone(), f.rust_name.as_str().to_owned()));
        // A struct with a flattened field (or none at all) derives its serde impls; the others
        // go through the runtime's (`runtime::de`, `runtime::ser`), which hold the loops the
        // derives write out for every struct.
        let listed = !fields.is_empty() && !fields.iter().any(|f| f.flatten);
        let derives = (!listed).then(|| quote!(serde::Serialize, serde::Deserialize));
        let codec = listed.then(|| {
            let decode = self.object_impl(def, fields, &boxed);
            let encode = self.entries_impl(def, fields);
            quote! { #encode #decode }
        });
        let field_items = fields.iter().map(|f| self.field(f, boxed(f), !listed));
        let constructor = self.constructor(fields, &boxed);
        let setters = self.setters(fields, &boxed);
        quote! {
            #doc
            #[derive(Clone, Debug, #default PartialEq, #derives)]
            #[non_exhaustive]
            pub struct #name {
                #(#field_items)*
            }

            impl #name {
                #constructor
                #(#setters)*
            }

            #codec
        }
    }

    /// `Serialize` through the runtime's object encoder (`runtime::ser`): the struct lists its
    /// entries, each key with its value, an optional one left out when `None`.
    fn entries_impl(&self, def: &TypeDef, fields: &[Field]) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&def.name);
        let type_name = &def.name;
        let entries = fields.iter().map(|f| {
            let (field, wire) = (f.rust_name.ident(), &f.wire_name);
            if f.required {
                quote! { #rt::ser::required(#wire, &self.#field), }
            } else {
                quote! { #rt::ser::optional(#wire, &self.#field), }
            }
        });
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    #rt::ser::object(serializer, #type_name, &[#(#entries)*])
                }
            }
        }
    }

    /// `Deserialize` through the runtime's object decoder (`runtime::de`), which holds the
    /// loop over the entries and the search for a key's slot that the derive writes out for
    /// every struct: the struct says only its keys, the type of each slot and how the filled
    /// slots make the value.
    fn object_impl(&self, def: &TypeDef, fields: &[Field], boxed: &dyn Fn(&Field) -> bool) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&def.name);
        let type_name = &def.name;
        let keys = fields.iter().map(|f| &f.wire_name);
        let slots = slot_tuple(fields.iter().map(|f| {
            let ty = self.field_type(f, boxed(f));
            quote!(Option<#ty>)
        }));
        let bindings = slot_tuple(fields.iter().map(|f| f.rust_name.ident().into_token_stream()));
        let values = fields.iter().map(|f| {
            let (field, wire) = (f.rust_name.ident(), &f.wire_name);
            if f.required && !f.nullable {
                quote! { #field: #rt::de::required(#field, #wire)?, }
            } else {
                // Absent, or `null`: `None`.
                quote! { #field: #field.flatten(), }
            }
        });
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #rt::de::object(deserializer)
                }
            }

            impl<'de> #rt::de::Object<'de> for #name {
                const NAME: &'static str = #type_name;
                const KEYS: &'static [&'static str] = &[#(#keys),*];
                #[allow(clippy::type_complexity)]
                type Slots = #slots;

                fn build<E: serde::de::Error>(slots: Self::Slots) -> Result<Self, E> {
                    let #bindings = slots;
                    Ok(Self { #(#values)* })
                }
            }
        }
    }

    /// A field, with the serde attributes its encoding and decoding need when the struct
    /// derives them.
    fn field(&self, field: &Field, boxed: bool, derived: bool) -> TokenStream {
        let doc = self.field_doc(field);
        let name = field.rust_name.ident();
        let ty = self.field_type(field, boxed);
        let serde = derived.then(|| Self::serde_attributes(field));
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    }

    /// `#[serde(...)]` of a field of a struct that derives its serde impls, if it needs any.
    fn serde_attributes(field: &Field) -> Option<TokenStream> {
        let mut serde = Vec::new();
        if field.flatten {
            serde.push(quote! { flatten });
        } else if field.rust_name.as_str() != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote! { rename = #wire });
        }
        // An optional field left unset is absent, nullable or not: sending `null` for it could
        // clear what the server holds.
        if !field.required {
            serde.push(quote! { skip_serializing_if = "Option::is_none" });
        }
        if !field.required && field.nullable {
            // Absent and `null` both read as `None`.
            serde.push(quote! { default });
        }
        (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] })
    }

    /// The field's Rust type: `Option` unless required and not nullable, boxed if recursive.
    fn field_type(&self, field: &Field, boxed: bool) -> TokenStream {
        let inner = self.value_type(field, boxed);
        if field.required && !field.nullable {
            inner
        } else {
            quote! { Option<#inner> }
        }
    }

    /// The type of the field's value, without the `Option`.
    fn value_type(&self, field: &Field, boxed: bool) -> TokenStream {
        let inner = self.ty(&field.ty, true);
        if boxed {
            quote! { Box<#inner> }
        } else {
            inner
        }
    }

    /// `(parameter type, value)` for passing `field` to `new` or a setter as `name`: strings
    /// as `impl Into<String>`, lists as `impl IntoIterator`, a recursive value unboxed, and
    /// anything else as it is. A field whose `Option` means `null` is taken as an `Option`.
    fn conversion(&self, field: &Field, boxed: bool, name: &syn::Ident) -> (TokenStream, TokenStream) {
        if field.flatten {
            return (self.value_type(field, false), quote! { #name });
        }
        if field.required && field.nullable {
            return (self.field_type(field, boxed), quote! { #name });
        }
        if boxed {
            return (self.ty(&field.ty, true), quote! { Box::new(#name) });
        }
        match &field.ty {
            TypeRef::String | TypeRef::Secret => {
                let ty = self.ty(&field.ty, true);
                (quote! { impl Into<#ty> }, quote! { #name.into() })
            }
            TypeRef::Vec(item) => {
                let item = self.ty(item, true);
                (quote! { impl IntoIterator<Item = #item> }, quote! { #name.into_iter().collect() })
            }
            ty => (self.ty(ty, true), quote! { #name }),
        }
    }

    /// `new(required fields)`, with every optional field `None`.
    fn constructor(&self, fields: &[Field], boxed: &dyn Fn(&Field) -> bool) -> TokenStream {
        let required: Vec<&Field> = fields.iter().filter(|f| f.required && !f.collects_rest()).collect();
        let args = required.iter().map(|f| {
            let name = f.rust_name.ident();
            let (ty, _) = self.conversion(f, boxed(f), &name);
            quote! { #name: #ty }
        });
        let inits = fields.iter().map(|f| {
            let name = f.rust_name.ident();
            if f.collects_rest() {
                quote! { #name: Default::default() }
            } else if f.required {
                let (_, value) = self.conversion(f, boxed(f), &name);
                // `name: name` is written `name`.
                if name == value.to_string() {
                    quote! { #name }
                } else {
                    quote! { #name: #value }
                }
            } else {
                quote! { #name: None }
            }
        });
        let doc = if required.is_empty() {
            " Creates a value with every field `None`; set them with the methods named after them."
        } else if required.len() == fields.len() {
            " Creates a value from all its fields."
        } else {
            " Creates a value from its required fields; set the optional ones with the methods named after them."
        };
        let allow = (required.len() > CLIPPY_MAX_ARGS).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        let args: Vec<TokenStream> = args.collect();
        let inline = inline_unless_generic(&args);
        quote! {
            #[doc = #doc]
            #allow
            #inline
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }

    /// One chained setter per optional field, named after the field (numbered when that is a
    /// method the struct has anyway, such as `new` or `clone`).
    fn setters(&self, fields: &[Field], boxed: &dyn Fn(&Field) -> bool) -> Vec<TokenStream> {
        fields
            .iter()
            .filter_map(|f| Some((f, f.setter.as_ref()?)))
            .map(|(f, method)| {
                let field = f.rust_name.ident();
                let (ty, value) = self.conversion(f, boxed(f), &field);
                let value = if f.collects_rest() {
                    value
                } else {
                    quote! { Some(#value) }
                };
                let doc = doc_text(&format!(" Sets [`Self::{}`].", f.rust_name.as_str()));
                let inline = inline_unless_generic(std::slice::from_ref(&ty));
                quote! {
                    #[doc = #doc]
                    #inline
                    pub fn #method(mut self, #field: #ty) -> Self {
                        self.#field = #value;
                        self
                    }
                }
            })
            .collect()
    }
}

/// `#[inline]` for a constructor or setter whose parameters (`name: Type`, or just the type)
/// are all concrete. Such a function is otherwise compiled in every build of the crate, used or
/// not: thousands of them for a big API. Inline, it is compiled only where a program calls it,
/// like the generic ones (`impl Into<String>`), which are left as they are.
fn inline_unless_generic(params: &[TokenStream]) -> Option<TokenStream> {
    let generic = params.iter().any(|p| p.clone().into_iter().any(|t| matches!(t, TokenTree::Ident(i) if i == "impl")));
    (!generic).then(|| quote! { #[inline] })
}

/// The items as one tuple, or, past [`SLOTS_PER_TUPLE`], as a tuple of tuples, nested as deep
/// as needed: the shape of a decoder's slots, and of the pattern that takes them apart.
fn slot_tuple(items: impl Iterator<Item = TokenStream>) -> TokenStream {
    let mut items: Vec<TokenStream> = items.collect();
    while items.len() > SLOTS_PER_TUPLE {
        items = items.chunks(SLOTS_PER_TUPLE).map(|group| quote!((#(#group,)*))).collect();
    }
    quote!((#(#items,)*))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> impl Iterator<Item = TokenStream> {
        (0..n).map(|i| ident(&format!("s{i}")).into_token_stream())
    }

    fn tuple(range: std::ops::Range<usize>) -> String {
        format!("({})", range.map(|i| format!("s{i},")).collect::<String>())
    }

    #[test]
    fn slots_past_twelve_are_grouped_in_tuples_of_twelve() {
        let shape = |n| slot_tuple(names(n)).to_string().replace(' ', "");
        assert_eq!(shape(1), "(s0,)");
        assert_eq!(shape(12), tuple(0..12));
        assert_eq!(shape(13), format!("({},{},)", tuple(0..12), tuple(12..13)));
        // 145 slots: 13 groups of at most twelve, themselves grouped.
        let groups: Vec<String> = (0..13).map(|g| tuple(g * 12..(g * 12 + 12).min(145))).collect();
        let outer = format!("(({},),({},),)", groups[..12].join(","), groups[12]);
        assert_eq!(shape(145), outer);
    }

    #[test]
    fn only_constructors_and_setters_without_generic_parameters_are_inline() {
        let inline = |params: &[TokenStream]| inline_unless_generic(params).is_some();
        assert!(inline(&[]), "`new()` of a struct whose fields are all optional");
        assert!(inline(&[quote! { max_pods: i64 }]));
        assert!(inline(&[quote! { Box<Node> }]));
        assert!(!inline(&[quote! { impl Into<String> }]));
        assert!(!inline(&[quote! { id: i64 }, quote! { tags: impl IntoIterator<Item = String> }]));
    }
}
