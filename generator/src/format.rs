//! Tokens to formatted text: parsed with syn, each top-level item printed with prettyplease
//! and separated from the next by a blank line, after the `@generated` header. A file is
//! formatted in pieces ([`crate::pieces`]), whose text, joined in order, is the file.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::error::{Error, Result};

/// Formats `tokens` (a file, or a piece of one: inner attributes only in the first) after
/// the comment `header` (one line per entry; none for a piece after the first).
pub fn file(tokens: TokenStream, header: &[String], source: &Path) -> Result<String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| Error::Format { file: source.to_owned(), message: e.to_string() })?;
    let mut out = String::new();
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    let mut print = |attrs: Vec<syn::Attribute>, items: Vec<syn::Item>| {
        out.push('\n');
        out.push_str(&prettyplease::unparse(&syn::File { shebang: None, attrs, items }));
    };
    if !file.attrs.is_empty() {
        print(file.attrs, Vec::new());
    }
    for item in file.items {
        print(Vec::new(), vec![item]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// What the workers rely on: pieces formatted one by one, joined, read as the same tokens
    /// formatted at once.
    #[test]
    fn pieces_formatted_apart_read_as_formatted_together() {
        let pieces = [
            quote! { #![doc = " A module."] use std::fmt; },
            quote! { /// One.
            pub struct A; impl A { pub fn a(&self) -> u32 { 1 } } },
            quote! { impl A { pub fn b(&self, first_argument: u32, second_argument: &str) -> String { format!("{first_argument} and {second_argument} and a long tail to wrap the line") } } },
        ];
        let apart: String = pieces.iter().map(|p| file(p.clone(), &[], Path::new("x")).expect("formats")).collect();
        let together = file(pieces.into_iter().collect(), &[], Path::new("x")).expect("formats");
        assert_eq!(apart, together);
        assert!(file(quote! { fn }, &[], Path::new("x")).is_err(), "tokens that are not Rust are an error");
    }
}
