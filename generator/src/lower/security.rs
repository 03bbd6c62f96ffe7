//! Security requirements: which credential each operation takes. A client holds a bearer
//! token (given, or a service account's) and an API key (where one API-key scheme the
//! document uses puts it, [`api_key`]); an API whose operations ask for different kinds tells
//! each operation which one to send, so that a server that checks `security` sees the right
//! one.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Lowerer;
use crate::load::Spec;
use crate::model::{ApiKeyPlace, Scheme};
use crate::pointer::Pointer;

/// Where the client's one API key goes: the header of an API-key scheme the document's or
/// an operation's `security` uses (a header keeps it out of URLs and logs), else the query
/// parameter or cookie of the first one.
pub(super) fn api_key(spec: &Spec) -> Option<ApiKeyPlace> {
    let mut keys = used(spec).filter_map(|name| key_place(scheme_of(spec, name)?)).peekable();
    let first = keys.peek().cloned();
    keys.find(|key| matches!(key, ApiKeyPlace::Header(_))).or(first)
}

fn key_place(scheme: &SecurityScheme) -> Option<ApiKeyPlace> {
    match scheme {
        SecurityScheme::APIKey { location, name, .. } => Some(match location {
            APIKeyLocation::Header => ApiKeyPlace::Header(name.clone()),
            APIKeyLocation::Query => ApiKeyPlace::Query(name.clone()),
            APIKeyLocation::Cookie => ApiKeyPlace::Cookie(name.clone()),
        }),
        _ => None,
    }
}

/// The credential `requirements` (an operation's, or else the document's) ask for: none when
/// they say so (`security: []`, `[{}]`); where the API takes `both` kinds, the one every
/// alternative asks for; `None` sends whatever the client has.
pub(super) fn scheme(
    spec: &Spec,
    key: Option<&ApiKeyPlace>,
    requirements: Option<&Vec<SecurityRequirement>>,
    both: bool,
) -> Option<Scheme> {
    let alternatives = requirements.or(spec.doc.security.as_ref())?;
    if alternatives.iter().all(|alternative| alternative.is_empty()) {
        return Some(Scheme::None);
    }
    if !both {
        return None;
    }
    let mut kinds = alternatives.iter().flat_map(|alternative| alternative.keys()).map(|name| kind(spec, key, name));
    let first = kinds.next()??;
    kinds.all(|k| k == Some(first)).then_some(first)
}

/// Whether the document uses both a bearer scheme and the client's API key.
pub(super) fn takes_both(spec: &Spec, key: Option<&ApiKeyPlace>) -> bool {
    let mut kinds = used(spec).filter_map(|name| kind(spec, key, name));
    let first = kinds.next();
    first.is_some() && kinds.any(|k| Some(k) != first)
}

/// The kind of credential the scheme `name` takes: a bearer token (`http` bearer, OAuth 2,
/// OpenID Connect) or the API key (of the first API-key scheme, [`api_key`]); `None` for what
/// the client does not send.
fn kind(spec: &Spec, key: Option<&ApiKeyPlace>, name: &str) -> Option<Scheme> {
    match scheme_of(spec, name)? {
        scheme @ SecurityScheme::APIKey { .. } => (key_place(scheme).as_ref() == key).then_some(Scheme::ApiKey),
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
    /// send (HTTP `basic` or `digest`, a second API key): its operations are generated all the
    /// same, and the note says how to call them.
    pub(super) fn note_unsent_schemes(&mut self) {
        let spec = self.spec;
        let key = self.api_key.as_ref();
        let mut names: Vec<&String> = used(spec).filter(|name| kind(spec, key, name).is_none()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let (what, remedy) = match scheme_of(spec, name) {
                Some(SecurityScheme::APIKey { name: key, .. }) => (
                    format!("a second API key, `{key}`"),
                    "the client holds one key, sent where another API-key scheme says; call its operations with another scheme the API takes",
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
