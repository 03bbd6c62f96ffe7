//! The contract runner of a standalone crate (`examples/contract.rs`), which `cargo xtask
//! contract` runs against a server that speaks the spec (Prism, or the user's own): every
//! operation called with the arguments of the generated tests (every field, then the
//! required ones only), once asking for each error status the operation declares, and its
//! events method when it has one; each call reported by the runtime (`runtime::contract`),
//! one JSON line each. Writes are sent only when allowed.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::tests::{concrete_status, shape};
use super::{Emitter, RustPath, doc_text, number, raw_text};
use crate::model::Operation;
use crate::samples::{Case, Samples};

impl Emitter<'_> {
    /// The runner's imports, and the clients it calls through.
    pub(super) fn contract_head(&self, module: &RustPath) -> TokenStream {
        let api = self.api;
        // A test server takes any credential, in the forms the API asks for.
        let credential = match api.api_key {
            Some(_) => quote! { Client::builder().access_token(credential.clone()).api_key(credential.clone()) },
            None => quote! { Client::builder().access_token(credential.clone()) },
        };
        let doc = doc_text(&format!(
            " The contract runner of {} `{}`: every operation against a server that speaks the spec, each call reported as a JSON line. Run it with `cargo xtask contract`; the server and the credentials are the client's own environment variables.",
            api.title.trim(),
            api.version
        ));
        let dead = self.allow_without_calls("dead_code");
        quote! {
            #![doc = #doc]
            #![allow(clippy::needless_borrows_for_generic_args, deprecated, unused_imports)]
            use #module::runtime::contract::{self, Call, Config};
            use #module::runtime::mock::Args;
            use #module::{Client, types};
            use std::sync::Arc;

            /// A client for each error status asked of the server (`Prefer: code=...`), and
            /// whether its answer is random (a schema describes it) or the spec's example;
            /// none retrying: a contract judges each answer.
            #dead
            struct Clients(std::collections::BTreeMap<Option<(u16, bool)>, Client>);

            impl Clients {
                fn new(config: &Config, statuses: &[Option<(u16, bool)>]) -> Result<Self, String> {
                    let mut clients = std::collections::BTreeMap::new();
                    for status in statuses {
                        let mut builder = match &config.credential {
                            Some(credential) => #credential,
                            None => Client::builder().from_env().map_err(|e| e.to_string())?,
                        };
                        if let Some(url) = &config.base_url {
                            builder = builder.base_url(url);
                        }
                        let client = builder
                            .http_client_from(config.http_settings(*status))
                            .retry(#module::runtime::RetryPolicy { max_attempts: 1, ..Default::default() })
                            // A test server answers at once; one that hangs fails its call soon.
                            .timeout(Some(std::time::Duration::from_secs(5)))
                            .build()
                            .map_err(|e| e.to_string())?;
                        clients.insert(*status, client);
                    }
                    Ok(Self(clients))
                }

                #dead
                fn get(&self, status: Option<(u16, bool)>) -> &Client {
                    &self.0[&status]
                }
            }
        }
    }

    /// The calls of one operation: a function of its own.
    pub(super) fn contract_unit(&self, op: &Operation) -> TokenStream {
        let samples = &mut Samples::new(&self.api.types);
        let name = op.method_name.ident();
        let (id, http) = (&op.operation_id, op.http_method.as_str());
        let doc = doc_text(&format!(" `{id}`: `{http} {}`.", op.path));
        let mut cases: Vec<(String, String, Ask)> = Vec::new();
        let mut push = |case: &str, args: &crate::wire::Arguments, ask: Ask| {
            cases.push((case.to_owned(), args.to_json().to_string(), ask));
        };
        samples.set_case(Case { choice: 0, required_only: true });
        let required = self.sample_arguments(op, samples);
        samples.set_case(Case::default());
        let args = self.sample_arguments(op, samples);
        push("every field", &args, None);
        // Leaving optional fields out is a call of its own only when there are some.
        if shape(&required.to_json()) != shape(&args.to_json()) {
            push("required fields only", &required, None);
        }
        for error in &op.errors {
            let status = concrete_status(error.status, op);
            push(&format!("answering {status}"), &args, Some((status, error.has_schema)));
        }
        let rows = cases.iter().map(|(case, args, ask)| {
            let ask = ask_tokens(*ask);
            let args = raw_text(args);
            quote! { (#case, #args, #ask) }
        });
        let call_args = self.call_args(op, false);
        // The runtime's mock arguments decode each sample, when the method takes any.
        let decode = |case: TokenStream, args: TokenStream| {
            (!call_args.is_empty()).then(|| quote! { let args = Args::new(#case, #args); })
        };
        let events = op.events.as_ref().map(|events| {
            let events_method = events.method.ident();
            let args = decode(quote!("events"), args.to_json().to_string().into_token_stream());
            quote! {
                let call = Call { operation: #id, case: "events", method: #http, status: None };
                if config.may_call(#http) {
                    #args
                    let result = match clients.get(None).#events_method(#(#call_args),*).await {
                        Ok(stream) => {
                            let items: Vec<_> = futures_util::StreamExt::collect(stream).await;
                            items.into_iter().find_map(Result::err).map_or(Ok(()), Err)
                        }
                        Err(e) => Err(e),
                    };
                    contract::report(call, &result);
                } else {
                    contract::skipped(call, "a write; allow writes to send it");
                }
            }
        });
        let args = decode(quote!(case), quote!(args));
        let args_pattern = if call_args.is_empty() { quote!(_) } else { quote!(args) };
        quote! {
            #[doc = #doc]
            async fn #name(config: Arc<Config>, clients: Arc<Clients>) {
                for (case, #args_pattern, ask) in [#(#rows),*] {
                    let call = Call { operation: #id, case, method: #http, status: ask.map(|(status, _)| status) };
                    if !config.may_call(#http) {
                        contract::skipped(call, "a write; allow writes to send it");
                        continue;
                    }
                    #args
                    let result = clients.get(ask).#name(#(#call_args),*).await;
                    contract::report(call, &result);
                }
                #events
            }
        }
    }

    /// `main`: the clients, then every operation's calls, as many times as asked.
    pub(super) fn contract_tail(&self) -> TokenStream {
        let api = self.api;
        let mut asks: Vec<(u16, bool)> = api
            .operations
            .iter()
            .flat_map(|op| op.errors.iter().map(|e| (concrete_status(e.status, op), e.has_schema)))
            .collect();
        asks.sort_unstable();
        asks.dedup();
        let asks = asks.into_iter().map(|ask| ask_tokens(Some(ask)));
        // Each operation runs as a task of its own, so that a sample the client cannot take
        // (a generator bug, which panics) is reported and the other operations still run.
        let calls = api.operations.iter().map(|op| {
            let name = op.method_name.ident();
            let id = &op.operation_id;
            let call = quote! {
                if let Err(e) = tokio::spawn(#name(config.clone(), clients.clone())).await {
                    contract::panicked(#id, &e.to_string());
                }
            };
            match self.operation_cfg(op) {
                Some(cfg) => quote! { #cfg { #call } },
                None => call,
            }
        });
        let unused = self.allow_without_calls("unused_variables");
        quote! {
            #[tokio::main]
            async fn main() -> std::process::ExitCode {
                let config = match Config::from_env() {
                    Ok(config) => Arc::new(config),
                    Err(e) => {
                        eprintln!("{e}");
                        return std::process::ExitCode::FAILURE;
                    }
                };
                #unused
                let clients = match Clients::new(&config, &[None, #(#asks),*]) {
                    Ok(clients) => Arc::new(clients),
                    Err(e) => {
                        eprintln!("the client cannot be configured: {e}");
                        return std::process::ExitCode::FAILURE;
                    }
                };
                for _ in 0..config.runs {
                    #(#calls)*
                }
                std::process::ExitCode::SUCCESS
            }
        }
    }
}

impl Emitter<'_> {
    /// Allows `lint` where no operation's call is compiled: in an API without operations,
    /// or a split crate built without any of its parts.
    fn allow_without_calls(&self, lint: &str) -> Option<TokenStream> {
        let operations: Vec<&Operation> = self.api.operations.iter().collect();
        if operations.is_empty() {
            let lint = syn::Ident::new(lint, proc_macro2::Span::call_site());
            return Some(quote! { #[allow(#lint)] });
        }
        self.allow_unless(lint, &operations)
    }
}

/// The error status a case asks for, and whether its answer is random (a schema describes
/// it) or the spec's example; `None` for the success cases.
type Ask = Option<(u16, bool)>;

/// An [`Ask`] as the runner's tokens.
fn ask_tokens(ask: Ask) -> TokenStream {
    match ask {
        Some((status, random)) => {
            let status = number(status);
            quote! { Some((#status, #random)) }
        }
        None => quote! { None },
    }
}
