//! Security requirements: which credential each operation takes. A client holds a bearer
//! token (given, or a service account's) and an API key (in the header of the first API-key
//! scheme the document uses); an API whose operations ask for different kinds tells each
//! operation which one to send, so that a server that checks `security` sees the right one.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Lowerer;
use crate::load::Spec;
use crate::model::Scheme;
use crate::pointer::Pointer;

/// The header of the first API-key scheme (`in: header`) the document's or an operation's
/// `security` uses.
pub(super) fn api_key_header(spec: &Spec) -> Option<String> {
    used(spec).find_map(|name| match scheme_of(spec, name)? {
        SecurityScheme::APIKey { location: APIKeyLocation::Header, name, .. } => Some(name.clone()),
        _ => None,
    })
}

/// The credential `requirements` (an operation's, or else the document's) ask for: none when
/// they say so (`security: []`, `[{}]`); where the API takes `both` kinds, the one every
/// alternative asks for; `None` sends whatever the client has.
pub(super) fn scheme(spec: &Spec, requirements: Option<&Vec<SecurityRequirement>>, both: bool) -> Option<Scheme> {
    let alternatives = requirements.or(spec.doc.security.as_ref())?;
    if alternatives.iter().all(|alternative| alternative.is_empty()) {
        return Some(Scheme::None);
    }
    if !both {
        return None;
    }
    let mut kinds = alternatives.iter().flat_map(|alternative| alternative.keys()).map(|name| kind(spec, name));
    let first = kinds.next()??;
    kinds.all(|k| k == Some(first)).then_some(first)
}

/// Whether the document uses both a bearer scheme and an API-key header.
pub(super) fn takes_both(spec: &Spec) -> bool {
    let mut kinds = used(spec).filter_map(|name| kind(spec, name));
    let first = kinds.next();
    first.is_some() && kinds.any(|k| Some(k) != first)
}

/// The kind of credential the scheme `name` takes: a bearer token (`http` bearer, OAuth 2,
/// OpenID Connect) or an API key in a header; `None` for what the client does not send.
fn kind(spec: &Spec, name: &str) -> Option<Scheme> {
    match scheme_of(spec, name)? {
        SecurityScheme::APIKey { location: APIKeyLocation::Header, .. } => Some(Scheme::ApiKey),
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Some(Scheme::Bearer),
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Some(Scheme::Bearer),
        _ => None,
    }
}

fn scheme_of<'s>(spec: &'s Spec, name: &str) -> Option<&'s SecurityScheme> {
    match spec.doc.components.as_ref()?.security_schemes.get(name)? {
        ReferenceOr::Item(scheme) => Some(scheme),
        ReferenceOr::Reference { .. } => None,
    }
}

/// The names of the schemes the document's and its operations' requirements use.
fn used(spec: &Spec) -> impl Iterator<Item = &String> {
    let operations = spec.doc.paths.paths.values().filter_map(|item| item.as_item()).flat_map(|item| item.iter());
    let requirements =
        spec.doc.security.iter().flatten().chain(operations.filter_map(|(_, op)| op.security.as_ref()).flatten());
    requirements.flat_map(|requirement| requirement.keys())
}

impl Lowerer<'_> {
    /// A located note for each scheme the document uses whose credential the client does not
    /// send (an API key in the query or a cookie, HTTP `basic` or `digest`): its operations
    /// are generated all the same, and that credential goes on the HTTP client.
    pub(super) fn note_unsent_schemes(&mut self) {
        let spec = self.spec;
        let mut names: Vec<&String> = used(spec).filter(|name| kind(spec, name).is_none()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let (what, remedy) = match scheme_of(spec, name) {
                Some(SecurityScheme::APIKey { location: APIKeyLocation::Query, name: key, .. }) => (
                    format!("an API key in the query parameter `{key}`"),
                    "its operations are generated, to be called with another scheme the API takes",
                ),
                Some(SecurityScheme::APIKey { location: APIKeyLocation::Cookie, name: key, .. }) => (
                    format!("an API key in the cookie `{key}`"),
                    "give `http_client` a client that sends it (a default `Cookie` header), or use another scheme the API takes",
                ),
                Some(SecurityScheme::HTTP { scheme, .. }) => (
                    format!("HTTP `{scheme}` authentication"),
                    "give `http_client` a client that sends it (a default `Authorization` header), or use another scheme the API takes",
                ),
                _ => continue,
            };
            self.loose(
                &Pointer::root().join(["components", "securitySchemes", name]),
                format_args!("the security scheme `{name}` ({what}) is not sent by the client: {remedy}"),
            );
        }
    }
}
