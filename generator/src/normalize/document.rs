//! The document-level rules:
//! - a 3.1 document may have no `paths`: it has none;
//! - its `webhooks` (requests the API sends, not receives) are kept as `x-webhooks`, which
//!   `openapiv3` leaves alone and lowering reads for their payload types;
//! - a path item by reference into `components/pathItems` (or another path) is the item;
//! - an operation may have no `responses`: it has none;
//! - a security scheme of a type 3.0 has no word for (`mutualTLS`) is left out, with a note.

use serde_json::{Map, Value};

use super::{Dialect, Remark, Rewrites};
use crate::pointer::Pointer;

/// The HTTP methods of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The security scheme types `openapiv3` reads.
const SCHEME_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

pub(super) fn document(doc: &mut Value, dialect: Dialect, rewrites: &mut Rewrites, notes: &mut Vec<Remark>) {
    let Value::Object(root) = doc else { return };
    if dialect == Dialect::V31 {
        root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
        if let Some(webhooks) = root.remove("webhooks") {
            root.insert("x-webhooks".to_owned(), webhooks);
            rewrites.record(Pointer::root().child("x-webhooks"), Pointer::root().child("webhooks"));
        }
    }
    for section in ["paths", "x-webhooks"] {
        inline_path_items(doc, section, rewrites, notes);
        let Some(Value::Object(items)) = doc.get_mut(section) else { continue };
        for item in items.values_mut() {
            let Value::Object(item) = item else { continue };
            for method in METHODS {
                if let Some(Value::Object(operation)) = item.get_mut(*method) {
                    operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
                }
            }
        }
    }
    if let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") {
        let unknown: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str).is_some_and(|t| !SCHEME_TYPES.contains(&t)))
            .map(|(name, _)| name.clone())
            .collect();
        for name in unknown {
            let kind = schemes.get(&name).and_then(|s| s.get("type")).cloned().unwrap_or(Value::Null);
            schemes.remove(&name);
            notes.push(Remark::loose(
                Pointer::root().join(["components", "securitySchemes", &name]),
                format!("the security scheme `{name}` of type {kind} is left out: configure that kind of credentials on the HTTP client (`http_client`)"),
            ));
        }
    }
}

/// Replaces each path item of `section` that is a `$ref` into the document by the item it
/// points to, with the fields written beside the `$ref` kept (OpenAPI leaves a field in both
/// undefined: the one beside the `$ref` is taken, with a note). A `$ref` that points to
/// nothing leaves the fields beside it, so that no operation written there is lost.
fn inline_path_items(doc: &mut Value, section: &str, rewrites: &mut Rewrites, notes: &mut Vec<Remark>) {
    let Some(Value::Object(items)) = doc.get(section) else { return };
    let references: Vec<(String, String)> =
        items.iter().filter_map(|(path, item)| Some((path.clone(), item.get("$ref")?.as_str()?.to_owned()))).collect();
    for (path, reference) in references {
        let pointer = Pointer::root().child(section).child(&path);
        let target = reference.strip_prefix('#').filter(|_| reference.starts_with("#/"));
        let resolved = target.and_then(|t| resolve_item(doc, t));
        let Some(Value::Object(mut own)) = doc.pointer_mut(pointer.as_str()).map(Value::take) else { continue };
        own.remove("$ref");
        let item = match resolved {
            Some((Value::Object(mut item), written)) => {
                for key in item.keys().filter(|key| !own.contains_key(*key)) {
                    rewrites.record(pointer.child(key), written.child(key));
                }
                for (key, value) in own {
                    if item.contains_key(&key) {
                        notes.push(Remark::choice(
                            pointer.child(&key),
                            format!("`{key}` is both beside the path item's `$ref: {reference}` and in the item it points to; the one beside the `$ref` is used"),
                        ));
                    }
                    item.insert(key, value);
                }
                item
            }
            _ => {
                notes.push(Remark::warning(
                    pointer.clone(),
                    format!("the path item `$ref: {reference}` points to no path item here; only the fields beside it are kept"),
                ));
                own
            }
        };
        if let Some(slot) = doc.pointer_mut(pointer.as_str()) {
            *slot = Value::Object(item);
        }
    }
}

/// The path item at `pointer`, following further references, and where it is written.
fn resolve_item(doc: &Value, pointer: &str) -> Option<(Value, Pointer)> {
    let mut pointer = pointer.to_owned();
    for _ in 0..16 {
        let item = doc.pointer(&pointer)?;
        match item.get("$ref").and_then(Value::as_str) {
            Some(next) => pointer = next.strip_prefix('#')?.to_owned(),
            None => return Some((item.clone(), Pointer::parse(&pointer))),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoteKind;

    #[test]
    fn a_3_1_document_gains_paths_and_responses_and_keeps_its_webhooks() {
        let mut doc = serde_json::json!({
            "openapi": "3.1.0",
            "webhooks": {"newPet": {"$ref": "#/components/pathItems/NewPet"}},
            "components": {
                "pathItems": {"NewPet": {"post": {"requestBody": {}}}},
                "securitySchemes": {"tls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}}
            }
        });
        let (mut rewrites, mut notes) = (Rewrites::default(), Vec::new());
        document(&mut doc, Dialect::V31, &mut rewrites, &mut notes);
        assert_eq!(doc["paths"], serde_json::json!({}));
        assert_eq!(doc["x-webhooks"]["newPet"]["post"]["responses"], serde_json::json!({}));
        assert_eq!(
            rewrites.original(&"/x-webhooks/newPet/post".into()).pointer.as_str(),
            "/components/pathItems/NewPet/post"
        );
        assert!(doc["components"]["securitySchemes"].get("tls").is_none());
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    /// Operations written beside a path item's `$ref` are kept, merged with the item's own;
    /// a `$ref` to nothing keeps them too.
    #[test]
    fn fields_beside_a_path_item_ref_are_kept() {
        let mut doc = serde_json::json!({
            "openapi": "3.0.3",
            "paths": {
                "/pets": {"$ref": "#/components/pathItems/Pets", "post": {"operationId": "add"}, "get": {"operationId": "mine"}},
                "/gone": {"$ref": "#/components/pathItems/Nothing", "delete": {"operationId": "drop"}}
            },
            "components": {"pathItems": {"Pets": {"get": {"operationId": "list"}, "put": {"operationId": "replace"}}}}
        });
        let (mut rewrites, mut notes) = (Rewrites::default(), Vec::new());
        document(&mut doc, Dialect::V30, &mut rewrites, &mut notes);
        let ids = |path: &str| -> Vec<&str> {
            let item = doc["paths"][path].as_object().expect("an item");
            let mut ids: Vec<&str> = item.values().filter_map(|op| op["operationId"].as_str()).collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(ids("/pets"), ["add", "mine", "replace"]);
        assert_eq!(ids("/gone"), ["drop"]);
        assert_eq!(rewrites.original(&"/paths/~1pets/put".into()).pointer.as_str(), "/components/pathItems/Pets/put");
        assert_eq!(rewrites.original(&"/paths/~1pets/post".into()).pointer.as_str(), "/paths/~1pets/post");
        let kinds: Vec<(NoteKind, &str)> = notes.iter().map(|n| (n.kind, n.pointer.as_str())).collect();
        assert_eq!(kinds, [(NoteKind::Choice, "/paths/~1pets/get"), (NoteKind::Warning, "/paths/~1gone")]);
    }
}
