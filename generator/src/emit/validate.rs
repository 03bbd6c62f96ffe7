//! `Validate` impls: each struct checks its fields' constraints, and those of the types it
//! contains, before it is sent. Types with nothing to check get the trait's default.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, ident};
use crate::model::{Constraints, Field, TypeDef, TypeKind, TypeRef, through_aliases};
use crate::type_graph::{Refs, TypeGraph};

impl Emitter<'_> {
    pub(super) fn validate_impl(&self, def: &TypeDef, checked: &BTreeSet<String>) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&def.name);
        let fields = match &def.kind {
            TypeKind::Struct(fields) if checked.contains(&def.name) => fields,
            TypeKind::Union { variants, other, .. } if checked.contains(&def.name) => {
                let arms = variants.iter().map(|v| {
                    let variant = ident(&v.rust_name);
                    quote! { Self::#variant(value) => #rt::Validate::validate(value), }
                });
                let other = other.as_deref().map(|other| {
                    let other = ident(other);
                    quote! { Self::#other(_) => Ok(()), }
                });
                return quote! {
                    impl #rt::Validate for #name {
                        fn validate(&self) -> Result<(), #rt::InvalidRequest> {
                            match self {
                                #(#arms)*
                                #other
                            }
                        }
                    }
                };
            }
            TypeKind::Alias(_) => return TokenStream::new(),
            _ => return quote! { impl #rt::Validate for #name {} },
        };
        let checks = fields.iter().filter_map(|f| self.field_checks(f, checked));
        quote! {
            impl #rt::Validate for #name {
                fn validate(&self) -> Result<(), #rt::InvalidRequest> {
                    #(#checks)*
                    Ok(())
                }
            }
        }
    }

    /// The checks of one field, or `None` when it has none.
    fn field_checks(&self, field: &Field, checked: &BTreeSet<String>) -> Option<TokenStream> {
        let check = self.value_checks(&field.wire_name, &field.ty, &field.constraints, checked)?;
        let name = field.rust_name.ident();
        Some(if field.required && !field.nullable {
            quote! {
                let value = &self.#name;
                #check
            }
        } else {
            quote! {
                if let Some(value) = &self.#name {
                    #check
                }
            }
        })
    }

    /// The checks of `value`, a reference to a value of `ty` (an alias as what it names)
    /// within `c`, named `wire` in errors; `None` when there is nothing to check.
    fn value_checks(
        &self,
        wire: &str,
        ty: &TypeRef,
        c: &Constraints,
        checked: &BTreeSet<String>,
    ) -> Option<TokenStream> {
        let rt = &self.rt;
        let ty = through_aliases(&self.api.types, ty);
        Some(match ty {
            TypeRef::String | TypeRef::Secret
                if c.min_length.is_some() || c.max_length.is_some() || checkable_pattern(c).is_some() =>
            {
                let text = if *ty == TypeRef::Secret {
                    quote! { value.expose_secret() }
                } else {
                    quote! { value }
                };
                let length = (c.min_length.is_some() || c.max_length.is_some()).then(|| {
                    let (min, max) = (option(c.min_length), option(c.max_length));
                    quote! { #rt::validate::length(#wire, #text, #min, #max)?; }
                });
                let pattern = checkable_pattern(c).map(|p| quote! { #rt::validate::pattern(#wire, #text, #p)?; });
                quote! { #length #pattern }
            }
            TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
                if c.minimum.is_some() || c.maximum.is_some() || !c.values.is_empty() =>
            {
                let number = match ty {
                    TypeRef::F64 => quote! { *value },
                    TypeRef::I64 => quote! { *value as f64 },
                    _ => quote! { f64::from(*value) },
                };
                let range = (c.minimum.is_some() || c.maximum.is_some()).then(|| {
                    let bounds = bounds(c);
                    quote! { #rt::validate::range(#wire, #number, #rt::validate::Bounds #bounds)?; }
                });
                let values = &c.values;
                let one_of =
                    (!values.is_empty()).then(|| quote! { #rt::validate::one_of(#wire, #number, &[#(#values),*])?; });
                quote! { #range #one_of }
            }
            TypeRef::Vec(item) => {
                let items = c.items.as_deref().and_then(|ic| self.value_checks(wire, item, ic, &BTreeSet::new()));
                if c.min_items.is_none() && c.max_items.is_none() && items.is_none() && !needs_check(item, checked) {
                    return None;
                }
                let count = (c.min_items.is_some() || c.max_items.is_some()).then(|| {
                    let (min, max) = (option(c.min_items), option(c.max_items));
                    quote! { #rt::validate::items(#wire, value.len(), #min, #max)?; }
                });
                let each = items.map(|check| quote! { for value in value { #check } });
                let nested = needs_check(item, checked).then(|| quote! { #rt::validate::nested(#wire, value)?; });
                quote! { #count #each #nested }
            }
            ty if needs_check(ty, checked) => quote! { #rt::validate::nested(#wire, value)?; },
            _ => return None,
        })
    }
}

/// The types whose values have something to check: structs with constrained fields, and
/// every type that contains one.
pub(super) fn checked_types(types: &BTreeMap<String, TypeDef>) -> BTreeSet<String> {
    let constrained = types.iter().filter(|(_, def)| match &def.kind {
        TypeKind::Struct(fields) => fields.iter().any(|f| checks_anything(&f.constraints)),
        _ => false,
    });
    TypeGraph::new(types, Refs::Anywhere).referring_to(constrained.map(|(name, _)| name.as_str()))
}

/// Whether the client checks anything of `c`: `minProperties` only guides the samples.
fn checks_anything(c: &Constraints) -> bool {
    !Constraints { min_properties: None, ..c.clone() }.is_empty()
}

fn needs_check(ty: &TypeRef, checked: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => checked.contains(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => needs_check(inner, checked),
        _ => false,
    }
}

/// The field's pattern, if the runtime's regex engine can compile it. Patterns it cannot
/// (lookaround, backreferences) are left to the server and said so in the field's docs.
pub(super) fn checkable_pattern(c: &Constraints) -> Option<&str> {
    c.pattern.as_deref().filter(|p| regex_lite::Regex::new(p).is_ok())
}

fn option(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

fn bounds(c: &Constraints) -> TokenStream {
    let float = |v: Option<f64>| match v {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    };
    let (min, max, exclusive_min, exclusive_max) =
        (float(c.minimum), float(c.maximum), c.exclusive_minimum, c.exclusive_maximum);
    quote! { { min: #min, max: #max, exclusive_min: #exclusive_min, exclusive_max: #exclusive_max } }
}
