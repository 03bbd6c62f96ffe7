//! Tokens to a formatted file: parsed with syn one chunk at a time (small inputs keep the
//! parse linear in the size of the spec), each top-level item printed with prettyplease and
//! separated from the next by a blank line, after the `@generated` header. No text patching
//! afterwards.

use std::path::Path;

use crate::emit::Chunk;
use crate::error::{Error, Result};

/// Formats `chunks` as one file that starts with the comment `header` (one line per entry).
/// Each chunk is parsed, printed and dropped before the next, so only one chunk's syntax tree
/// is in memory at a time. Inner attributes belong in the first chunk.
pub fn file(chunks: Vec<Chunk>, header: &[String], source: &Path) -> Result<String> {
    let bug = |e: syn::Error| Error::Format { file: source.to_owned(), message: e.to_string() };
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
    for chunk in chunks {
        match chunk {
            Chunk::Items(tokens) => {
                let part: syn::File = syn::parse2(tokens).map_err(bug)?;
                if !part.attrs.is_empty() {
                    print(part.attrs, Vec::new());
                }
                for item in part.items {
                    print(Vec::new(), vec![item]);
                }
            }
            Chunk::Impl { block, members } => {
                let mut block: syn::ItemImpl = syn::parse2(block).map_err(bug)?;
                for member in members {
                    let holder: syn::ItemImpl = syn::parse2(quote::quote! { impl Holder { #member } }).map_err(bug)?;
                    block.items.extend(holder.items);
                }
                print(Vec::new(), vec![syn::Item::Impl(block)]);
            }
        }
    }
    Ok(out)
}
