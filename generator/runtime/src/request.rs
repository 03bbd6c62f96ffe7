//! What a generated method hands to the transport: the operation, the rendered path, query,
//! headers and body. Building never fails; a problem (a path parameter that cannot be
//! encoded safely, a body that cannot be serialized) is kept and reported before anything is
//! sent.

use std::borrow::Cow;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

use super::error::InvalidRequest;
use super::multipart::{MultipartBody, Part};
use super::validate::Validate;

/// HTTP methods, as the operations use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once, so that it
    /// may be retried after it may have reached the server. `POST` and `PATCH` are not.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }

    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Put => reqwest::Method::PUT,
            Self::Post => reqwest::Method::POST,
            Self::Delete => reqwest::Method::DELETE,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Head => reqwest::Method::HEAD,
            Self::Patch => reqwest::Method::PATCH,
            Self::Trace => reqwest::Method::TRACE,
        }
    }
}

/// The fixed facts of an operation, from the spec.
#[derive(Debug)]
pub struct Operation {
    /// The operationId.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template (`/admin/projects/{project_id}`).
    pub path: &'static str,
}

/// The credential an operation takes, when its API accepts more than one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthScheme {
    /// Whatever the client was given: its token and its API key.
    #[default]
    Any,
    /// The bearer token (an access token, or a service account's).
    Bearer,
    /// The API key.
    ApiKey,
    /// No credential: the operation's `security` requires none (a public endpoint, a webhook
    /// receiver), so the client's are not sent where they are not needed.
    None,
}

/// How an object in the query is written (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`, `explode: true` (the default): a pair per property, `limit=5&offset=10`.
    FormExploded,
    /// `style: form`, `explode: false`: one pair, `filter=limit,5,offset,10`.
    Form,
    /// `style: deepObject`: a pair per property, `filter[limit]=5&filter[offset]=10`.
    DeepObject,
    /// `style: spaceDelimited`, `explode: false`: one pair, `filter=limit 5 offset 10`.
    SpaceDelimited,
    /// `style: pipeDelimited`, `explode: false`: one pair, `filter=limit|5|offset|10`.
    PipeDelimited,
}

impl QueryStyle {
    /// What joins the keys and values of a style that writes one pair.
    pub(crate) fn delimiter(self) -> Option<&'static str> {
        match self {
            Self::Form => Some(","),
            Self::SpaceDelimited => Some(" "),
            Self::PipeDelimited => Some("|"),
            Self::FormExploded | Self::DeepObject => None,
        }
    }
}

/// How a path parameter is written (OpenAPI's `style`, RFC 6570's expansions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `style: simple` (the default): `5`, a list `3,4,5`.
    Simple,
    /// `style: label`: `.5`, a list `.3,4,5`, exploded `.3.4.5`.
    Label,
    /// `style: matrix`: `;id=5`, a list `;id=3,4,5`, exploded `;id=3;id=4;id=5`.
    Matrix,
}

/// A value that can go into a path, query or header parameter.
pub trait ParamValue {
    /// The value as text, before percent-encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {
        $(impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        })*
    };
}

display_param!(bool, i32, i64, f32, f64, uuid::Uuid, chrono::NaiveDate);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// A parameter whose schema allows any value: a string as it is, any other value as JSON.
impl ParamValue for serde_json::Value {
    fn to_param(&self) -> Cow<'_, str> {
        match self {
            serde_json::Value::String(text) => Cow::Borrowed(text),
            other => Cow::Owned(other.to_string()),
        }
    }
}

/// A parameter sent as its JSON text: one described by `content: application/json`, or a
/// value no parameter style defines (a list of objects).
#[derive(Debug, Clone, Copy)]
pub struct AsJson<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> ParamValue for AsJson<'_, T> {
    fn to_param(&self) -> Cow<'_, str> {
        // Generated types serialize infallibly: their maps have string keys.
        Cow::Owned(serde_json::to_string(self.0).unwrap_or_default())
    }
}

/// A property's values in the query: none for `null`, an item each for a list, else one; a
/// string as it is, any other value as JSON.
fn items(value: &serde_json::Value) -> Vec<String> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => items.iter().map(text).collect(),
        other => vec![text(other)],
    }
}

/// An object's properties in the order they were written (a `serde_json::Value` sorts
/// them), so that the query follows the schema's order. Any other value is refused.
struct InOrder(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for InOrder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = InOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<InOrder, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(InOrder(fields))
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// The `deepObject` pairs of `value` under `key` (`filter[status]`): an object's properties
/// in brackets of their own, down to its values.
fn deep_pairs(key: &str, value: &serde_json::Value, out: &mut Vec<(Cow<'static, str>, String)>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (inner, value) in fields {
                deep_pairs(&format!("{key}[{inner}]"), value, out);
            }
        }
        other => out.extend(items(other).into_iter().map(|item| (Cow::Owned(key.to_owned()), item))),
    }
}

/// Characters left as they are in a path segment: RFC 3986's unreserved set.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A body, serialized once so that retries resend the same bytes; or a stream of NDJSON
/// lines, which can be sent only once.
pub(crate) enum Body {
    Json(Bytes),
    Form(String),
    NdJson(Bytes),
    /// Taken by the first attempt.
    NdJsonStream(Option<reqwest::Body>),
    Multipart(Vec<Part>),
    /// Sent as it is, with its media type.
    Raw(Bytes, &'static str),
}

impl Body {
    /// Whether another attempt can send the body again.
    pub(crate) fn replayable(&self) -> bool {
        !matches!(self, Self::NdJsonStream(_))
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Json(bytes) | Self::NdJson(bytes) | Self::Raw(bytes, _) => write!(f, "[{} bytes]", bytes.len()),
            Self::Form(text) => write!(f, "[{} bytes]", text.len()),
            Self::NdJsonStream(_) => f.write_str("[a stream of NDJSON lines]"),
            Self::Multipart(parts) => write!(f, "[{} parts]", parts.len()),
        }
    }
}

/// A request under construction.
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<Body>,
    pub(crate) invalid: Option<InvalidRequest>,
    pub(crate) sensitive: bool,
    /// The `Accept` header, when the success body is not JSON.
    pub(crate) accept: Option<&'static str>,
    /// The `Content-Type` of a JSON body whose media type is not `application/json`.
    pub(crate) content_type: Option<&'static str>,
    /// The cookie parameters, `name=value` each.
    pub(crate) cookies: Vec<String>,
    /// The credential the operation takes.
    pub(crate) scheme: AuthScheme,
    /// A redirect (3XX) is the operation's answer, returned rather than followed.
    pub(crate) keep_redirects: bool,
}

impl Request {
    /// Starts a request for `operation`.
    pub fn new(operation: &'static Operation) -> Self {
        Self {
            operation,
            path: operation.path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            invalid: None,
            sensitive: false,
            accept: None,
            content_type: None,
            cookies: Vec::new(),
            scheme: AuthScheme::Any,
            keep_redirects: false,
        }
    }

    /// Asks for these media types instead of JSON (a success body of text or bytes).
    pub fn accept(mut self, media_types: &'static str) -> Self {
        self.accept = Some(media_types);
        self
    }

    /// Sends the JSON body as this media type (`application/merge-patch+json`).
    pub fn content_type(mut self, media_type: &'static str) -> Self {
        self.content_type = Some(media_type);
        self
    }

    /// Sends only the credential of `scheme` (none for [`AuthScheme::None`]): the operation's
    /// `security` asks for it, where the API takes more than one kind, or for none.
    pub fn auth_scheme(mut self, scheme: AuthScheme) -> Self {
        self.scheme = scheme;
        self
    }

    /// Takes a redirect (3XX) as the operation's answer instead of following it: the spec
    /// declares the redirect itself as what the operation answers (a link to a download, an
    /// OAuth authorization URL), not a success it leads to.
    pub fn keep_redirects(mut self) -> Self {
        self.keep_redirects = true;
        self
    }

    /// Marks the success body as holding secrets, so that a decode error never quotes it.
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Puts `value` into the path placeholder `{name}`, percent-encoded so that it stays one
    /// segment. Empty values and `.`/`..` (which would change the path) are rejected.
    pub fn path_param(self, name: &str, value: &dyn ParamValue) -> Self {
        let value = value.to_param();
        let encoded: Cow<'_, str> = utf8_percent_encode(&value, PATH_SEGMENT).into();
        self.fill_path(name, &encoded)
    }

    /// Puts `values` into the path placeholder `{name}` as `style` writes them, each value
    /// percent-encoded so that it stays in its segment; one value is a list of one. A result
    /// that would change the path is rejected, as [`Self::path_param`] does.
    pub fn path_list<T: ParamValue>(self, name: &str, values: &[T], style: PathStyle, explode: bool) -> Self {
        let encoded: Vec<String> =
            values.iter().map(|v| utf8_percent_encode(&v.to_param(), PATH_SEGMENT).to_string()).collect();
        let text = match style {
            PathStyle::Simple => encoded.join(","),
            PathStyle::Label if explode => encoded.iter().map(|v| format!(".{v}")).collect(),
            PathStyle::Label => format!(".{}", encoded.join(",")),
            PathStyle::Matrix if encoded.is_empty() => format!(";{name}"),
            PathStyle::Matrix if explode => encoded.iter().map(|v| format!(";{name}={v}")).collect(),
            PathStyle::Matrix => format!(";{name}={}", encoded.join(",")),
        };
        self.fill_path(name, &text)
    }

    /// Puts `text`, already encoded, into the path placeholder `{name}`; an empty segment, `.`
    /// and `..` are rejected.
    fn fill_path(mut self, name: &str, text: &str) -> Self {
        if text.is_empty() || text == "." || text == ".." {
            let shown = if text.is_empty() { "an empty value".to_owned() } else { format!("`{text}`") };
            return self
                .reject(InvalidRequest::new(name, format!("cannot be {shown}: it would change the request path")));
        }
        let placeholder = self.path.match_indices('{').map(|(i, _)| i).find(|&i| {
            let rest = &self.path[i + 1..];
            rest.starts_with(name) && rest[name.len()..].starts_with('}')
        });
        if let Some(start) = placeholder {
            self.path.replace_range(start..start + name.len() + 2, text);
        }
        self
    }

    /// Adds `name=value` to the query string.
    pub fn query(mut self, name: &'static str, value: &dyn ParamValue) -> Self {
        self.query.push((name.into(), value.to_param().into_owned()));
        self
    }

    /// Adds a list to the query string: one `name=item` pair per item when `explode`, else one
    /// pair with the items separated by commas.
    pub fn query_list<T: ParamValue>(mut self, name: &'static str, values: &[T], explode: bool) -> Self {
        if !explode {
            return self.query_delimited(name, values, ',');
        }
        self.query.extend(values.iter().map(|v| (name.into(), v.to_param().into_owned())));
        self
    }

    /// Adds a list to the query as one pair, its items joined by `delimiter`: a comma
    /// (`form`), a space (`spaceDelimited`) or `|` (`pipeDelimited`).
    pub fn query_delimited<T: ParamValue>(mut self, name: &'static str, values: &[T], delimiter: char) -> Self {
        if !values.is_empty() {
            let joined: Vec<Cow<'_, str>> = values.iter().map(ParamValue::to_param).collect();
            let mut buffer = [0; 4];
            self.query.push((name.into(), joined.join(&*delimiter.encode_utf8(&mut buffer))));
        }
        self
    }

    /// Adds an object to the query, a property at a time as `style` says; `null` properties
    /// are left out, and a property that is itself a list repeats its pair. A nested object
    /// is written in brackets in `deepObject` style (`filter[created][after]=...`, as the
    /// common query-string libraries read it), and as JSON in `form` style, which OpenAPI
    /// leaves undefined.
    pub fn query_object<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T, style: QueryStyle) -> Self {
        let text = match serde_json::to_string(value) {
            Ok(text) => text,
            Err(e) => return self.reject(InvalidRequest::new(name, format!("cannot be serialized: {e}"))),
        };
        let Ok(InOrder(fields)) = serde_json::from_str(&text) else {
            return self.reject(InvalidRequest::new(name, "must be an object to be sent in the query"));
        };
        let mut joined = Vec::new();
        for (key, value) in &fields {
            match style.delimiter() {
                None if style == QueryStyle::DeepObject => {
                    deep_pairs(&format!("{name}[{key}]"), value, &mut self.query);
                }
                None => self.query.extend(items(value).into_iter().map(|item| (key.clone().into(), item))),
                Some(delimiter) if !value.is_null() => {
                    joined.push(key.clone());
                    joined.push(items(value).join(delimiter));
                }
                Some(_) => {}
            }
        }
        if let (Some(delimiter), false) = (style.delimiter(), joined.is_empty()) {
            self.query.push((name.into(), joined.join(delimiter)));
        }
        self
    }

    /// Adds the cookie `name=value` to the `Cookie` header.
    pub fn cookie(mut self, name: &'static str, value: &dyn ParamValue) -> Self {
        let value = value.to_param();
        if value.contains([';', ',', '"', ' ']) || value.chars().any(char::is_control) {
            return self.reject(InvalidRequest::new(name, "cannot be sent in a cookie (`;`, `,`, quotes or spaces)"));
        }
        self.cookies.push(format!("{name}={value}"));
        self
    }

    /// Sets a request header.
    pub fn header(mut self, name: &'static str, value: &dyn ParamValue) -> Self {
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value.to_param())) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => return self.reject(InvalidRequest::new(name, "is not a valid HTTP header (control characters?)")),
        }
        self
    }

    /// Sets a header to a list, its items separated by commas.
    pub fn header_list<T: ParamValue>(self, name: &'static str, values: &[T]) -> Self {
        let joined: Vec<Cow<'_, str>> = values.iter().map(ParamValue::to_param).collect();
        self.header(name, &joined.join(","))
    }

    /// Checks parameters against the spec's constraints; a failure is reported instead of
    /// sending.
    pub fn check<T: Validate + ?Sized>(self, params: &T) -> Self {
        match params.validate() {
            Ok(()) => self,
            Err(e) => self.reject(e),
        }
    }

    /// Sends `body` as JSON, after checking it against the spec's constraints.
    pub fn json<T: Serialize + Validate + ?Sized>(mut self, body: &T) -> Self {
        if let Err(e) = body.validate() {
            return self.reject(e);
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Body::Json(bytes.into())),
            Err(e) => return self.reject(InvalidRequest::new("body", format!("cannot be serialized: {e}"))),
        }
        self
    }

    /// Sets the boolean `property` of the JSON body to `true` (`"stream": true`, how
    /// Pinecone's and OpenAI's APIs are asked for events).
    pub fn flag(mut self, property: &'static str) -> Self {
        if let Some(Body::Json(bytes)) = &self.body {
            if let Ok(serde_json::Value::Object(mut fields)) = serde_json::from_slice::<serde_json::Value>(bytes) {
                fields.insert(property.to_owned(), serde_json::Value::Bool(true));
                match serde_json::to_vec(&fields) {
                    Ok(bytes) => self.body = Some(Body::Json(bytes.into())),
                    Err(e) => return self.reject(InvalidRequest::new("body", format!("cannot be serialized: {e}"))),
                }
            }
        }
        self
    }

    /// Sends `body` as `application/x-www-form-urlencoded`, after checking it against the
    /// spec's constraints. The body must be an object; a nested object in it goes as its
    /// JSON text.
    pub fn form<T: Serialize + Validate + ?Sized>(mut self, body: &T) -> Self {
        if let Err(e) = body.validate() {
            return self.reject(e);
        }
        match form_encode(body) {
            Ok(text) => self.body = Some(Body::Form(text)),
            Err(e) => return self.reject(e),
        }
        self
    }

    /// Sends `items` as `application/x-ndjson`, one JSON line each, after checking each
    /// against the spec's constraints.
    pub fn ndjson<T: Serialize + Validate>(mut self, items: &[T]) -> Self {
        if let Err(e) = items.validate() {
            return self.reject(e);
        }
        let mut lines = Vec::new();
        for item in items {
            if let Err(e) = serde_json::to_writer(&mut lines, item) {
                return self.reject(InvalidRequest::new("body", format!("cannot be serialized: {e}")));
            }
            lines.push(b'\n');
        }
        self.body = Some(Body::NdJson(lines.into()));
        self
    }

    /// Sends the items of `items` as `application/x-ndjson` as they come, one JSON line each,
    /// never holding them all. An item that breaks the spec's constraints or cannot be
    /// serialized ends the upload with an error naming its position. Such a body can be sent
    /// only once, so the request is not retried after it may have reached the server.
    pub fn ndjson_stream<T, S>(mut self, items: S) -> Self
    where
        T: Serialize + Validate + Send + 'static,
        S: futures_core::Stream<Item = T> + Send + 'static,
    {
        use futures_util::StreamExt;
        let lines = items.enumerate().map(|(i, item)| {
            let invalid = |message: String| std::io::Error::new(std::io::ErrorKind::InvalidData, message);
            item.validate().map_err(|e| invalid(format!("item {i}: {e}")))?;
            let mut line =
                serde_json::to_vec(&item).map_err(|e| invalid(format!("item {i} cannot be serialized: {e}")))?;
            line.push(b'\n');
            Ok::<_, std::io::Error>(Bytes::from(line))
        });
        self.body = Some(Body::NdJsonStream(Some(reqwest::Body::wrap_stream(lines))));
        self
    }

    /// Sends `body` as `multipart/form-data`, after checking it against the spec's
    /// constraints: a part per property that is set.
    pub fn multipart<T: MultipartBody + Validate + ?Sized>(mut self, body: &T) -> Self {
        if let Err(e) = body.validate() {
            return self.reject(e);
        }
        self.body = Some(Body::Multipart(body.parts()));
        self
    }

    /// Sends `body` as it is, as `media_type` (text, an image, a file's bytes).
    pub fn raw(mut self, body: impl Into<Bytes>, media_type: &'static str) -> Self {
        self.body = Some(Body::Raw(body.into(), media_type));
        self
    }

    /// Whether the request can be sent again after an attempt.
    pub(crate) fn replayable(&self) -> bool {
        self.body.as_ref().is_none_or(Body::replayable)
    }

    /// Keeps the first problem; it is reported instead of sending.
    fn reject(mut self, problem: InvalidRequest) -> Self {
        self.invalid.get_or_insert(problem);
        self
    }
}

/// Encodes a serializable object as form fields: a list as one pair per item, a number in its
/// shortest form (`1`, as a query parameter is written), and a nested object (or a list in a
/// list) as its JSON text, the `application/json` OpenAPI's encoding gives an object property
/// by default.
fn form_encode<T: Serialize + ?Sized>(body: &T) -> Result<String, InvalidRequest> {
    use serde_json::Value;
    let value =
        serde_json::to_value(body).map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(InvalidRequest::new("body", "must be an object to be sent as a form"));
    };
    // Fields in name order, whatever order serde_json keeps maps in, so the bytes sent never
    // depend on which crates enabled its `preserve_order` feature.
    let mut fields: Vec<(&String, &Value)> = fields.iter().collect();
    fields.sort_by_key(|(name, _)| *name);
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        let items = match value {
            Value::Array(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        };
        for item in items {
            match item {
                Value::Null => {}
                Value::String(s) => {
                    out.append_pair(name, s);
                }
                Value::Number(n) => {
                    out.append_pair(
                        name,
                        &n.as_f64().filter(|_| n.is_f64()).map_or_else(|| n.to_string(), |f| f.to_string()),
                    );
                }
                Value::Bool(_) | Value::Array(_) | Value::Object(_) => {
                    out.append_pair(name, &item.to_string());
                }
            }
        }
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation { id: "fetch", method: Method::Get, path: "/things/{id}/parts/{part}" };

    #[test]
    fn path_params_stay_one_segment() {
        let r = Request::new(&OP).path_param("id", &"a/b?c#d e%").path_param("part", &"x.y~z");
        assert_eq!(r.path, "/things/a%2Fb%3Fc%23d%20e%25/parts/x.y~z");
        assert!(r.invalid.is_none());
    }

    #[test]
    fn dot_segments_and_empty_values_are_rejected() {
        for bad in ["..", ".", ""] {
            let r = Request::new(&OP).path_param("id", &bad);
            let e = r.invalid.expect("rejected");
            assert_eq!(e.field, "id");
        }
    }

    #[test]
    fn lists_explode_or_join() {
        let r = Request::new(&OP).query_list("tag", &["a", "b"], true).query_list("ids", &[1i64, 2], false);
        let query: Vec<(&str, &str)> = r.query.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
        assert_eq!(query, [("tag", "a"), ("tag", "b"), ("ids", "1,2")]);
    }

    /// The examples of OpenAPI's style table (`color` = `blue`, or `blue`, `black`, `brown`),
    /// with RFC 6570's `.blue,black,brown` for a `label` list that is not exploded.
    #[test]
    fn path_styles_write_rfc_6570_expansions() {
        static COLOR: Operation = Operation { id: "paint", method: Method::Get, path: "/paint/{color}" };
        let list = ["blue", "black", "brown"];
        let path = |values: &[&str], style, explode| {
            let r = Request::new(&COLOR).path_list("color", values, style, explode);
            r.invalid.map_or(r.path, |e| format!("rejected: {}", e.field))
        };
        assert_eq!(path(&["blue"], PathStyle::Simple, false), "/paint/blue");
        assert_eq!(path(&list, PathStyle::Simple, false), "/paint/blue,black,brown");
        assert_eq!(path(&list, PathStyle::Simple, true), "/paint/blue,black,brown");
        assert_eq!(path(&["blue"], PathStyle::Label, false), "/paint/.blue");
        assert_eq!(path(&list, PathStyle::Label, false), "/paint/.blue,black,brown");
        assert_eq!(path(&list, PathStyle::Label, true), "/paint/.blue.black.brown");
        assert_eq!(path(&["blue"], PathStyle::Matrix, false), "/paint/;color=blue");
        assert_eq!(path(&list, PathStyle::Matrix, false), "/paint/;color=blue,black,brown");
        assert_eq!(path(&list, PathStyle::Matrix, true), "/paint/;color=blue;color=black;color=brown");
        assert_eq!(path(&[], PathStyle::Matrix, true), "/paint/;color");
        // Delimiters inside a value are encoded; what would change the path is refused.
        assert_eq!(path(&["a,b", "c;d"], PathStyle::Matrix, false), "/paint/;color=a%2Cb,c%3Bd");
        assert_eq!(path(&[], PathStyle::Label, false), "rejected: color");
        assert_eq!(path(&[], PathStyle::Simple, false), "rejected: color");
    }

    #[test]
    fn delimited_lists_are_one_pair() {
        let r = Request::new(&OP).query_delimited("ids", &[3, 4, 5], ' ').query_delimited("tags", &["a", "b"], '|');
        let r = r.query_delimited::<&str>("none", &[], '|');
        let query: Vec<(&str, &str)> = r.query.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
        assert_eq!(query, [("ids", "3 4 5"), ("tags", "a|b")]);
    }

    #[test]
    fn objects_in_the_query_follow_their_style() {
        let filter = serde_json::json!({"limit": 5, "tags": ["a", "b"], "gone": null});
        let pairs = |style| {
            let r = Request::new(&OP).query_object("filter", &filter, style);
            r.query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
        };
        assert_eq!(pairs(QueryStyle::FormExploded), "limit=5&tags=a&tags=b");
        assert_eq!(pairs(QueryStyle::Form), "filter=limit,5,tags,a,b");
        assert_eq!(pairs(QueryStyle::DeepObject), "filter[limit]=5&filter[tags]=a&filter[tags]=b");
        assert_eq!(pairs(QueryStyle::SpaceDelimited), "filter=limit 5 tags a b");
        assert_eq!(pairs(QueryStyle::PipeDelimited), "filter=limit|5|tags|a|b");
    }

    /// A struct's properties go in its own order, not sorted as a `serde_json::Value` keeps
    /// them; a value that is not an object is refused.
    #[test]
    fn objects_in_the_query_keep_their_properties_order() {
        #[derive(serde::Serialize)]
        struct Filter {
            zone: &'static str,
            after: i64,
        }
        let filter = Filter { zone: "eu", after: 3 };
        for (style, want) in [
            (QueryStyle::FormExploded, "zone=eu&after=3"),
            (QueryStyle::Form, "filter=zone,eu,after,3"),
            (QueryStyle::DeepObject, "filter[zone]=eu&filter[after]=3"),
        ] {
            let r = Request::new(&OP).query_object("filter", &filter, style);
            assert_eq!(r.query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"), want);
        }
        let r = Request::new(&OP).query_object("filter", &[1, 2], QueryStyle::Form);
        assert_eq!(r.invalid.expect("refused").field, "filter");
    }

    #[test]
    fn forms_encode_scalars_lists_and_nested_objects_as_json() {
        let body = serde_json::json!({"grant_type": "client_credentials", "n": 3, "skip": null, "a": ["x y", "z"]});
        assert_eq!(form_encode(&body).unwrap(), "a=x+y&a=z&grant_type=client_credentials&n=3");
        // Twilio's `Channel`: an object property is its JSON text; a number its shortest form.
        let nested = serde_json::json!({"Channel": {"type": "sms"}, "Pages": [{"n": 1}], "f": 1.0, "g": 0.5});
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(form_encode(&nested).unwrap().as_bytes()).into_owned().collect();
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(
            pairs,
            [pair("Channel", r#"{"type":"sms"}"#), pair("Pages", r#"{"n":1}"#), pair("f", "1"), pair("g", "0.5")]
        );
        assert!(form_encode(&serde_json::json!([1])).is_err(), "a body that is no object");
    }

    #[test]
    fn date_times_are_rfc3339() {
        let t = chrono::DateTime::parse_from_rfc3339("2025-04-01T10:00:00+02:00").unwrap().to_utc();
        assert_eq!(t.to_param(), "2025-04-01T08:00:00Z");
    }
}
