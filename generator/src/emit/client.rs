//! The `Client` struct and one async method per operation. Each method only describes its
//! request (operation, path, parameters, body) and hands it to the shared runtime, which
//! does the HTTP, auth, retries and decoding: no per-operation copies of that logic.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, doc_attrs, doc_text, ident};
use crate::docs::doc_lines;
use crate::model::{
    ApiKeyPlace, BodyEncoding, FieldPath, ObjectStyle, Operation, ParamEncoding, ParamLocation, Scheme, Taken,
    TypeKind, TypeRef, ValueStyle,
};
use crate::naming::const_name;

impl Emitter<'_> {
    /// The items of the module's file before the client's methods: its docs, constants and
    /// submodules, the `Client` struct and its constructors.
    pub(super) fn client_head(&self) -> TokenStream {
        let (doc, constants, submodules) = (self.module_doc(), self.constants(), self.submodules());
        let (client, constructors) = (self.client_struct(), self.constructors());
        quote! {
            #doc
            #constants
            #submodules
            #client
            impl Client {
                #constructors
            }
        }
    }

    /// The items after the client's methods: what the methods share.
    pub(super) fn client_tail(&self) -> TokenStream {
        // Without operations nothing starts a request.
        let request_fn = (!self.api.operations.is_empty()).then(|| self.request_fn());
        let error_body = self.error_body_impl();
        let operations = self.operations_module();
        quote! { #request_fn #error_body #operations }
    }

    /// The `Client` struct and its `ApiClient` impl.
    fn client_struct(&self) -> TokenStream {
        let api = self.api;
        let rt = &self.rt;
        let doc = doc_text(&format!(
            " Client for {} `{}`. Cheap to clone: clones share one connection pool and one token cache.",
            api.title.trim(),
            api.version
        ));
        let api_key_var = &self.options.env.api_key;
        let api_key = api.api_key.as_ref().map(|place| {
            let place = api_key_place(rt, place);
            quote! { const API_KEY: Option<#rt::ApiKeyIn> = Some(#place); }
        });
        let keeps_redirects =
            api.operations.iter().any(|op| op.keeps_redirects).then(|| quote! { const KEEPS_REDIRECTS: bool = true; });
        let needs_credentials =
            (!api.operations.iter().any(|op| op.authorized)).then(|| quote! { const NEEDS_CREDENTIALS: bool = false; });
        let env = &self.options.env;
        let (access_token, client_id, client_secret, base_url, oauth_url) =
            (&env.access_token, &env.client_id, &env.client_secret, &env.base_url, &env.oauth_url);
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct Client {
                transport: #rt::Transport,
            }

            impl #rt::ApiClient for Client {
                const API_VERSION: &'static str = API_VERSION;
                const DEFAULT_BASE_URL: Option<&'static str> = DEFAULT_BASE_URL;
                #api_key
                const ENV: #rt::EnvVars = #rt::EnvVars {
                    access_token: #access_token,
                    api_key: #api_key_var,
                    client_id: #client_id,
                    client_secret: #client_secret,
                    base_url: #base_url,
                    oauth_url: #oauth_url,
                };
                const USER_AGENT: &'static str = concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"));
                #keeps_redirects
                #needs_credentials

                fn from_transport(transport: #rt::Transport) -> Self {
                    Self { transport }
                }

                fn transport(&self) -> &#rt::Transport {
                    &self.transport
                }
            }

        }
    }

    /// `Client::builder()` and `Client::from_env()`, wired to the crate's token endpoint when
    /// it has one.
    fn constructors(&self) -> TokenStream {
        let rt = &self.rt;
        let token = self.options.token_endpoint.as_ref().map(|(fetch, url)| quote! { .token_endpoint(#fetch, #url) });
        let env = &self.options.env;
        let token_vars = format!("`{}`, or `{}` and `{}`", env.access_token, env.client_id, env.client_secret);
        let credentials = match (self.api.api_key.is_some(), self.takes_token()) {
            (true, false) => format!("credentials from `{}`", env.api_key),
            (true, true) => format!(
                "credentials from `{}` for the operations that take an API key, and from {token_vars} for those that take a token",
                env.api_key
            ),
            (false, true) => format!("credentials from {token_vars}"),
            (false, false) => "no credentials (the API requires none)".to_owned(),
        };
        let from_env_doc = doc_text(&format!(
            " A client configured from the environment: {credentials}; the base URL from `{}` when set. See [`{}::ClientBuilder::from_env`].",
            env.base_url,
            quote!(#rt).to_string().replace(' ', "")
        ));
        quote! {
            /// Starts configuring a client: credentials, base URL, timeouts, retries.
            pub fn builder() -> #rt::ClientBuilder<Self> {
                #rt::ClientBuilder::new() #token
            }

            #[doc = #from_env_doc]
            pub fn from_env() -> Result<Self, #rt::ConfigError> {
                Self::builder().from_env()?.build()
            }
        }
    }

    /// Whether an operation takes a bearer token: every one that needs credentials, unless
    /// the API takes an API key, when only those whose `security` names a token.
    pub(super) fn takes_token(&self) -> bool {
        let ops = &self.api.operations;
        ops.iter().any(|op| op.authorized)
            && (self.api.api_key.is_none() || ops.iter().any(|op| op.scheme == Some(Scheme::Bearer)))
    }

    /// The private helper every method starts its request with.
    fn request_fn(&self) -> TokenStream {
        let rt = &self.rt;
        let header = self.api.version_header.as_ref().map(|_| quote! { .header(VERSION_HEADER, &API_VERSION) });
        // A split crate built with none of its parts has no operation to start.
        let unused = self.allow_unless("dead_code", &self.api.operations.iter().collect::<Vec<_>>());
        quote! {
            /// Starts a request for `operation`.
            #unused
            fn request(operation: &'static #rt::Operation) -> #rt::Request {
                #rt::Request::new(operation) #header
            }
        }
    }

    /// The method of `op` (and its `_stream`, `_streaming` and `_events` siblings), a member
    /// of `impl Client`.
    pub(super) fn method(&self, op: &Operation) -> TokenStream {
        let name = op.method_name.ident();
        let mut lines = doc_lines(op.summary.as_deref(), op.description.as_deref());
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Sends `{} {}` (operation `{}`).", op.http_method.as_str(), op.path, op.operation_id));
        let doc = doc_attrs(&lines);
        let deprecated = op.deprecated.then(|| quote! { #[deprecated = "the API marks this operation deprecated"] });
        let args = self.arguments(op, false);
        let build = self.build_request(op);
        let (output, send) = self.output(op);
        let stream = op.pagination.as_ref().map(|p| self.stream_method(op, p));
        let streaming = self.streaming_method(op);
        let events = self.events_method(op);
        quote! {
            #doc
            #deprecated
            pub async fn #name(&self, #(#args),*) -> Result<#output, Error> {
                #build
                #send
            }

            #stream
            #streaming
            #events
        }
    }

    /// For an operation that offers server-sent events, `<method>_events`: the same request,
    /// asking for events, and their stream.
    fn events_method(&self, op: &Operation) -> Option<TokenStream> {
        let events = op.events.as_ref()?;
        let name = events.method.ident();
        let args = self.arguments(op, false);
        let item = self.ty(&events.item, false);
        let mut ask = vec![quote! { .accept("text/event-stream") }];
        let flag = events.flag.as_ref().map(|flag| {
            ask.push(quote! { .flag(#flag) });
            format!(" and `\"{flag}\": true` in the body")
        });
        let build = self.build_request_with(op, None);
        let base = op.method_name.as_str();
        let item_doc = match &events.item {
            TypeRef::Named(name) => format!("[`types::{name}`]"),
            _ => "JSON".to_owned(),
        };
        let doc = doc_text(&format!(
            " Like [`Self::{base}`], but asks for server-sent events (`Accept: text/event-stream`{}) and returns, once the answer's headers are in, the stream of its events, each decoded as {item_doc}. An event that does not decode is an error item naming it, and the stream goes on; `data: [DONE]` ends it. An error status is the same typed error as [`Self::{base}`]'s. The call is retried until an answer comes, never after; the client's timeout bounds the wait for the headers, then each wait between two pieces of the stream.",
            flag.unwrap_or_default()
        ));
        Some(quote! {
            #[doc = #doc]
            pub async fn #name(&self, #(#args),*) -> Result<Events<#item>, Error> {
                #build
                let request = request #(#ask)*;
                self.transport.send_events(request).await
            }
        })
    }

    /// For an NDJSON body, `<method>_streaming`: the items of a stream sent as they come.
    fn streaming_method(&self, op: &Operation) -> Option<TokenStream> {
        let body = op.body.as_ref()?;
        let name = body.streaming_method.as_ref()?.ident();
        let TypeRef::Vec(item) = &body.ty else { return None };
        let rt = &self.rt;
        let item = self.ty(item, false);
        let mut args = self.arguments(op, false);
        args.pop(); // the body
        args.push(quote! { items: impl #rt::Stream<Item = #item> + Send + 'static });
        let build = self.build_request_with(op, Some(quote! { .ndjson_stream(items) }));
        let (output, send) = self.output(op);
        let doc = doc_text(&format!(
            " Like [`Self::{}`], but sends the items of `items` as they come, one JSON line each, never holding them all: for uploads too large for memory. The body can be sent only once, so the request is not retried once it may have reached the server.",
            op.method_name.as_str()
        ));
        Some(quote! {
            #[doc = #doc]
            pub async fn #name(&self, #(#args),*) -> Result<#output, Error> {
                #build
                #send
            }
        })
    }

    /// The method's parameters ([`Operation::arguments`]). With `owned`, the params struct is
    /// taken by value (streams keep it to ask for further pages).
    pub(super) fn arguments(&self, op: &Operation, owned: bool) -> Vec<TokenStream> {
        op.arguments.iter().map(|arg| self.parameter(arg, owned)).collect()
    }

    /// Statements that build `request`: the operation, path parameters, the checked params
    /// struct with its query and header values, and the body.
    fn build_request(&self, op: &Operation) -> TokenStream {
        self.build_request_with(op, None)
    }

    /// [`Self::build_request`], with `body` (a step such as `.ndjson_stream(items)`) instead
    /// of the body argument when given.
    fn build_request_with(&self, op: &Operation, body_step: Option<TokenStream>) -> TokenStream {
        let mut steps = Vec::new();
        let mut optional = Vec::new();
        for param in &op.params {
            let wire = &param.wire_name;
            let name = param.rust_name.ident();
            let rt = &self.rt;
            let list = matches!(param.ty, TypeRef::Vec(_));
            let explode = param.explode;
            if param.location == ParamLocation::Path {
                steps.push(match (param.encoding, param.style, list) {
                    (ParamEncoding::Json, _, _) => quote! { .path_param(#wire, &#rt::AsJson(&#name)) },
                    (_, ValueStyle::Plain, false) => quote! { .path_param(#wire, &#name) },
                    (_, style, _) => {
                        let values = if list {
                            quote! { #name }
                        } else {
                            quote! { std::slice::from_ref(&#name) }
                        };
                        let style = path_style(style);
                        quote! { .path_list(#wire, #values, #rt::PathStyle::#style, #explode) }
                    }
                });
                continue;
            }
            let value = if param.required {
                quote! { &params.#name }
            } else {
                quote! { value }
            };
            let value = match param.encoding {
                ParamEncoding::Json => quote! { &#rt::AsJson(#value) },
                _ => value,
            };
            let add = match (param.location, list && param.encoding == ParamEncoding::Text) {
                _ if matches!(param.encoding, ParamEncoding::Object(_)) => {
                    let style = object_style(param.encoding);
                    quote! { .query_object(#wire, #value, #rt::QueryStyle::#style) }
                }
                (ParamLocation::Query, true) => match param.delimited() {
                    Some(delimiter) => quote! { .query_delimited(#wire, #value, #delimiter) },
                    None => quote! { .query_list(#wire, #value, #explode) },
                },
                (ParamLocation::Cookie, _) => quote! { .cookie(#wire, #value) },
                (ParamLocation::Header, true) => quote! { .header_list(#wire, #value) },
                (ParamLocation::Header, false) => quote! { .header(#wire, #value) },
                _ => quote! { .query(#wire, #value) },
            };
            if param.required {
                steps.push(add);
            } else {
                optional.push(quote! {
                    if let Some(value) = &params.#name {
                        request = request #add;
                    }
                });
            }
        }
        if let Some(params) = &op.params_struct {
            if self.checked.contains(params) {
                steps.push(quote! { .check(params) });
            }
        }
        if self.returns_secret(op) {
            steps.push(quote! { .sensitive() });
        }
        if op.keeps_redirects {
            steps.push(quote! { .keep_redirects() });
        }
        if let Some(scheme) = op.scheme {
            let rt = &self.rt;
            let scheme = ident(match scheme {
                Scheme::Bearer => "Bearer",
                Scheme::ApiKey => "ApiKey",
                Scheme::None => "None",
            });
            steps.push(quote! { .auth_scheme(#rt::AuthScheme::#scheme) });
        }
        if let Some(accept) = accepted_media_types(op) {
            steps.push(quote! { .accept(#accept) });
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json) {
            let media = &body.media_type;
            if !media.eq_ignore_ascii_case("application/json") {
                steps.push(quote! { .content_type(#media) });
            }
        }
        if let Some(step) = body_step {
            steps.push(step);
        } else if let Some(body) = &op.body {
            let media = &body.media_type;
            // A `Copy` body (a boolean, a number, a date) is taken by value; the encoders
            // take a reference.
            let by_ref = if Taken::of(&body.ty) == Taken::Value {
                quote! { &body }
            } else {
                quote! { body }
            };
            let encode = match body.encoding {
                BodyEncoding::Json => quote! { json(#by_ref) },
                BodyEncoding::Form => quote! { form(#by_ref) },
                BodyEncoding::NdJson => quote! { ndjson(body) },
                BodyEncoding::Multipart => quote! { multipart(body) },
                BodyEncoding::Raw if body.ty == TypeRef::Text => quote! { raw(body.to_owned(), #media) },
                BodyEncoding::Raw if body.ty == TypeRef::Bytes => quote! { raw(body, #media) },
                // A boolean or a number, written as its text.
                BodyEncoding::Raw => quote! { raw(body.to_string(), #media) },
            };
            if body.required {
                steps.push(quote! { .#encode });
            } else {
                optional.push(quote! {
                    if let Some(body) = body {
                        request = request.#encode;
                    }
                });
            }
        }
        let operation = operation_const(op);
        let binding = if optional.is_empty() {
            quote! { let request }
        } else {
            quote! { let mut request }
        };
        quote! {
            #binding = request(&operations::#operation)
            #(#steps)*;
            #(#optional)*
        }
    }

    /// `mod operations`: the facts of each operation, which the client's methods send and the
    /// generated mocks check requests against.
    pub(super) fn operations_module(&self) -> TokenStream {
        let rt = &self.rt;
        let statics = self.api.operations.iter().map(|op| {
            let name = operation_const(op);
            let id = &op.operation_id;
            let path = &op.path;
            let method = ident(match op.http_method.as_str() {
                "GET" => "Get",
                "PUT" => "Put",
                "POST" => "Post",
                "DELETE" => "Delete",
                "OPTIONS" => "Options",
                "HEAD" => "Head",
                "PATCH" => "Patch",
                _ => "Trace",
            });
            let doc = doc_text(&format!(" `{}`: `{} {}`.", op.operation_id, op.http_method.as_str(), op.path));
            let cfg = self.operation_cfg(op);
            quote! {
                #[doc = #doc]
                #cfg
                pub(super) static #name: #rt::Operation = #rt::Operation {
                    id: #id,
                    method: #rt::Method::#method,
                    path: #path,
                };
            }
        });
        quote! {
            /// The operations of this API, as the client sends them and the mocks check them.
            mod operations {
                #(#statics)*
            }
        }
    }

    /// Whether a success body of `op` can hold a secret, so that errors must not quote it.
    fn returns_secret(&self, op: &Operation) -> bool {
        op.success.iter().filter_map(|r| r.ty.as_ref()).any(|ty| self.holds_secret(ty))
    }

    fn holds_secret(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Secret => true,
            TypeRef::Named(name) => self.secret.contains(name),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => self.holds_secret(inner),
            _ => false,
        }
    }

    /// `ErrorBody` for the error type: where its code and message are.
    fn error_body_impl(&self) -> TokenStream {
        let rt = &self.rt;
        let error = &self.api.error;
        let TypeRef::Named(name) = &error.ty else {
            return TokenStream::new(); // the runtime implements it for `serde_json::Value`
        };
        if !matches!(self.api.types.get(name).map(|t| &t.kind), Some(TypeKind::Struct(_) | TypeKind::Enum { .. })) {
            return TokenStream::new();
        }
        let ty = self.ty(&error.ty, false);
        let (code_ty, code) = match &error.code {
            Some(path) => (self.ty(&path.ty, false), access(path, false)),
            None => (quote! { str }, quote! { None }),
        };
        let message = match &error.message {
            Some(path) => access(path, true),
            None => quote! { None },
        };
        quote! {
            impl #rt::ErrorBody for #ty {
                type Code = #code_ty;

                fn code(&self) -> Option<&Self::Code> {
                    #code
                }

                fn message(&self) -> Option<&str> {
                    #message
                }
            }
        }
    }
}

/// The `Accept` header, when it is not the runtime's `application/json`: the media types of a
/// text or bytes success body, and those of the JSON error bodies (`application/problem+json`),
/// so that a server choosing by `Accept` can say why a call failed in a form the client reads.
fn accepted_media_types(op: &Operation) -> Option<String> {
    let raw = |ty: &Option<TypeRef>| matches!(ty, Some(TypeRef::Text | TypeRef::Bytes));
    let mut types: Vec<&str> =
        op.success.iter().filter(|r| raw(&r.ty)).flat_map(|r| r.media_types.iter().map(String::as_str)).collect();
    let raw_success = !types.is_empty();
    if !raw_success {
        types.push("application/json");
    }
    let errors = op.errors.iter().filter(|e| e.ty.is_some()).flat_map(|e| &e.media_types);
    for media_type in errors.filter(|m| crate::media::is_json(m)) {
        if !types.contains(&media_type.as_str()) {
            types.push(media_type);
        }
    }
    (raw_success || types.len() > 1).then(|| types.join(", "))
}

/// The runtime's `QueryStyle` variant of an object parameter.
pub(super) fn object_style(encoding: ParamEncoding) -> syn::Ident {
    ident(match encoding {
        ParamEncoding::Object(ObjectStyle::Form) => "Form",
        ParamEncoding::Object(ObjectStyle::SpaceDelimited) => "SpaceDelimited",
        ParamEncoding::Object(ObjectStyle::PipeDelimited) => "PipeDelimited",
        ParamEncoding::Object(ObjectStyle::DeepObject) => "DeepObject",
        _ => "FormExploded",
    })
}

/// The runtime's `PathStyle` variant for a path parameter written in `style`.
pub(super) fn path_style(style: ValueStyle) -> syn::Ident {
    ident(match style {
        ValueStyle::Label => "Label",
        ValueStyle::Matrix => "Matrix",
        _ => "Simple",
    })
}

/// The name of an operation's static in `mod operations` (`create_api_key` ->
/// `CREATE_API_KEY`); unique, as method names are.
pub(super) fn operation_const(op: &Operation) -> syn::Ident {
    ident(&const_name(&op.method_name))
}

/// An expression reaching the end of `path` from `self` as an `Option<&T>`
/// (`Option<&str>` when `as_str`).
fn access(path: &FieldPath, as_str: bool) -> TokenStream {
    let last = path.steps.len().saturating_sub(1);
    let mut expr = quote! { self };
    let mut wrapped = false;
    for (i, (name, optional)) in path.steps.iter().enumerate() {
        let field = name.ident();
        let as_ref = if as_str && i == last {
            quote! { as_deref }
        } else {
            quote! { as_ref }
        };
        expr = match (wrapped, *optional) {
            (false, false) => quote! { #expr.#field },
            (false, true) => quote! { #expr.#field.#as_ref() },
            (true, false) => quote! { #expr.map(|v| &v.#field) },
            (true, true) => quote! { #expr.and_then(|v| v.#field.#as_ref()) },
        };
        wrapped |= *optional;
    }
    let last_optional = path.steps.last().is_some_and(|(_, optional)| *optional);
    match (wrapped, as_str) {
        (false, false) => quote! { Some(&#expr) },
        (false, true) => quote! { Some(#expr.as_str()) },
        (true, true) if !last_optional => quote! { #expr.map(String::as_str) },
        (true, _) => expr,
    }
}

/// `ApiKeyIn::Header("X-Api-Key")` and the like: where the client puts its API key.
pub(super) fn api_key_place(rt: &syn::Path, place: &ApiKeyPlace) -> TokenStream {
    match place {
        ApiKeyPlace::Header(name) => quote! { #rt::ApiKeyIn::Header(#name) },
        ApiKeyPlace::Query(name) => quote! { #rt::ApiKeyIn::Query(#name) },
        ApiKeyPlace::Cookie(name) => quote! { #rt::ApiKeyIn::Cookie(#name) },
    }
}
