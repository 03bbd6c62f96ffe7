//! [`RustPath`]: a path in the emitted code, in a form that can cross threads.

use proc_macro2::TokenStream;
use quote::ToTokens;

use super::ident;

/// A path to a module, function or constant in the emitted code (`crate::runtime`), held as
/// the names of its segments: syn's tokens cannot cross threads, and the files of a module
/// are emitted on several. Such paths have no generic arguments; a segment's arguments are
/// not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustPath {
    leading_colon: bool,
    segments: Vec<String>,
}

impl From<syn::Path> for RustPath {
    fn from(path: syn::Path) -> Self {
        Self {
            leading_colon: path.leading_colon.is_some(),
            segments: path.segments.iter().map(|segment| segment.ident.to_string()).collect(),
        }
    }
}

impl RustPath {
    /// The path as syn's.
    pub fn to_path(&self) -> syn::Path {
        syn::Path {
            leading_colon: self.leading_colon.then(Default::default),
            segments: self
                .segments
                .iter()
                .map(|name| {
                    let ident = match name.strip_prefix("r#") {
                        Some(raw) => syn::Ident::new_raw(raw, proc_macro2::Span::call_site()),
                        None => ident(name),
                    };
                    syn::PathSegment::from(ident)
                })
                .collect(),
        }
    }
}

impl ToTokens for RustPath {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.to_path().to_tokens(tokens);
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn a_path_prints_as_it_was_written() {
        for path in [
            syn::parse_quote!(crate::runtime),
            syn::parse_quote!(::openapi_client_runtime),
            syn::parse_quote!(my_crate::v2026_07::r#type::fetch),
        ] {
            let path: syn::Path = path;
            assert_eq!(quote!(#path).to_string(), RustPath::from(path.clone()).to_token_stream().to_string());
        }
    }
}
