//! Typed mocks, for the tests of code that uses a generated client (cargo feature `mock`).
//!
//! A [`MockServer`] is a local [wiremock](https://docs.rs/wiremock) server that knows the
//! operations of one API version. The generated `mock` module of each API wraps it with one
//! method per operation that starts a typed [`Expectation`]: it matches on the decoded
//! request (path parameters, the `<Operation>Params` struct, the request body) and answers
//! with a typed success value, a typed error, or a fault.
//!
//! Every request is checked against its operation: method, path, the API-version header, the
//! credentials the mock's client was given ([`MOCK_TOKEN`]) when the spec requires them, and
//! a body that decodes into the request type. A request that
//! fails a check, or that no expectation takes, fails the test when the server is dropped,
//! with a message naming the operation; so does an expectation that was not met (wiremock's
//! own verification, each mock named after its operation).

mod cases;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::marker::PhantomData;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
pub use wiremock;
use wiremock::{Mock, Respond, ResponseTemplate};

use super::builder::ClientBuilder;
use super::request::{Operation, PathStyle, QueryStyle};
use super::retry::RetryPolicy;
use super::{ApiClient, ApiKeyIn};
pub use cases::{Args, Case, Wire, WireBody, assert_api_error, assert_round_trips, assert_same_json, json_differs};

/// The credentials mock clients send, as an access token or an API key, and the only ones
/// the mock accepts. A client configured by hand for a mock server must use them.
pub const MOCK_TOKEN: &str = "mock-token";

/// What a generated mock module tells the runtime about its API.
#[derive(Debug)]
pub struct MockApi {
    /// The API's title and version, for messages.
    pub name: &'static str,
    /// The API-version header every request must carry, with its value.
    pub version_header: Option<(&'static str, &'static str)>,
    /// Every operation (compiled in).
    pub operations: &'static [&'static MockOperation],
}

/// What the mock checks of every request to one operation.
#[derive(Debug)]
pub struct MockOperation {
    /// The operation's method and path.
    pub operation: &'static Operation,
    /// The credential its requests must carry, when the spec requires one.
    pub auth: Option<Credential>,
    /// Checks that a request decodes into the operation's [`Call`].
    pub check: Decoder,
}

/// The credential a request must carry: the bearer token, or the API key where the spec puts
/// it, each the one the mock's client was given ([`MOCK_TOKEN`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The API key.
    Key(ApiKeyIn),
}

impl Credential {
    /// The query parameter that carries it, which the spec's description of the request
    /// leaves out.
    fn query(self) -> Option<&'static str> {
        match self {
            Self::Key(ApiKeyIn::Query(name)) => Some(name),
            _ => None,
        }
    }
}

/// Checks that a request decodes into its operation's [`Call`].
pub type Decoder = fn(&Incoming<'_>) -> Result<(), String>;

/// A request as an operation's typed parts: path parameters, the `<Operation>Params` struct
/// (query and headers), the body. Generated for each operation.
pub trait Call: Sized + Send + Sync + 'static {
    /// Decodes a request that was sent to the operation.
    fn decode(request: &Incoming<'_>) -> Result<Self, String>;

    /// A [`Decoder`] for this call.
    fn check(request: &Incoming<'_>) -> Result<(), String> {
        Self::decode(request).map(drop)
    }
}

/// A received request, as generated decoders read it.
#[derive(Debug)]
pub struct Incoming<'r> {
    request: &'r wiremock::Request,
    path: HashMap<&'static str, String>,
}

impl Incoming<'_> {
    /// The path parameter `name`, parsed.
    pub fn path<T: FromStr>(&self, name: &str) -> Result<T, String> {
        self.path_styled(name, PathStyle::Simple)
    }

    /// The path parameter `name`, one value written in `style` (`.5`, `;id=5`), parsed.
    pub fn path_styled<T: FromStr>(&self, name: &str, style: PathStyle) -> Result<T, String> {
        let raw = self.path_raw(name, style)?;
        parse(&decoded(raw, name)?, "path parameter", name)
    }

    /// The path parameter `name`, a list written in `style` and `explode`d or not, parsed.
    pub fn path_list<T: FromStr>(&self, name: &str, style: PathStyle, explode: bool) -> Result<Vec<T>, String> {
        let raw = self.path_raw(name, style)?;
        let items: Vec<&str> = match (style, explode) {
            _ if raw.is_empty() => Vec::new(),
            (PathStyle::Label, true) => raw.split('.').collect(),
            (PathStyle::Matrix, true) => {
                let prefix = format!(";{name}=");
                raw.split(&prefix).collect()
            }
            _ => raw.split(',').collect(),
        };
        items.into_iter().map(|item| parse(&decoded(item, name)?, "path parameter", name)).collect()
    }

    /// The text of the path parameter `name` after the prefix of its `style` (`.`, `;name=`;
    /// for an exploded matrix list, after the first), still percent-encoded.
    fn path_raw(&self, name: &str, style: PathStyle) -> Result<&str, String> {
        let raw = self.path.get(name).ok_or_else(|| format!("no path parameter `{name}`"))?;
        let rest = match style {
            PathStyle::Simple => Some(raw.as_str()),
            PathStyle::Label => raw.strip_prefix('.'),
            PathStyle::Matrix => {
                let rest = raw.strip_prefix(';').and_then(|r| r.strip_prefix(name));
                rest.and_then(|r| if r.is_empty() { Some(r) } else { r.strip_prefix('=') })
            }
        };
        rest.ok_or_else(|| format!("path parameter `{name}` = `{raw}` is not in its style ({style:?})"))
    }

    /// The first value of the query parameter `name`, parsed; `None` when absent.
    pub fn query<T: FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        let value = self.request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
        value.map(|v| parse(&v, "query parameter", name)).transpose()
    }

    /// A query parameter the operation requires.
    pub fn query_required<T: FromStr>(&self, name: &str) -> Result<T, String> {
        self.query(name)?.ok_or_else(|| format!("the required query parameter `{name}` is missing"))
    }

    /// A list in the query: every `name=value` pair when `explode`, else one pair with the
    /// items separated by commas; `None` when absent.
    pub fn query_list<T: FromStr>(&self, name: &str, explode: bool) -> Result<Option<Vec<T>>, String> {
        if !explode {
            return self.query_delimited(name, ',');
        }
        let values: Vec<String> =
            self.request.url.query_pairs().filter(|(k, _)| k == name).map(|(_, v)| v.into_owned()).collect();
        if values.is_empty() {
            return Ok(None);
        }
        values.iter().map(|v| parse(v, "query parameter", name)).collect::<Result<_, _>>().map(Some)
    }

    /// A required list in the query.
    pub fn query_list_required<T: FromStr>(&self, name: &str, explode: bool) -> Result<Vec<T>, String> {
        self.query_list(name, explode)?.ok_or_else(|| format!("the required query parameter `{name}` is missing"))
    }

    /// A list in the query as one pair, its items joined by `delimiter` (a comma, a space or
    /// `|`); `None` when absent.
    pub fn query_delimited<T: FromStr>(&self, name: &str, delimiter: char) -> Result<Option<Vec<T>>, String> {
        let Some(value) = self.request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()) else {
            return Ok(None);
        };
        value.split(delimiter).map(|v| parse(v, "query parameter", name)).collect::<Result<_, _>>().map(Some)
    }

    /// A required list in the query, its items joined by `delimiter`.
    pub fn query_delimited_required<T: FromStr>(&self, name: &str, delimiter: char) -> Result<Vec<T>, String> {
        self.query_delimited(name, delimiter)?
            .ok_or_else(|| format!("the required query parameter `{name}` is missing"))
    }

    /// An object in the query, written as `style` says, with these `properties` (`lists`
    /// among them are lists); `None` when none of them is there.
    pub fn query_object<T: DeserializeOwned>(
        &self,
        name: &str,
        style: QueryStyle,
        (properties, lists): (&[&str], &[&str]),
    ) -> Result<Option<T>, String> {
        let query = self.request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned()));
        let pairs: Vec<(String, String)> = match style {
            QueryStyle::FormExploded => query.filter(|(k, _)| properties.contains(&k.as_str())).collect(),
            QueryStyle::DeepObject => {
                // `name[a][b]=v`: the property `a`, an object whose `b` is `v`.
                let mut nested: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
                let mut flat = Vec::new();
                for (k, v) in query {
                    let Some(keys) = k.strip_prefix(name).and_then(|k| k.strip_prefix('[')?.strip_suffix(']')) else {
                        continue;
                    };
                    match keys.split_once("][") {
                        None => flat.push((keys.to_owned(), v)),
                        Some((key, rest)) => insert_nested(&mut nested, key, rest, v),
                    }
                }
                let mut pairs = flat;
                pairs.extend(nested.into_iter().map(|(k, v)| (k, v.to_string())));
                pairs
            }
            QueryStyle::Form | QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                let Some((_, joined)) = query.into_iter().find(|(k, _)| k == name) else { return Ok(None) };
                let parts: Vec<&str> = joined.split(style.delimiter().unwrap_or(",")).collect();
                parts.chunks(2).map(|kv| (kv[0].to_owned(), kv.get(1).copied().unwrap_or("").to_owned())).collect()
            }
        };
        if pairs.is_empty() {
            return Ok(None);
        }
        from_text_pairs(pairs, lists).map(Some).map_err(|e| format!("query parameter `{name}` does not decode: {e}"))
    }

    /// An object the operation requires in the query. One written a property at a time
    /// leaves nothing in the query when it has no properties, so no pair reads as the empty
    /// object when that decodes; otherwise it is missing.
    pub fn query_object_required<T: DeserializeOwned>(
        &self,
        name: &str,
        style: QueryStyle,
        properties: (&[&str], &[&str]),
    ) -> Result<T, String> {
        match self.query_object(name, style, properties)? {
            Some(value) => Ok(value),
            None => crate::de::from_value(&serde_json::Value::Object(serde_json::Map::new()))
                .map_err(|_| format!("the required query parameter `{name}` is missing")),
        }
    }

    /// The cookie `name`, parsed; `None` when absent.
    pub fn cookie<T: FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        let cookies = self.request.headers.get_all("cookie").iter().filter_map(|v| v.to_str().ok());
        let value = cookies.flat_map(|c| c.split(';')).find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.to_owned())
        });
        value.map(|v| parse(&v, "cookie", name)).transpose()
    }

    /// A cookie the operation requires.
    pub fn cookie_required<T: FromStr>(&self, name: &str) -> Result<T, String> {
        self.cookie(name)?.ok_or_else(|| format!("the required cookie `{name}` is missing"))
    }

    /// The request header `name`, parsed; `None` when absent.
    pub fn header<T: FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        let Some(value) = self.request.headers.get(name) else { return Ok(None) };
        let text = value.to_str().map_err(|_| format!("header `{name}` is not text"))?;
        parse(text, "header", name).map(Some)
    }

    /// A header the operation requires.
    pub fn header_required<T: FromStr>(&self, name: &str) -> Result<T, String> {
        self.header(name)?.ok_or_else(|| format!("the required header `{name}` is missing"))
    }

    /// A header holding a list, its items separated by commas.
    pub fn header_list<T: FromStr>(&self, name: &str) -> Result<Option<Vec<T>>, String> {
        let Some(text) = self.header::<String>(name)? else { return Ok(None) };
        text.split(',').map(|v| parse(v, "header", name)).collect::<Result<_, _>>().map(Some)
    }

    /// A required header holding a list.
    pub fn header_list_required<T: FromStr>(&self, name: &str) -> Result<Vec<T>, String> {
        self.header_list(name)?.ok_or_else(|| format!("the required header `{name}` is missing"))
    }

    /// The JSON body, decoded.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        crate::de::from_slice(&self.request.body)
            .map_err(|e| format!("the body does not decode at `{}`: {}", e.path, e.error))
    }

    /// Checks that a body, when the request has one, is sent as `media_type`: the
    /// `Content-Type` header's type, its parameters aside. A wildcard (`image/*`) takes any.
    pub fn sent_as(&self, media_type: &str) -> Result<(), String> {
        let essence = |value: &str| value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if self.request.body.is_empty() || media_type.contains('*') {
            return Ok(());
        }
        let sent = self.request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        if essence(sent) == essence(media_type) {
            Ok(())
        } else {
            Err(format!("the body is sent as `{sent}`, not `{media_type}`"))
        }
    }

    /// An optional JSON body: `None` when the request has none.
    pub fn json_optional<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.request.body.is_empty() { Ok(None) } else { self.json().map(Some) }
    }

    /// An `application/x-www-form-urlencoded` body, decoded; the fields named in `lists` are
    /// lists. Form values are text, so each is read as a string, and as a number or boolean
    /// where the type asks for one.
    pub fn form<T: DeserializeOwned>(&self, lists: &[&str]) -> Result<T, String> {
        let pairs = form_urlencoded::parse(&self.request.body).map(|(k, v)| (k.into_owned(), v.into_owned()));
        from_text_pairs(pairs, lists).map_err(|e| format!("the form does not decode: {e}"))
    }

    /// An optional form body.
    pub fn form_optional<T: DeserializeOwned>(&self, lists: &[&str]) -> Result<Option<T>, String> {
        if self.request.body.is_empty() { Ok(None) } else { self.form(lists).map(Some) }
    }

    /// A body of another media type, as text.
    pub fn text(&self) -> Result<String, String> {
        String::from_utf8(self.request.body.clone()).map_err(|e| format!("the body is not UTF-8 text: {e}"))
    }

    /// An optional text body.
    pub fn text_optional(&self) -> Result<Option<String>, String> {
        if self.request.body.is_empty() { Ok(None) } else { self.text().map(Some) }
    }

    /// A text body that holds a value (`true`, `42`), parsed.
    pub fn text_as<T: FromStr>(&self) -> Result<T, String> {
        parse(&self.text()?, "the body", "text")
    }

    /// An optional text body that holds a value, parsed.
    pub fn text_as_optional<T: FromStr>(&self) -> Result<Option<T>, String> {
        if self.request.body.is_empty() { Ok(None) } else { self.text_as().map(Some) }
    }

    /// A body of another media type, as bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        Ok(self.request.body.clone())
    }

    /// An optional body of bytes.
    pub fn bytes_optional(&self) -> Result<Option<Vec<u8>>, String> {
        Ok((!self.request.body.is_empty()).then(|| self.request.body.clone()))
    }

    /// An `application/x-ndjson` body: one item per line.
    pub fn ndjson<T: DeserializeOwned>(&self) -> Result<Vec<T>, String> {
        let text = std::str::from_utf8(&self.request.body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
        text.lines()
            .filter(|line| !line.trim().is_empty())
            .enumerate()
            .map(|(i, line)| {
                crate::de::from_slice(line.as_bytes()).map_err(|e| format!("line {} does not decode: {e}", i + 1))
            })
            .collect()
    }

    /// An optional NDJSON body.
    pub fn ndjson_optional<T: DeserializeOwned>(&self) -> Result<Option<Vec<T>>, String> {
        if self.request.body.is_empty() { Ok(None) } else { self.ndjson().map(Some) }
    }

    /// A `multipart/form-data` body, as its parts.
    pub fn multipart(&self) -> Result<Multipart, String> {
        let content_type = self.request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        let boundary = content_type
            .split(';')
            .find_map(|p| p.trim().strip_prefix("boundary="))
            .map(|b| b.trim_matches('"').to_owned())
            .ok_or_else(|| format!("the content type `{content_type}` names no multipart boundary"))?;
        Multipart::parse(&self.request.body, &boundary)
    }

    /// An optional multipart body.
    pub fn multipart_optional(&self) -> Result<Option<Multipart>, String> {
        if self.request.body.is_empty() { Ok(None) } else { self.multipart().map(Some) }
    }
}

/// A `multipart/form-data` body as the mock received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multipart {
    /// The parts, in order.
    pub parts: Vec<ReceivedPart>,
}

/// One part of a received multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename`, for a file part.
    pub file_name: Option<String>,
    /// Its `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// Its contents.
    pub data: Vec<u8>,
}

impl Multipart {
    /// The first part named `name`.
    pub fn part(&self, name: &str) -> Option<&ReceivedPart> {
        self.parts.iter().find(|p| p.name == name)
    }

    fn parse(body: &[u8], boundary: &str) -> Result<Self, String> {
        let delimiter = format!("--{boundary}");
        let mut parts = Vec::new();
        for section in split(body, delimiter.as_bytes()).into_iter().skip(1) {
            if section.starts_with(b"--") {
                break; // the closing delimiter
            }
            let section = section.strip_prefix(b"\r\n").unwrap_or(section);
            let end = find(section, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
            let (head, data) = (&section[..end], &section[end + 4..]);
            let data = data.strip_suffix(b"\r\n").unwrap_or(data);
            let mut part =
                ReceivedPart { name: String::new(), file_name: None, content_type: None, data: data.to_vec() };
            for line in String::from_utf8_lossy(head).lines() {
                let Some((header, value)) = line.split_once(':') else { continue };
                match header.trim().to_ascii_lowercase().as_str() {
                    "content-disposition" => {
                        for attribute in value.split(';').map(str::trim) {
                            if let Some(name) = attribute.strip_prefix("name=") {
                                part.name = name.trim_matches('"').to_owned();
                            } else if let Some(file) = attribute.strip_prefix("filename=") {
                                part.file_name = Some(file.trim_matches('"').to_owned());
                            }
                        }
                    }
                    "content-type" => part.content_type = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
            parts.push(part);
        }
        Ok(Self { parts })
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `body` cut at every `delimiter`.
fn split<'b>(mut body: &'b [u8], delimiter: &[u8]) -> Vec<&'b [u8]> {
    let mut out = Vec::new();
    while let Some(at) = find(body, delimiter) {
        out.push(&body[..at]);
        body = &body[at + delimiter.len()..];
    }
    out.push(body);
    out
}

/// An object from text pairs (a form, an object in the query): a repeated name is a list, and
/// so is a name in `lists`. The values are text, so each is read as a string, or as a number
/// or boolean where the type asks for one.
fn from_text_pairs<T: DeserializeOwned>(
    pairs: impl IntoIterator<Item = (String, String)>,
    lists: &[&str],
) -> Result<T, crate::de::Mismatch> {
    let mut fields: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    for (key, value) in pairs {
        let value = serde_json::Value::String(value);
        match fields.get_mut(&key) {
            Some(serde_json::Value::Array(items)) => items.push(value),
            Some(first) => *first = serde_json::Value::Array(vec![first.take(), value]),
            None if lists.contains(&key.as_str()) => {
                fields.insert(key, serde_json::Value::Array(vec![value]));
            }
            None => {
                fields.insert(key, value);
            }
        }
    }
    if let Ok(value) = crate::de::from_value(&serde_json::Value::Object(fields.clone())) {
        return Ok(value);
    }
    let typed: serde_json::Map<String, serde_json::Value> = fields.into_iter().map(|(k, v)| (k, scalars(v))).collect();
    // A map whose values are lists: a list of one item is one pair, like a scalar.
    let listed: serde_json::Map<String, serde_json::Value> = (typed.iter())
        .map(|(k, v)| (k.clone(), if v.is_array() { v.clone() } else { serde_json::Value::Array(vec![v.clone()]) }))
        .collect();
    crate::de::from_value(&serde_json::Value::Object(typed))
        .or_else(|error| crate::de::from_value(&serde_json::Value::Object(listed)).map_err(|_| error))
}

/// Numbers, booleans and nested objects in a form value read as such.
fn scalars(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::String(s) => match serde_json::from_str::<serde_json::Value>(&s) {
            Ok(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => v,
            // A nested object of a `deepObject` parameter, its values read the same way.
            Ok(serde_json::Value::Object(map)) => {
                serde_json::Value::Object(map.into_iter().map(|(k, v)| (k, scalars(v))).collect())
            }
            _ => serde_json::Value::String(s),
        },
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(scalars).collect()),
        other => other,
    }
}

/// Puts `value` at the bracketed path `key][rest` of `map`, an object at each step.
fn insert_nested(map: &mut serde_json::Map<String, serde_json::Value>, key: &str, rest: &str, value: String) {
    let inner = map.entry(key.to_owned()).or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
    let serde_json::Value::Object(inner) = inner else { return };
    match rest.split_once("][") {
        None => {
            inner.insert(rest.to_owned(), serde_json::Value::String(value));
        }
        Some((key, rest)) => insert_nested(inner, key, rest, value),
    }
}

/// A parameter's text read as JSON ([`crate::AsJson`]), or, when it is not JSON, as a string:
/// the values of parameters described by `content: application/json`, and of those whose
/// schema allows any value.
#[derive(Debug, Clone, PartialEq)]
pub struct FromJson<T>(pub T);

impl<T: DeserializeOwned> FromStr for FromJson<T> {
    type Err = crate::de::Mismatch;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::de::from_slice(text.as_bytes())
            .or_else(|_| crate::de::from_value(&serde_json::Value::String(text.to_owned())))
            .map(FromJson)
    }
}

/// A path parameter's value, percent-decoded.
fn decoded(raw: &str, name: &str) -> Result<String, String> {
    match percent_encoding::percent_decode_str(raw).decode_utf8() {
        Ok(text) => Ok(text.into_owned()),
        Err(_) => Err(format!("path parameter `{name}` = `{raw}` is not UTF-8 once decoded")),
    }
}

fn parse<T: FromStr>(value: &str, what: &str, name: &str) -> Result<T, String> {
    value.parse().map_err(|_| format!("{what} `{name}` = `{value}` is not of its type"))
}

/// Path parameters of `request` if it is `operation` (same method, path that fits the
/// template), as sent: still percent-encoded, so that a style's delimiters stay apart from
/// the values.
fn route(operation: &Operation, request: &wiremock::Request) -> Option<HashMap<&'static str, String>> {
    if request.method.as_str() != operation.method.as_str() {
        return None;
    }
    let template: Vec<&'static str> = operation.path.split('/').collect();
    let actual: Vec<&str> = request.url.path().split('/').collect();
    if template.len() != actual.len() {
        return None;
    }
    let mut params = HashMap::new();
    template.into_iter().zip(actual).all(|(expected, got)| segment(expected, got, &mut params)).then_some(params)
}

/// Whether the request's path segment `got` fits the template's segment `expected` (`v1`,
/// `{id}`, `{name}:complete`, `{a},{b}`), each of its parameters taken into `params`. A
/// parameter takes the text up to the first place the literal after it stands (the rest of
/// the segment when it is the last), and at least one character.
fn segment(expected: &'static str, got: &str, params: &mut HashMap<&'static str, String>) -> bool {
    let mut rest = expected;
    let mut got = got;
    while !rest.is_empty() {
        let Some(open) = rest.strip_prefix('{') else {
            // A literal, up to the next parameter.
            let literal = &rest[..rest.find('{').unwrap_or(rest.len())];
            let Some(after) = got.strip_prefix(literal) else { return false };
            (rest, got) = (&rest[literal.len()..], after);
            continue;
        };
        let Some(close) = open.find('}') else { return false };
        let (name, after) = (&open[..close], &open[close + 1..]);
        let next = &after[..after.find('{').unwrap_or(after.len())];
        let taken = match (got.char_indices().nth(1), next.is_empty()) {
            (_, true) if after.is_empty() => got.len(),
            (_, true) => got.chars().next().map_or(0, char::len_utf8),
            (Some((from, _)), false) => match got[from..].find(next) {
                Some(at) => from + at,
                None => return false,
            },
            (None, false) => return false,
        };
        if taken == 0 {
            return false;
        }
        params.insert(name, got[..taken].to_owned());
        (rest, got) = (after, &got[taken..]);
    }
    got.is_empty()
}

/// The operations a request may be for: of those whose method and template fit, the ones
/// with the most fixed segments (OpenAPI matches `/documents/search` before
/// `/documents/{id}`), then the most fixed characters (`/{name}:complete` before `/{name}`);
/// of those, the ones the request decodes as (operations that share a path, told apart by a
/// header, the query or the media type, as AWS's and Azure's are), in the spec's order, else
/// the first. Several remain only where the spec gives one path twice under other parameter
/// names (`/{id}` and `/{conversation_id}`), which OpenAPI forbids.
fn candidates(api: &MockApi, request: &wiremock::Request) -> Vec<&'static MockOperation> {
    let fixed = |op: &MockOperation| {
        let path = op.operation.path;
        let characters = path.split('{').map(|piece| piece.len() - piece.find('}').map_or(0, |c| c + 1));
        (path.split('/').filter(|s| !s.starts_with('{')).count(), characters.sum::<usize>())
    };
    let mut fits: Vec<(&'static MockOperation, HashMap<&'static str, String>)> =
        api.operations.iter().filter_map(|op| route(op.operation, request).map(|path| (*op, path))).collect();
    fits.sort_by_key(|(op, _)| std::cmp::Reverse(fixed(op)));
    let Some(closest) = fits.first().map(|(op, _)| fixed(op)) else { return Vec::new() };
    let closest: Vec<_> = fits.into_iter().take_while(|(op, _)| fixed(op) == closest).collect();
    let decoded: Vec<&'static MockOperation> = (closest.iter())
        .filter(|(op, path)| (op.check)(&Incoming { request, path: path.clone() }).is_ok())
        .map(|(op, _)| *op)
        .collect();
    if decoded.is_empty() { closest.into_iter().take(1).map(|(op, _)| op).collect() } else { decoded }
}

/// The operation a request is for: the first of its [`candidates`].
fn operation_of(api: &MockApi, request: &wiremock::Request) -> Option<&'static MockOperation> {
    candidates(api, request).first().copied()
}

/// The checks every request to `operation` must pass, whatever the expectation.
fn checked<'r>(
    api: &MockApi,
    operation: &MockOperation,
    request: &'r wiremock::Request,
) -> Result<Incoming<'r>, String> {
    let path = route(operation.operation, request).ok_or("not this operation")?;
    if !candidates(api, request).iter().any(|op| std::ptr::eq(*op, operation)) {
        return Err("not this operation: another one's path fits it more closely".into());
    }
    if let Some((header, version)) = api.version_header {
        match request.headers.get(header).map(|v| v.to_str()) {
            Some(Ok(sent)) if sent == version => {}
            Some(_) => return Err(format!("the `{header}` header is not `{version}`")),
            None => return Err(format!("the `{header}` header is missing")),
        }
    }
    if let Some(credential) = operation.auth {
        let incoming = Incoming { request, path: HashMap::new() };
        let (sent, expected, place) = match credential {
            Credential::Bearer => {
                let sent = request.headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
                (sent, format!("Bearer {MOCK_TOKEN}"), "the `authorization` header".to_owned())
            }
            Credential::Key(ApiKeyIn::Header(name)) => {
                let sent = request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
                (sent, MOCK_TOKEN.to_owned(), format!("the `{name}` header"))
            }
            Credential::Key(ApiKeyIn::Query(name)) => {
                (incoming.query::<String>(name)?, MOCK_TOKEN.to_owned(), format!("the `{name}` query parameter"))
            }
            Credential::Key(ApiKeyIn::Cookie(name)) => {
                (incoming.cookie::<String>(name)?, MOCK_TOKEN.to_owned(), format!("the `{name}` cookie"))
            }
        };
        match sent {
            Some(sent) if sent == expected => {}
            Some(_) => {
                return Err(format!(
                    "{place} does not carry the credentials the mock handed out (`{expected}`, see `MOCK_TOKEN`)"
                ));
            }
            None => return Err(format!("{place} with credentials is missing")),
        }
    }
    Ok(Incoming { request, path })
}

/// A local server that knows one API's operations. The generated `mock` module wraps it.
pub struct MockServer {
    server: wiremock::MockServer,
    api: &'static MockApi,
    problems: Arc<Mutex<Vec<String>>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("api", &self.api.name).field("uri", &self.server.uri()).finish()
    }
}

impl MockServer {
    /// Starts a server for `api` on a free local port.
    pub async fn start(api: &'static MockApi) -> Self {
        let server = wiremock::MockServer::start().await;
        let problems = Arc::new(Mutex::new(Vec::new()));
        Mock::given(wiremock::matchers::any())
            .respond_with(Unexpected { api, problems: problems.clone() })
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        Self { server, api, problems }
    }

    /// The server's base URL.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client of type `C` for this server: a fixed access token, and retries that do not
    /// wait long (a `Retry-After` the mock sends is still honoured).
    pub fn client<C: ApiClient>(&self) -> C {
        let retry = RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(10),
            total_deadline: Some(Duration::from_secs(30)),
        };
        let builder = ClientBuilder::<C>::new().base_url(self.uri()).retry(retry).access_token(MOCK_TOKEN);
        let builder = if C::API_KEY.is_some() { builder.api_key(MOCK_TOKEN) } else { builder };
        match builder.build() {
            Ok(client) => client,
            Err(e) => panic!("a client for the mock server at {}: {e}", self.uri()),
        }
    }

    /// Starts an expectation of `operation`, whose plain success is `status` with a body of
    /// this kind. Generated code calls this; tests call the generated methods.
    pub fn expect<C: Call, T, E, V>(
        &self,
        operation: &'static MockOperation,
        status: u16,
        body: SuccessBody,
    ) -> Expectation<'_, C, T, E, V> {
        Expectation {
            server: self,
            operation,
            success: (status, body),
            predicates: Vec::new(),
            body_json: None,
            wire: None,
            reply: Reply::Success(None),
            headers: Vec::new(),
            delay: None,
            times: None,
            types: PhantomData,
        }
    }

    /// Every request the server received, in order.
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

impl Drop for MockServer {
    /// Fails the test with every request that broke its operation's rules or that no
    /// expectation took, then lets wiremock check that every expectation was met.
    fn drop(&mut self) {
        let problems = std::mem::take(&mut *self.problems.lock().unwrap_or_else(|p| p.into_inner()));
        if !problems.is_empty() && !std::thread::panicking() {
            let mut message =
                format!("the mock {} received {} unexpected request(s):\n", self.api.name, problems.len());
            for problem in problems {
                let _ = writeln!(message, "- {problem}");
            }
            panic!("{message}");
        }
    }
}

/// Answers, and records, a request no expectation took: it says which operation the request
/// was for and what is wrong with it.
struct Unexpected {
    api: &'static MockApi,
    problems: Arc<Mutex<Vec<String>>>,
}

impl Respond for Unexpected {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let shown = match request.url.query() {
            Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
            None => format!("{} {}", request.method, request.url.path()),
        };
        let known = operation_of(self.api, request);
        let problem = match known {
            None => format!("`{shown}` is no operation of {}", self.api.name),
            Some(op) => match checked(self.api, op, request).and_then(|incoming| (op.check)(&incoming)) {
                Err(why) => format!("`{}` (`{shown}`) is not a valid request: {why}", op.operation.id),
                Ok(()) => format!("`{}` (`{shown}`) matched no expectation", op.operation.id),
            },
        };
        self.problems.lock().unwrap_or_else(|p| p.into_inner()).push(problem.clone());
        ResponseTemplate::new(500).set_body_json(serde_json::json!({"error": {"code": "MOCK", "message": problem}}))
    }
}

/// What the plain success of an operation carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessBody {
    /// No body.
    None,
    /// A JSON body.
    Json,
    /// A body of this media type that is not JSON: text (a string answer) or bytes (a list
    /// of bytes).
    Raw(&'static str),
}

/// Something other than an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `503 Service Unavailable`.
    ServiceUnavailable,
    /// `429 Too Many Requests` with a `Retry-After` of this many seconds.
    RateLimited {
        /// The `Retry-After` value, in seconds.
        retry_after: u64,
    },
    /// The success status with a body that is not JSON.
    MalformedBody,
    /// The connection is reset before any answer.
    Disconnect,
}

enum Reply {
    /// The success status; the body, or none for an operation without one.
    Success(Option<serde_json::Value>),
    /// A status and a JSON body.
    Status(u16, serde_json::Value),
    /// A status and a body exactly as written.
    Raw(u16, &'static str),
    /// The success status and a stream of server-sent events, as written.
    Events(String),
    Fault(Fault),
}

type Predicate<C> = Box<dyn Fn(&C) -> bool + Send + Sync>;

/// What an expectation answers with: its success, error and event types.
type Answers<T, E, V> = fn() -> (T, E, V);

/// An expectation of one operation: which requests it takes (`C` is the operation's decoded
/// request), and the answer (`T` is its success body, `E` the API's error body, `V` its
/// server-sent events' data, for an operation that offers them).
#[must_use = "an expectation does nothing until it is mounted"]
pub struct Expectation<'s, C, T, E, V = ()> {
    server: &'s MockServer,
    operation: &'static MockOperation,
    success: (u16, SuccessBody),
    predicates: Vec<Predicate<C>>,
    body_json: Option<serde_json::Value>,
    /// The request as the spec says it must be, and the case's name.
    wire: Option<(&'static str, Wire)>,
    reply: Reply,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    times: Option<u64>,
    types: PhantomData<Answers<T, E, V>>,
}

impl<C: Call, T: Serialize, E: Serialize, V: Serialize> Expectation<'_, C, T, E, V> {
    /// Takes only requests for which `predicate` holds, on the decoded request: its path
    /// parameters, its `params` (query and headers) and its `body` (all must hold).
    pub fn when(mut self, predicate: impl Fn(&C) -> bool + Send + Sync + 'static) -> Self {
        self.predicates.push(Box::new(predicate));
        self
    }

    /// Takes only requests whose body is exactly this JSON (key order aside).
    pub fn body_json(mut self, body: serde_json::Value) -> Self {
        self.body_json = Some(body);
        self
    }

    /// Checks that the request is exactly `wire`, as the spec describes it: a request that
    /// differs is answered with a `400` that says what differs, and fails the test. `case`
    /// names it in the message.
    pub fn expect_wire(mut self, case: &'static str, wire: Wire) -> Self {
        self.wire = Some((case, wire));
        self
    }

    /// Expects the case's request exactly as written, and answers with its status and its
    /// body as written.
    pub fn case(self, case: &Case) -> Self {
        self.expect_wire(case.name, case.request).respond_raw(case.status, case.response)
    }

    /// Answers with `status` and `body` exactly as written: the success's media type for a
    /// success status, JSON (or text, when it is not JSON) for another.
    pub fn respond_raw(mut self, status: u16, body: &'static str) -> Self {
        self.reply = Reply::Raw(status, body);
        self
    }

    /// Answers with the operation's success status and `value` as its body.
    pub fn respond(mut self, value: T) -> Self {
        self.reply = match serde_json::to_value(value) {
            Ok(value) => Reply::Success(Some(value)),
            Err(e) => panic!("the mock answer of `{}` does not serialize: {e}", self.operation.operation.id),
        };
        self
    }

    /// Answers with the operation's success status and these server-sent events, one
    /// `data:` line each, then `data: [DONE]`.
    pub fn respond_events(mut self, events: impl IntoIterator<Item = V>) -> Self {
        let mut text = String::new();
        for event in events {
            match serde_json::to_string(&event) {
                Ok(data) => text.push_str(&format!("data: {data}\n\n")),
                Err(e) => panic!("the mock event of `{}` does not serialize: {e}", self.operation.operation.id),
            }
        }
        text.push_str("data: [DONE]\n\n");
        self.reply = Reply::Events(text);
        self
    }

    /// Answers with the success status and this `text/event-stream` body, exactly as written.
    pub fn respond_event_text(mut self, text: impl Into<String>) -> Self {
        self.reply = Reply::Events(text.into());
        self
    }

    /// Answers with an error status and the API's error body.
    pub fn respond_error(mut self, status: u16, body: E) -> Self {
        self.reply = match serde_json::to_value(body) {
            Ok(body) => Reply::Status(status, body),
            Err(e) => panic!("the mock error of `{}` does not serialize: {e}", self.operation.operation.id),
        };
        self
    }

    /// Answers with any status and JSON body, such as a success status the method does not
    /// type.
    pub fn respond_json(mut self, status: u16, body: serde_json::Value) -> Self {
        self.reply = Reply::Status(status, body);
        self
    }

    /// Answers with a fault instead.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.reply = Reply::Fault(fault);
        self
    }

    /// Adds a response header (an operation's declared response headers, say).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers only after `delay` (longer than the client's timeout, it is a timeout).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Takes exactly `n` requests: no more (later ones go to later expectations), and no
    /// fewer, which is checked when the server is dropped. Without it, any number.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Puts the expectation on its server. Later expectations of one operation are tried
    /// after earlier ones.
    pub async fn mount(self) {
        let template = self.template();
        let credential = self.operation.auth.and_then(Credential::query);
        let responder = Responder { template, wire: self.wire, credential, problems: self.server.problems.clone() };
        let matcher = Takes {
            api: self.server.api,
            operation: self.operation,
            predicates: self.predicates,
            body_json: self.body_json,
        };
        let id = self.operation.operation.id;
        let builder = Mock::given(matcher);
        let mut mock = match self.reply {
            Reply::Fault(Fault::Disconnect) => builder.respond_with_err(|_: &wiremock::Request| {
                std::io::Error::new(std::io::ErrorKind::ConnectionReset, "the mock drops the connection")
            }),
            _ => builder.respond_with(responder),
        }
        .named(id);
        if let Some(times) = self.times {
            mock = mock.up_to_n_times(times).expect(times);
        }
        mock.mount(&self.server.server).await;
    }

    fn template(&self) -> ResponseTemplate {
        let (status, kind) = self.success;
        let mut template = match (&self.reply, kind) {
            (Reply::Success(Some(body)), SuccessBody::Json) => ResponseTemplate::new(status).set_body_json(body),
            (Reply::Success(Some(body)), SuccessBody::Raw(media)) => {
                ResponseTemplate::new(status).set_body_raw(raw(body), media)
            }
            (Reply::Success(_), _) => ResponseTemplate::new(status),
            (Reply::Status(status, body), _) => ResponseTemplate::new(*status).set_body_json(body),
            (Reply::Raw(status, ""), _) => ResponseTemplate::new(*status),
            (Reply::Raw(status, body), SuccessBody::Raw(media)) if *status == self.success.0 => {
                ResponseTemplate::new(*status).set_body_raw(*body, media)
            }
            (Reply::Raw(status, body), _) => {
                let media = if serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok() {
                    "application/json"
                } else {
                    "text/plain"
                };
                ResponseTemplate::new(*status).set_body_raw(*body, media)
            }
            (Reply::Fault(Fault::ServiceUnavailable), _) => ResponseTemplate::new(503),
            (Reply::Fault(Fault::RateLimited { retry_after }), _) => {
                ResponseTemplate::new(429).insert_header("retry-after", retry_after.to_string().as_str())
            }
            (Reply::Fault(Fault::MalformedBody), _) => {
                ResponseTemplate::new(status).set_body_raw("{\"truncated", "application/json")
            }
            (Reply::Fault(Fault::Disconnect), _) => ResponseTemplate::new(status),
            (Reply::Events(text), _) => ResponseTemplate::new(status).set_body_raw(text.clone(), "text/event-stream"),
        };
        for (name, value) in &self.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        match self.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}

/// A raw answer as bytes: a string's text, or a list of numbers' bytes.
fn raw(value: &serde_json::Value) -> Vec<u8> {
    match value {
        serde_json::Value::String(text) => text.clone().into_bytes(),
        serde_json::Value::Array(items) => items.iter().filter_map(|b| b.as_u64()).map(|b| b as u8).collect(),
        other => other.to_string().into_bytes(),
    }
}

/// Answers a request an expectation took, after checking it against the literal request of
/// the expectation, if it has one.
struct Responder {
    template: ResponseTemplate,
    wire: Option<(&'static str, Wire)>,
    /// The query parameter of the API key, which the literal request leaves out.
    credential: Option<&'static str>,
    problems: Arc<Mutex<Vec<String>>>,
}

impl Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let Some((case, wire)) = &self.wire else { return self.template.clone() };
        let differences = wire.differences(request, self.credential);
        if differences.is_empty() {
            return self.template.clone();
        }
        let problem = format!("{case}: the request is not what the spec says: {}", differences.join("; "));
        self.problems.lock().unwrap_or_else(|p| p.into_inner()).push(problem.clone());
        // A status no client retries, so that the call fails with this message.
        ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {"code": "MOCK", "message": problem}}))
    }
}

/// Whether an expectation takes a request: its operation, the checks every request must
/// pass, then the expectation's own predicates.
struct Takes<C> {
    api: &'static MockApi,
    operation: &'static MockOperation,
    predicates: Vec<Predicate<C>>,
    body_json: Option<serde_json::Value>,
}

impl<C: Call> wiremock::Match for Takes<C> {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let Ok(incoming) = checked(self.api, self.operation, request) else { return false };
        if let Some(expected) = &self.body_json {
            if serde_json::from_slice::<serde_json::Value>(&request.body).ok().as_ref() != Some(expected) {
                return false;
            }
        }
        match C::decode(&incoming) {
            Ok(call) => self.predicates.iter().all(|p| p(&call)),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameters `segment` takes from `got` for the template segment `expected`, if it
    /// fits.
    fn fit(expected: &'static str, got: &str) -> Option<Vec<(&'static str, String)>> {
        let mut params = HashMap::new();
        let mut taken: Vec<(&'static str, String)> =
            segment(expected, got, &mut params).then(|| params.into_iter().collect())?;
        taken.sort();
        Some(taken)
    }

    #[test]
    fn a_segment_fits_its_literals_and_takes_its_parameters() {
        let taken = |pairs: &[(&'static str, &str)]| Some(pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect());
        assert_eq!(fit("v1", "v1"), Some(vec![]));
        assert_eq!(fit("v1", "v2"), None);
        assert_eq!(fit("{id}", "a,b"), taken(&[("id", "a,b")]), "a whole segment, delimiters and all");
        assert_eq!(fit("{id}", ""), None, "a path parameter is never empty");
        assert_eq!(fit("{name}:complete", "jobs-1:complete"), taken(&[("name", "jobs-1")]));
        assert_eq!(fit("{name}:complete", "jobs-1"), None);
        assert_eq!(fit("{a},{b}", "1,2"), taken(&[("a", "1"), ("b", "2")]));
        assert_eq!(fit("{a},{b}", "1"), None);
        assert_eq!(fit("{a},{b}", ",2"), None, "each parameter takes a character at least");
        assert_eq!(fit("file.{ext}", "file.tar.gz"), taken(&[("ext", "tar.gz")]));
        assert_eq!(fit("{a}.{b}", "x.y.z"), taken(&[("a", "x"), ("b", "y.z")]), "up to the literal's first place");
        assert_eq!(fit("{a}-v{b}x", "é-v2x"), taken(&[("a", "é"), ("b", "2")]));
        assert_eq!(fit("{a}-v{b}x", "é-v2xy"), None, "the template's end is the segment's");
    }
}
