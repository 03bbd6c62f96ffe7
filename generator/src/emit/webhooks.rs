//! The `webhooks` module: for each request the API sends to its users' servers, an alias of
//! its payload's type, so that a server decodes what it receives with serde
//! (`serde_json::from_slice::<webhooks::NewPet>(&body)`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, doc_attrs, ident};
use crate::docs::doc_lines;
use crate::model::TypeRef;

impl Emitter<'_> {
    pub(super) fn webhooks_module(&self) -> Option<TokenStream> {
        let webhooks = &self.api.webhooks;
        if webhooks.is_empty() {
            return None;
        }
        // Types are said as the crate root says them (`types::Pet`), so the module imports
        // `types` when a payload names one.
        let import = webhooks
            .iter()
            .any(|hook| hook.payload.as_ref().is_some_and(TypeRef::names_a_type))
            .then(|| quote! { use super::types; });
        let items = webhooks.iter().map(|hook| {
            let name = ident(&hook.rust_name);
            let mut lines = doc_lines(hook.summary.as_deref(), hook.description.as_deref());
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(format!(
                "The payload of the webhook `{}`, which the API sends with `{}`.",
                hook.name,
                hook.http_method.as_str()
            ));
            let doc = doc_attrs(&lines);
            let ty = match &hook.payload {
                Some(ty) => self.ty(ty, false),
                None => quote! { () },
            };
            quote! {
                #doc
                pub type #name = #ty;
            }
        });
        Some(quote! {
            /// The requests this API sends to its users' servers (`webhooks`): the type of each
            /// one's payload, to decode what a server receives.
            pub mod webhooks {
                #import
                #(#items)*
            }
        })
    }
}
