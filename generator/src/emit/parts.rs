//! The `#[cfg(feature = ...)]` of each item of an API split into parts ([`crate::model::Parts`]):
//! an operation's items compile with any of its parts' features, a type's with any of the
//! parts that reach it.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::parse::Parser;

use super::Emitter;
use crate::model::{ALL_PARTS, Operation};

impl Emitter<'_> {
    /// The attribute that compiles `op`'s items, when the API is split.
    pub(super) fn operation_cfg(&self, op: &Operation) -> Option<TokenStream> {
        let features = self.api.parts.as_ref()?.operations.get(&op.operation_id)?;
        Some(cfg_any(features))
    }

    /// `#[cfg_attr(not(...), allow(lint))]` for an item (or its variables) that only `users`
    /// use, when the API is split: a build with none of their parts compiles none of the code
    /// that uses it.
    pub(super) fn allow_unless(&self, lint: &str, users: &[&Operation]) -> Option<TokenStream> {
        let parts = self.api.parts.as_ref()?;
        let mut features = Vec::new();
        for op in users {
            // An operation of no part is always compiled, and with it what it uses.
            features.extend(compiled_by(parts.operations.get(&op.operation_id)?));
        }
        features.sort_unstable();
        features.dedup();
        let lint = syn::Ident::new(lint, proc_macro2::Span::call_site());
        Some(quote! { #[cfg_attr(not(any(#(feature = #features),*)), allow(#lint))] })
    }

    /// The attribute that compiles the type `name`, when the API is split and not every part
    /// needs it.
    pub(super) fn type_cfg(&self, name: &str) -> Option<TokenStream> {
        let features = self.api.parts.as_ref()?.types.get(name)?;
        Some(cfg_any(features))
    }
}

/// The features that compile an item of the parts `features`: those, or with none, the
/// feature of every part.
fn compiled_by(features: &[String]) -> Vec<&str> {
    match features {
        [] => vec![ALL_PARTS],
        some => some.iter().map(String::as_str).collect(),
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`, for an item of
/// the parts `features` ([`compiled_by`]).
fn cfg_any(features: &[String]) -> TokenStream {
    match compiled_by(features).as_slice() {
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// `unit` (items, or members of an impl block when `members`) with `cfg` on each item: the
/// emitters write a type or an operation as several items, and the split gates them together.
/// Tokens that do not read as items are returned as they are, for formatting to report.
pub(super) fn gated(unit: TokenStream, cfg: &TokenStream, members: bool) -> TokenStream {
    let Ok(cfg) = syn::Attribute::parse_outer.parse2(cfg.clone()) else { return unit };
    if members {
        let Ok(mut block) = syn::parse2::<syn::ItemImpl>(quote! { impl Members { #unit } }) else { return unit };
        for member in &mut block.items {
            if let Some(attrs) = member_attrs(member) {
                attrs.extend(cfg.iter().cloned());
            }
        }
        return block.items.iter().map(ToTokens::to_token_stream).collect();
    }
    let Ok(mut file) = syn::parse2::<syn::File>(unit.clone()) else { return unit };
    for item in &mut file.items {
        if let Some(attrs) = item_attrs(item) {
            attrs.extend(cfg.iter().cloned());
        }
    }
    file.into_token_stream()
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

fn member_attrs(member: &mut syn::ImplItem) -> Option<&mut Vec<syn::Attribute>> {
    use syn::ImplItem;
    Some(match member {
        ImplItem::Const(i) => &mut i.attrs,
        ImplItem::Fn(i) => &mut i.attrs,
        ImplItem::Type(i) => &mut i.attrs,
        ImplItem::Macro(i) => &mut i.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_and_every_member_of_a_unit_gets_the_cfg() {
        let cfg = cfg_any(&["tag-a".to_owned(), "tag-b".to_owned()]);
        let items = gated(quote! { pub struct A; impl A { fn f() {} } }, &cfg, false).to_string();
        assert_eq!(items.matches("cfg (any (feature = \"tag-a\" , feature = \"tag-b\"))").count(), 2, "{items}");
        let members = gated(quote! { pub fn f() {} pub fn g() {} }, &cfg_any(&[]), true).to_string();
        assert_eq!(members.matches("cfg (feature = \"all-parts\")").count(), 2, "{members}");
        assert!(members.starts_with('#') && !members.contains("impl"), "members stay members: {members}");
    }
}
