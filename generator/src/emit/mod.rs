//! Emitting: from the [`Api`] model to Rust tokens for one module.
//!
//! The module holds the API's constants, its `Error` alias, a `types` submodule with one item
//! per named type, and a `Client` with one async method per operation. Everything runtime
//! (HTTP, auth, retries, the error type) is referred to through [`Options::runtime`], so the
//! same output works inside the client crate and in a standalone crate.

mod arguments;
mod cli;
mod client;
mod contract;
mod enums;
mod mock;
mod outputs;
mod parts;
mod rust_path;
mod structs;
mod tests;
mod types;
mod unions;
mod validate;
mod webhooks;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::{doc_lines, sanitize};
use crate::files::FileKind;
use crate::model::{Api, TypeDef};
pub(crate) use crate::naming::ident;

pub use rust_path::RustPath;

/// How the emitted module refers to its surroundings. The caller (a project's build task)
/// says where the runtime is and what the crate around the module provides; the generator
/// knows no project.
#[derive(Debug, Clone)]
pub struct Options {
    /// Path of the runtime crate or module (`crate::runtime`, or `openapi_client_runtime` in a
    /// standalone crate).
    pub runtime: RustPath,
    /// Whether the module re-exports the runtime as `runtime` (the root of a standalone
    /// crate, whose users then need no other dependency to name its types).
    pub reexport_runtime: bool,
    /// The per-operation tests, when wanted: where an integration test reaches the module
    /// and the runtime.
    pub tests: Option<OutsidePaths>,
    /// The contract runner, when wanted: where an example reaches the crate (its root).
    pub contract: Option<RustPath>,
    /// The module's commands for the crate's command-line client, when wanted: where its
    /// binary reaches the module and the runtime. The binary compiles them, not the library,
    /// so that no single compilation holds the library and a call of every operation.
    pub cli: Option<OutsidePaths>,
    /// The command-line client's name, when the module is the crate's only API and its
    /// commands' file provides the binary's `app()` (a standalone crate).
    pub cli_app: Option<String>,
    /// The environment variables `Client::from_env()` reads.
    pub env: EnvNames,
    /// Where `Client::builder()` exchanges service-account credentials for tokens, when the
    /// crate can: the fetch function and the constant of its default URL, as paths from the
    /// module.
    pub token_endpoint: Option<(RustPath, RustPath)>,
}

/// Where code outside the library (an integration test, the binary) reaches the module and
/// the runtime.
#[derive(Debug, Clone)]
pub struct OutsidePaths {
    /// The module (`my_crate::v2026_07`).
    pub module: RustPath,
    /// The runtime (`my_crate::runtime`).
    pub runtime: RustPath,
}

/// The environment variables a client reads, each named in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvNames {
    /// An access token.
    pub access_token: String,
    /// An API key.
    pub api_key: String,
    /// A service account's client id.
    pub client_id: String,
    /// A service account's client secret.
    pub client_secret: String,
    /// The API's base URL.
    pub base_url: String,
    /// The token API's base URL.
    pub oauth_url: String,
}

impl EnvNames {
    /// `<PREFIX>_ACCESS_TOKEN`, `<PREFIX>_API_KEY`, `<PREFIX>_CLIENT_ID`,
    /// `<PREFIX>_CLIENT_SECRET`, `<PREFIX>_BASE_URL` and `<PREFIX>_OAUTH_URL`.
    pub fn prefixed(prefix: &str) -> Self {
        let name = |suffix: &str| format!("{prefix}_{suffix}");
        Self {
            access_token: name("ACCESS_TOKEN"),
            api_key: name("API_KEY"),
            client_id: name("CLIENT_ID"),
            client_secret: name("CLIENT_SECRET"),
            base_url: name("BASE_URL"),
            oauth_url: name("OAUTH_URL"),
        }
    }
}

impl Options {
    /// Options for a module whose runtime is at `runtime`, reading `env`.
    pub fn new(runtime: syn::Path, env: EnvNames) -> Self {
        Self {
            runtime: runtime.into(),
            reexport_runtime: false,
            tests: None,
            contract: None,
            cli: None,
            cli_app: None,
            env,
            token_endpoint: None,
        }
    }

    /// Options for the root module of a standalone crate over the runtime crate
    /// (`openapi_client_runtime`), which it re-exports, reading `<PREFIX>_...` variables.
    pub fn standalone(env_prefix: &str) -> Self {
        Self {
            reexport_runtime: true,
            ..Self::new(syn::parse_quote!(openapi_client_runtime), EnvNames::prefixed(env_prefix))
        }
    }

    /// These options, and tests of the operations that reach the module at `module` and the
    /// runtime at `runtime`.
    pub fn with_tests(self, module: syn::Path, runtime: syn::Path) -> Self {
        Self { tests: Some(OutsidePaths { module: module.into(), runtime: runtime.into() }), ..self }
    }

    /// These options, and the crate's contract runner, an example reaching the crate at
    /// `krate`.
    pub fn with_contract(self, krate: syn::Path) -> Self {
        Self { contract: Some(krate.into()), ..self }
    }

    /// These options, and the module's commands for the crate's command-line client, whose
    /// binary reaches the module at `module` and the runtime at `runtime`.
    pub fn with_cli(self, module: syn::Path, runtime: syn::Path) -> Self {
        Self { cli: Some(OutsidePaths { module: module.into(), runtime: runtime.into() }), ..self }
    }

    /// These options, the module's commands, and the `app()` of a binary named `name` that
    /// reaches the module (the crate's root) at `module` and the runtime at `runtime`.
    pub fn with_cli_app(self, name: &str, module: syn::Path, runtime: syn::Path) -> Self {
        Self { cli_app: Some(name.to_owned()), ..self.with_cli(module, runtime) }
    }

    /// These options, and a builder that exchanges credentials at the token endpoint `fetch`
    /// (by default at the URL constant `default_url`).
    pub fn with_token_endpoint(self, fetch: syn::Path, default_url: syn::Path) -> Self {
        Self { token_endpoint: Some((fetch.into(), default_url.into())), ..self }
    }
}

/// An API ready to emit: what its files share is computed once, and each file is described
/// as its head items, one unit per type or operation, and its tail items, which
/// [`crate::pieces`] groups into pieces for the workers.
pub struct Module<'a> {
    api: &'a Api,
    options: &'a Options,
    /// The named types, in name order, by index.
    types: Vec<&'a TypeDef>,
    /// Types whose values have constraints to check before sending.
    checked: BTreeSet<String>,
    /// Types that hold a secret, directly or inside another type.
    secret: BTreeSet<String>,
    /// `(type, member)` pairs that must be boxed to break a cycle.
    recursive: BTreeSet<(String, String)>,
    /// The structs sent as `multipart/form-data` bodies.
    multipart: BTreeSet<String>,
}

impl<'a> Module<'a> {
    /// The module of `api`, emitted as `options` say.
    pub fn new(api: &'a Api, options: &'a Options) -> Self {
        Self {
            api,
            options,
            types: api.types.values().collect(),
            checked: validate::checked_types(&api.types),
            secret: types::secret_types(&api.types),
            recursive: types::recursive_fields(&api.types),
            multipart: types::multipart_bodies(api),
        }
    }

    /// Whether the options ask for the file.
    pub fn wants(&self, file: FileKind) -> bool {
        match file {
            FileKind::Tests => self.options.tests.is_some(),
            FileKind::Contract => self.options.contract.is_some(),
            FileKind::Cli => self.options.cli.is_some(),
            FileKind::Client | FileKind::Types | FileKind::Mock => true,
        }
    }

    /// The file's items before its units (its inner attributes first).
    pub fn head(&self, file: FileKind) -> TokenStream {
        let e = self.emitter(file);
        match file {
            FileKind::Client => e.client_head(),
            FileKind::Types => e.types_head(),
            FileKind::Mock => e.mock_module(),
            FileKind::Cli => e.cli_module(),
            FileKind::Tests => self.options.tests.as_ref().map(|t| e.tests_head(&t.module)).unwrap_or_default(),
            FileKind::Contract => self.options.contract.as_ref().map(|m| e.contract_head(m)).unwrap_or_default(),
        }
    }

    /// How many units the file has: one per type, or per operation.
    pub fn units(&self, file: FileKind) -> usize {
        match file {
            FileKind::Client | FileKind::Tests | FileKind::Contract => self.api.operations.len(),
            FileKind::Types => self.types.len(),
            FileKind::Mock | FileKind::Cli => 0,
        }
    }

    /// Unit `index` of the file; in an API split into parts, each of its items compiles with
    /// the features of the parts it belongs to.
    pub fn unit(&self, file: FileKind, index: usize) -> TokenStream {
        let e = self.emitter(file);
        let op = || self.api.operations.get(index);
        let (unit, cfg) = match file {
            FileKind::Client => (op().map(|op| e.method(op)), op().and_then(|op| e.operation_cfg(op))),
            FileKind::Tests => (op().map(|op| e.operation_tests(op)), op().and_then(|op| e.operation_cfg(op))),
            FileKind::Contract => (op().map(|op| e.contract_unit(op)), op().and_then(|op| e.operation_cfg(op))),
            FileKind::Types => {
                let def = self.types.get(index);
                (def.map(|def| e.type_unit(def)), def.and_then(|def| e.type_cfg(&def.name)))
            }
            FileKind::Mock | FileKind::Cli => (None, None),
        };
        let unit = unit.unwrap_or_default();
        match cfg {
            Some(cfg) => parts::gated(unit, &cfg, file == FileKind::Client),
            None => unit,
        }
    }

    /// The impl block the file's units are members of (`impl Client`), if they are not items.
    pub fn unit_block(&self, file: FileKind) -> Option<TokenStream> {
        (file == FileKind::Client).then(|| quote! { impl Client })
    }

    /// The file's items after its units.
    pub fn tail(&self, file: FileKind) -> TokenStream {
        let e = self.emitter(file);
        match file {
            FileKind::Client => e.client_tail(),
            FileKind::Types => e.output_types(),
            FileKind::Contract => e.contract_tail(),
            FileKind::Tests => e.long_enums_test(),
            FileKind::Mock | FileKind::Cli => TokenStream::new(),
        }
    }

    /// The emitter of a file; integration tests and the binary reach the runtime from outside
    /// the library.
    fn emitter(&self, file: FileKind) -> Emitter<'_> {
        let rt = match (&self.options.tests, &self.options.cli, file) {
            (Some(paths), _, FileKind::Tests) | (_, Some(paths), FileKind::Cli) => &paths.runtime,
            _ => &self.options.runtime,
        };
        Emitter {
            api: self.api,
            rt: rt.to_path(),
            options: self.options,
            checked: &self.checked,
            secret: &self.secret,
            recursive: &self.recursive,
            multipart: &self.multipart,
        }
    }
}

/// What every emitting function needs.
struct Emitter<'a> {
    api: &'a Api,
    rt: syn::Path,
    options: &'a Options,
    checked: &'a BTreeSet<String>,
    secret: &'a BTreeSet<String>,
    recursive: &'a BTreeSet<(String, String)>,
    multipart: &'a BTreeSet<String>,
}

impl Emitter<'_> {
    /// The declarations of the submodules, and the runtime's re-export.
    fn submodules(&self) -> TokenStream {
        let options = self.options;
        let runtime = &options.runtime;
        let reexport = options.reexport_runtime.then(|| {
            quote! {
                /// The runtime this client is built on: the error type, the builder, retries,
                /// secrets, mocks (feature `mock`).
                pub use #runtime as runtime;
            }
        });
        let webhooks = self.webhooks_module();
        quote! {
            #reexport
            #webhooks
            pub mod types;
            #[cfg(feature = "mock")]
            pub mod mock;
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
        let rt = &self.rt;
        let (version_doc, version) = match &api.version_header {
            Some((header, value)) => (
                format!(" The API version this module speaks, sent in the `{header}` header of every request."),
                value.clone(),
            ),
            None => {
                (" The API version this module speaks (`info.version` of its spec).".to_owned(), api.version.clone())
            }
        };
        let version_doc = doc_text(&version_doc);
        let base_url = match &api.base_url {
            Some(url) => quote! { Some(#url) },
            None => quote! { None },
        };
        let error_ty = self.ty(&api.error.ty, false);
        let events = api.operations.iter().any(|op| op.events.is_some()).then(|| {
            quote! {
                /// The server-sent events an `_events` method returns, each decoded as `T`.
                pub type Events<T> = #rt::EventStream<T, #error_ty>;
            }
        });
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
            #events
        }
    }
}

/// `#[doc = "..."]` attributes for outer documentation.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| doc_line(line));
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "..."]` attributes for inner (module) documentation.
fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| doc_line(line));
    quote! { #(#![doc = #lines])* }
}

/// A line of documentation as a doc attribute's literal: after a space, as `/// line` is.
fn doc_line(line: &str) -> proc_macro2::Literal {
    doc_text(&if line.is_empty() { String::new() } else { format!(" {line}") })
}

/// The text of a doc attribute (`#[doc = ...]`), as the literal to write there. prettyplease
/// prints a doc attribute of one line as a `///` comment of the literal's value, so that
/// literal is written raw (`r"..."`): quote need not escape the text, nor syn unescape it,
/// which were about 3% of all the instructions of generating. Text that prettyplease prints as
/// the literal itself (several lines, or a leading `/`) is an ordinary string literal.
pub(crate) fn doc_text(text: &str) -> proc_macro2::Literal {
    if text.contains('\n') || text.starts_with('/') {
        return proc_macro2::Literal::string(text);
    }
    raw_text(text)
}

/// `text` as a string literal, raw (`r#"..."#`) where Rust allows: JSON in generated tests
/// reads as itself rather than as escapes, and syn reads it without unescaping every
/// character (a third of formatting the tests of a large spec in the dev profile).
pub(crate) fn raw_text(text: &str) -> proc_macro2::Literal {
    let plain = || proc_macro2::Literal::string(text);
    if text.contains('\r') {
        return plain();
    }
    // The fewest `#` that no `"` in the text is followed by.
    let Some(hashes) = (0..=255).find(|&n| !text.contains(&format!("\"{}", "#".repeat(n)))) else { return plain() };
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| plain())
}

/// Outer doc attributes for an item with a summary and description.
pub(crate) fn docs(summary: Option<&str>, description: Option<&str>) -> TokenStream {
    doc_attrs(&doc_lines(summary, description))
}

/// A number literal without a type suffix (`201`, not `201u16`), as hand-written code has.
pub(crate) fn number(n: impl Into<u64>) -> proc_macro2::Literal {
    proc_macro2::Literal::u64_unsuffixed(n.into())
}

#[cfg(test)]
mod doc_text_tests {
    use super::*;

    /// A module and a struct documented by `literal`, formatted.
    fn documented(literal: proc_macro2::Literal) -> String {
        let file = syn::parse2(quote! { #![doc = #literal] #[doc = #literal] pub struct A; }).expect("parses");
        prettyplease::unparse(&file)
    }

    #[test]
    fn doc_text_prints_as_the_same_text_escaped() {
        let texts = [
            " plain",
            " a \"quote\"",
            " a \"# and \"## too",
            " back\\slash \\n",
            "",
            " tab\there",
            "/ slash first",
            " two\nlines",
            " é ✓ \u{7f}",
        ];
        for text in texts {
            let written = documented(doc_text(text));
            assert_eq!(written, documented(proc_macro2::Literal::string(text)), "{text:?}");
        }
        assert!(doc_text(" plain").to_string().starts_with("r\""), "one line is written raw");
        assert!(doc_text(" two\nlines").to_string().starts_with('"'), "several lines are escaped");
    }

    #[test]
    fn raw_text_has_the_text_as_its_value() {
        let texts = [r#"{"a":"b \"quoted\""}"#, "\"#\"##", "back\\slash", "two\nlines", "carriage\rreturn", "é ✓", ""];
        for text in texts {
            let literal = raw_text(text);
            let value = syn::parse2::<syn::LitStr>(quote!(#literal)).expect("a string literal").value();
            assert_eq!(value, text, "{literal}");
        }
        assert_eq!(raw_text(r#"{"a":1}"#).to_string(), r##"r#"{"a":1}"#"##, "JSON is written as itself");
    }
}
