//! What a method does with a success response: decode one body type, pick a variant by
//! status, or collect the declared response headers beside the body; and, for paginated
//! lists, a second method that streams every item across pages.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::arguments::pass;
use super::{Emitter, doc_text, docs, ident, number};
use crate::model::{Argument, Carries, Operation, Output, Pagination, ResponseHeader, Taken, TypeRef};
use crate::naming::RustName;

impl Emitter<'_> {
    /// The method's success type and the statements that send `request` and produce it.
    pub(super) fn output(&self, op: &Operation) -> (TokenStream, TokenStream) {
        match &op.output {
            Output::Body(Some(ty)) => {
                let send = match ty {
                    TypeRef::Text => quote! { send_text },
                    TypeRef::Bytes => quote! { send_bytes },
                    _ => quote! { send_json },
                };
                (self.ty(ty, false), quote! { self.transport.#send(request).await })
            }
            Output::Body(None) => (quote! { () }, quote! { self.transport.send_empty(request).await }),
            Output::Statuses { name, variants, headers } => {
                let name = ident(name);
                let mut fallback = quote! { _ => Err(response.unexpected_status()), };
                let mut arms = Vec::new();
                for (variant, status, range, body) in variants {
                    let variant = ident(variant);
                    let value = match body {
                        Some(ty) => {
                            let decode = decode(ty);
                            quote! { response.#decode().map(types::#name::#variant) }
                        }
                        None => quote! { Ok(types::#name::#variant) },
                    };
                    if *range {
                        fallback = quote! { _ => #value, };
                    } else {
                        let status = number(*status);
                        arms.push(quote! { #status => #value, });
                    }
                }
                let by_status = quote! {
                    match response.status() {
                        #(#arms)*
                        #fallback
                    }
                };
                let Some((wrapper, headers)) = headers else {
                    let send = quote! {
                        let response = self.transport.send_raw(request).await?;
                        #by_status
                    };
                    return (quote! { types::#name }, send);
                };
                // The headers are read before the body consumes the response.
                let wrapper = ident(wrapper);
                let fields: Vec<syn::Ident> = headers.iter().map(|h| h.rust_name.ident()).collect();
                let wires = headers.iter().map(|h| &h.wire_name);
                let send = quote! {
                    let response = self.transport.send_raw(request).await?;
                    #(let #fields = response.header(#wires);)*
                    let body = #by_status?;
                    Ok(types::#wrapper { body, #(#fields),* })
                };
                (quote! { types::#wrapper }, send)
            }
            Output::WithHeaders { name, body, headers } => {
                let name = ident(name);
                let fields = headers.iter().map(|h| {
                    let field = h.rust_name.ident();
                    let wire = &h.wire_name;
                    quote! { #field: response.header(#wire), }
                });
                let body = body.as_ref().map(|ty| {
                    let decode = decode(ty);
                    quote! { body: response.#decode()?, }
                });
                let send = quote! {
                    let response = self.transport.send_raw(request).await?;
                    Ok(types::#name {
                        #(#fields)*
                        #body
                    })
                };
                (quote! { types::#name }, send)
            }
        }
    }

    /// The types that carry outputs: an enum per operation whose statuses have different
    /// bodies, a struct per operation with declared response headers.
    pub(super) fn output_types(&self) -> TokenStream {
        let mut items = Vec::new();
        for op in &self.api.operations {
            let id = &op.operation_id;
            // Each push below is one item, compiled with the operation's parts.
            let cfg = self.operation_cfg(op);
            match &op.output {
                Output::Body(_) => {}
                Output::Statuses { name, variants, headers } => {
                    if let Some((wrapper, headers)) = headers {
                        let enumeration = ident(name);
                        let body = quote! {
                            /// The body, by status.
                            pub body: #enumeration,
                        };
                        let wrapper = self.headers_struct(id, wrapper, Some(body), headers);
                        items.push(quote! { #cfg #wrapper });
                    }
                    let doc = doc_text(&format!(" The success responses of `{id}`, by status."));
                    let name = ident(name);
                    let variants = variants.iter().map(|(variant, status, range, body)| {
                        let description = op.success.iter().find(|r| r.status == *status && r.range == *range);
                        let status = if *range { format!("{}XX", status / 100) } else { status.to_string() };
                        let text = match description.and_then(|r| r.description.as_deref()) {
                            Some(d) => format!("`{status}`: {d}"),
                            None => format!("`{status}`."),
                        };
                        let doc = docs(None, Some(&text));
                        let variant = ident(variant);
                        let body = body.as_ref().map(|ty| {
                            let ty = self.ty(ty, true);
                            quote! { (#ty) }
                        });
                        quote! {
                            #doc
                            #variant #body,
                        }
                    });
                    items.push(quote! {
                        #cfg
                        #[doc = #doc]
                        #[derive(Clone, Debug, PartialEq)]
                        #[non_exhaustive]
                        pub enum #name {
                            #(#variants)*
                        }
                    });
                }
                Output::WithHeaders { name, body, headers } => {
                    let body = body.as_ref().map(|ty| {
                        let ty = self.ty(ty, true);
                        quote! {
                            /// The response body.
                            pub body: #ty,
                        }
                    });
                    let answer = self.headers_struct(id, name, body, headers);
                    items.push(quote! { #cfg #answer });
                }
            }
        }
        quote! { #(#items)* }
    }

    /// The struct of a body (a `body` field, if any) and the response headers of `id`.
    fn headers_struct(
        &self,
        id: &str,
        name: &str,
        body: Option<TokenStream>,
        headers: &[ResponseHeader],
    ) -> TokenStream {
        let parts = if body.is_some() { "its body and response headers" } else { "its response headers" };
        let doc = doc_text(&format!(" The answer of `{id}`: {parts}."));
        let name = ident(name);
        let headers = headers.iter().map(|h| {
            let field = h.rust_name.ident();
            let text = match &h.description {
                Some(d) => format!("{d} (`{}`, as received)", h.wire_name.trim_end_matches('.')),
                None => format!("The `{}` header, as received.", h.wire_name),
            };
            let doc = docs(None, Some(&text));
            quote! {
                #doc
                pub #field: Option<String>,
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub struct #name {
                #body
                #(#headers)*
            }
        }
    }

    /// `<method>_stream`: every item of every page, following the cursor.
    pub(super) fn stream_method(&self, op: &Operation, pagination: &Pagination) -> TokenStream {
        let rt = &self.rt;
        let method = op.method_name.ident();
        let name = pagination.stream_method.ident();
        let params_ty = op.params_struct.as_deref().map(ident);
        let item = self.ty(&pagination.item, false);
        let cursor = pagination.token_field.ident();
        let doc = format!(
            " Every item of [`Self::{}`], page after page: follows the next-page cursor and sends the same parameters with each request. Ends after the last page, or after the first error.",
            op.method_name.as_str()
        );
        // The path arguments are held owned by the stream, and passed to each page's request
        // as the method takes them.
        let path: Vec<&Argument> = op.arguments.iter().filter(|a| matches!(a.carries, Carries::Path(_))).collect();
        let borrowed = path.iter().filter(|a| a.taken != Taken::Value).map(|a| &a.name);
        let owned = borrowed.clone().map(|name| quote! { let #name = #name.to_owned(); });
        let cloned: Vec<_> = borrowed.map(|name| quote! { let #name = #name.clone(); }).collect();
        let call_args = path.iter().map(|arg| pass(arg, arg.name.to_token_stream()));
        let args = self.arguments(op, true);
        let items_field = pagination.items_field.ident();
        let items = if pagination.items_optional {
            quote! { page.#items_field.unwrap_or_default() }
        } else {
            quote! { page.#items_field }
        };
        let next = next_cursor(&pagination.next);
        quote! {
            #[doc = #doc]
            pub fn #name<'a>(&'a self, #(#args),*) -> impl #rt::Stream<Item = Result<#item, Error>> + use<'a> {
                #(#owned)*
                #rt::paginate(
                    params,
                    |params: &mut types::#params_ty, cursor| params.#cursor = Some(cursor),
                    move |params| {
                        #(#cloned)*
                        async move {
                            let page = self.#method(#(#call_args,)* &params).await?;
                            let next = #next;
                            Ok((#items, next))
                        }
                    },
                )
            }
        }
    }
}

/// The `Response` method that reads a body of type `ty`.
fn decode(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Text => quote! { text },
        TypeRef::Bytes => quote! { bytes },
        _ => quote! { json },
    }
}

/// `Option<String>`: the next cursor, from `page` through `steps`.
fn next_cursor(steps: &[(RustName, bool)]) -> TokenStream {
    let mut steps = steps.iter().map(|(field, optional)| (field.ident(), *optional));
    let Some((first, optional)) = steps.next() else { return quote! { None } };
    let mut expr = if optional {
        quote! { page.#first.as_ref() }
    } else {
        quote! { Some(&page.#first) }
    };
    for (field, optional) in steps {
        expr = if optional {
            quote! { #expr.and_then(|v| v.#field.as_ref()) }
        } else {
            quote! { #expr.map(|v| &v.#field) }
        };
    }
    quote! { #expr.cloned() }
}
