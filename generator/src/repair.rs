//! The typed model read from a document whose parts `openapiv3` refuses: a node of the wrong
//! shape (a schema whose `minimum` is a string, a parameter without `in`, a response that is
//! a list) is an error confined to that node, worked around with a warning, so that the rest
//! of the document still makes a client:
//! - a schema is any JSON value;
//! - a parameter is left out;
//! - a request body or a response is any JSON value;
//! - a field of an operation, a path item or the components that is not of its shape is
//!   ignored.
//!
//! What the document as a whole gets wrong (its `info`, its `paths`) stays an error. The
//! deepest failing node is found by [`crate::narrow`]; each repair reads the document again.

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::narrow::{Failure, Kind, deepest_failure};
use crate::normalize::Remark;
use crate::pointer::Pointer;

/// At most this many nodes are repaired; a document with more is refused at the next.
const MAX_REPAIRS: usize = 1_000;

/// The typed document, each node it refuses repaired with a remark; the first failure that
/// cannot be repaired otherwise.
pub fn typed(value: &mut Value, notes: &mut Vec<Remark>) -> Result<OpenAPI, Failure> {
    let mut repairs = 0;
    loop {
        let error = match OpenAPI::deserialize(&*value) {
            Ok(doc) => return Ok(doc),
            Err(e) => e,
        };
        let failure = deepest_failure(value).unwrap_or(Failure {
            node: Pointer::root(),
            kind: Kind::Root,
            at: Pointer::root(),
            message: error.to_string(),
        });
        if repairs == MAX_REPAIRS || !repair(value, &failure, notes) {
            return Err(failure);
        }
        repairs += 1;
    }
}

/// Repairs the failing node; `false` when it cannot be.
fn repair(value: &mut Value, failure: &Failure, notes: &mut Vec<Remark>) -> bool {
    let Failure { node, kind, at, message } = failure;
    let warn = |notes: &mut Vec<Remark>, what: &str| {
        notes.push(Remark::warning(at.clone(), format!("{message}, which does not fit {what}")));
    };
    match kind {
        Kind::Schema => {
            warn(notes, "a schema; the value is typed as any JSON value");
            notes.push(Remark::loose(node.clone(), "a schema of the wrong shape is any JSON value"));
            replace(value, node, annotations)
        }
        Kind::Parameter => {
            warn(notes, "a parameter; it is left out");
            remove(value, node)
        }
        Kind::RequestBody | Kind::Response => {
            warn(notes, "a request body or response; its body is typed as any JSON value");
            notes.push(Remark::loose(node.clone(), "a body of the wrong shape is any JSON value"));
            replace(value, node, |old| {
                let mut stand_in = annotations(old);
                stand_in.insert("description".to_owned(), json!(""));
                stand_in.insert("content".to_owned(), json!({"application/json": {}}));
                stand_in
            })
        }
        Kind::Operation | Kind::PathItem | Kind::Components | Kind::Paths => {
            // The field the deserializer stopped at, directly below the node.
            let Some(field) = at.segments().nth(node.segments().count()) else { return false };
            warn(notes, "the field's shape; the field is ignored");
            match (kind, field.as_str()) {
                // An operation must have responses: none.
                (Kind::Operation, "responses") => replace(value, &node.child(field), |_| Map::new()),
                _ => remove(value, &node.child(field)),
            }
        }
        Kind::Root => false,
    }
}

/// The description and title of a node that is an object.
fn annotations(node: &Value) -> Map<String, Value> {
    let keep = ["description", "title", "summary"];
    node.as_object()
        .map(|map| {
            map.iter().filter(|(k, _)| keep.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
        })
        .unwrap_or_default()
}

/// Replaces the node at `pointer` by what `stand_in` makes of it.
fn replace(value: &mut Value, pointer: &Pointer, stand_in: impl Fn(&Value) -> Map<String, Value>) -> bool {
    match value.pointer_mut(pointer.as_str()) {
        Some(node) => {
            *node = Value::Object(stand_in(node));
            true
        }
        None => false,
    }
}

/// Removes the node at `pointer` from its mapping or list.
fn remove(value: &mut Value, pointer: &Pointer) -> bool {
    let (Some(parent), Some(last)) = (pointer.parent(), pointer.last()) else { return false };
    match value.pointer_mut(parent.as_str()) {
        Some(Value::Object(map)) => map.remove(&last).is_some(),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_of_the_wrong_shape_is_worked_around() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "no_in"}, {"in": "query", "name": "ok", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "integer", "minimum": "zero"}}}}}
            }}},
            "components": {"schemas": {"Bad": {"type": "string", "minLength": "two", "description": "Kept."}}}
        });
        let mut notes = Vec::new();
        let doc_typed = typed(&mut doc, &mut notes).expect("repaired");
        let get = doc_typed.paths.paths["/a"].as_item().and_then(|item| item.get.as_ref()).expect("get");
        assert_eq!(get.parameters.len(), 1, "the parameter without `in` is left out");
        assert_eq!(doc["components"]["schemas"]["Bad"], json!({"description": "Kept."}));
        assert_eq!(doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"], json!({}));
        let warnings = notes.iter().filter(|n| n.kind == crate::model::NoteKind::Warning).count();
        assert_eq!(warnings, 3, "{notes:?}");
        let mut broken = json!({"openapi": "3.0.3", "info": 7, "paths": {}});
        assert!(typed(&mut broken, &mut Vec::new()).is_err(), "what the document as a whole gets wrong");
    }
}
