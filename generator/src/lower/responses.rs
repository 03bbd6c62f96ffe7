//! Responses: which statuses succeed and with what body, the error bodies, the response
//! headers callers may need, and what the client method returns.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, StatusCode};

use super::Lowerer;
use crate::error::Result;
use crate::media;
use crate::model::{ErrorResponse, Output, Response, ResponseHeader, StatusPattern, TypeRef};
use crate::naming::{Claims, Hint, field_name, type_name};
use crate::pointer::Pointer;

/// An operation's responses, lowered.
pub(super) struct Responses {
    /// Success responses in status order.
    pub success: Vec<Response>,
    /// Whether the successes are redirects, returned rather than followed
    /// ([`answers_redirects`]).
    pub keeps_redirects: bool,
    /// The error responses, in status order, `default` last.
    pub errors: Vec<ErrorResponse>,
    /// The headers the success responses declare, and a redirect's `Location`.
    pub headers: Vec<ResponseHeader>,
    /// The first success response that offers server-sent events: its status and the type of
    /// each event's data.
    pub events: Option<(u16, TypeRef)>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn responses(
        &mut self,
        op: &'a openapiv3::Operation,
        type_base: &str,
        pointer: &Pointer,
    ) -> Result<Responses> {
        let responses_pointer = pointer.child("responses");
        let mut statuses: Vec<(&StatusCode, &ReferenceOr<openapiv3::Response>)> =
            op.responses.responses.iter().collect();
        statuses.sort_by_key(|(status, _)| status_order(status));
        let redirects = answers_redirects(statuses.iter().map(|(status, _)| *status));
        let is_success = |status: &StatusCode| class(status) == 2 || (redirects && class(status) == 3);
        let bodies = statuses
            .iter()
            .filter(|(status, r)| is_success(status) && !bodiless(status) && self.has_content(r))
            .count();
        let mut out = Responses {
            success: Vec::new(),
            keeps_redirects: redirects,
            errors: Vec::new(),
            headers: Vec::new(),
            events: None,
        };
        let mut header_claims = Claims::default();
        header_claims.claim("body");
        for (status, response) in statuses {
            let response_pointer = responses_pointer.child(status);
            let (code, range) = match status {
                StatusCode::Code(code) => (*code, false),
                StatusCode::Range(range) => (*range * 100, true),
            };
            if is_success(status) {
                let hint = if bodies > 1 {
                    format!("{type_base}{}Body", status_variant(code, range))
                } else {
                    format!("{type_base}Response")
                };
                let resolved = self.resolve_response(response, &response_pointer);
                let has_body = !bodiless(status);
                if !has_body && !resolved.content.is_empty() {
                    self.note(
                        &response_pointer.child("content"),
                        format_args!("HTTP gives a {code} answer no body, so the content declared for it is ignored"),
                    );
                }
                let ty = match has_body {
                    true => self.response_body(resolved, &Hint::Exact(hint), &response_pointer, true)?,
                    false => None,
                };
                // Events come with a success proper, never with a redirect.
                if out.events.is_none() && has_body && class(status) == 2 {
                    let hint = Hint::Exact(format!("{type_base}Event"));
                    out.events = self.event_type(resolved, &hint, &response_pointer)?.map(|ty| (code, ty));
                }
                // OpenAPI: a response header named `Content-Type` is ignored (the media type
                // says it).
                for (name, header) in resolved.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("content-type")) {
                    let description = match header {
                        ReferenceOr::Item(h) => h.description.clone(),
                        ReferenceOr::Reference { .. } => None,
                    };
                    if !out.headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case(name)) {
                        let rust_name = header_claims.claim_name(&field_name(name));
                        out.headers.push(ResponseHeader {
                            wire_name: name.clone(),
                            rust_name,
                            ty: TypeRef::String,
                            description,
                        });
                    }
                }
                // HTTP gives a redirect its target in `Location`, declared or not (`304 Not
                // Modified` has none).
                let location = class(status) == 3 && code != 304;
                if location && !out.headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case("location")) {
                    out.headers.push(ResponseHeader {
                        wire_name: "Location".to_owned(),
                        rust_name: header_claims.claim_name(&field_name("Location")),
                        ty: TypeRef::String,
                        description: Some("Where the answer redirects to.".to_owned()),
                    });
                }
                out.success.push(Response {
                    status: code,
                    range,
                    ty,
                    description: Some(resolved.description.clone()),
                    media_types: if has_body { resolved.content.keys().cloned().collect() } else { Vec::new() },
                });
            } else {
                let hint = Hint::Exact(format!("{type_base}Error"));
                let resolved = self.resolve_response(response, &response_pointer);
                let ty = self.response_body(resolved, &hint, &response_pointer, false)?;
                let status = if range { StatusPattern::Range(code / 100) } else { StatusPattern::Code(code) };
                let media_types = resolved.content.keys().cloned().collect();
                let has_schema = resolved.content.values().any(|m| m.schema.is_some());
                out.errors.push(ErrorResponse { status, ty, media_types, has_schema });
            }
        }
        if let Some(default) = &op.responses.default {
            let default_pointer = responses_pointer.child("default");
            let hint = Hint::Exact(format!("{type_base}Error"));
            let resolved = self.resolve_response(default, &default_pointer);
            let ty = self.response_body(resolved, &hint, &default_pointer, false)?;
            let media_types = resolved.content.keys().cloned().collect();
            let has_schema = resolved.content.values().any(|m| m.schema.is_some());
            out.errors.push(ErrorResponse { status: StatusPattern::Default, ty, media_types, has_schema });
        }
        Ok(out)
    }

    /// What the method returns: the one body type, an enum over statuses whose bodies
    /// differ, and the response headers beside either in a struct.
    pub(super) fn output(&mut self, type_base: &str, responses: &Responses) -> Output {
        let bodies: BTreeSet<&Option<TypeRef>> = responses.success.iter().map(|r| &r.ty).collect();
        if bodies.len() <= 1 {
            let body = bodies.into_iter().next().cloned().flatten();
            if responses.headers.is_empty() {
                return Output::Body(body);
            }
            let name = self.claims.claim(&type_name(&format!("{type_base}Output")));
            return Output::WithHeaders { name, body, headers: responses.headers.clone() };
        }
        let name = self.claims.claim(&type_name(&format!("{type_base}Response")));
        let variants = responses
            .success
            .iter()
            .map(|r| (status_variant(r.status, r.range), r.status, r.range, r.ty.clone()))
            .collect();
        let headers = (!responses.headers.is_empty())
            .then(|| (self.claims.claim(&type_name(&format!("{type_base}Output"))), responses.headers.clone()));
        Output::Statuses { name, variants, headers }
    }

    /// The type of a response's JSON body, `None` when it has none.
    fn response_body(
        &mut self,
        response: &'a openapiv3::Response,
        hint: &Hint,
        pointer: &Pointer,
        success: bool,
    ) -> Result<Option<TypeRef>> {
        if response.content.is_empty() {
            return Ok(None);
        }
        let Some((media_type, media)) = json_media(&response.content) else {
            if !success {
                return Ok(None); // kept raw in the error; there is no type to decode into
            }
            return Ok(Some(self.raw_body(response)));
        };
        let schema_pointer = pointer.child("content").child(media_type).child("schema");
        match &media.schema {
            Some(schema) => self.type_ref(schema.into(), hint, &schema_pointer).map(Some),
            None => Ok(Some(TypeRef::Json)),
        }
    }

    /// The type of a success body that is not JSON: text for `text/*` (server-sent events
    /// only: the whole stream, once it ends; `<method>_events` reads it as it comes), bytes for
    /// anything else.
    fn raw_body(&self, response: &openapiv3::Response) -> TypeRef {
        let text = response.content.keys().any(|t| media::essence(t).starts_with("text/"));
        if text { TypeRef::Text } else { TypeRef::Bytes }
    }

    /// The type of the events of a response that offers `text/event-stream`: its schema's
    /// (any JSON when it has none).
    fn event_type(
        &mut self,
        response: &'a openapiv3::Response,
        hint: &Hint,
        pointer: &Pointer,
    ) -> Result<Option<TypeRef>> {
        let Some((media_type, media)) = response.content.iter().find(|(t, _)| media::essence(t) == "text/event-stream")
        else {
            return Ok(None);
        };
        let schema_pointer = pointer.child("content").child(media_type).child("schema");
        match &media.schema {
            Some(schema) => self.type_ref(schema.into(), hint, &schema_pointer).map(Some),
            None => Ok(Some(TypeRef::Json)),
        }
    }

    fn has_content(&self, response: &ReferenceOr<openapiv3::Response>) -> bool {
        let section = self.spec.doc.components.as_ref().map(|c| &c.responses);
        self.resolve(response, "responses", section).is_ok_and(|(r, _)| !r.content.is_empty())
    }

    /// The response `response` is, or names; one that cannot be followed answers any JSON
    /// value, with a warning.
    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &Pointer,
    ) -> &'a openapiv3::Response {
        let spec = self.spec;
        let section = spec.doc.components.as_ref().map(|c| &c.responses);
        let instead = "its body is typed as any JSON value";
        match self.resolve_or_warn(response, pointer, "responses", section, instead) {
            Some((response, _)) => response,
            None => {
                self.loose(pointer, "a response that cannot be followed answers any JSON value");
                &ANY_RESPONSE
            }
        }
    }
}

/// A response of any JSON value.
static ANY_RESPONSE: std::sync::LazyLock<openapiv3::Response> = std::sync::LazyLock::new(|| openapiv3::Response {
    content: [("application/json".to_owned(), MediaType::default())].into_iter().collect(),
    ..Default::default()
});

/// The class of a status: 2 for `200` and `2XX`.
fn class(status: &StatusCode) -> u16 {
    match status {
        StatusCode::Code(code) => code / 100,
        StatusCode::Range(range) => *range,
    }
}

/// Whether an operation answers with a redirect rather than following one: it declares a
/// 3XX answer and no 2XX. Its redirects are then its successes, returned with their
/// `Location`, not followed (an attachment's signed URL, an OAuth authorization URL). Beside
/// a 2XX answer, a redirect leads to that answer and is followed, as HTTP clients do.
fn answers_redirects<'s>(mut statuses: impl Iterator<Item = &'s StatusCode> + Clone) -> bool {
    statuses.clone().any(|s| class(s) == 3) && !statuses.any(|s| class(s) == 2)
}

/// Whether HTTP forbids a body in an answer of `status` (`204 No Content`, `205 Reset
/// Content`, `304 Not Modified`), whatever content the description declares for it.
fn bodiless(status: &StatusCode) -> bool {
    matches!(status, StatusCode::Code(204 | 205 | 304))
}

/// The variant name of a success status (`201` -> `Created`, `2XX` -> `Success`).
fn status_variant(code: u16, range: bool) -> String {
    let name = match (code, range) {
        (_, true) => "Success",
        (200, _) => "Ok",
        (201, _) => "Created",
        (202, _) => "Accepted",
        (203, _) => "NonAuthoritativeInformation",
        (204, _) => "NoContent",
        (205, _) => "ResetContent",
        (206, _) => "PartialContent",
        _ => return format!("Status{code}"),
    };
    name.to_owned()
}

/// Sort key for responses: numeric codes by value, a range at the start of its hundred.
fn status_order(status: &StatusCode) -> (u16, u8) {
    match status {
        StatusCode::Code(code) => (*code, 0),
        StatusCode::Range(range) => (*range * 100, 1),
    }
}

/// The JSON media type of a content map, if it has one (`application/json`, `...+json`).
pub(super) fn json_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content.iter().find(|(name, _)| media::is_json(name)).map(|(name, media)| (name.as_str(), media))
}
