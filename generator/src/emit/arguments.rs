//! The one calling convention, written: how a method takes each of its arguments (the model's
//! [`Taken`]) as its parameter, and how code holding the value passes it. The client's
//! methods, the command line, the generated tests and the stream methods all go through here.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use crate::model::{Argument, Carries, Taken, TypeRef};

impl Emitter<'_> {
    /// The parameter `name: Type` of a method for `arg`. With `owned_params`, the params
    /// struct is taken by value (streams keep it to ask for further pages).
    pub(super) fn parameter(&self, arg: &Argument, owned_params: bool) -> TokenStream {
        let name = &arg.name;
        let value = self.ty(&arg.ty, false);
        let ty = match arg.taken {
            Taken::Ref if owned_params && arg.carries == Carries::Params => value,
            Taken::Value => value,
            Taken::Str => quote! { &str },
            Taken::Slice => match &arg.ty {
                TypeRef::Vec(item) => {
                    let item = self.ty(item, false);
                    quote! { &[#item] }
                }
                _ => quote! { &#value },
            },
            Taken::Bytes => {
                let rt = &self.rt;
                quote! { impl Into<#rt::Bytes> }
            }
            Taken::Ref => quote! { &#value },
        };
        match arg.optional {
            true => quote! { #name: Option<#ty> },
            false => quote! { #name: #ty },
        }
    }

    /// The type code holds the value of `arg` in, to pass it (`String` for a `&str`), without
    /// the `Option` of an optional argument.
    pub(super) fn held_type(&self, arg: &Argument) -> TokenStream {
        match arg.taken {
            Taken::Str | Taken::Bytes => quote! { String },
            _ => self.ty(&arg.ty, false),
        }
    }
}

/// `value`, held as [`Emitter::held_type`] (in an `Option` when `arg` is optional), as the
/// method takes it.
pub(super) fn pass(arg: &Argument, value: TokenStream) -> TokenStream {
    match (arg.taken, arg.optional) {
        (Taken::Value | Taken::Bytes, _) => value,
        (Taken::Str | Taken::Slice | Taken::Ref, false) => quote! { &#value },
        (Taken::Str | Taken::Slice, true) => quote! { #value.as_deref() },
        (Taken::Ref, true) => quote! { #value.as_ref() },
    }
}
