//! The layout of a crate of several API versions around the generated API modules:
//! - one module per API version (`v2026_04`), behind a cargo feature of the same name;
//! - in it, the primary API at the module root and every other API as a submodule;
//! - when the crate has a token API, a function that exchanges service-account credentials
//!   for access tokens through that version's generated client of it, which the primary
//!   API's `Client::builder()` uses.
//!
//! What the crate is (its name, its primary and token APIs, its environment variables) is
//! the caller's to say, in a [`CrateLayout`].

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc_text, ident};
use crate::error::Result;
use crate::format;
use crate::naming::version_module;
use crate::{EnvNames, Options};

/// A crate of several API versions, as its build task describes it.
#[derive(Debug, Clone)]
pub struct CrateLayout {
    /// The crate's library name (`acme`), for the paths of its integration tests and binary.
    pub lib: String,
    /// Its command-line client's name (`acme`), the binary's (`src/bin/acme/`).
    pub bin: String,
    /// What the crate is about (`Acme APIs`), for the docs of the version modules.
    pub about: String,
    /// The primary API's title (`Acme Admin API`), for the command line's help.
    pub title: String,
    /// The API whose client is the version module's `Client` (`admin`).
    pub primary: String,
    /// The environment variables the primary API's client reads; the token API's reads the
    /// same ones, with its URL in `oauth_url`.
    pub env: EnvNames,
    /// The API that issues access tokens for the primary one, if any.
    pub token: Option<TokenApi>,
}

/// The API that exchanges service-account credentials (OAuth 2.0 client credentials:
/// `client_id` and `client_secret`) for access tokens, and how its operation is called.
#[derive(Debug, Clone)]
pub struct TokenApi {
    /// The API's name (`oauth`).
    pub api: String,
    /// The client method that issues a token (`get_token`).
    pub method: String,
    /// Its request type (`TokenRequest`), with `client_id` and `client_secret` fields.
    pub request: String,
    /// The request's other fields, each set to a value of its enum (`grant_type`:
    /// `client_credentials`).
    pub fixed: Vec<(String, String)>,
    /// The answer's fields with the token and its lifetime in seconds.
    pub token_field: String,
    /// The lifetime field.
    pub expires_in_field: String,
}

/// One API version as found in `specs/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The version as written (`2026-04`).
    pub name: String,
    /// The APIs it has (`admin`, `oauth`), sorted.
    pub apis: Vec<String>,
}

impl Version {
    /// The Rust module and cargo feature name (`v2026_04`).
    pub fn module(&self) -> String {
        module_name(&self.name)
    }
}

/// The Rust module and cargo feature name of a version (`2026-04` -> `v2026_04`).
pub fn module_name(version: &str) -> String {
    version_module(version)
}

impl CrateLayout {
    /// The options of `api` in version module `version` (`v2026_07`): the runtime at
    /// `crate::runtime`, tests that reach the module from outside the crate, and, for the
    /// primary API, the binary's commands and the token endpoint.
    pub fn options(&self, version: &str, api: &str) -> Options {
        let (lib, version) = (ident(&self.lib), ident(version));
        let runtime: syn::Path = syn::parse_quote!(#lib::runtime);
        let options = Options::new(syn::parse_quote!(crate::runtime), self.env.clone());
        if api == self.primary {
            let options = options
                .with_tests(syn::parse_quote!(#lib::#version), runtime.clone())
                .with_cli(syn::parse_quote!(#lib::#version), runtime);
            match &self.token {
                Some(token) => {
                    let token_api = ident(&token.api);
                    options.with_token_endpoint(
                        syn::parse_quote!(super::fetch_token),
                        syn::parse_quote!(super::#token_api::DEFAULT_BASE_URL),
                    )
                }
                None => options,
            }
        } else {
            let env = EnvNames { base_url: self.env.oauth_url.clone(), ..self.env.clone() };
            let api = ident(api);
            Options { env, ..options }.with_tests(syn::parse_quote!(#lib::#version::#api), runtime)
        }
    }

    /// The `mod.rs` of a version module.
    pub fn version_module_file(&self, version: &Version, command: &str) -> Result<String> {
        let primary = version.apis.contains(&self.primary);
        let mods = version.apis.iter().map(|api| {
            let name = ident(api);
            if *api == self.primary {
                quote! { mod #name; }
            } else {
                quote! { pub mod #name; }
            }
        });
        let reexport = primary.then(|| {
            let name = ident(&self.primary);
            quote! { pub use #name::*; }
        });
        let others: Vec<String> =
            version.apis.iter().filter(|a| **a != self.primary).map(|a| format!("[`{a}`]")).collect();
        let mut doc =
            vec![format!(" {}, version `{}` (cargo feature `{}`).", self.about, version.name, version.module())];
        if primary {
            doc.push(String::new());
            doc.push(format!(" The `{}` API's [`Client`] and [`types`] are at the root of this module.", self.primary));
        }
        if !others.is_empty() {
            doc.push(format!(" Also here: {}.", others.join(", ")));
        }
        let token = self.token.as_ref().filter(|t| primary && version.apis.contains(&t.api));
        let fetch = token.map(fetch_token);
        let doc = doc.iter().map(|line| doc_text(line));
        let tokens = quote! {
            #(#![doc = #doc])*
            #(#mods)*
            #reexport
            #fetch
        };
        let path = std::path::PathBuf::from(format!("specs/{}/", version.name));
        let header = [format!("@generated by `{command}` from `specs/{}/`. Do not edit: regenerate.", version.name)];
        format::file(tokens, &header, &path)
    }
}

/// The function that exchanges service-account credentials for an access token at the
/// version's token API, for the primary API's `Client::builder()`.
fn fetch_token(token: &TokenApi) -> TokenStream {
    let api = ident(&token.api);
    let method = ident(&token.method);
    let request = ident(&token.request);
    let fixed = token.fixed.iter().map(|(field, value)| {
        let field = ident(field);
        quote! { #field: crate::runtime::parse_known(#value)?, }
    });
    let (access_token, expires_in) = (ident(&token.token_field), ident(&token.expires_in_field));
    let doc = doc_text(&format!(
        " Exchanges service-account credentials for an access token with `{}::Client::{}`.",
        token.api, token.method
    ));
    quote! {
        #[doc = #doc]
        fn fetch_token(
            transport: crate::runtime::Transport,
            credentials: crate::runtime::Credentials,
        ) -> crate::runtime::BoxFuture<'static, Result<crate::runtime::AccessToken, crate::runtime::AuthError>> {
            Box::pin(async move {
                use crate::runtime::ApiClient as _;
                let request = #api::types::#request {
                    client_id: credentials.client_id,
                    client_secret: credentials.client_secret,
                    #(#fixed)*
                };
                let token = #api::Client::from_transport(transport).#method(&request).await?;
                Ok(crate::runtime::AccessToken::new(token.#access_token, token.#expires_in))
            })
        }
    }
}

/// `versions.rs`, included by the crate root: one feature-gated module per version.
pub fn versions_file(versions: &[Version], command: &str) -> Result<String> {
    let mods = versions.iter().map(|v| {
        let module = v.module();
        let name = ident(&module);
        quote! {
            #[cfg(feature = #module)]
            pub mod #name;
        }
    });
    let header = [
        format!("@generated by `{command}` from the folders of `specs/`. Do not edit: regenerate."),
        "Included by lib.rs: one module per API version, each behind the cargo feature of its name.".to_owned(),
    ];
    format::file(quote! { #(#mods)* }, &header, std::path::Path::new("specs/"))
}

/// `commands.rs`, included by the binary's `main.rs`: the commands of each version that has
/// the primary API, behind the version's feature, and `app()`, the command-line client over
/// every version compiled in, newest first.
pub fn commands_file(versions: &[Version], layout: &CrateLayout, command: &str) -> Result<String> {
    let mut newest_first: Vec<&Version> = versions.iter().filter(|v| v.apis.contains(&layout.primary)).collect();
    newest_first.sort_by(|a, b| b.name.cmp(&a.name));
    let mods = newest_first.iter().map(|v| {
        let module = v.module();
        let name = ident(&module);
        quote! {
            #[cfg(feature = #module)]
            mod #name;
        }
    });
    let lib = ident(&layout.lib);
    let entries = newest_first.iter().map(|v| {
        let (name, feature) = (&v.name, v.module());
        let module = ident(&feature);
        quote! {
            #[cfg(feature = #feature)]
            let table = Some(&#module::TABLE);
            #[cfg(not(feature = #feature))]
            let table = None;
            versions.push(#lib::runtime::cli::Version { name: #name, feature: Some(#feature), table });
        }
    });
    let env = &layout.env;
    let (bin, title) = (&layout.bin, &layout.title);
    let (access_token, api_key, client_id, client_secret, base_url, oauth_url) =
        (&env.access_token, &env.api_key, &env.client_id, &env.client_secret, &env.base_url, &env.oauth_url);
    let tokens = quote! {
        #(#mods)*

        /// The command-line client: every API version, newest first, each with its commands
        /// when its cargo feature is on.
        fn app() -> #lib::runtime::cli::App {
            let mut versions = Vec::new();
            #(#entries)*
            #lib::runtime::cli::App {
                name: #bin,
                title: #title,
                version: env!("CARGO_PKG_VERSION"),
                env: #lib::runtime::EnvVars {
                    access_token: #access_token,
                    api_key: #api_key,
                    client_id: #client_id,
                    client_secret: #client_secret,
                    base_url: #base_url,
                    oauth_url: #oauth_url,
                },
                api_key: false,
                token: true,
                versions,
            }
        }
    };
    let header = [
        format!("@generated by `{command}` from the folders of `specs/`. Do not edit: regenerate."),
        "Included by the binary's main.rs: the commands of each API version.".to_owned(),
    ];
    format::file(tokens, &header, std::path::Path::new("specs/"))
}

/// `tests/operations/main.rs`: one module of generated per-operation tests per API of each
/// version (`v2026_07_admin`), behind its version's feature, and the helper they share.
pub fn tests_main_file(versions: &[Version], command: &str) -> Result<String> {
    let mods = versions.iter().flat_map(|v| {
        let feature = v.module();
        v.apis.iter().map(move |api| {
            let name = ident(&tests_module_name(&feature, api));
            let feature = feature.clone();
            // Generated files are formatted by the generator; rustfmt must leave them alone.
            quote! {
                #[cfg(feature = #feature)]
                #[rustfmt::skip]
                mod #name;
            }
        })
    });
    let tokens = quote! {
        //! Every operation of every API version, on its typed mock (the cargo feature `mock`),
        //! judged by what the spec says: tests generated from the spec, so a new version's
        //! operations are tested as soon as `cargo xtask codegen` has run.
        //! `cargo test --all-features create_api_key` runs one operation's tests in every version.

        #(#mods)*
    };
    let header = [format!("@generated by `{command}` from the folders of `specs/`. Do not edit: regenerate.")];
    format::file(tokens, &header, std::path::Path::new("specs/"))
}

/// The test module of one API of a version (`v2026_07_admin`).
pub fn tests_module_name(version_module: &str, api: &str) -> String {
    format!("{version_module}_{api}")
}

/// A `lib.rs` (or a test's `main.rs`) that declares one module per name, public or not, for a
/// crate of generated modules (the fixtures crate): `doc` is its documentation.
pub fn modules_file(doc: &str, modules: &[String], public: bool, source: &str, command: &str) -> Result<String> {
    let visibility = public.then(|| quote! { pub });
    let mods = modules.iter().map(|m| {
        let name = ident(m);
        // Generated files are formatted by the generator; rustfmt must leave them alone.
        quote! {
            #[rustfmt::skip]
            #visibility mod #name;
        }
    });
    let doc = doc_text(&format!(" {doc}"));
    let header = [format!("@generated by `{command}` from `{source}`. Do not edit: regenerate.")];
    format::file(quote! { #![doc = #doc] #(#mods)* }, &header, std::path::Path::new(source))
}

/// Marks the start of the generated block of features in the client's `Cargo.toml`.
pub const FEATURES_BEGIN: &str = "# @generated features begin: one per version in specs/, `latest` is the newest. Regenerate with `cargo xtask codegen`.";
/// Marks its end.
pub const FEATURES_END: &str = "# @generated features end";

/// The generated block of the client's `Cargo.toml` `[features]` table.
pub fn features_block(versions: &[Version]) -> String {
    let mut out = String::from(FEATURES_BEGIN);
    out.push('\n');
    if let Some(latest) = versions.iter().map(Version::module).max() {
        out.push_str(&format!("latest = [\"{latest}\"]\n"));
    }
    for version in versions {
        out.push_str(&format!("{} = []\n", version.module()));
    }
    out.push_str(FEATURES_END);
    out
}
