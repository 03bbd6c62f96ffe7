//! What the generated per-operation tests judge a client by: the spec's facts written out as
//! literal data, independent of the client's code. A [`Case`] holds the arguments of a call,
//! the request it must send ([`Wire`]: method, path, query, headers and body as the spec
//! says) and the answer to serve as it is. The mock compares the request it receives with
//! the literal one and says what differs; [`assert_same_json`] checks that the decoded answer
//! encodes back to the JSON it came from. A client that sends another path, header or wire
//! name, or drops a field, fails such a test, naming the operation and the case.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{Error, ErrorBody};

/// A call and its answer, as the spec describes them.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// Which operation and which values (`fetch_project, every field`), for messages.
    pub name: &'static str,
    /// The arguments, as JSON: `path` (each path parameter by name), `params` and `body`.
    pub args: &'static str,
    /// The request the call must send.
    pub request: Wire,
    /// The status to answer with.
    pub status: u16,
    /// The body to answer with, as it goes on the wire (empty for none).
    pub response: &'static str,
}

impl Case {
    /// The case's arguments, to decode one by one.
    pub fn args(&self) -> Args {
        Args::new(self.name, self.args)
    }
}

/// The arguments of a case, decoded one by one into the method's argument types.
#[derive(Debug)]
pub struct Args {
    case: &'static str,
    values: Value,
}

impl Args {
    /// The arguments `json` of the case named `case`.
    pub fn new(case: &'static str, json: &str) -> Self {
        match serde_json::from_str(json) {
            Ok(values) => Self { case, values },
            Err(e) => panic!("{case}: the arguments are not JSON ({e}): {json}"),
        }
    }

    /// The path parameter `name`, decoded as `T`.
    pub fn path<T: DeserializeOwned>(&self, name: &str) -> T {
        let value = self.values.get("path").and_then(|p| p.get(name)).cloned().unwrap_or(Value::Null);
        match crate::de::from_value(&value) {
            Ok(decoded) => decoded,
            Err(e) => panic!("{}: the path parameter `{name}` does not decode ({e}): {value}", self.case),
        }
    }

    /// The argument `name` (`params`, `body`), decoded as `T`.
    pub fn get<T: DeserializeOwned>(&self, name: &str) -> T {
        let value = self.values.get(name).cloned().unwrap_or(Value::Null);
        match crate::de::from_value(&value) {
            Ok(decoded) => decoded,
            Err(e) => panic!("{}: the argument `{name}` does not decode ({e}): {value}", self.case),
        }
    }
}

/// A request as it must reach the server.
#[derive(Debug, Clone, Copy)]
pub struct Wire {
    /// The method.
    pub method: &'static str,
    /// The path, with its values filled in and percent-encoded.
    pub path: &'static str,
    /// The query pairs, decoded (their order aside).
    pub query: &'static [(&'static str, &'static str)],
    /// Headers the request must carry with exactly these values.
    pub headers: &'static [(&'static str, &'static str)],
    /// The body.
    pub body: WireBody,
}

/// A request body as it must reach the server.
#[derive(Debug, Clone, Copy)]
pub enum WireBody {
    /// No body.
    None,
    /// This JSON (key order aside; an absent property and `null` are the same).
    Json(&'static str),
    /// These form fields (their order aside).
    Form(&'static [(&'static str, &'static str)]),
    /// These JSON lines.
    NdJson(&'static [&'static str]),
    /// These parts, as name and contents (their order aside).
    Multipart(&'static [(&'static str, &'static str)]),
    /// This text or these bytes, as they are.
    Raw(&'static str),
}

impl Wire {
    /// What differs between `request` and this one, one line each; empty when they agree.
    /// The query parameter `credential` (an API key's) is not the spec's to describe.
    pub fn differences(&self, request: &wiremock::Request, credential: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        if request.method.as_str() != self.method {
            out.push(format!("the method is `{}`, the spec says `{}`", request.method, self.method));
        }
        if request.url.path() != self.path {
            out.push(format!("the path is `{}`, the spec says `{}`", request.url.path(), self.path));
        }
        let sent: Vec<(String, String)> = request
            .url
            .query_pairs()
            .filter(|(k, _)| Some(k.as_ref()) != credential)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if let Some(difference) = pairs_differ("query", &sent, self.query) {
            out.push(difference);
        }
        for (name, value) in self.headers {
            match request.headers.get(*name).map(|v| v.to_str()) {
                Some(Ok(sent)) if sent == *value => {}
                Some(Ok(sent)) => out.push(format!("the header `{name}` is `{sent}`, the spec says `{value}`")),
                _ => out.push(format!("the header `{name}` is missing; the spec says `{value}`")),
            }
        }
        if let Some(difference) = self.body_differs(request) {
            out.push(difference);
        }
        out
    }

    fn body_differs(&self, request: &wiremock::Request) -> Option<String> {
        let text = String::from_utf8_lossy(&request.body);
        match self.body {
            WireBody::None if request.body.is_empty() => None,
            WireBody::None => Some(format!("the request has a body, the spec says none: {text}")),
            WireBody::Json(want) => match serde_json::from_slice::<Value>(&request.body) {
                Ok(got) => json_differs(&got, &parse(want)).map(|d| format!("the body differs: {d}")),
                Err(e) => Some(format!("the body is not JSON ({e}): {text}")),
            },
            WireBody::Form(want) => {
                let sent: Vec<(String, String)> =
                    form_urlencoded::parse(&request.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
                pairs_differ("form", &sent, want)
            }
            WireBody::NdJson(want) => {
                let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
                if lines.len() != want.len() {
                    return Some(format!("the body has {} JSON lines, the spec says {}", lines.len(), want.len()));
                }
                lines.iter().zip(want).enumerate().find_map(|(i, (got, want))| {
                    let got = serde_json::from_str::<Value>(got).unwrap_or(Value::Null);
                    json_differs(&got, &parse(want)).map(|d| format!("line {} differs: {d}", i + 1))
                })
            }
            WireBody::Raw(want) if request.body == want.as_bytes() => None,
            WireBody::Raw(want) => Some(format!("the body is `{text}`, the spec's is `{want}`")),
            WireBody::Multipart(want) => {
                let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
                let boundary = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary="));
                let parts = boundary.map(|b| super::Multipart::parse(&request.body, b.trim_matches('"')));
                match parts {
                    Some(Ok(parts)) => {
                        let sent: Vec<(String, String)> = parts
                            .parts
                            .into_iter()
                            .map(|p| (p.name, String::from_utf8_lossy(&p.data).into_owned()))
                            .collect();
                        pairs_differ("multipart", &sent, want)
                    }
                    _ => Some(format!("the body is not multipart (`{content_type}`)")),
                }
            }
        }
    }
}

/// Whether two lists of pairs hold the same pairs, in any order.
fn pairs_differ(what: &str, sent: &[(String, String)], want: &[(&str, &str)]) -> Option<String> {
    let mut sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut want = want.to_vec();
    sent.sort_unstable();
    want.sort_unstable();
    (sent != want).then(|| format!("the {what} pairs are {sent:?}, the spec says {want:?}"))
}

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("a literal of the generated tests is not JSON ({e}): {json}"))
}

/// Where two JSON values differ, as `at <path>: ...`, with an absent property and `null` taken
/// as the same (the client cannot tell them apart) and numbers compared by value.
pub fn json_differs(got: &Value, want: &Value) -> Option<String> {
    fn walk(got: &Value, want: &Value, path: &mut String) -> Option<String> {
        match (got, want) {
            (Value::Object(g), Value::Object(w)) => {
                let mut keys: Vec<&String> = g.keys().chain(w.keys()).collect();
                keys.sort();
                keys.dedup();
                keys.into_iter().find_map(|key| {
                    let (g, w) = (g.get(key).unwrap_or(&Value::Null), w.get(key).unwrap_or(&Value::Null));
                    let len = path.len();
                    path.push_str(&format!(".{key}"));
                    let found = walk(g, w, path);
                    path.truncate(len);
                    found
                })
            }
            (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
                g.iter().zip(w).enumerate().find_map(|(i, (g, w))| {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    let found = walk(g, w, path);
                    path.truncate(len);
                    found
                })
            }
            (Value::Number(g), Value::Number(w)) if g.as_f64() == w.as_f64() => None,
            (g, w) if g == w => None,
            (g, w) => {
                let at = if path.is_empty() { "the top" } else { path.as_str() };
                Some(format!("at `{at}` the client has {}, the spec's JSON has {}", shown(g), shown(w)))
            }
        }
    }
    walk(got, want, &mut String::new())
}

fn shown(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_owned(),
        other => format!("`{other}`"),
    }
}

/// Asserts that `got` encodes to the JSON `want` (see [`json_differs`]), naming the case.
#[track_caller]
pub fn assert_same_json<T: Serialize + ?Sized>(case: &str, got: &T, want: &str) {
    let got = match serde_json::to_value(got) {
        Ok(value) => value,
        Err(e) => panic!("{case}: the decoded answer does not encode back to JSON: {e}"),
    };
    if let Some(difference) = json_differs(&got, &parse(want)) {
        panic!("{case}: the decoded answer does not encode back to the JSON it came from: {difference}");
    }
}

/// Asserts that each of `values` (an enum's wire values) decodes into `T` and encodes back to
/// itself.
#[track_caller]
pub fn assert_round_trips<T: Serialize + DeserializeOwned>(type_name: &str, values: &[&str]) {
    for value in values {
        let decoded: T = match crate::de::from_value(&Value::from(*value)) {
            Ok(decoded) => decoded,
            Err(e) => panic!("{type_name}: `{value}` does not decode: {e}"),
        };
        match serde_json::to_value(&decoded) {
            Ok(Value::String(back)) if back == *value => {}
            Ok(other) => panic!("{type_name}: `{value}` encodes back as `{other}`"),
            Err(e) => panic!("{type_name}: `{value}` does not encode back: {e}"),
        }
    }
}

/// Asserts that a call failed with the API error of `status`, its body decoded as `body`
/// (when there is one) and its code `code` (when the API says where codes are).
#[track_caller]
pub fn assert_api_error<T: std::fmt::Debug, E: ErrorBody + Serialize>(
    case: &str,
    result: Result<T, Error<E>>,
    status: u16,
    body: &str,
    code: Option<&str>,
) {
    let error = match result {
        Ok(value) => panic!("{case}: the call succeeded ({value:?}); the server answered {status}"),
        Err(error) => error,
    };
    let Some(api) = error.api_error() else { panic!("{case}: not an API error: {error}") };
    assert_eq!(api.status.as_u16(), status, "{case}: the status");
    if !body.is_empty() {
        let Some(decoded) = api.body.as_ref() else { panic!("{case}: the error body does not decode: {body}") };
        assert_same_json(case, decoded, body);
    }
    if let Some(code) = code {
        assert_eq!(error.code().map(ToString::to_string).as_deref(), Some(code), "{case}: the error code");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_place_and_both_values() {
        let want = serde_json::json!({"a": {"b": 1, "c": null}, "d": [1, 2]});
        let same = serde_json::json!({"a": {"b": 1.0}, "d": [1, 2]});
        assert_eq!(json_differs(&same, &want), None, "absent is null; 1.0 is 1");
        let renamed = serde_json::json!({"a": {"b2": 1}, "d": [1, 2]});
        assert_eq!(
            json_differs(&renamed, &want).as_deref(),
            Some("at `.a.b` the client has nothing, the spec's JSON has `1`")
        );
        assert!(json_differs(&serde_json::json!({"a": {"b": 1}, "d": [1]}), &want).is_some());
    }
}
