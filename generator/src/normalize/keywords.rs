//! JSON Schema 2020-12 keywords that OpenAPI 3.0's schema has no word for, written as what
//! it does say where a Rust type can hold them, and noted where it cannot:
//! - `patternProperties`: the values of the properties whose names match are a map's values
//!   (`additionalProperties`; a union when the patterns' schemas differ); the names are the
//!   server's to check;
//! - `unevaluatedProperties` is `additionalProperties` where that is not said;
//! - `dependentRequired`, `dependentSchemas`, `if`/`then`/`else`, `propertyNames`,
//!   `contains`, `minContains`, `maxContains`, `unevaluatedItems`: constraints no Rust type
//!   says, left to the server, with a note;
//! - `$anchor` and `$dynamicAnchor` name a schema that `$ref: '#name'` and `$dynamicRef`
//!   refer to: the references are written as pointers to it (`$dynamicRef` statically, to
//!   the anchor in this document).

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::{At, Remark, each_root, each_subschema};
use crate::pointer::Pointer;

/// Constraints no Rust type says, left to the server.
const LEFT_TO_THE_SERVER: &[&str] = &[
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];

pub(super) fn keywords(doc: &mut Value, notes: &mut Vec<Remark>) {
    let mut anchors = HashMap::new();
    each_root(doc, &mut |node, at| find_anchors(node, at, &mut anchors));
    each_root(doc, &mut |node, at| rewrite(node, at, &anchors, notes));
}

/// The pointers of the schemas named by `$anchor` or `$dynamicAnchor`.
fn find_anchors(node: &mut Value, at: &At<'_>, anchors: &mut HashMap<String, Pointer>) {
    for keyword in ["$anchor", "$dynamicAnchor"] {
        if let Some(name) = node.get(keyword).and_then(Value::as_str) {
            anchors.entry(name.to_owned()).or_insert_with(|| at.pointer());
        }
    }
    each_subschema(node, at, &mut |child, child_at| find_anchors(child, child_at, anchors));
}

fn rewrite(node: &mut Value, at: &At<'_>, anchors: &HashMap<String, Pointer>, notes: &mut Vec<Remark>) {
    if let Value::Object(map) = node {
        references(map, at, anchors, notes);
        pattern_properties(map, at, notes);
        if !map.contains_key("additionalProperties") {
            if let Some(unevaluated) = map.remove("unevaluatedProperties") {
                map.insert("additionalProperties".to_owned(), unevaluated);
            }
        }
        let left: Vec<&str> = LEFT_TO_THE_SERVER.iter().copied().filter(|k| map.contains_key(*k)).collect();
        for keyword in left {
            map.remove(keyword);
            notes.push(Remark::choice(
                at.pointer().child(keyword),
                format!("`{keyword}` constrains values in a way no Rust type says; it is left to the server"),
            ));
        }
    }
    each_subschema(node, at, &mut |child, child_at| rewrite(child, child_at, anchors, notes));
}

/// `$ref: '#name'` and `$dynamicRef: '#name'` as references to the anchored schema.
fn references(map: &mut Map<String, Value>, at: &At<'_>, anchors: &HashMap<String, Pointer>, notes: &mut Vec<Remark>) {
    if let Some(Value::String(dynamic)) = map.remove("$dynamicRef") {
        map.entry("$ref").or_insert(Value::String(dynamic));
        notes.push(Remark::choice(
            at.pointer().child("$dynamicRef"),
            "`$dynamicRef` is read as a reference to the anchor of its name in this document",
        ));
    }
    let Some(Value::String(reference)) = map.get_mut("$ref") else { return };
    let Some(name) = reference.strip_prefix('#').filter(|name| !name.is_empty() && !name.starts_with('/')) else {
        return;
    };
    if let Some(pointer) = anchors.get(name) {
        *reference = format!("#{pointer}");
    }
}

/// `patternProperties` as the values of a map; the patterns are the server's to check.
fn pattern_properties(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Remark>) {
    let Some(Value::Object(patterns)) = map.remove("patternProperties") else { return };
    let mut schemas: Vec<Value> = Vec::new();
    for schema in patterns.values() {
        if !schemas.contains(schema) {
            schemas.push(schema.clone());
        }
    }
    if let Some(additional) = map.get("additionalProperties").filter(|a| a.is_object()) {
        if !schemas.contains(additional) {
            schemas.push(additional.clone());
        }
    }
    let values = match schemas.len() {
        0 => return,
        1 => schemas.remove(0),
        _ => json!({ "anyOf": schemas }),
    };
    map.insert("additionalProperties".to_owned(), values);
    map.entry("type").or_insert_with(|| json!("object"));
    let names: Vec<&String> = patterns.keys().collect();
    notes.push(Remark::choice(
        at.pointer().child("patternProperties"),
        format!("the properties whose names match {names:?} are a map's values; the names are left to the server"),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(doc: Value) -> (Value, Vec<Remark>) {
        let mut doc = doc;
        let mut notes = Vec::new();
        keywords(&mut doc, &mut notes);
        (doc, notes)
    }

    #[test]
    fn each_keyword_is_written_as_what_openapi_3_0_says() {
        let (doc, notes) = normalized(json!({"components": {"schemas": {
            "Keys": {"type": "object", "properties": {"id": {"type": "string"}}, "patternProperties": {"^x-": {"type": "integer"}, "^y-": {"type": "integer"}}},
            "Mixed": {"patternProperties": {"^a": {"type": "string"}, "^b": {"type": "integer"}}},
            "Sealed": {"type": "object", "properties": {"a": {"type": "string"}}, "unevaluatedProperties": false},
            "Node": {"$anchor": "node", "type": "object", "properties": {"next": {"$ref": "#node"}, "any": {"$dynamicRef": "#node"}}},
            "Rules": {"type": "object", "dependentRequired": {"a": ["b"]}, "if": {"required": ["a"]}, "then": {"required": ["b"]}}
        }}}));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Keys"]["additionalProperties"], json!({"type": "integer"}));
        assert_eq!(
            schemas["Mixed"]["additionalProperties"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(schemas["Sealed"]["additionalProperties"], json!(false));
        assert_eq!(schemas["Node"]["properties"]["next"]["$ref"], "#/components/schemas/Node");
        assert_eq!(schemas["Node"]["properties"]["any"]["$ref"], "#/components/schemas/Node");
        assert_eq!(schemas["Rules"], json!({"type": "object"}));
        assert_eq!(notes.len(), 2 + 1 + 3, "{notes:?}");
    }
}
