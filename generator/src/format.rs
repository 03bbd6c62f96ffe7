//! Tokens to a formatted file: parsed with syn one chunk at a time (small inputs keep the
//! parse linear in the size of the spec), each top-level item printed with prettyplease and
//! separated from the next by a blank line, after the `@generated` header.
//!
//! A file may be formatted in pieces, on several threads, and the pieces' text joined: an
//! impl block that spans pieces is printed a run of members at a time. prettyplease prints
//! each member of an impl on lines of its own, so a run printed in a stand-in block, less
//! that block's first and last lines, is the text the run has in place.

use std::path::Path;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;

use crate::emit::Chunk;
use crate::error::{Error, Result};

/// The first and last lines of the stand-in block.
const STAND_IN: (&str, &str) = ("\nimpl StandIn {\n", "}\n");

/// Formats `chunks` as a file, or a piece of one, that starts with the comment `header` (one
/// line per entry; none for a piece after the first). Each chunk is parsed, printed and
/// dropped before the next, so only one chunk's syntax tree is in memory at a time. Inner
/// attributes belong in the first chunk.
pub fn file(chunks: Vec<Chunk>, header: &[String], source: &Path) -> Result<String> {
    let bug = |message: String| Error::Format { file: source.to_owned(), message };
    let mut out = String::new();
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    let print = |out: &mut String, attrs: Vec<syn::Attribute>, items: Vec<syn::Item>| {
        out.push('\n');
        out.push_str(&prettyplease::unparse(&syn::File { shebang: None, attrs, items }));
    };
    for chunk in chunks {
        match chunk {
            Chunk::Items(tokens) => {
                let part: syn::File = syn::parse2(tokens).map_err(|e| bug(e.to_string()))?;
                if !part.attrs.is_empty() {
                    print(&mut out, part.attrs, Vec::new());
                }
                for item in part.items {
                    print(&mut out, Vec::new(), vec![item]);
                }
            }
            Chunk::Impl { block: None, members, closes } if members.is_empty() => {
                out.push_str(if closes { STAND_IN.1 } else { "" });
            }
            Chunk::Impl { block: Some(_), members, closes: false } if members.is_empty() => {
                return Err(bug("an impl block printed in runs has no members in its first run".into()));
            }
            Chunk::Impl { block, members, closes } => {
                let opens = block.is_some();
                let block = block.unwrap_or_else(|| quote! { impl StandIn {} });
                let mut block: syn::ItemImpl = syn::parse2(block).map_err(|e| bug(e.to_string()))?;
                for member in members {
                    let holder: syn::ItemImpl = syn::parse2(in_block(member)).map_err(|e| bug(e.to_string()))?;
                    block.items.extend(holder.items);
                }
                let mut text = String::new();
                print(&mut text, Vec::new(), vec![syn::Item::Impl(block)]);
                let text = if opens { Some(text.as_str()) } else { text.strip_prefix(STAND_IN.0) };
                let text = if closes { text } else { text.and_then(|text| text.strip_suffix(STAND_IN.1)) };
                out.push_str(
                    text.ok_or_else(|| bug("an impl block printed in runs is not one line longer at each end".into()))?,
                );
            }
        }
    }
    Ok(out)
}

/// `impl StandIn { #member }`, moving the member's tokens instead of copying them.
fn in_block(member: TokenStream) -> TokenStream {
    let mut block = quote! { impl StandIn };
    block.extend([TokenTree::Group(Group::new(Delimiter::Brace, member))]);
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` methods, each with a doc comment and a body long enough to wrap.
    fn methods(n: usize) -> Vec<TokenStream> {
        (0..n)
            .map(|i| {
                let name = quote::format_ident!("method_{i}");
                quote! {
                    /// Does the thing.
                    pub fn #name(&self, first_argument: u32, second_argument: &str) -> Result<String, std::fmt::Error> {
                        Ok(format!("{first_argument} and {second_argument} and a long tail {}", self.field_with_a_long_name))
                    }
                }
            })
            .collect()
    }

    #[test]
    fn an_impl_block_printed_in_runs_reads_as_printed_whole() {
        let block = || Some(quote! { impl<'a> Holder<'a> {} });
        let whole = file(vec![Chunk::Impl { block: block(), members: methods(7), closes: true }], &[], Path::new("x"))
            .expect("formats");
        assert!(whole.matches("pub fn method_").count() == 7 && whole.starts_with("\nimpl<'a> Holder<'a> {\n"));
        for cuts in [vec![7], vec![3, 7], vec![1, 7, 7], vec![2, 5, 6, 6, 7], vec![7, 7]] {
            let mut members = methods(7).into_iter();
            let mut text = String::new();
            let mut from = 0;
            for (k, &to) in cuts.iter().enumerate() {
                let chunk = Chunk::Impl {
                    block: if k == 0 { block() } else { None },
                    members: members.by_ref().take(to - from).collect(),
                    closes: k + 1 == cuts.len(),
                };
                text.push_str(&file(vec![chunk], &[], Path::new("x")).expect("formats"));
                from = to;
            }
            assert_eq!(text, whole, "cut at {cuts:?}");
        }
        let empty_first = Chunk::Impl { block: block(), members: Vec::new(), closes: false };
        assert!(file(vec![empty_first], &[], Path::new("x")).is_err(), "a first run without members is refused");
    }
}
