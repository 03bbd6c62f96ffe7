//! A request as the spec describes it, written out: the method, the path with the values
//! filled in and percent-encoded, the query pairs, the headers and the body, every name as
//! the spec writes it. The generated tests hold it as literal data, so that a client that
//! sends another path, header or wire name fails them: it is computed from the model's wire
//! names and the encoding rules of OpenAPI and HTTP, never from the generated client.

use serde_json::Value;

use crate::model::{Api, BodyEncoding, ObjectStyle, Operation, ParamEncoding, ParamLocation, TypeRef, ValueStyle};

/// A request, as it should reach the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path template with the values filled in, percent-encoded.
    pub path: String,
    /// The query pairs, before percent-encoding, in parameter order.
    pub query: Vec<(String, String)>,
    /// The headers the spec asks for (the version header, header parameters).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

/// A request body, as it should reach the server.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// None.
    None,
    /// This JSON.
    Json(Value),
    /// These form fields.
    Form(Vec<(String, String)>),
    /// One JSON line per item.
    NdJson(Vec<Value>),
    /// These parts, as `(name, contents)`.
    Multipart(Vec<(String, String)>),
    /// This text, as it is.
    Raw(String),
}

/// The values a call is made with, by the spec's names: path parameters, the query and
/// header parameters (an object), the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Arguments {
    /// Each path parameter's value.
    pub path: Vec<(String, Value)>,
    /// The query and header parameters, by name; absent ones are left out.
    pub params: Option<Value>,
    /// The body.
    pub body: Option<Value>,
}

impl Arguments {
    /// The arguments as one JSON object: `path` (each path parameter by name), `params` and
    /// `body`.
    pub fn to_json(&self) -> Value {
        let mut map = serde_json::Map::new();
        let path: serde_json::Map<String, Value> = self.path.iter().cloned().collect();
        if !path.is_empty() {
            map.insert("path".to_owned(), Value::Object(path));
        }
        if let Some(params) = &self.params {
            map.insert("params".to_owned(), params.clone());
        }
        if let Some(body) = &self.body {
            map.insert("body".to_owned(), body.clone());
        }
        Value::Object(map)
    }
}

/// The request `op` sends with `args`.
pub fn request(api: &Api, op: &Operation, args: &Arguments) -> Request {
    let mut path = op.path.clone();
    for (name, value) in &args.path {
        let param = op.params.iter().find(|p| p.wire_name == *name && p.location == ParamLocation::Path);
        let segment = match param {
            Some(param) if param.encoding == ParamEncoding::Json => encode_segment(&value.to_string()),
            Some(param) => styled_segment(name, value, param.style, param.explode),
            None => encode_segment(&text(value).unwrap_or_default()),
        };
        path = path.replace(&format!("{{{name}}}"), &segment);
    }
    let mut query = Vec::new();
    let mut headers: Vec<(String, String)> = api.version_header.iter().cloned().collect();
    let params = args.params.as_ref().and_then(Value::as_object);
    let mut cookies = Vec::new();
    for param in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        let Some(value) = params.and_then(|p| p.get(&param.wire_name)).filter(|v| !v.is_null()) else { continue };
        let items: Vec<String> = match (param.encoding, value) {
            (ParamEncoding::Object(style), _) => {
                query.extend(object_pairs(&param.wire_name, value, style));
                continue;
            }
            (ParamEncoding::Json, _) => vec![value.to_string()],
            (ParamEncoding::Text, Value::Array(items)) if matches!(param.ty, TypeRef::Vec(_)) => {
                items.iter().filter_map(text).collect()
            }
            (ParamEncoding::Text, other) => text(other).into_iter().collect(),
        };
        match (param.location, value.is_array()) {
            (ParamLocation::Cookie, _) => cookies.push(format!("{}={}", param.wire_name, items.join(","))),
            (ParamLocation::Query, true) if param.explode => {
                query.extend(items.into_iter().map(|item| (param.wire_name.clone(), item)));
            }
            (ParamLocation::Query, true) if items.is_empty() => {}
            (ParamLocation::Query, _) => {
                query.push((param.wire_name.clone(), items.join(&param.style.delimiter().to_string())));
            }
            _ => headers.push((param.wire_name.clone(), items.join(","))),
        }
    }
    if !cookies.is_empty() {
        headers.push(("cookie".to_owned(), cookies.join("; ")));
    }
    let body = match (op.body.as_ref(), args.body.as_ref()) {
        (Some(body), Some(value)) => match body.encoding {
            BodyEncoding::Json => Body::Json(value.clone()),
            BodyEncoding::Form => Body::Form(fields(value)),
            BodyEncoding::NdJson => Body::NdJson(value.as_array().cloned().unwrap_or_default()),
            BodyEncoding::Multipart => Body::Multipart(fields(value)),
            BodyEncoding::Raw => Body::Raw(text(value).unwrap_or_default()),
        },
        _ => Body::None,
    };
    Request { method: op.http_method.as_str(), path, query, headers, body }
}

/// An object in the query, as OpenAPI's styles write it: `form` exploded (a pair per
/// property), `form` (`name=key,value,...`; `spaceDelimited` and `pipeDelimited` alike, by
/// spaces and `|`), `deepObject` (`name[key]=value`, a nested object
/// in brackets of its own: `name[key][inner]=value`).
fn object_pairs(name: &str, value: &Value, style: ObjectStyle) -> Vec<(String, String)> {
    let properties = fields(value);
    match style {
        ObjectStyle::FormExploded => properties,
        ObjectStyle::DeepObject => {
            let mut pairs = Vec::new();
            deep_pairs(name, value, &mut pairs);
            pairs
        }
        ObjectStyle::Form | ObjectStyle::SpaceDelimited | ObjectStyle::PipeDelimited => {
            let delimiter = &style.delimiter().to_string();
            // A list's items follow its name, joined like the rest, as one value.
            let mut joined: Vec<(String, Vec<String>)> = Vec::new();
            for (key, item) in properties {
                match joined.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, items)) => items.push(item),
                    None => joined.push((key, vec![item])),
                }
            }
            if joined.is_empty() {
                return Vec::new();
            }
            let text: Vec<String> = joined.into_iter().flat_map(|(k, items)| [k, items.join(delimiter)]).collect();
            vec![(name.to_owned(), text.join(delimiter))]
        }
    }
}

/// The `deepObject` pairs of `value` under `key`: each property in brackets, down to values.
fn deep_pairs(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let Some(map) = value.as_object() else { return };
    for (name, value) in map {
        let key = format!("{key}[{name}]");
        match value {
            Value::Object(_) => deep_pairs(&key, value, out),
            Value::Array(items) => out.extend(items.iter().filter_map(text).map(|item| (key.clone(), item))),
            other => out.extend(text(other).map(|item| (key.clone(), item))),
        }
    }
}

/// An object's properties as form fields or multipart parts: a field per value, a list as
/// one field per item, strings as they are and other values as JSON; `null` is left out.
fn fields(value: &Value) -> Vec<(String, String)> {
    let Some(map) = value.as_object() else { return Vec::new() };
    let mut out = Vec::new();
    for (name, value) in map {
        let items = match value {
            Value::Array(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        };
        out.extend(items.iter().filter_map(text).map(|item| (name.clone(), item)));
    }
    out
}

/// A JSON value as parameter text: a string as it is, a number in its shortest form (`1`, not
/// `1.0`: the number, not how JSON wrote it), other scalars as JSON, `null` as nothing.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_f64().filter(|_| n.is_f64()).map_or_else(|| n.to_string(), |f| f.to_string())),
        other => Some(other.to_string()),
    }
}

/// A path parameter's value as its style writes it (RFC 6570's expansions): `simple` joins a
/// list's items by commas, `label` starts with `.`, `matrix` with `;name=`; exploded lists
/// repeat the prefix per item. Each value is percent-encoded.
fn styled_segment(name: &str, value: &Value, style: ValueStyle, explode: bool) -> String {
    let items: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(text).map(|t| encode_segment(&t)).collect(),
        other => text(other).map(|t| encode_segment(&t)).into_iter().collect(),
    };
    match style {
        ValueStyle::Label if explode => items.iter().map(|i| format!(".{i}")).collect(),
        ValueStyle::Label => format!(".{}", items.join(",")),
        ValueStyle::Matrix if items.is_empty() => format!(";{name}"),
        ValueStyle::Matrix if explode => items.iter().map(|i| format!(";{name}={i}")).collect(),
        ValueStyle::Matrix => format!(";{name}={}", items.join(",")),
        _ => items.join(","),
    }
}

/// Percent-encodes a path segment: everything but RFC 3986's unreserved characters.
fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_keep_only_unreserved_characters() {
        assert_eq!(encode_segment("a/b c~d.e-f_g"), "a%2Fb%20c~d.e-f_g");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn fields_repeat_lists_and_leave_out_nulls() {
        let value = serde_json::json!({"a": ["x", 1], "b": null, "c": true});
        assert_eq!(fields(&value), [("a".into(), "x".into()), ("a".into(), "1".into()), ("c".into(), "true".into())]);
    }

    /// A number parameter is written as the number it is, the way the client writes an
    /// `f64` (`Display`): an integral one without a fraction, whatever JSON wrote.
    #[test]
    fn numbers_are_written_in_their_shortest_form() {
        let value = serde_json::json!({"f": 1.0, "g": 0.5, "i": 7, "n": -3.0, "big": 1e21});
        let written: Vec<String> = fields(&value).into_iter().map(|(_, text)| text).collect();
        assert_eq!(written, ["1", "0.5", "7", "-3", "1000000000000000000000"]);
        assert_eq!(written[0], 1.0f64.to_string(), "as the client's query value");
    }
}
