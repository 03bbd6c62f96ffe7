//! Tests of every operation, generated from the spec, that judge the client by the spec, not
//! by itself: each holds what the spec says as literal data ([`crate::wire`]): the method and
//! path with the sample values filled in, the query, the version header, the JSON of each
//! request and answer. The typed mock checks the request against the literal one and serves
//! the literal answer; the decoded value must encode back to the same JSON.
//!
//! Per operation:
//! - the success, over cases that between them take every enum value (and one the spec does
//!   not list, for an open enum), every union alternative, every field, and only the required
//!   ones;
//! - every declared error status (`404`, `4XX`, `default`, ...), its body and its code;
//! - for a paginated list, every page through its `_stream` method.
//!
//! A spec bump's new operations are tested by `cargo xtask codegen` alone.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::arguments::pass;
use super::mock::plain_success;
use super::{Emitter, RustPath, doc_text, ident, number, raw_text};
use crate::model::{Carries, Operation, Output, ParamLocation, ResponseHeader, StatusPattern, TypeKind, TypeRef};
use crate::naming::RustName;
use crate::samples::{Case, ENUM_CHOICES, Samples, UNLISTED};
use crate::wire::{self, Arguments};

/// One case of an operation's success test: its name, arguments, request and answer.
pub(super) struct CaseData {
    pub(super) name: String,
    pub(super) args: Arguments,
    request: wire::Request,
    status: u16,
    response: String,
}

impl Emitter<'_> {
    /// The head of the tests of the API at `module` (`my_crate::v2026_07`): their docs and
    /// imports.
    pub(super) fn tests_head(&self, module: &RustPath) -> TokenStream {
        let api = self.api;
        let rt = &self.rt;
        let doc = doc_text(&format!(
            " Every operation of {} `{}` on its typed mock, judged by what the spec says: the request as the spec writes it, every success value and error status decoded and encoded back to the spec's JSON, and every page of a paginated list.",
            api.title.trim(),
            api.version
        ));
        let streams = api.operations.iter().any(|op| op.pagination.is_some());
        let stream_ext = streams.then(|| quote! { use futures_util::StreamExt; });
        // An API without operations (types or webhooks only) has no test to start a mock.
        let mock_server = (!api.operations.is_empty()).then(|| quote! { use #module::mock::MockServer; });
        quote! {
            #![doc = #doc]
            // Every operation is tested, those the API deprecates too.
            #![allow(deprecated)]
            #stream_ext
            #mock_server
            #[allow(unused_imports)]
            use #module::types;
            #[allow(unused_imports)]
            use #rt::mock::{Args, Case, Wire, WireBody, assert_api_error, assert_round_trips, assert_same_json};
        }
    }

    /// The tests of `op`, in a module of their own. Its samples are numbered from the start,
    /// so that its tests do not depend on the operations before it.
    pub(super) fn operation_tests(&self, op: &Operation) -> TokenStream {
        let samples = &mut Samples::new(&self.api.types);
        let module = op.method_name.ident();
        let success = self.success_test(op, samples);
        let errors = self.errors_test(op, samples);
        let stream = op.pagination.as_ref().map(|_| self.stream_test(op, samples));
        let events = self.events_test(op, samples);
        let doc = doc_text(&format!(" `{}`: `{} {}`.", op.operation_id, op.http_method.as_str(), op.path));
        quote! {
            #[doc = #doc]
            mod #module {
                use super::*;

                #success
                #errors
                #stream
                #events
            }
        }
    }

    /// The success test: one loop over the cases, each mounted, called and checked.
    fn success_test(&self, op: &Operation, samples: &mut Samples<'_>) -> TokenStream {
        let method = op.method_name.ident();
        let cases: Vec<TokenStream> = self.cases(op, samples).iter().map(|case| self.case_literal(case)).collect();
        let headers: Vec<(String, String)> = returned_headers(op)
            .iter()
            .filter(|h| !framing(h))
            .map(|h| (h.wire_name.clone(), header_sample(h)))
            .collect();
        let header_replies = headers.iter().map(|(name, value)| quote! { .header(#name, #value) });
        let call_args = self.call_args(op, false);
        let args = (!call_args.is_empty()).then(|| quote! { let args = case.args(); });
        let (_, body, _) = plain_success(op);
        let binding = (!matches!(op.output, Output::Body(None))).then(|| quote! { let got = });
        let check = self.success_check(op, body.as_ref());
        quote! {
            #[tokio::test]
            async fn sends_the_request_as_the_spec_says_and_decodes_every_success_value() {
                let server = MockServer::start().await;
                let client = server.client();
                for case in [#(#cases),*] {
                    server.#method().case(&case) #(#header_replies)* .times(1).mount().await;
                    #args
                    #binding client.#method(#(#call_args),*).await.unwrap_or_else(|e| panic!("{}: {e}", case.name));
                    #check
                }
            }
        }
    }

    /// The cases of an operation: every field with each choice of values, then the required
    /// fields only.
    pub(super) fn cases(&self, op: &Operation, samples: &mut Samples<'_>) -> Vec<CaseData> {
        let (status, body, _) = plain_success(op);
        let mut roots: Vec<TypeRef> = op.params.iter().map(|p| p.ty.clone()).collect();
        roots.extend(op.params_struct.iter().map(|p| TypeRef::Named(p.clone())));
        roots.extend(op.body.iter().map(|b| b.ty.clone()));
        roots.extend(body.iter().cloned());
        let choices = samples.choices(&roots);
        let mut out = Vec::new();
        for case in (0..choices)
            .map(|choice| Case { choice, required_only: false })
            .chain([Case { choice: 0, required_only: true }])
        {
            samples.set_case(case);
            let name = match (case.required_only, choices) {
                (true, _) => format!("`{}`, required fields only", op.operation_id),
                (false, 1) => format!("`{}`, every field", op.operation_id),
                (false, _) => format!("`{}`, every field, values #{} of {choices}", op.operation_id, case.choice + 1),
            };
            let args = self.sample_arguments(op, samples);
            let response = match &body {
                Some(TypeRef::Text | TypeRef::Bytes) => {
                    samples.of(&TypeRef::Text, "body").as_str().unwrap_or_default().to_owned()
                }
                Some(ty) => samples.of(ty, "value").to_string(),
                None => String::new(),
            };
            let request = wire::request(self.api, op, &args);
            out.push(CaseData { name, args, request, status, response });
        }
        samples.set_case(Case::default());
        // The required-only case adds nothing when every field is required.
        if out.len() > 1 && same_shape(&out[0], &out[out.len() - 1]) {
            out.pop();
        }
        out
    }

    /// Sample arguments of `op` for the samples' current case.
    pub(super) fn sample_arguments(&self, op: &Operation, samples: &mut Samples<'_>) -> Arguments {
        samples.set_sending(true);
        let path = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| {
                (p.wire_name.clone(), samples.constrained(&p.ty, &p.wire_name, &p.constraints, p.format.as_deref()))
            })
            .collect();
        let params = op.params_struct.as_ref().map(|p| samples.of(&TypeRef::Named(p.clone()), "params"));
        let required_only = samples.case().required_only;
        let body = op.body.as_ref().filter(|b| b.required || !required_only).map(|b| samples.of(&b.ty, "body"));
        samples.set_sending(false);
        Arguments { path, params, body }
    }

    fn case_literal(&self, case: &CaseData) -> TokenStream {
        let name = &case.name;
        let args = raw_text(&case.args.to_json().to_string());
        let request = self.wire_literal(&case.request);
        let status = number(case.status);
        let response = raw_text(&case.response);
        quote! {
            Case { name: #name, args: #args, request: #request, status: #status, response: #response }
        }
    }

    fn wire_literal(&self, request: &wire::Request) -> TokenStream {
        let method = request.method;
        let path = &request.path;
        let pairs = |pairs: &[(String, String)]| {
            let items = pairs.iter().map(|(k, v)| quote! { (#k, #v) });
            quote! { &[#(#items),*] }
        };
        let query = pairs(&request.query);
        let headers = pairs(&request.headers);
        let body = match &request.body {
            wire::Body::None => quote! { WireBody::None },
            wire::Body::Json(value) => {
                let json = raw_text(&value.to_string());
                quote! { WireBody::Json(#json) }
            }
            wire::Body::Form(fields) => {
                let fields = pairs(fields);
                quote! { WireBody::Form(#fields) }
            }
            wire::Body::NdJson(lines) => {
                let lines = lines.iter().map(|line| raw_text(&line.to_string()));
                quote! { WireBody::NdJson(&[#(#lines),*]) }
            }
            wire::Body::Multipart(parts) => {
                let parts = pairs(parts);
                quote! { WireBody::Multipart(#parts) }
            }
            wire::Body::Raw(text) => quote! { WireBody::Raw(#text) },
        };
        quote! { Wire { method: #method, path: #path, query: #query, headers: #headers, body: #body } }
    }

    /// The method's arguments, decoded from `args` and passed as the method takes them; with
    /// `owned`, the params struct by value and no body (as streams take them).
    pub(super) fn call_args(&self, op: &Operation, owned: bool) -> Vec<TokenStream> {
        let arguments = op.arguments.iter().filter(|arg| !(owned && arg.carries == Carries::Body));
        arguments
            .map(|arg| {
                let held = self.held_type(arg);
                let held = if arg.optional {
                    quote! { Option<#held> }
                } else {
                    held
                };
                let value = match &arg.carries {
                    Carries::Path(wire) => quote! { args.path::<#held>(#wire) },
                    Carries::Params => quote! { args.get::<#held>("params") },
                    Carries::Body => quote! { args.get::<#held>("body") },
                };
                match (owned, &arg.carries) {
                    (true, Carries::Params) => value,
                    _ => pass(arg, value),
                }
            })
            .collect()
    }

    /// What the test asserts of the method's result `got` in the loop over `case`.
    fn success_check(&self, op: &Operation, body: Option<&TypeRef>) -> TokenStream {
        let same = |got: TokenStream| match body {
            Some(TypeRef::Text) => quote! { assert_eq!(#got, case.response, "{}", case.name); },
            Some(TypeRef::Bytes) => quote! { assert_eq!(&#got[..], case.response.as_bytes(), "{}", case.name); },
            Some(_) => quote! { assert_same_json(case.name, &#got, case.response); },
            None => TokenStream::new(),
        };
        match &op.output {
            Output::Body(Some(_)) => same(quote! { got }),
            Output::Body(None) => TokenStream::new(),
            Output::Statuses { name, variants, headers } => {
                let (status, ..) = plain_success(op);
                let name = ident(name);
                let got = if headers.is_some() {
                    quote! { got.body }
                } else {
                    quote! { got }
                };
                let header_checks = headers.as_ref().map(|(_, h)| header_checks(h)).unwrap_or_default();
                let Some(variant) = variants.iter().find(|v| v.1 == status).map(|v| ident(&v.0)) else {
                    return quote! { let _ = #got; };
                };
                let pattern = if body.is_some() {
                    quote! { types::#name::#variant(body) }
                } else {
                    quote! { types::#name::#variant }
                };
                let check = same(quote! { body });
                quote! {
                    let #pattern = #got else { panic!("{}: not the `{}` answer", case.name, stringify!(#variant)) };
                    #check
                    #(#header_checks)*
                }
            }
            Output::WithHeaders { headers, .. } => {
                let check = same(quote! { got.body });
                let headers = header_checks(headers);
                quote! { #check #(#headers)* }
            }
        }
    }

    /// The error test: every declared error status served, with its body, on a fresh server
    /// (a retried status is answered the same each time).
    fn errors_test(&self, op: &Operation, samples: &mut Samples<'_>) -> Option<TokenStream> {
        if op.errors.is_empty() {
            return None;
        }
        let method = op.method_name.ident();
        let args = raw_text(&self.sample_arguments(op, samples).to_json().to_string());
        let name = format!("`{}`", op.operation_id);
        let cases = op.errors.iter().enumerate().map(|(i, error)| {
            samples.set_case(Case { choice: i, required_only: false });
            let status = concrete_status(error.status, op);
            let declared = match error.status {
                StatusPattern::Code(code) => format!("`{code}`"),
                StatusPattern::Range(hundred) => format!("`{hundred}XX`"),
                StatusPattern::Default => "`default`".to_owned(),
            };
            let label = format!("`{}` answering {status} (declared {declared})", op.operation_id);
            let body = error.ty.as_ref().map(|ty| samples.of(ty, "error"));
            let code = self.api.error.code.as_ref().and_then(|path| {
                let value = path.wire.iter().try_fold(body.as_ref()?, |v, step| v.get(step))?;
                value.as_str().map(str::to_owned).or_else(|| (!value.is_null()).then(|| value.to_string()))
            });
            let code = match code {
                Some(code) => quote! { Some(#code) },
                None => quote! { None },
            };
            let body = raw_text(&body.map(|b| b.to_string()).unwrap_or_default());
            let status = number(status);
            quote! { (#label, #status, #body, #code) }
        });
        let cases: Vec<TokenStream> = cases.collect();
        samples.set_case(Case::default());
        let call_args = self.call_args(op, false);
        let args = (!call_args.is_empty()).then(|| quote! { let args = Args::new(#name, #args); });
        Some(quote! {
            #[tokio::test]
            async fn decodes_every_declared_error_status() {
                #args
                for (case, status, body, code) in [#(#cases),*] {
                    let server = MockServer::start().await;
                    server.#method().respond_raw(status, body).mount().await;
                    let result = server.client().#method(#(#call_args),*).await;
                    assert_api_error(case, result, status, body, code);
                }
            }
        })
    }

    /// The stream test of a paginated list: three pages, each asked for with the same
    /// filters and the previous page's cursor, as the spec writes them.
    fn stream_test(&self, op: &Operation, samples: &mut Samples<'_>) -> TokenStream {
        let Some(pagination) = &op.pagination else { return TokenStream::new() };
        let Output::Body(Some(page_type @ TypeRef::Named(page_name))) = &op.output else { return TokenStream::new() };
        let Some(crate::model::TypeKind::Struct(fields)) = self.api.types.get(page_name).map(|t| &t.kind) else {
            return TokenStream::new();
        };
        let wire_of = |rust: &RustName| fields.iter().find(|f| f.rust_name == *rust).map(|f| f.wire_name.clone());
        let cursor = op.params.iter().find(|p| p.rust_name == pagination.token_field).map(|p| p.wire_name.clone());
        let (Some(items_wire), Some(pagination_wire), Some(cursor)) =
            (wire_of(&pagination.items_field), pagination.next.first().and_then(|(f, _)| wire_of(f)), cursor)
        else {
            return TokenStream::new();
        };
        let mut args = self.sample_arguments(op, samples);
        if let Some(Value::Object(params)) = &mut args.params {
            params.remove(&cursor);
        }
        let mut all_items = Vec::new();
        let mut pages = Vec::new();
        for (page_cursor, next, count) in
            [(None, Some("page-2"), 2), (Some("page-2"), Some("page-3"), 1), (Some("page-3"), None, 1)]
        {
            let mut page = samples.of(page_type, "page");
            let items: Vec<Value> = (0..count).map(|_| samples.of(&pagination.item, "item")).collect();
            all_items.extend(items.clone());
            if let Value::Object(map) = &mut page {
                map.insert(items_wire.clone(), Value::Array(items));
                let next = next.map_or(serde_json::json!({}), |n| serde_json::json!({ "next": n }));
                map.insert(pagination_wire.clone(), next);
            }
            let mut page_args = args.clone();
            if let (Some(Value::Object(params)), Some(c)) = (&mut page_args.params, page_cursor) {
                params.insert(cursor.clone(), Value::String(c.to_owned()));
            }
            let request = self.wire_literal(&wire::request(self.api, op, &page_args));
            let name = format!("`{}`, page {}", op.operation_id, pages.len() + 1);
            let page = raw_text(&page.to_string());
            pages.push(quote! { (#name, #request, #page) });
        }
        let method = op.method_name.ident();
        let stream = pagination.stream_method.ident();
        let item = self.ty(&pagination.item, false);
        let call_args = self.call_args(op, true);
        let all = raw_text(&Value::Array(all_items).to_string());
        let status = number(plain_success(op).0);
        let name = format!("`{}`, every page", op.operation_id);
        let args = raw_text(&args.to_json().to_string());
        quote! {
            #[tokio::test]
            async fn streams_every_page_with_the_same_filters() {
                let server = MockServer::start().await;
                for (case, request, page) in [#(#pages),*] {
                    server.#method().expect_wire(case, request).respond_raw(#status, page).times(1).mount().await;
                }
                let args = Args::new(#name, #args);
                let items: Vec<#item> = server
                    .client()
                    .#stream(#(#call_args),*)
                    .map(|item| item.unwrap_or_else(|e| panic!("{}: {e}", #name)))
                    .collect()
                    .await;
                assert_same_json(#name, &items, #all);
            }
        }
    }
}

impl Emitter<'_> {
    /// The events test of an operation that offers server-sent events: the request asks for
    /// them as the spec says, and every event (one per choice of values) decodes and encodes
    /// back to the spec's JSON.
    fn events_test(&self, op: &Operation, samples: &mut Samples<'_>) -> Option<TokenStream> {
        let events = op.events.as_ref()?;
        let name = format!("`{}`, events", op.operation_id);
        let mut args = self.sample_arguments(op, samples);
        if let (Some(flag), Some(Value::Object(body))) = (&events.flag, &mut args.body) {
            body.insert(flag.clone(), Value::Bool(true));
        }
        let mut request = wire::request(self.api, op, &args);
        request.headers.push(("accept".to_owned(), "text/event-stream".to_owned()));
        if let (Some(flag), Some(Value::Object(body))) = (&events.flag, &mut args.body) {
            // The caller's body says nothing of the flag; the method sets it.
            body.remove(flag);
        }
        let choices = samples.choices([&events.item]);
        let items: Vec<Value> = (0..choices)
            .map(|choice| {
                samples.set_case(Case { choice, required_only: false });
                samples.of(&events.item, "event")
            })
            .collect();
        samples.set_case(Case::default());
        let text: String =
            items.iter().map(|item| format!("data: {item}\n\n")).collect::<String>() + "data: [DONE]\n\n";
        let wants = items.iter().map(Value::to_string);
        let count = number(items.len() as u64);
        let request = self.wire_literal(&request);
        let (method, events_method) = (op.method_name.ident(), events.method.ident());
        let call_args = self.call_args(op, false);
        let args = raw_text(&args.to_json().to_string());
        let bind = (!call_args.is_empty()).then(|| quote! { let args = Args::new(#name, #args); });
        Some(quote! {
            #[tokio::test]
            async fn streams_every_event_as_the_spec_says() {
                let server = MockServer::start().await;
                server.#method().expect_wire(#name, #request).respond_event_text(#text).times(1).mount().await;
                #bind
                let stream = server.client().#events_method(#(#call_args),*).await.unwrap_or_else(|e| panic!("{}: {e}", #name));
                let items: Vec<_> = futures_util::StreamExt::collect(stream).await;
                assert_eq!(items.len(), #count, "{}: every event, then `[DONE]`", #name);
                for (item, want) in items.into_iter().zip([#(#wants),*]) {
                    let item = item.unwrap_or_else(|e| panic!("{}: {e}", #name));
                    assert_same_json(#name, &item, want);
                }
            }
        })
    }

    /// One test that every value of each enum with more values than the operations' cases
    /// go through ([`ENUM_CHOICES`]) decodes and encodes back, unlisted values of an open enum
    /// included; nothing when there is no such enum.
    pub(super) fn long_enums_test(&self) -> TokenStream {
        let checks: Vec<TokenStream> = (self.api.types.iter())
            .filter_map(|(name, def)| match &def.kind {
                TypeKind::Enum { variants, other } if variants.len() + usize::from(other.is_some()) > ENUM_CHOICES => {
                    let values = variants.iter().map(|v| v.wire_name.as_str()).chain(other.as_ref().map(|_| UNLISTED));
                    let (cfg, ty) = (self.type_cfg(name), self.ty(&TypeRef::Named(name.clone()), false));
                    Some(quote! { #cfg assert_round_trips::<#ty>(#name, &[#(#values),*]); })
                }
                _ => None,
            })
            .collect();
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            /// Every value of the enums too long for each operation's cases to go through.
            #[test]
            fn every_value_of_each_long_enum_decodes_and_encodes_back() {
                #(#checks)*
            }
        }
    }
}

/// Whether two cases send and answer the same things (their sample ids aside).
fn same_shape(a: &CaseData, b: &CaseData) -> bool {
    let response = |c: &CaseData| serde_json::from_str::<Value>(&c.response).map(|v| shape(&v)).ok();
    shape(&a.args.to_json()) == shape(&b.args.to_json()) && response(a) == response(b)
}

/// `value`'s objects and arrays with every scalar made `null`: what two samples that differ
/// only in their values share.
pub(super) fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
        _ => Value::Null,
    }
}

/// A status that `pattern` stands for, and that no more precise declaration of `op` takes:
/// the code itself, the first of a range the operation does not name, and for `default` a
/// server error (else a client error) no other declaration covers.
pub(super) fn concrete_status(pattern: StatusPattern, op: &Operation) -> u16 {
    let covered = |status: u16| {
        op.errors.iter().any(|e| match e.status {
            StatusPattern::Code(code) => code == status,
            StatusPattern::Range(hundred) => hundred == status / 100,
            StatusPattern::Default => false,
        }) || op.success.iter().any(|r| r.status == status || (r.range && r.status / 100 == status / 100))
    };
    match pattern {
        StatusPattern::Code(code) => code,
        StatusPattern::Range(hundred) => {
            let first = hundred * 100;
            (first..first + 100)
                .find(|s| !op.errors.iter().any(|e| e.status == StatusPattern::Code(*s)))
                .unwrap_or(first)
        }
        StatusPattern::Default => (500..600).chain(400..500).find(|s| !covered(*s)).unwrap_or(500),
    }
}

/// The response headers the method returns: those the operation declares, and a
/// redirect's `Location`.
fn returned_headers(op: &Operation) -> &[ResponseHeader] {
    match &op.output {
        Output::WithHeaders { headers, .. } | Output::Statuses { headers: Some((_, headers)), .. } => headers,
        _ => &[],
    }
}

/// The value a test's mock sends in a response header.
fn header_sample(header: &ResponseHeader) -> String {
    format!("{}-1", header.wire_name.to_ascii_lowercase())
}

/// Whether a response header says how the message is framed (`Content-Length`,
/// `Transfer-Encoding`, `Connection`): HTTP sets it, so a mock cannot answer a sample of it.
fn framing(header: &ResponseHeader) -> bool {
    ["content-length", "transfer-encoding", "connection"].iter().any(|h| header.wire_name.eq_ignore_ascii_case(h))
}

/// Assertions that the returned response headers came back: the samples the mock sent, and
/// for `Content-Length` the length of the body.
fn header_checks(headers: &[ResponseHeader]) -> Vec<TokenStream> {
    headers
        .iter()
        .filter_map(|h| {
            let field = h.rust_name.ident();
            let name = &h.wire_name;
            if h.wire_name.eq_ignore_ascii_case("content-length") {
                return Some(quote! {
                    assert_eq!(got.#field, Some(case.response.len().to_string()), "{}: the header `{}`", case.name, #name);
                });
            }
            let value = header_sample(h);
            (!framing(h)).then(|| {
                quote! { assert_eq!(got.#field.as_deref(), Some(#value), "{}: the header `{}`", case.name, #name); }
            })
        })
        .collect()
}
