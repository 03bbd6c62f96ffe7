//! Finds the deepest node of a spec that fails to deserialize. `openapiv3` reads `$ref`-or-item
//! positions as untagged enums, whose errors stop at the enclosing map (`/paths`); this walks
//! down the tree, trying each child as the type that belongs there, to find the node that is
//! actually wrong, what it is, and where in it the deserializer stopped.

use openapiv3::{Components, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::pointer::Pointer;

/// What a node of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Root,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Components,
    Schema,
}

/// The deepest node of the document that fails to deserialize.
#[derive(Debug)]
pub struct Failure {
    /// The node, and what it is.
    pub node: Pointer,
    pub kind: Kind,
    /// Where in it the deserializer stopped (the node itself, or a field below it).
    pub at: Pointer,
    /// The deserializer's message there.
    pub message: String,
}

/// The deepest node of `root` that fails to deserialize; `None` when it deserializes.
pub fn deepest_failure(root: &Value) -> Option<Failure> {
    let mut pointer = Pointer::root();
    let mut node = root;
    let mut kind = Kind::Root;
    let mut failure = check(node, kind)?;
    'descend: loop {
        for (segment, child, child_kind) in children(node, kind) {
            if let Some(child_failure) = check(child, child_kind) {
                pointer = pointer.join(segment.segments());
                node = child;
                kind = child_kind;
                failure = child_failure;
                continue 'descend;
            }
        }
        let (inner_path, message) = failure;
        let at = inner_path.iter().fold(pointer.clone(), |p, segment| p.child(segment));
        return Some(Failure { node: pointer, kind, at, message });
    }
}

/// Where inside `value` deserializing it as `kind` failed (path segments) and why.
type Inner = (Vec<String>, String);

/// The failure, if `value` is not a valid `kind`.
fn check(value: &Value, kind: Kind) -> Option<Inner> {
    fn try_as<T: DeserializeOwned>(value: &Value) -> Option<Inner> {
        let result: Result<T, _> = serde_path_to_error::deserialize(value.clone());
        result.err().map(|e| {
            let path = e.path().iter().map(ToString::to_string).filter(|s| s != "?").collect();
            (path, e.into_inner().to_string())
        })
    }
    match kind {
        Kind::Root => try_as::<OpenAPI>(value),
        Kind::Paths => try_as::<openapiv3::Paths>(value),
        Kind::PathItem => try_as::<ReferenceOr<PathItem>>(value).and_then(|_| try_as::<PathItem>(value)),
        Kind::Operation => try_as::<Operation>(value),
        Kind::Parameter => try_as::<ReferenceOr<Parameter>>(value).and_then(|_| try_as::<Parameter>(value)),
        Kind::RequestBody => try_as::<ReferenceOr<RequestBody>>(value).and_then(|_| try_as::<RequestBody>(value)),
        Kind::Response => try_as::<ReferenceOr<Response>>(value).and_then(|_| try_as::<Response>(value)),
        Kind::Components => try_as::<Components>(value),
        Kind::Schema => try_as::<ReferenceOr<Schema>>(value).and_then(|_| try_as::<Schema>(value)),
    }
}

/// The children of a node that have a kind of their own, with their pointer segments.
fn children(value: &Value, kind: Kind) -> Vec<(Pointer, &Value, Kind)> {
    let mut out = Vec::new();
    let get = |key: &str| value.get(key);
    match kind {
        Kind::Root => {
            out.extend(get("paths").map(|v| (Pointer::root().child("paths"), v, Kind::Paths)));
            out.extend(get("components").map(|v| (Pointer::root().child("components"), v, Kind::Components)));
        }
        Kind::Paths => out.extend(entries(Some(value), "", Kind::PathItem)),
        Kind::PathItem => {
            for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                out.extend(get(method).map(|v| (Pointer::root().child(method), v, Kind::Operation)));
            }
            out.extend(items(get("parameters"), "parameters", Kind::Parameter));
        }
        Kind::Operation => {
            out.extend(items(get("parameters"), "parameters", Kind::Parameter));
            out.extend(get("requestBody").map(|v| (Pointer::root().child("requestBody"), v, Kind::RequestBody)));
            out.extend(entries(get("responses"), "responses/", Kind::Response));
        }
        Kind::Parameter => out.extend(get("schema").map(|v| (Pointer::root().child("schema"), v, Kind::Schema))),
        Kind::RequestBody | Kind::Response => {
            if let Some(Value::Object(content)) = get("content") {
                for (media, value) in content {
                    if let Some(schema) = value.get("schema") {
                        out.push((Pointer::root().join(["content", media, "schema"]), schema, Kind::Schema));
                    }
                }
            }
        }
        Kind::Components => {
            out.extend(entries(get("schemas"), "schemas/", Kind::Schema));
            out.extend(entries(get("parameters"), "parameters/", Kind::Parameter));
            out.extend(entries(get("requestBodies"), "requestBodies/", Kind::RequestBody));
            out.extend(entries(get("responses"), "responses/", Kind::Response));
        }
        Kind::Schema => {
            out.extend(entries(get("properties"), "properties/", Kind::Schema));
            out.extend(get("items").map(|v| (Pointer::root().child("items"), v, Kind::Schema)));
            if let Some(additional @ Value::Object(_)) = get("additionalProperties") {
                out.push((Pointer::root().child("additionalProperties"), additional, Kind::Schema));
            }
            for list in ["allOf", "oneOf", "anyOf"] {
                out.extend(items(get(list), list, Kind::Schema));
            }
        }
    }
    out
}

/// The entries of a mapping, with `prefix` + escaped key segments.
fn entries<'v>(value: Option<&'v Value>, prefix: &str, kind: Kind) -> Vec<(Pointer, &'v Value, Kind)> {
    let Some(Value::Object(map)) = value else { return Vec::new() };
    map.iter()
        .map(|(key, value)| (Pointer::root().join(prefix.split('/').filter(|s| !s.is_empty())).child(key), value, kind))
        .collect()
}

/// The items of a sequence, with `name/index` segments.
fn items<'v>(value: Option<&'v Value>, name: &str, kind: Kind) -> Vec<(Pointer, &'v Value, Kind)> {
    match value {
        Some(Value::Array(items)) => {
            items.iter().enumerate().map(|(i, v)| (Pointer::root().join([name]).child(i), v, kind)).collect()
        }
        _ => Vec::new(),
    }
}
