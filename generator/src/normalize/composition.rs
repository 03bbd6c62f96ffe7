//! Compositions beside other keywords, written in the forms lowering types precisely:
//! - a scalar or array `type` beside `oneOf`/`anyOf` narrows the alternatives: it goes into
//!   each one that says no type of its own (`{type: string, oneOf: [{format: date}, ...]}`);
//! - `oneOf`/`anyOf` beside `allOf`, or both beside each other, are parts of the `allOf`, so
//!   that the value has the properties of every part and is one of each union's alternatives
//!   (lowering flattens a union part into the struct);
//! - `oneOf`/`anyOf` beside `properties`, where an inline alternative restates one of those
//!   properties (`{properties: {url: ...}, anyOf: [{required: [url]}, ...]}`), is a union of
//!   alternatives that each hold the object's properties with their own (a property schema's
//!   keywords overlaid by the alternative's): an alternative must see the keys it names,
//!   which a struct that flattens the union would have read first;
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
        restated_into_alternatives(map, at, notes);
        unions_into_all_of(map, at, rewrites);
    }
    each_subschema(node, at, &mut |child, child_at| composition(child, child_at, rewrites, notes));
}

/// `not` beside other keywords is left to the server; alone, it allows any other value. One
/// that requires a single property (`not: {required: [url]}`) says that property is absent,
/// so an object that describes it leaves it out.
fn not(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Remark>) {
    if !map.contains_key("not") {
        return;
    }
    if let Some(name) = absent_property(map) {
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            properties.remove(&name);
        }
        map.remove("not");
        let message = format!("`not: {{required: [{name}]}}` says `{name}` is absent; the object leaves it out");
        notes.push(Remark::choice(at.pointer().child("not"), message));
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

/// The property that `not: {required: [name]}` keeps out of an object that describes it
/// without requiring it.
fn absent_property(map: &Map<String, Value>) -> Option<String> {
    let not = map.get("not")?.as_object().filter(|not| not.len() == 1)?;
    let [Value::String(name)] = not.get("required")?.as_array()?.as_slice() else { return None };
    let required = map.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|n| n == name));
    let described = map.get("properties").and_then(Value::as_object).is_some_and(|p| p.contains_key(name));
    (described && !required).then(|| name.clone())
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

/// The keywords of an object that the alternatives of a union beside it take in.
const OBJECT_KEYWORDS: &[&str] = &["type", "properties", "required", "additionalProperties"];

/// `oneOf`/`anyOf` beside `properties` that an inline alternative restates: each alternative
/// takes the object's keywords in, its own winning (a `$ref` alternative as an `allOf` of the
/// object and the reference).
fn restated_into_alternatives(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Remark>) {
    let keyword = match (map.contains_key("oneOf"), map.contains_key("anyOf")) {
        (true, false) => "oneOf",
        (false, true) => "anyOf",
        _ => return,
    };
    let Some(Value::Object(properties)) = map.get("properties") else { return };
    let Some(Value::Array(alternatives)) = map.get(keyword) else { return };
    let restates = |alternative: &Value| {
        let named = alternative
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.keys())
            .map(String::as_str);
        let required = alternative.get("required").and_then(Value::as_array).into_iter().flatten();
        named.chain(required.filter_map(Value::as_str)).any(|name| properties.contains_key(name))
    };
    if map.contains_key("allOf") || !alternatives.iter().any(restates) {
        return;
    }
    let base: Map<String, Value> =
        OBJECT_KEYWORDS.iter().filter_map(|k| map.remove(*k).map(|v| ((*k).to_owned(), v))).collect();
    let Some(Value::Array(alternatives)) = map.get_mut(keyword) else { return };
    for alternative in alternatives.iter_mut() {
        let merged = match &*alternative {
            Value::Object(own) if !own.contains_key("$ref") => Value::Object(overlaid(&base, own)),
            other => json!({"allOf": [Value::Object(base.clone()), other.clone()]}),
        };
        *alternative = merged;
    }
    notes.push(Remark::choice(
        at.pointer().child(keyword),
        format!("the alternatives restate properties of the object beside the `{keyword}`; each alternative is typed with all of them"),
    ));
}

/// `base` with `own`'s keywords over it: properties merged one by one (a property's keywords
/// overlaid), `required` joined, the rest `own`'s where it has them.
fn overlaid(base: &Map<String, Value>, own: &Map<String, Value>) -> Map<String, Value> {
    let mut out = base.clone();
    for (key, value) in own {
        match (key.as_str(), out.get_mut(key), value) {
            ("properties", Some(Value::Object(into)), Value::Object(from)) => {
                for (name, schema) in from {
                    match (into.get_mut(name), schema) {
                        (Some(Value::Object(into)), Value::Object(from)) if !from.contains_key("$ref") => {
                            into.extend(from.iter().map(|(k, v)| (k.clone(), v.clone())));
                        }
                        _ => {
                            into.insert(name.clone(), schema.clone());
                        }
                    }
                }
            }
            ("required", Some(Value::Array(into)), Value::Array(from)) => {
                into.extend(from.iter().filter(|name| !into.contains(name)).cloned().collect::<Vec<_>>());
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
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
            // Alternatives that restate the object's properties take them in; those that do not
            // stay flattened beside them.
            (
                json!({"description": "A file.", "type": "object", "required": ["via"],
                    "properties": {"via": {"type": "string", "enum": ["url", "id"]}, "url": {"type": "string"}},
                    "anyOf": [{"properties": {"via": {"enum": ["url"]}}, "required": ["url"]}, {"$ref": "#/components/schemas/ById"}]}),
                json!({"description": "A file.", "anyOf": [
                    {"type": "object", "required": ["via", "url"],
                        "properties": {"via": {"type": "string", "enum": ["url"]}, "url": {"type": "string"}}},
                    {"allOf": [{"type": "object", "required": ["via"],
                        "properties": {"via": {"type": "string", "enum": ["url", "id"]}, "url": {"type": "string"}}},
                        {"$ref": "#/components/schemas/ById"}]}]}),
            ),
            (
                json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "not": {"required": ["b"]}}),
                json!({"properties": {"a": {"type": "string"}}}),
            ),
            (
                json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "not": {"required": ["a", "b"]}}),
                json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}}}),
            ),
            (
                json!({"properties": {"a": {"type": "string"}}, "oneOf": [{"properties": {"b": {"type": "string"}}}]}),
                json!({"properties": {"a": {"type": "string"}}, "oneOf": [{"properties": {"b": {"type": "string"}}}]}),
            ),
        ];
        for (written, meant) in cases {
            assert_eq!(normalized(written.clone()).0, meant, "{written}");
        }
        let (_, notes) = normalized(json!({"not": {"type": "null"}}));
        assert_eq!(notes[0].kind, crate::model::NoteKind::Loose, "`not` alone is typed loosely");
    }
}
