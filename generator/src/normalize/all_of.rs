//! `allOf` parts that are not objects to merge, as real APIs write them:
//! - a part that only annotates (`{description: ...}`, `{nullable: true}`) is lifted into the
//!   schema itself;
//! - when the parts that are left are not objects (an enum or a string wrapped to add a
//!   description, `[{type: string}, {format: date}]`), one part is what the schema wraps, and
//!   several are merged into one schema, the later part's keyword winning where two disagree
//!   (with a note);
//! - beside objects, a part that is not one cannot hold their properties and is left out,
//!   with a note.
//!
//! Parts that are all objects are left to lowering, which merges their properties.

use serde_json::{Map, Value};

use super::{At, Remark, each_root, each_subschema};
use crate::pointer::Pointer;

/// Keywords that describe a schema without constraining its values.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "$comment",
];

/// Of those, the ones a lifted part gives the schema when it has none of its own.
const LIFTED: &[&str] = &["description", "title", "default", "deprecated", "readOnly", "writeOnly", "nullable"];

pub(super) fn all_of(doc: &mut Value, notes: &mut Vec<Remark>) {
    let mut found = Vec::new();
    each_root(doc, &mut |node, at| find(node, at, &mut found));
    for pointer in found {
        let Some(node) = doc.pointer(pointer.as_str()) else { continue };
        let Some(rewritten) = rewrite(doc, node, &pointer, notes) else { continue };
        if let Some(slot) = doc.pointer_mut(pointer.as_str()) {
            *slot = rewritten;
        }
    }
}

/// The pointers of the schemas with `allOf` at or below `node`.
fn find(node: &mut Value, at: &At<'_>, out: &mut Vec<Pointer>) {
    if node.get("allOf").is_some_and(Value::is_array) {
        out.push(at.pointer());
    }
    each_subschema(node, at, &mut |child, child_at| find(child, child_at, out));
}

/// The schema at `pointer` with its `allOf` rewritten, or `None` when lowering takes it as it is.
fn rewrite(doc: &Value, node: &Value, pointer: &Pointer, notes: &mut Vec<Remark>) -> Option<Value> {
    let Value::Object(map) = node else { return None };
    let Some(Value::Array(parts)) = map.get("allOf") else { return None };
    let all_of_pointer = pointer.child("allOf");
    let annotating = |part: &Value| {
        part.as_object().is_some_and(|p| {
            !p.contains_key("$ref") && p.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
        })
    };
    let lifted: Vec<&Map<String, Value>> =
        parts.iter().filter(|p| annotating(p)).filter_map(Value::as_object).collect();
    let kept: Vec<&Value> = parts.iter().filter(|p| !annotating(p)).collect();
    let objects: Vec<bool> = kept.iter().map(|p| is_object(doc, p, 0)).collect();
    let own_object = is_object(doc, &Value::Object(without(map, "allOf")), 0);
    // Keywords of the schema itself that narrow a scalar part (`minimum: 0` beside
    // `allOf: [$ref Percentage]`): the part and they are one scalar schema.
    let own_narrows = map.keys().any(|k| k != "allOf" && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"));
    if lifted.is_empty() && (objects.iter().all(|o| *o) || (kept.len() == 1 && !own_object && !own_narrows)) {
        return None;
    }
    let mut out = without(map, "allOf");
    for part in &lifted {
        for (key, value) in *part {
            if LIFTED.contains(&key.as_str()) {
                out.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    let any_object = own_object || objects.iter().any(|o| *o);
    let parts: Vec<Value> = if any_object {
        let (objects, others): (Vec<_>, Vec<_>) = kept.iter().zip(&objects).partition(|(_, o)| **o);
        if !others.is_empty() {
            notes.push(Remark::choice(
                all_of_pointer.clone(),
                format!(
                    "{} part(s) that are not objects cannot hold the properties of the others; left out",
                    others.len()
                ),
            ));
        }
        objects.into_iter().map(|(p, _)| (*p).clone()).collect()
    } else if kept.len() > 1 || own_narrows {
        // Scalars, enums, arrays: one schema of every part's keywords.
        for (i, part) in kept.iter().enumerate() {
            let resolved = resolve(doc, part, 0).unwrap_or(part);
            let Value::Object(part) = resolved else { continue };
            for (key, value) in part {
                if key == "description" || key == "title" {
                    out.entry(key.clone()).or_insert_with(|| value.clone());
                    continue;
                }
                if let Some(before) = out.insert(key.clone(), value.clone()) {
                    if before != *value {
                        notes.push(Remark::choice(
                            all_of_pointer.child(i),
                            format!(
                                "the `allOf` parts disagree on `{key}` ({before} and {value}); the later one's is kept"
                            ),
                        ));
                    }
                }
            }
        }
        Vec::new()
    } else {
        kept.into_iter().cloned().collect()
    };
    if !parts.is_empty() {
        out.insert("allOf".to_owned(), Value::Array(parts));
    }
    Some(Value::Object(out))
}

fn without(map: &Map<String, Value>, key: &str) -> Map<String, Value> {
    map.iter().filter(|(k, _)| *k != key).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The schema `part` is, following references in `doc`.
fn resolve<'d>(doc: &'d Value, part: &'d Value, depth: usize) -> Option<&'d Value> {
    match part.get("$ref").and_then(Value::as_str) {
        Some(reference) if depth < 32 => resolve(doc, doc.pointer(reference.strip_prefix('#')?)?, depth + 1),
        Some(_) => None,
        None => Some(part),
    }
}

/// Whether a part is an object whose properties lowering merges: `type: object`, properties,
/// `additionalProperties`, or an `allOf` of objects; a composition (`oneOf`) counts too, as
/// lowering reports what it cannot merge.
fn is_object(doc: &Value, part: &Value, depth: usize) -> bool {
    let Some(Value::Object(schema)) = resolve(doc, part, 0) else { return true };
    if depth > 32 {
        return true;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => true,
        Some(_) => false,
        None => {
            ["properties", "additionalProperties", "oneOf", "anyOf", "discriminator", "required"]
                .iter()
                .any(|k| schema.contains_key(*k))
                || schema
                    .get("allOf")
                    .and_then(Value::as_array)
                    .is_some_and(|parts| parts.iter().any(|p| is_object(doc, p, depth + 1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rewritten(doc: Value, pointer: &str) -> (Value, Vec<Remark>) {
        let mut doc = doc;
        let mut notes = Vec::new();
        all_of(&mut doc, &mut notes);
        (doc.pointer(pointer).cloned().unwrap_or(Value::Null), notes)
    }

    #[test]
    fn parts_that_are_not_objects_are_merged_or_left_out() {
        let doc = |schema: Value| {
            json!({"components": {"schemas": {
                "Status": {"type": "string", "enum": ["a", "b"]},
                "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
                "S": schema
            }}})
        };
        let at = "/components/schemas/S";
        // An enum wrapped to add a description: the wrapper is the enum.
        let (s, _) =
            rewritten(doc(json!({"allOf": [{"$ref": "#/components/schemas/Status"}, {"description": "Why."}]})), at);
        assert_eq!(s, json!({"description": "Why.", "allOf": [{"$ref": "#/components/schemas/Status"}]}));
        // Two scalar parts: one schema.
        let (s, _) = rewritten(doc(json!({"allOf": [{"type": "string"}, {"format": "date"}]})), at);
        assert_eq!(s, json!({"type": "string", "format": "date"}));
        // A scalar part narrowed by the schema's own keywords: one scalar schema.
        let (s, _) = rewritten(doc(json!({"allOf": [{"$ref": "#/components/schemas/Status"}], "maxLength": 1})), at);
        assert_eq!(s, json!({"type": "string", "enum": ["a", "b"], "maxLength": 1}));
        // Beside an object, a scalar part cannot be; a note says so.
        let (s, notes) =
            rewritten(doc(json!({"allOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "string"}]})), at);
        assert_eq!(s, json!({"allOf": [{"$ref": "#/components/schemas/Thing"}]}));
        assert_eq!(notes.len(), 1);
        // Objects alone are lowering's.
        let objects =
            json!({"allOf": [{"$ref": "#/components/schemas/Thing"}, {"properties": {"x": {"type": "string"}}}]});
        assert_eq!(rewritten(doc(objects.clone()), at).0, objects);
    }
}
