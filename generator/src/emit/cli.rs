//! The commands of an API for the generated command-line client (cargo feature `cli`): a
//! table of one command per operation, which the runtime's driver (`runtime::cli`) turns into
//! a clap command line, and one small function per operation that decodes the parsed
//! arguments into the method's typed arguments and calls it.
//!
//! The commands and their arguments are named in lowering (`lower::commands`,
//! `lower::command_args`). `--body JSON|@FILE` gives the whole body; `--all` follows the pages
//! of a paginated list.

use proc_macro2::TokenStream;
use quote::quote;

use super::arguments::pass;
use super::{Emitter, RustPath, doc_text, ident};
use crate::docs::doc_lines;
use crate::model::{ArgPlace, ArgShape, BodyEncoding, Carries, Command, CommandArg, Operation, Output, TypeRef};

impl Emitter<'_> {
    /// The `cli` module of the crate's binary: the command table, one function per operation,
    /// and, when the module is the crate's only API, the binary's `app()`.
    pub(super) fn cli_module(&self) -> TokenStream {
        let Some(outside) = &self.options.cli else { return TokenStream::new() };
        let (api, rt, module) = (self.api, &self.rt, &outside.module);
        let doc = doc_text(&format!(
            " The commands of {} `{}` for the crate's command-line client (cargo feature `cli`), one per operation.",
            api.title.trim(),
            api.version
        ));
        let entries = api.operations.iter().map(|op| {
            let (cfg, entry) = (self.operation_cfg(op), self.command_entry(op, &op.command));
            quote! { #cfg #entry }
        });
        let run = self.runner(module);
        let app = self.app(module);
        let version = &api.version;
        quote! {
            #![doc = #doc]
            // Every operation is a command, those the API deprecates too.
            #![allow(deprecated)]
            use #rt::cli as rt;

            /// This version's command line.
            pub(crate) static TABLE: rt::Table = rt::Table { version: #version, commands: COMMANDS, run };

            static COMMANDS: &[rt::Command] = &[#(#entries),*];

            #run
            #app
        }
    }

    /// `app()`, the command-line client of a crate whose only API this is, for its binary.
    fn app(&self, module: &RustPath) -> Option<TokenStream> {
        let name = self.options.cli_app.as_ref()?;
        let runtime = &self.rt;
        let title = self.api.title.trim();
        let (api_key, token) = (self.api.api_key.is_some(), self.takes_token());
        Some(quote! {
            /// The crate's command-line client.
            pub(crate) fn app() -> rt::App {
                rt::App {
                    name: #name,
                    title: #title,
                    version: env!("CARGO_PKG_VERSION"),
                    env: <#module::Client as #runtime::ApiClient>::ENV,
                    api_key: #api_key,
                    token: #token,
                    versions: vec![rt::Version { name: #module::API_VERSION, feature: None, table: Some(&TABLE) }],
                }
            }
        })
    }

    /// `run`, which picks the operation's function by its name, and those functions, in a
    /// module `calls`.
    ///
    /// One async function per operation: one async block holding every call would be one
    /// coroutine whose state is all the operations' futures at once, and the compiler's work
    /// on it (borrow checking, the layout of what lives across each `.await`) grows faster
    /// than the number of operations.
    fn runner(&self, module: &RustPath) -> TokenStream {
        let api = self.api;
        // Each call with its text, to find what it names: an API whose commands take no
        // generated types (or that has no operations) imports nothing unused, and a call that
        // reads no argument does not bind `input`.
        let calls: Vec<(&Operation, TokenStream, String)> = api
            .operations
            .iter()
            .map(|op| {
                let call = self.command_call(op);
                let text = call.to_string();
                (op, call, text)
            })
            .collect();
        let typed: Vec<&Operation> =
            calls.iter().filter(|(_, _, text)| text.contains("types ::")).map(|(op, _, _)| *op).collect();
        let unused_import = self.allow_unless("unused_imports", &typed);
        let import = (!typed.is_empty()).then(|| quote! { #unused_import use #module::types; });
        let functions = calls.iter().map(|(op, call, text)| {
            let (cfg, method) = (self.operation_cfg(op), op.method_name.ident());
            let input = if text.contains("input .") {
                quote! { input }
            } else {
                quote! { _input }
            };
            let doc = doc_text(&format!(" Runs `{}` with the parsed arguments.", op.method_name.as_str()));
            quote! {
                #[doc = #doc]
                #cfg
                pub(super) async fn #method(client: Client, #input: rt::Input) -> rt::Outcome {
                    #call
                }
            }
        });
        let arms = api.operations.iter().map(|op| {
            let (cfg, method, key) = (self.operation_cfg(op), op.method_name.ident(), op.method_name.as_str());
            quote! { #cfg #key => Box::pin(calls::#method(client, input)), }
        });
        let unknown = quote! {
            Box::pin(async move { Err(rt::Failure::usage(format!("no command for operation `{operation}`"))) })
        };
        if api.operations.is_empty() {
            return quote! {
                /// Runs the command of `operation` with its parsed arguments.
                fn run(operation: &'static str, _: rt::Input) -> rt::BoxFuture<'static, rt::Outcome> {
                    #unknown
                }
            };
        }
        // In a split crate, a build may compile none of the arms.
        let all: Vec<&Operation> = api.operations.iter().collect();
        let (unused, unused_rt) =
            (self.allow_unless("unused_variables", &all), self.allow_unless("unused_imports", &all));
        quote! {
            /// Runs the command of `operation` with its parsed arguments.
            #unused
            fn run(operation: &'static str, input: rt::Input) -> rt::BoxFuture<'static, rt::Outcome> {
                let client = match #module::Client::from_env() {
                    Ok(client) => client,
                    Err(error) => return Box::pin(async move { Err(rt::Failure::config(error)) }),
                };
                match operation {
                    #(#arms)*
                    _ => #unknown,
                }
            }

            /// One function per operation: its arguments decoded, its method called.
            mod calls {
                #import
                #unused_rt
                use super::rt;
                #unused_rt
                use #module::Client;

                #(#functions)*
            }
        }
    }

    fn command_entry(&self, op: &Operation, command: &Command) -> TokenStream {
        let (resource, action, id) = (&command.resource, &command.action, &op.operation_id);
        let lines = doc_lines(op.summary.as_deref(), None);
        let about = lines.first().cloned().unwrap_or_else(|| format!("The `{id}` operation."));
        let mut long = doc_lines(op.summary.as_deref(), op.description.as_deref());
        long.push(String::new());
        long.push(format!("Sends `{} {}` (operation `{id}`).", op.http_method.as_str(), op.path));
        let long = long.join("\n");
        let args: Vec<TokenStream> = command.args.iter().map(arg_entry).collect();
        let args = (!args.is_empty()).then(|| quote! { .args(&[#(#args),*]) });
        let body = match &op.body {
            Some(body) if body.required => Some(quote! { .required_body() }),
            Some(_) => Some(quote! { .optional_body() }),
            None => None,
        };
        let raw_body =
            op.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Raw).then(|| quote! { .raw_body() });
        let paginated = op.pagination.is_some().then(|| quote! { .paginated() });
        let events = op.events.is_some().then(|| quote! { .events() });
        // `run` dispatches on the method's name, which is unique where operationIds repeat.
        let key = op.method_name.as_str();
        quote! {
            rt::Command::new(#resource, #action, #key, #about, #long) #args #body #raw_body #paginated #events
        }
    }

    /// The statements that decode the arguments of `op` and call its method.
    fn command_call(&self, op: &Operation) -> TokenStream {
        let method = op.method_name.ident();
        let raw = op.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Raw);
        let mut lets = Vec::new();
        let mut args = Vec::new();
        for arg in &op.arguments {
            let name = &arg.name;
            let held = self.held_type(arg);
            let read = match (&arg.carries, raw, &arg.ty, arg.optional) {
                (Carries::Path(wire), ..) if gives_json(op, wire) => {
                    quote! { let #name: #held = input.path_json(#wire)?; }
                }
                (Carries::Path(wire), ..) => quote! { let #name: #held = input.path(#wire)?; },
                (Carries::Params, ..) => quote! { let #name: #held = input.params()?; },
                (Carries::Body, true, TypeRef::Text, false) => quote! { let #name = input.raw_text()?; },
                (Carries::Body, true, TypeRef::Text, true) => quote! { let #name = input.raw_text_optional()?; },
                (Carries::Body, true, TypeRef::Bytes, false) => quote! { let #name = input.raw_bytes()?; },
                (Carries::Body, true, TypeRef::Bytes, true) => quote! { let #name = input.raw_bytes_optional()?; },
                (Carries::Body, true, _, false) => quote! { let #name: #held = input.raw_as()?; },
                (Carries::Body, true, _, true) => quote! { let #name: Option<#held> = input.raw_as_optional()?; },
                (Carries::Body, false, _, false) => quote! { let #name: #held = input.body()?; },
                (Carries::Body, false, _, true) => quote! { let #name: Option<#held> = input.body_optional()?; },
            };
            lets.push(read);
            args.push(pass(arg, quote! { #name }));
        }
        let all = op.pagination.as_ref().map(|pagination| {
            let stream = pagination.stream_method.ident();
            let path_args = &args[..args.len() - 1];
            quote! {
                if input.all() {
                    return rt::all(client.#stream(#(#path_args,)* params)).await;
                }
            }
        });
        let value = match &op.output {
            Output::Body(Some(ty)) => {
                let shown = shown(ty, quote! { out });
                quote! { result.map(|out| #shown) }
            }
            Output::Body(None) => quote! { result.map(|()| None) },
            // A redirect's answer is where it leads, whatever body comes with it.
            Output::WithHeaders { body: Some(ty), .. } if !op.keeps_redirects => {
                let shown = shown(ty, quote! { out.body });
                quote! { result.map(|out| #shown) }
            }
            Output::WithHeaders { headers, .. } => {
                let pairs = headers.iter().map(|h| {
                    let (wire, field) = (&h.wire_name, h.rust_name.ident());
                    quote! { (#wire, &out.#field) }
                });
                quote! { result.map(|out| rt::headers(&[#(#pairs),*])) }
            }
            Output::Statuses { name, variants, headers } => {
                let name = ident(name);
                let body = if headers.is_some() {
                    quote! { out.body }
                } else {
                    quote! { out }
                };
                let arms = variants.iter().map(|(variant, _, _, body)| {
                    let variant = ident(variant);
                    match body {
                        Some(ty) => {
                            let shown = shown(ty, quote! { body });
                            quote! { types::#name::#variant(body) => #shown, }
                        }
                        None => quote! { types::#name::#variant => None, },
                    }
                });
                // The enum is `#[non_exhaustive]` and the binary another crate, which must have an
                // arm for variants it does not know: there are none, as the library and the
                // binary are generated together.
                quote! { result.map(|out| match #body { #(#arms)* _ => unreachable!(), }) }
            }
        };
        let events = op.events.as_ref().map(|events| {
            let method = events.method.ident();
            quote! {
                if input.stream() {
                    return rt::events(client.#method(#(#args),*).await).await;
                }
            }
        });
        quote! {
            #(#lets)*
            #all
            #events
            let result = client.#method(#(#args),*).await;
            rt::finish(#value)
        }
    }
}

/// One argument of the table: built from its place, changed only where it differs from an
/// optional flag of text.
fn arg_entry(arg: &CommandArg) -> TokenStream {
    let (wire, name, help) = (&arg.wire, &arg.name, &arg.help);
    let place = ident(match arg.place {
        ArgPlace::Path => "path",
        ArgPlace::Query => "query",
        ArgPlace::Header => "header",
        ArgPlace::Body => "body",
    });
    let shape = match arg.shape {
        ArgShape::Text => None,
        ArgShape::Integer => Some(quote! { Integer }),
        ArgShape::Number => Some(quote! { Number }),
        ArgShape::Boolean => Some(quote! { Boolean }),
        ArgShape::Json => Some(quote! { Json }),
    }
    .map(|shape| quote! { .shape(rt::Shape::#shape) });
    let list = arg.list.then(|| quote! { .list() });
    let positional = arg.positional.then(|| quote! { .positional() });
    let required = arg.required.then(|| quote! { .required() });
    let values = &arg.values;
    let values = if arg.open {
        Some(quote! { .open_values(&[#(#values),*]) })
    } else {
        (!values.is_empty()).then(|| quote! { .values(&[#(#values),*]) })
    };
    quote! { rt::Arg::#place(#wire, #name, #help) #shape #list #positional #required #values }
}

/// What the command prints of a success body `value` of type `ty`: bytes as they came, any
/// other body as JSON.
fn shown(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Bytes => quote! { rt::raw(&#value) },
        _ => quote! { Some(rt::value(&#value)) },
    }
}

/// Whether the command takes the path parameter `wire` as JSON (a list, an object, a union).
fn gives_json(op: &Operation, wire: &str) -> bool {
    op.command.args.iter().any(|a| a.place == ArgPlace::Path && a.wire == wire && a.shape == ArgShape::Json)
}
