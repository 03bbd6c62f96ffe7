//! Compositions beside other keywords, written in the forms lowering types precisely:
//! - a scalar or array `type` beside `oneOf`/`anyOf` narrows the alternatives: it goes into
//!   each one that says no type of its own (`{type: string, oneOf: [{format: date}, ...]}`);
//! - `oneOf`/`anyOf` beside `allOf`, or both beside each other, are parts of the `allOf`, so
//!   that the value has the properties of every part and is one of each union's alternatives
//!   (lowering flattens a union part into the struct);
//! - `not` says what a value is not, which no Rust type can say: beside other keywords it is
//!   left to the server, with a note; alone, the value is any JSON value.

use serde_json::{Map, Value, json};

use super::{At, Remark, Rewrites, each_subschema};

/// Keywords that constrain a value of one type, which narrowing carries into alternatives.
const SCALAR_KEYWORDS: &[&str] = &[
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
];

pub(super) fn composition(node: &mut Value, at: &At<'_>, rewrites: &mut Rewrites, notes: &mut Vec<Remark>) {
    if let Value::Object(map) = node {
        not(map, at, notes);
        narrow_alternatives(map);
        unions_into_all_of(map, at, rewrites);
    }
    each_subschema(node, at, &mut |child, child_at| composition(child, child_at, rewrites, notes));
}

/// `not` beside other keywords is left to the server; alone, it allows any other value.
fn not(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Remark>) {
    if !map.contains_key("not") {
        return;
    }
    let alone = map.keys().all(|k| k == "not" || !is_constraint(k));
    map.remove("not");
    let pointer = at.pointer().child("not");
    notes.push(match alone {
        true => Remark::loose(pointer, "a value described only by what it is not (`not`) is any JSON value"),
        false => Remark::choice(pointer, "`not` excludes values no Rust type can exclude; it is left to the server"),
    });
}

/// Whether a keyword constrains values (rather than describing them).
fn is_constraint(keyword: &str) -> bool {
    !matches!(
        keyword,
        "description"
            | "title"
            | "example"
            | "examples"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "nullable"
            | "externalDocs"
            | "$comment"
            | "xml"
    ) && !keyword.starts_with("x-")
}

/// A scalar or array `type` beside `oneOf`/`anyOf` goes into each alternative that has none,
/// with the keywords of that type.
fn narrow_alternatives(map: &mut Map<String, Value>) {
    let Some(ty) = map.get("type").and_then(Value::as_str).filter(|t| *t != "object").map(str::to_owned) else {
        return;
    };
    if !map.contains_key("oneOf") && !map.contains_key("anyOf") {
        return;
    }
    let carried: Vec<(String, Value)> =
        SCALAR_KEYWORDS.iter().filter_map(|k| map.get(*k).map(|v| ((*k).to_owned(), v.clone()))).collect();
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(alternatives)) = map.get_mut(keyword) else { continue };
        for alternative in alternatives.iter_mut() {
            let Value::Object(alternative) = alternative else { continue };
            if alternative.contains_key("type") || alternative.contains_key("$ref") {
                continue;
            }
            alternative.insert("type".to_owned(), Value::String(ty.clone()));
            for (keyword, value) in &carried {
                alternative.entry(keyword.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    map.remove("type");
    for keyword in SCALAR_KEYWORDS {
        map.remove(*keyword);
    }
}

/// `oneOf`/`anyOf` beside `allOf`, or beside each other, become parts of an `allOf`.
fn unions_into_all_of(map: &mut Map<String, Value>, at: &At<'_>, rewrites: &mut Rewrites) {
    let unions = ["oneOf", "anyOf"].iter().filter(|k| map.contains_key(**k)).count();
    if unions == 0 || (unions == 1 && !map.contains_key("allOf")) {
        return;
    }
    let mut parts = match map.remove("allOf") {
        Some(Value::Array(parts)) => parts,
        Some(other) => vec![other],
        None => Vec::new(),
    };
    for keyword in ["oneOf", "anyOf"] {
        if let Some(alternatives) = map.remove(keyword) {
            let pointer = at.pointer();
            rewrites.record(pointer.join(["allOf", &parts.len().to_string(), keyword]), pointer.child(keyword));
            let mut part = Map::new();
            part.insert(keyword.to_owned(), alternatives);
            if keyword == "oneOf" {
                if let Some(discriminator) = map.remove("discriminator") {
                    part.insert("discriminator".to_owned(), discriminator);
                }
            }
            parts.push(Value::Object(part));
        }
    }
    map.insert("allOf".to_owned(), json!(parts));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointer::Pointer;

    fn normalized(schema: Value) -> (Value, Vec<Remark>) {
        let mut node = schema;
        let mut notes = Vec::new();
        composition(&mut node, &At::pointer_is(&Pointer::parse("/s")), &mut Rewrites::default(), &mut notes);
        (node, notes)
    }

    #[test]
    fn each_rule_writes_the_form_lowering_types() {
        let cases = [
            (
                json!({"type": "string", "maxLength": 9, "oneOf": [{"format": "date"}, {"enum": ["never"]}, {"type": "integer"}]}),
                json!({"oneOf": [{"type": "string", "maxLength": 9, "format": "date"}, {"type": "string", "maxLength": 9, "enum": ["never"]}, {"type": "integer"}]}),
            ),
            (
                json!({"allOf": [{"$ref": "#/components/schemas/Base"}], "oneOf": [{"$ref": "#/components/schemas/A"}], "discriminator": {"propertyName": "kind"}}),
                json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"oneOf": [{"$ref": "#/components/schemas/A"}], "discriminator": {"propertyName": "kind"}}]}),
            ),
            (
                json!({"oneOf": [{"type": "string"}], "anyOf": [{"type": "integer"}]}),
                json!({"allOf": [{"oneOf": [{"type": "string"}]}, {"anyOf": [{"type": "integer"}]}]}),
            ),
            (json!({"type": "string", "not": {"enum": ["x"]}}), json!({"type": "string"})),
            (json!({"not": {"type": "null"}, "description": "Anything."}), json!({"description": "Anything."})),
            (
                json!({"type": "object", "oneOf": [{"required": ["a"]}]}),
                json!({"type": "object", "oneOf": [{"required": ["a"]}]}),
            ),
        ];
        for (written, meant) in cases {
            assert_eq!(normalized(written.clone()).0, meant, "{written}");
        }
        let (_, notes) = normalized(json!({"not": {"type": "null"}}));
        assert_eq!(notes[0].kind, crate::model::NoteKind::Loose, "`not` alone is typed loosely");
    }
}
