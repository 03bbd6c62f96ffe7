//! Tests of every operation, generated from the spec, on the API's typed mock: for each
//! operation, a test that the request reaches the server as the spec says (its path
//! parameters, parameters and body decoded and compared, the body also compared as JSON)
//! and that the success body decodes; a test that an error status decodes into the API's
//! error type; and for a paginated list, a test that its stream follows three pages.
//! A spec bump's new operations are tested by `cargo xtask codegen` alone.

use proc_macro2::TokenStream;
use quote::quote;

use super::mock::plain_success;
use super::{Chunk, Emitter, ident, number};
use crate::model::{Operation, Output, ParamLocation, ResponseHeader, TypeKind, TypeRef};
use crate::samples::Samples;

impl Emitter<'_> {
    /// The test module of the API at `module` (`pinecone_admin::v2026_07`).
    pub(super) fn tests_module(&self, module: &syn::Path) -> Vec<Chunk> {
        let api = self.api;
        let doc = format!(
            " Every operation of {} `{}` on its typed mock: the request as the spec describes it, the success and an error decoded, and every page of a paginated list.",
            api.title.trim(),
            api.version
        );
        let streams = api.operations.iter().any(|op| op.pagination.is_some());
        let stream_ext = streams.then(|| quote! { use futures_util::StreamExt; });
        let mut samples = Samples::new(&api.types);
        let mut chunks = vec![Chunk::Items(quote! {
            #![doc = #doc]
            #stream_ext
            use #module::mock::MockServer;
            #[allow(unused_imports)]
            use #module::types;
            use super::sample;
        })];
        for op in &api.operations {
            chunks.push(Chunk::Items(self.operation_tests(op, &mut samples)));
        }
        chunks
    }

    fn operation_tests(&self, op: &Operation, samples: &mut Samples<'_>) -> TokenStream {
        let module = ident(&op.method_name);
        let method = ident(&op.method_name);
        let mock_method = ident(&op.method_name);
        let args = self.sample_args(op, samples);
        let declarations = &args.declarations;
        let call_args = &args.call;
        let when = self.predicate(op);

        let (success_status, success_ty, _) = plain_success(op);
        let success = match &success_ty {
            Some(ty) => {
                let value = literal(&samples.of(ty, "value"));
                let rust = self.ty(ty, false);
                quote! { let expected: #rust = sample(#value); }
            }
            None => TokenStream::new(),
        };
        let respond = success_ty.as_ref().map(|_| quote! { .respond(expected.clone()) });
        let body_json = args.body_json.as_ref().map(|json| {
            let json = literal(json);
            quote! { .body_json(sample(#json)) }
        });
        let headers: Vec<(String, String)> = match &op.output {
            Output::WithHeaders { headers, .. } | Output::Statuses { headers: Some((_, headers)), .. } => {
                headers.iter().map(|h| (h.wire_name.clone(), header_sample(h))).collect()
            }
            _ => Vec::new(),
        };
        let header_replies = headers.iter().map(|(name, value)| quote! { .header(#name, #value) });
        let check = self.success_check(op, success_status, success_ty.is_some());
        let binding = (!matches!(op.output, Output::Body(None))).then(|| quote! { let got = });

        let error_status =
            op.error_statuses.iter().copied().find(|s| (400..500).contains(s) && *s != 429).unwrap_or(400);
        let error_status = number(error_status);
        let error_ty = self.ty(&self.api.error.ty, false);
        let error_value = literal(&samples.of(&self.api.error.ty, "error"));
        let stream = op.pagination.as_ref().map(|_| self.stream_test(op, samples));
        let doc = format!(" `{}`: `{} {}`.", op.operation_id, op.http_method.as_str(), op.path);
        quote! {
            #[doc = #doc]
            mod #module {
                use super::*;

                #[tokio::test]
                async fn sends_the_request_and_decodes_the_success() {
                    let server = MockServer::start().await;
                    #(#declarations)*
                    #success
                    server
                        .#mock_method()
                        #when
                        #body_json
                        #respond
                        #(#header_replies)*
                        .times(1)
                        .mount()
                        .await;
                    #binding server.client().#method(#(#call_args),*).await.expect("the success decodes");
                    #check
                }

                #[tokio::test]
                async fn decodes_an_error_status() {
                    let server = MockServer::start().await;
                    #(#declarations)*
                    let error: #error_ty = sample(#error_value);
                    server.#mock_method().respond_error(#error_status, error.clone()).times(1).mount().await;
                    let err = server.client().#method(#(#call_args),*).await.expect_err("an error status");
                    assert_eq!(err.status().map(|s| s.as_u16()), Some(#error_status));
                    assert_eq!(err.api_error().and_then(|e| e.body.as_ref()), Some(&error));
                }

                #stream
            }
        }
    }

    /// What the test asserts of the method's result.
    fn success_check(&self, op: &Operation, status: u16, has_body: bool) -> TokenStream {
        match &op.output {
            Output::Body(Some(_)) => quote! { assert_eq!(got, expected); },
            Output::Body(None) => TokenStream::new(),
            Output::Statuses { name, variants, headers } => {
                let name = ident(name);
                let variant = variants.iter().find(|v| v.1 == status).map(|v| ident(&v.0));
                let (got, header_checks) = match headers {
                    Some((_, headers)) => (quote! { got.body }, header_checks(headers)),
                    None => (quote! { got }, Vec::new()),
                };
                let body = match (variant, has_body) {
                    (Some(variant), true) => quote! { assert_eq!(#got, types::#name::#variant(expected)); },
                    (Some(variant), false) => quote! { assert_eq!(#got, types::#name::#variant); },
                    (None, _) => quote! { let _ = #got; },
                };
                quote! { #body #(#header_checks)* }
            }
            Output::WithHeaders { body, headers, .. } => {
                let body = body.as_ref().map(|_| quote! { assert_eq!(got.body, expected); });
                let headers = header_checks(headers);
                quote! { #body #(#headers)* }
            }
        }
    }

    /// `.when(...)`: the decoded request equals what the client was given.
    fn predicate(&self, op: &Operation) -> Option<TokenStream> {
        let mut captured = Vec::new();
        let mut checks = Vec::new();
        for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            let name = ident(&param.rust_name);
            captured.push((name.clone(), param.ty.is_copy()));
            checks.push(quote! { call.#name == #name });
        }
        if op.params_struct.is_some() {
            captured.push((ident("params"), false));
            checks.push(quote! { call.params == params });
        }
        if let Some(body) = &op.body {
            captured.push((ident("body"), false));
            checks.push(if body.required {
                quote! { call.body == body }
            } else {
                quote! { call.body.as_ref() == Some(&body) }
            });
        }
        if checks.is_empty() {
            return None;
        }
        let names = captured.iter().map(|(name, _)| name);
        let values = captured.iter().map(|(name, copy)| {
            if *copy {
                quote! { #name }
            } else {
                quote! { #name.clone() }
            }
        });
        Some(quote! {
            .when({
                let (#(#names),*,) = (#(#values),*,);
                move |call| #(#checks)&&*
            })
        })
    }

    /// The stream test of a paginated list: three pages, the filters sent with each.
    fn stream_test(&self, op: &Operation, samples: &mut Samples<'_>) -> TokenStream {
        let Some(pagination) = &op.pagination else { return TokenStream::new() };
        let Output::Body(Some(TypeRef::Named(page_type))) = &op.output else { return TokenStream::new() };
        let Some(TypeKind::Struct(fields)) = self.api.types.get(page_type).map(|t| &t.kind) else {
            return TokenStream::new();
        };
        let wire = |rust: &str| fields.iter().find(|f| f.rust_name == rust).map(|f| f.wire_name.clone());
        let (Some(items_wire), Some(pagination_wire)) =
            (wire(&pagination.items_field), pagination.next.first().and_then(|(f, _)| wire(f)))
        else {
            return TokenStream::new();
        };
        let mut all_items = Vec::new();
        let mut pages = Vec::new();
        for (cursor, next, count) in
            [(None, Some("page-2"), 2), (Some("page-2"), Some("page-3"), 1), (Some("page-3"), None, 1)]
        {
            let mut page = samples.of(&TypeRef::Named(page_type.clone()), "page");
            let items: Vec<serde_json::Value> = (0..count).map(|_| samples.of(&pagination.item, "item")).collect();
            all_items.extend(items.clone());
            if let serde_json::Value::Object(map) = &mut page {
                map.insert(items_wire.clone(), serde_json::Value::Array(items));
                let next = next.map_or(serde_json::json!({}), |n| serde_json::json!({ "next": n }));
                map.insert(pagination_wire.clone(), next);
            }
            let cursor = match cursor {
                Some(c) => quote! { Some(#c) },
                None => quote! { None },
            };
            let page = literal(&page);
            pages.push(quote! { (#cursor, #page) });
        }
        let args = self.sample_args(op, samples);
        let declarations = &args.declarations;
        let path_args = op.params.iter().filter(|p| p.location == ParamLocation::Path).map(|p| {
            let name = ident(&p.rust_name);
            if p.ty.is_copy() {
                quote! { #name }
            } else {
                quote! { &#name }
            }
        });
        let mock_method = ident(&op.method_name);
        let stream = ident(&pagination.stream_method);
        let cursor_field = ident(&pagination.token_field);
        let item = self.ty(&pagination.item, false);
        let all = literal(&serde_json::Value::Array(all_items));
        quote! {
            #[tokio::test]
            async fn streams_every_page_with_the_same_filters() {
                let server = MockServer::start().await;
                #(#declarations)*
                // The first page is asked for without a cursor.
                let mut params = params;
                params.#cursor_field = None;
                for (cursor, page) in [#(#pages),*] {
                    let mut want = params.clone();
                    want.#cursor_field = cursor.map(str::to_owned);
                    server.#mock_method().when(move |call| call.params == want).respond(sample(page)).times(1).mount().await;
                }
                let items: Vec<#item> = server
                    .client()
                    .#stream(#(#path_args,)* params)
                    .map(|item| item.expect("an item"))
                    .collect()
                    .await;
                let want: Vec<#item> = sample(#all);
                assert_eq!(items, want);
            }
        }
    }

    /// Sample arguments of `op`: a `let` per path parameter, `params` and `body`, and how the
    /// method takes each.
    fn sample_args(&self, op: &Operation, samples: &mut Samples<'_>) -> SampleArgs {
        let mut out = SampleArgs { declarations: Vec::new(), call: Vec::new(), body_json: None };
        for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            let name = ident(&param.rust_name);
            let ty = self.ty(&param.ty, false);
            let value = literal(&samples.constrained(&param.ty, &param.wire_name, &param.constraints));
            out.declarations.push(quote! { let #name: #ty = sample(#value); });
            out.call.push(if param.ty.is_copy() {
                quote! { #name }
            } else {
                quote! { &#name }
            });
        }
        if let Some(params) = &op.params_struct {
            let ty = ident(params);
            let value = literal(&samples.of(&TypeRef::Named(params.clone()), "params"));
            out.declarations.push(quote! { let params: types::#ty = sample(#value); });
            out.call.push(quote! { &params });
        }
        if let Some(body) = &op.body {
            let json = samples.of(&body.ty, "body");
            let ty = self.ty(&body.ty, false);
            let value = literal(&json);
            out.declarations.push(quote! { let body: #ty = sample(#value); });
            out.call.push(if body.required {
                quote! { &body }
            } else {
                quote! { Some(&body) }
            });
            out.body_json = Some(json);
        }
        out
    }
}

/// The value a test's mock sends in a response header.
fn header_sample(header: &ResponseHeader) -> String {
    format!("{}-1", header.wire_name.to_ascii_lowercase())
}

/// Assertions that the declared response headers came back.
fn header_checks(headers: &[ResponseHeader]) -> Vec<TokenStream> {
    headers
        .iter()
        .map(|h| {
            let field = ident(&h.rust_name);
            let value = header_sample(h);
            quote! { assert_eq!(got.#field.as_deref(), Some(#value)); }
        })
        .collect()
}

/// Sample arguments of one operation.
struct SampleArgs {
    declarations: Vec<TokenStream>,
    call: Vec<TokenStream>,
    body_json: Option<serde_json::Value>,
}

/// A JSON value as a string literal, which the generated `sample` function decodes.
fn literal(value: &serde_json::Value) -> TokenStream {
    let text = value.to_string();
    quote! { #text }
}
