//! Emitting: from the [`Api`] model to Rust tokens for one module.
//!
//! The module holds the API's constants, its `Error` alias, a `types` submodule with one item
//! per named type, and a `Client` with one async method per operation. Everything runtime
//! (HTTP, auth, retries, the error type) is referred to through [`Options::runtime`], so the
//! same output works inside the client crate and in a standalone crate.

mod cli;
mod client;
mod enums;
mod mock;
mod outputs;
mod structs;
mod tests;
mod types;
mod unions;
mod validate;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs::{doc_lines, sanitize};
use crate::model::Api;

/// How the emitted module refers to its surroundings.
#[derive(Clone)]
pub struct Options {
    /// Path of the runtime module (`crate::runtime`, or `pinecone_admin::runtime` in a
    /// standalone crate).
    pub runtime: syn::Path,
    /// Where an integration test reaches the module (`pinecone_admin::v2026_07`), to
    /// generate its per-operation tests; `None` for no tests.
    pub tests: Option<syn::Path>,
    /// Whether to generate the module's commands for the crate's command-line client.
    pub cli: bool,
}

impl Options {
    /// Options for a module inside the client crate, whose runtime is `crate::runtime`.
    pub fn in_client_crate() -> Self {
        Self { runtime: syn::parse_quote!(crate::runtime), tests: None, cli: false }
    }

    /// Options for a standalone crate that uses the runtime of the `pinecone_admin` crate.
    pub fn standalone() -> Self {
        Self { runtime: syn::parse_quote!(pinecone_admin::runtime), tests: None, cli: false }
    }

    /// These options, and tests of the operations that reach the module at `module`.
    pub fn with_tests(self, module: syn::Path) -> Self {
        Self { tests: Some(module), ..self }
    }

    /// These options, and the module's commands for the crate's command-line client.
    pub fn with_cli(self) -> Self {
        Self { cli: true, ..self }
    }
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let runtime = &self.runtime;
        let tests = self.tests.as_ref().map(|t| quote!(#t).to_string());
        f.debug_struct("Options")
            .field("runtime", &quote!(#runtime).to_string())
            .field("tests", &tests)
            .field("cli", &self.cli)
            .finish()
    }
}

/// The files of an API module, each as a list of chunks (parsed one chunk at a time, which
/// keeps formatting linear in the size of the spec).
#[derive(Debug, Clone)]
pub struct Emitted {
    /// The module: constants, `Error`, `Client`, `pub mod types;` and `pub mod mock;`.
    pub client: Vec<Chunk>,
    /// The `types` submodule: its docs, then each type with its impls.
    pub types: Vec<Chunk>,
    /// The `mock` submodule, behind the cargo feature `mock`.
    pub mock: Vec<Chunk>,
    /// The per-operation tests, when [`Options::tests`] asks for them.
    pub tests: Option<Vec<Chunk>>,
    /// The `cli` submodule, when [`Options::cli`] asks for it (behind the cargo feature `cli`).
    pub cli: Option<Vec<Chunk>>,
}

/// A piece of a file.
#[derive(Debug, Clone)]
pub enum Chunk {
    /// Inner attributes and items.
    Items(TokenStream),
    /// An impl block (`impl Client {}`) and its members, each a run of associated items.
    Impl {
        /// The block, empty.
        block: TokenStream,
        /// What goes in it.
        members: Vec<TokenStream>,
    },
}

/// The tokens of the module for `api`.
pub fn module(api: &Api, options: &Options) -> Emitted {
    let e = Emitter::new(api, &options.runtime);
    let cli = options.cli.then(|| {
        quote! {
            #[cfg(feature = "cli")]
            #[doc(hidden)]
            pub mod cli;
        }
    });
    let submodules = quote! {
        pub mod types;
        #[cfg(feature = "mock")]
        pub mod mock;
        #cli
    };
    let mut client = vec![Chunk::Items(e.module_doc()), Chunk::Items(e.constants()), Chunk::Items(submodules)];
    client.extend(e.client());
    Emitted {
        client,
        types: e.types_module().into_iter().map(Chunk::Items).collect(),
        mock: e.mock_module().into_iter().map(Chunk::Items).collect(),
        tests: options.tests.as_ref().map(|module| {
            // Integration tests reach the runtime from outside the crate.
            let runtime: syn::Path = syn::parse_quote!(pinecone_admin::runtime);
            Emitter::new(api, &runtime).tests_module(module)
        }),
        cli: options.cli.then(|| e.cli_module()),
    }
}

/// What every emitting function needs.
struct Emitter<'a> {
    api: &'a Api,
    rt: &'a syn::Path,
    /// Types whose values have constraints to check before sending.
    checked: std::collections::BTreeSet<String>,
    /// Types that hold a secret, directly or inside another type.
    secret: std::collections::BTreeSet<String>,
    /// `(type, member)` pairs that must be boxed to break a cycle.
    recursive: std::collections::BTreeSet<(String, String)>,
}

impl<'a> Emitter<'a> {
    fn new(api: &'a Api, rt: &'a syn::Path) -> Self {
        Self {
            api,
            rt,
            checked: validate::checked_types(&api.types),
            secret: types::secret_types(&api.types),
            recursive: types::recursive_fields(&api.types),
        }
    }

    fn module_doc(&self) -> TokenStream {
        let api = self.api;
        let mut lines = vec![format!("{}, version `{}`.", api.title.trim(), api.version)];
        if let Some(description) = &api.description {
            lines.push(String::new());
            lines.extend(sanitize(description));
        }
        inner_doc_attrs(&lines)
    }

    fn constants(&self) -> TokenStream {
        let api = self.api;
        let rt = self.rt;
        let (version_doc, version) = match &api.version_header {
            Some((header, value)) => (
                format!(" The API version this module speaks, sent in the `{header}` header of every request."),
                value.clone(),
            ),
            None => {
                (" The API version this module speaks (`info.version` of its spec).".to_owned(), api.version.clone())
            }
        };
        let base_url = match &api.base_url {
            Some(url) => quote! { Some(#url) },
            None => quote! { None },
        };
        let error_ty = self.ty(&api.error.ty, false);
        let version_header = api.version_header.as_ref().map(|(header, _)| {
            quote! {
                /// The header that carries [`API_VERSION`].
                pub const VERSION_HEADER: &str = #header;
            }
        });
        quote! {
            #[doc = #version_doc]
            pub const API_VERSION: &str = #version;
            #version_header
            /// The server requests go to unless the client is configured otherwise.
            pub const DEFAULT_BASE_URL: Option<&str> = #base_url;
            /// The error every method of [`Client`] returns: API errors carry the decoded
            /// error body.
            pub type Error = #rt::Error<#error_ty>;
        }
    }
}

/// `#[doc = "..."]` attributes for outer documentation.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "..."]` attributes for inner (module) documentation.
fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#![doc = #lines])* }
}

/// Outer doc attributes for an item with a summary and description.
pub(crate) fn docs(summary: Option<&str>, description: Option<&str>) -> TokenStream {
    doc_attrs(&doc_lines(summary, description))
}

/// A number literal without a type suffix (`201`, not `201u16`), as hand-written code has.
pub(crate) fn number(n: impl Into<u64>) -> proc_macro2::Literal {
    proc_macro2::Literal::u64_unsuffixed(n.into())
}

/// An identifier from a name the naming module made (raw identifiers included).
pub(crate) fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => format_ident!("r#{}", raw),
        None => format_ident!("{}", name),
    }
}
