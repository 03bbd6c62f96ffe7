//! Tokens to a formatted file: parsed once with syn, each top-level item printed with
//! prettyplease and separated from the next by a blank line, after the `@generated` header.
//! No text patching afterwards.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::error::{Error, Result};

/// Formats `tokens` (inner attributes, then items) as a file that starts with the comment
/// `header` (one line per entry).
pub fn file(tokens: TokenStream, header: &[String], source: &Path) -> Result<String> {
    let ast: syn::File =
        syn::parse2(tokens).map_err(|e| Error::Format { file: source.to_owned(), message: e.to_string() })?;
    let mut out = String::new();
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    let mut parts = Vec::with_capacity(ast.items.len() + 1);
    if !ast.attrs.is_empty() {
        parts.push(prettyplease::unparse(&syn::File { shebang: None, attrs: ast.attrs, items: Vec::new() }));
    }
    for item in ast.items {
        parts.push(prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items: vec![item] }));
    }
    for part in parts {
        out.push('\n');
        out.push_str(&part);
    }
    Ok(out)
}
