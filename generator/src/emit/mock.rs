//! The `mock` module of an API (behind the cargo feature `mock`): a `MockServer` with one
//! method per operation that starts a typed expectation, and per operation a struct that a
//! received request decodes into (path parameters, `params`, `body`), which expectations
//! match on. The machinery is the runtime's (`runtime::mock`, over wiremock); this only
//! states the API's facts.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{api_key_place, operation_const};
use super::parts::gated;
use super::{Emitter, doc_text, docs, ident, number};
use crate::model::{
    BodyEncoding, Operation, Output, Param, ParamEncoding, ParamLocation, Scheme, TypeKind, TypeRef, ValueStyle,
};
use crate::naming::RustName;

impl Emitter<'_> {
    /// The items of the `mock` module.
    pub(super) fn mock_module(&self) -> TokenStream {
        let api = self.api;
        let rt = &self.rt;
        let name = format!("{} `{}`", api.title.trim(), api.version);
        let doc = doc_text(&format!(
            " Typed mocks of {name}, for tests of code that uses its [`Client`](super::Client): a local server, and an expectation per operation. See `runtime::mock`."
        ));
        let calls: Vec<(&String, &RustName, &Operation)> =
            api.operations.iter().map(|op| (&op.mock.0, &op.mock.1, op)).collect();
        let version_header = match &api.version_header {
            Some(_) => quote! { Some((super::VERSION_HEADER, super::API_VERSION)) },
            None => quote! { None },
        };
        // Each operation's facts are a static of their own, so that an operation compiled
        // out of a split API leaves no gap in a table read by index.
        let entries = calls.iter().map(|(_, _, op)| {
            let (cfg, operation) = (self.operation_cfg(op), operation_const(op));
            quote! { #cfg &#operation }
        });
        let statics = calls.iter().map(|(call, _, op)| {
            let call = ident(call);
            let (cfg, operation) = (self.operation_cfg(op), operation_const(op));
            let auth = match (op.authorized, op.scheme, &self.api.api_key) {
                (false, ..) | (_, Some(Scheme::None), _) => quote! { None },
                (_, Some(Scheme::Bearer), _) | (_, _, None) => quote! { Some(mock::Credential::Bearer) },
                (_, _, Some(place)) => {
                    let place = api_key_place(rt, place);
                    quote! { Some(mock::Credential::Key(#place)) }
                }
            };
            quote! {
                #cfg
                static #operation: mock::MockOperation = mock::MockOperation {
                    operation: &super::operations::#operation,
                    auth: #auth,
                    check: <#call as mock::Call>::check,
                };
            }
        });
        let error = self.ty(&api.error.ty, false);
        let expectations = calls.iter().map(|(call, method, op)| {
            let (call, method) = (ident(call), method.ident());
            let (status, ty, body) = self.mock_success(op);
            let (cfg, operation, status) = (self.operation_cfg(op), operation_const(op), number(status));
            let doc = doc_text(&format!(" Expects `{}`: `{} {}`.", op.operation_id, op.http_method.as_str(), op.path));
            let events = op.events.as_ref().map(|e| {
                let item = self.ty(&e.item, false);
                quote! { , #item }
            });
            quote! {
                #[doc = #doc]
                #cfg
                pub fn #method(&self) -> mock::Expectation<'_, #call, #ty, #error #events> {
                    self.0.expect(&#operation, #status, #body)
                }
            }
        });
        let named_error = matches!(api.error.ty, TypeRef::Named(_));
        let users: Vec<&Operation> = api
            .operations
            .iter()
            .filter(|op| {
                named_error
                    || op.params_struct.is_some()
                    || op.body.as_ref().is_some_and(|b| b.encoding != BodyEncoding::Multipart && b.ty.names_a_type())
                    || plain_success(op).1.as_ref().is_some_and(TypeRef::names_a_type)
                    || op.params.iter().any(|p| p.location == ParamLocation::Path && p.ty.names_a_type())
            })
            .collect();
        // In a split crate, a build may compile none of the operations that name a type.
        let unused = self.allow_unless("unused_imports", &users);
        let import = (!users.is_empty()).then(|| quote! { #unused use super::types; });
        let mut items = vec![quote! {
            #![doc = #doc]
            #import
            use #rt::mock;
        }];
        items.push(quote! {
            static API: mock::MockApi = mock::MockApi {
                name: #name,
                version_header: #version_header,
                operations: &[#(#entries),*],
            };

            #(#statics)*

            /// A local server that answers as this API version: every request is checked against
            /// its operation, and answered by the first expectation that takes it.
            #[derive(Debug)]
            pub struct MockServer(mock::MockServer);

            impl MockServer {
                /// Starts the server on a free local port.
                pub async fn start() -> Self {
                    Self(mock::MockServer::start(&API).await)
                }

                /// The server's base URL.
                pub fn uri(&self) -> String {
                    self.0.uri()
                }

                /// A client for this server, with an access token and quick retries.
                pub fn client(&self) -> super::Client {
                    self.0.client()
                }

                /// Every request the server received, in order.
                pub async fn received_requests(&self) -> Vec<mock::wiremock::Request> {
                    self.0.received_requests().await
                }

                #(#expectations)*
            }
        });
        items.extend(calls.iter().map(|(call, _, op)| {
            let items = self.call_struct(call, op);
            match self.operation_cfg(op) {
                Some(cfg) => gated(items, &cfg, false),
                None => items,
            }
        }));
        quote! { #(#items)* }
    }

    /// The status, answer type and kind of body of an operation's plain success: a text body
    /// is answered with a string, bytes with a `Vec<u8>`.
    fn mock_success(&self, op: &Operation) -> (u16, TokenStream, TokenStream) {
        let (status, body, media) = plain_success(op);
        let media = media.unwrap_or_default();
        match body {
            Some(TypeRef::Text) => (status, quote! { String }, quote! { mock::SuccessBody::Raw(#media) }),
            Some(TypeRef::Bytes) => (status, quote! { Vec<u8> }, quote! { mock::SuccessBody::Raw(#media) }),
            Some(ty) => (status, self.ty(&ty, false), quote! { mock::SuccessBody::Json }),
            None => (status, quote! { () }, quote! { mock::SuccessBody::None }),
        }
    }

    /// The struct a request to `op` decodes into, and its decoder.
    fn call_struct(&self, name: &str, op: &Operation) -> TokenStream {
        let name = ident(name);
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            let field = param.rust_name.ident();
            let ty = self.ty(&param.ty, false);
            let wire = &param.wire_name;
            let doc = doc_text(&format!(" The path parameter `{wire}`."));
            fields.push(quote! { #[doc = #doc] pub #field: #ty, });
            let list = matches!(param.ty, TypeRef::Vec(_));
            let style = super::client::path_style(param.style);
            let (rt, explode) = (&self.rt, param.explode);
            inits.push(match (param.encoding == ParamEncoding::Json || param.ty == TypeRef::Json, param.style, list) {
                (true, _, _) => quote! { #field: request.path::<mock::FromJson<#ty>>(#wire)?.0, },
                (false, ValueStyle::Plain, false) => quote! { #field: request.path(#wire)?, },
                (false, _, false) => quote! { #field: request.path_styled(#wire, #rt::PathStyle::#style)?, },
                (false, _, true) => quote! { #field: request.path_list(#wire, #rt::PathStyle::#style, #explode)?, },
            });
        }
        if let Some(params) = &op.params_struct {
            let ty = ident(params);
            let values = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
                let field = p.rust_name.ident();
                let read = self.read_param(p);
                quote! { #field: #read, }
            });
            fields.push(quote! {
                /// The query and header parameters.
                pub params: types::#ty,
            });
            inits.push(quote! { params: types::#ty { #(#values)* }, });
        }
        if let Some(body) = &op.body {
            let ty = match body.encoding {
                // Files are not typed values: a multipart body is checked and kept as its parts.
                BodyEncoding::Multipart => quote! { mock::Multipart },
                BodyEncoding::Raw if body.ty == TypeRef::Bytes => quote! { Vec<u8> },
                _ => self.ty(&body.ty, false),
            };
            let read = match (body.encoding, body.required) {
                (BodyEncoding::Json, true) => quote! { request.json()? },
                (BodyEncoding::Json, false) => quote! { request.json_optional()? },
                (BodyEncoding::Form, true) => {
                    let lists = self.object_properties(&body.ty).1;
                    quote! { request.form(&[#(#lists),*])? }
                }
                (BodyEncoding::Form, false) => {
                    let lists = self.object_properties(&body.ty).1;
                    quote! { request.form_optional(&[#(#lists),*])? }
                }
                (BodyEncoding::NdJson, true) => quote! { request.ndjson()? },
                (BodyEncoding::NdJson, false) => quote! { request.ndjson_optional()? },
                (BodyEncoding::Multipart, true) => quote! { request.multipart()? },
                (BodyEncoding::Multipart, false) => quote! { request.multipart_optional()? },
                (BodyEncoding::Raw, true) if body.ty == TypeRef::Bytes => quote! { request.bytes()? },
                (BodyEncoding::Raw, false) if body.ty == TypeRef::Bytes => quote! { request.bytes_optional()? },
                (BodyEncoding::Raw, true) if body.ty == TypeRef::Text => quote! { request.text()? },
                (BodyEncoding::Raw, false) if body.ty == TypeRef::Text => quote! { request.text_optional()? },
                (BodyEncoding::Raw, true) => quote! { request.text_as()? },
                (BodyEncoding::Raw, false) => quote! { request.text_as_optional()? },
            };
            let ty = if body.required {
                ty
            } else {
                quote! { Option<#ty> }
            };
            fields.push(quote! {
                /// The request body.
                pub body: #ty,
            });
            inits.push(quote! { body: #read, });
        }
        // Operations that share a path may differ by what they send (Azure's JSON URL or raw
        // image): the media type tells them apart.
        let sent_as = op.body.as_ref().map(|body| {
            let media_type = &body.media_type;
            quote! { request.sent_as(#media_type)?; }
        });
        let doc = docs(None, Some(&format!("A `{}` request, as the mock server received it.", op.operation_id)));
        let request = if inits.is_empty() {
            quote! { _request }
        } else {
            quote! { request }
        };
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }

            impl mock::Call for #name {
                fn decode(#request: &mock::Incoming<'_>) -> Result<Self, String> {
                    #sent_as
                    Ok(Self { #(#inits)* })
                }
            }
        }
    }
}

/// An operation's plain success, which a mock answers by default: its status (the first with
/// a body), the body's type, and its first media type.
pub(super) fn plain_success(op: &Operation) -> (u16, Option<TypeRef>, Option<String>) {
    let first = op.success.iter().find(|r| r.ty.is_some()).or(op.success.first());
    let status = first.map_or(200, |r| r.status);
    let body = match &op.output {
        Output::Body(body) | Output::WithHeaders { body, .. } => body.clone(),
        Output::Statuses { .. } => first.and_then(|r| r.ty.clone()),
    };
    (status, body, first.and_then(|r| r.media_types.first()).cloned())
}

impl Emitter<'_> {
    /// How a decoder reads a query or header parameter.
    fn read_param(&self, param: &Param) -> TokenStream {
        let wire = &param.wire_name;
        let explode = param.explode;
        let list = matches!(param.ty, TypeRef::Vec(_)) && param.encoding == ParamEncoding::Text;
        if param.encoding == ParamEncoding::Json || (param.ty == TypeRef::Json && !list) {
            // JSON text, read back whole: `mock::FromJson`.
            let ty = self.ty(&param.ty, false);
            let read = match (param.location, param.required) {
                (ParamLocation::Cookie, false) => quote! { cookie },
                (ParamLocation::Cookie, true) => quote! { cookie_required },
                (ParamLocation::Header, false) => quote! { header },
                (ParamLocation::Header, true) => quote! { header_required },
                (_, false) => quote! { query },
                (_, true) => quote! { query_required },
            };
            return match param.required {
                true => quote! { request.#read::<mock::FromJson<#ty>>(#wire)?.0 },
                false => quote! { request.#read::<mock::FromJson<#ty>>(#wire)?.map(|v| v.0) },
            };
        }
        if let ParamEncoding::Object(_) = param.encoding {
            let rt = &self.rt;
            let style = super::client::object_style(param.encoding);
            let (properties, lists) = self.object_properties(&param.ty);
            let read = if param.required {
                quote! { query_object_required }
            } else {
                quote! { query_object }
            };
            return quote! { request.#read(#wire, #rt::QueryStyle::#style, (&[#(#properties),*], &[#(#lists),*]))? };
        }
        match (param.location, list, param.required) {
            (ParamLocation::Cookie, _, false) => quote! { request.cookie(#wire)? },
            (ParamLocation::Cookie, _, true) => quote! { request.cookie_required(#wire)? },
            (ParamLocation::Header, false, false) => quote! { request.header(#wire)? },
            (ParamLocation::Header, false, true) => quote! { request.header_required(#wire)? },
            (ParamLocation::Header, true, false) => quote! { request.header_list(#wire)? },
            (ParamLocation::Header, true, true) => quote! { request.header_list_required(#wire)? },
            (_, false, false) => quote! { request.query(#wire)? },
            (_, false, true) => quote! { request.query_required(#wire)? },
            (_, true, required) => match (param.delimited(), required) {
                (Some(delimiter), false) => quote! { request.query_delimited(#wire, #delimiter)? },
                (Some(delimiter), true) => quote! { request.query_delimited_required(#wire, #delimiter)? },
                (None, false) => quote! { request.query_list(#wire, #explode)? },
                (None, true) => quote! { request.query_list_required(#wire, #explode)? },
            },
        }
    }

    /// The wire names of an object's properties, and of those that are lists.
    fn object_properties(&self, ty: &TypeRef) -> (Vec<String>, Vec<String>) {
        match ty {
            TypeRef::Named(name) => match self.api.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(fields)) => (
                    fields.iter().map(|f| f.wire_name.clone()).collect(),
                    fields.iter().filter(|f| matches!(f.ty, TypeRef::Vec(_))).map(|f| f.wire_name.clone()).collect(),
                ),
                Some(TypeKind::Alias(target)) => self.object_properties(target),
                _ => (Vec::new(), Vec::new()),
            },
            _ => (Vec::new(), Vec::new()),
        }
    }
}
