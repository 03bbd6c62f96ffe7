//! The rules of one schema, applied to it and to every schema inside it:
//! - `type: [T, "null"]` is `type: T` with `nullable: true`; several types other than `null`
//!   are an `anyOf` of one schema per type, each with the keywords of its type;
//! - `const: v` is `enum: [v]`;
//! - a numeric `exclusiveMinimum`/`exclusiveMaximum` is the bound with the 3.0 flag;
//! - `contentEncoding: base64` is `format: byte`; `contentMediaType` of content that is not
//!   JSON is `format: binary`;
//! - `prefixItems` gives `items`: the one schema they share, else an `anyOf` of them;
//! - boolean schemas: `true` is any value; a `false` item or property schema removes it;
//! - an `anyOf`/`oneOf` alternative that only allows `null` makes the schema `nullable`;
//! - integer bounds, enum values and multiples beyond 64 bits are clamped to what an `i64`
//!   holds (bounds) or left out (values), with a note: the field's type cannot hold more;
//! - in 3.1, a `$ref` beside other keywords is an `allOf` of the reference and them: a
//!   `description` overrides the target's, other keywords narrow it.

use serde_json::{Map, Value, json};

use super::{At, Dialect, Remark, Rewrites, each_subschema};
use crate::media;

/// Keywords that apply to values of one type only, by type.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType"]),
    ("number", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"]),
    ("integer", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"]),
    ("array", &["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
            "propertyNames",
            "discriminator",
        ],
    ),
];

/// Keywords a `$ref` may sit beside without changing what the reference means.
const INERT_BESIDE_REF: &[&str] = &["$comment", "example", "examples"];

pub(super) fn schema(
    node: &mut Value,
    at: &At<'_>,
    dialect: Dialect,
    rewrites: &mut Rewrites,
    notes: &mut Vec<Remark>,
) {
    if let Value::Bool(any) = node {
        if !*any {
            notes.push(Remark::loose(at.pointer(), "a `false` schema (no value at all) is read as any value"));
        }
        *node = Value::Object(Map::new());
    }
    let Value::Object(map) = node else { return };
    match dialect {
        Dialect::V31 => reference_beside_keywords(map, at, rewrites),
        Dialect::V30 => nullable_reference(map, at, rewrites, notes),
    }
    type_list(map, at, rewrites, notes);
    if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    if let Some(value) = map.remove("const") {
        map.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    enum_type(map);
    object_keywords_on_scalars(map, at, notes);
    exclusive_bounds(map);
    content(map);
    boolean_subschemas(map, at, notes);
    prefix_items(map, at, rewrites);
    null_alternatives(map, at, rewrites);
    integer_limits(map, at, notes);
    each_subschema(node, at, &mut |child, child_at| schema(child, child_at, dialect, rewrites, notes));
}

/// `{$ref, description, ...}` as `{allOf: [{$ref}], description, ...}`.
fn reference_beside_keywords(map: &mut Map<String, Value>, at: &At<'_>, rewrites: &mut Rewrites) {
    if !map.contains_key("$ref") || map.keys().all(|k| k == "$ref" || INERT_BESIDE_REF.contains(&k.as_str())) {
        return;
    }
    if let Some(reference) = map.remove("$ref") {
        let pointer = &at.pointer();
        map.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
        rewrites.record(pointer.join(["allOf", "0"]), pointer.to_owned());
    }
}

/// In 3.0, `{$ref, nullable: true}` as `{allOf: [{$ref}], nullable: true}`. 3.0 ignores a
/// reference's siblings, but this one is widely written to mean "or null", and servers send
/// `null` there; a client that refused it would fail on their answers. Other siblings are
/// still ignored.
fn nullable_reference(map: &mut Map<String, Value>, at: &At<'_>, rewrites: &mut Rewrites, notes: &mut Vec<Remark>) {
    if map.get("nullable") != Some(&Value::Bool(true)) {
        return;
    }
    let Some(reference) = map.remove("$ref") else { return };
    let pointer = &at.pointer();
    map.clear();
    map.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    map.insert("nullable".to_owned(), Value::Bool(true));
    rewrites.record(pointer.join(["allOf", "0"]), pointer.to_owned());
    notes.push(Remark::choice(
        pointer.to_owned(),
        "`nullable: true` beside a `$ref` (which OpenAPI 3.0 says to ignore) is honoured: the value may be null",
    ));
}

/// `type: [..]`: `null` makes the schema nullable; one other type is the type; several are
/// an `anyOf` of one schema per type.
fn type_list(map: &mut Map<String, Value>, at: &At<'_>, rewrites: &mut Rewrites, notes: &mut Vec<Remark>) {
    let Some(Value::Array(types)) = map.get("type") else { return };
    let types: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    if types.iter().any(|t| t == "null") {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    let others: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    match others.as_slice() {
        [] => {
            map.remove("type");
        }
        [one] => {
            map.insert("type".to_owned(), Value::String((*one).clone()));
        }
        _ if map.contains_key("anyOf") || map.contains_key("oneOf") => {
            map.remove("type");
            let pointer = &at.pointer();
            notes.push(Remark::choice(
                pointer.to_owned(),
                "a list of types beside `anyOf`/`oneOf` is left to the alternatives".to_owned(),
            ));
        }
        several => {
            let pointer = &at.pointer();
            let mut alternatives = Vec::with_capacity(several.len());
            for ty in several {
                let mut alternative = Map::new();
                alternative.insert("type".to_owned(), Value::String((*ty).clone()));
                for keyword in keywords_of(ty) {
                    if let Some(value) = map.get(*keyword) {
                        alternative.insert((*keyword).to_owned(), value.clone());
                    }
                }
                if let Some(Value::Array(values)) = map.get("enum") {
                    let fitting: Vec<Value> = values.iter().filter(|v| is_of_type(v, ty)).cloned().collect();
                    alternative.insert("enum".to_owned(), Value::Array(fitting));
                }
                alternatives.push(Value::Object(alternative));
            }
            for ty in several {
                for keyword in keywords_of(ty) {
                    map.remove(*keyword);
                }
            }
            map.remove("enum");
            map.remove("type");
            map.insert("anyOf".to_owned(), Value::Array(alternatives));
            rewrites.record(pointer.child("anyOf"), pointer.to_owned());
        }
    }
}

/// Object keywords (`required`, `properties`) beside a scalar `type` constrain nothing: JSON
/// Schema applies them to objects only. They are dropped, with a note, so that the scalar is
/// typed as it says.
fn object_keywords_on_scalars(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Remark>) {
    let Some(ty) = map.get("type").and_then(Value::as_str).map(str::to_owned) else { return };
    if !matches!(ty.as_str(), "string" | "number" | "integer" | "boolean") {
        return;
    }
    for keyword in keywords_of("object") {
        if map.remove(*keyword).is_some() {
            notes.push(Remark::choice(
                at.pointer().child(*keyword),
                format!("`{keyword}` applies only to objects; beside `type: {ty}` it has no effect"),
            ));
        }
    }
}

fn keywords_of(ty: &str) -> &'static [&'static str] {
    TYPE_KEYWORDS.iter().find(|(t, _)| *t == ty).map_or(&[], |(_, k)| k)
}

fn is_of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// An `enum` (or `const`) without a `type` has the type its values share.
fn enum_type(map: &mut Map<String, Value>) {
    if map.contains_key("type") || ["allOf", "anyOf", "oneOf", "$ref"].iter().any(|k| map.contains_key(*k)) {
        return;
    }
    let Some(Value::Array(values)) = map.get("enum") else { return };
    let types: Vec<&str> = values.iter().filter(|v| !v.is_null()).map(json_type).collect();
    if let Some(first) = types.first().copied().filter(|t| types.iter().all(|u| u == t)) {
        map.insert("type".to_owned(), Value::String(first.to_owned()));
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// A numeric `exclusiveMinimum: n` is `minimum: n, exclusiveMinimum: true`, unless the
/// `minimum` beside it is tighter; the same for the maximum.
fn exclusive_bounds(map: &mut Map<String, Value>) {
    for (exclusive, inclusive, tighter) in [
        ("exclusiveMinimum", "minimum", (|a: f64, b: f64| a >= b) as fn(f64, f64) -> bool),
        ("exclusiveMaximum", "maximum", |a: f64, b: f64| a <= b),
    ] {
        // A boolean is 3.0's flag, already in the form 3.0 reads.
        let Some(bound) = map.get(exclusive).and_then(Value::as_f64) else { continue };
        let inclusive_tighter =
            map.get(inclusive).and_then(Value::as_f64).is_some_and(|i| i != bound && tighter(i, bound));
        let value = map.remove(exclusive).unwrap_or(Value::Null);
        if !inclusive_tighter {
            map.insert(inclusive.to_owned(), value);
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` is `format: byte`; `contentMediaType` of content that is not
/// JSON (an image, a file) is `format: binary`.
fn content(map: &mut Map<String, Value>) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if map.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media.as_ref().and_then(Value::as_str)) {
        (Some(e), _) if e.starts_with("base64") => "byte",
        (None, Some(m)) if !media::is_json(m) => "binary",
        _ => return,
    };
    map.entry("type").or_insert_with(|| Value::String("string".to_owned()));
    map.insert("format".to_owned(), Value::String(format.to_owned()));
}

/// Boolean schemas in items and properties: `true` is any value; `false` forbids, so an item
/// schema `false` (after `prefixItems`) says nothing more, and a property `false` cannot be.
fn boolean_subschemas(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Remark>) {
    if map.get("items") == Some(&Value::Bool(false)) {
        map.remove("items");
        map.insert("x-no-more-items".to_owned(), Value::Bool(true));
    }
    if map.get("items") == Some(&Value::Bool(true)) {
        map.insert("items".to_owned(), Value::Object(Map::new()));
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        let forbidden: Vec<String> =
            properties.iter().filter(|(_, v)| **v == Value::Bool(false)).map(|(k, _)| k.clone()).collect();
        for name in forbidden {
            properties.remove(&name);
            let pointer = &at.pointer();
            notes.push(Remark::choice(
                pointer.join(["properties", &name]),
                format!("the property `{name}` may not be present; it is left out"),
            ));
        }
        for value in properties.values_mut() {
            if *value == Value::Bool(true) {
                *value = Value::Object(Map::new());
            }
        }
    }
}

/// `prefixItems` give the items: the one schema they share, else an `anyOf` of them. With
/// no further items allowed, there are at most as many as they list.
fn prefix_items(map: &mut Map<String, Value>, at: &At<'_>, rewrites: &mut Rewrites) {
    let no_more = map.remove("x-no-more-items").is_some();
    let Some(Value::Array(prefix)) = map.remove("prefixItems") else { return };
    if prefix.is_empty() {
        return;
    }
    if no_more && !map.contains_key("maxItems") {
        map.insert("maxItems".to_owned(), json!(prefix.len()));
    }
    if map.contains_key("items") {
        return;
    }
    let pointer = &at.pointer();
    let items = if prefix.iter().all(|p| *p == prefix[0]) {
        rewrites.record(pointer.child("items"), pointer.join(["prefixItems", "0"]));
        prefix[0].clone()
    } else {
        rewrites.record(pointer.join(["items", "anyOf"]), pointer.child("prefixItems"));
        json!({ "anyOf": prefix })
    };
    map.insert("items".to_owned(), items);
}

/// An `anyOf`/`oneOf` alternative that only allows `null` (`{type: "null"}`,
/// `{nullable: true}`, `{enum: [null]}`) makes the schema nullable; a single alternative left
/// is what the schema wraps.
fn null_alternatives(map: &mut Map<String, Value>, at: &At<'_>, rewrites: &mut Rewrites) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(alternatives)) = map.get(keyword) else { continue };
        let is_null = |alternative: &Value| match alternative {
            Value::Object(a) => {
                a.get("type").and_then(Value::as_str) == Some("null")
                    || a.get("enum") == Some(&json!([null]))
                    || a.get("const") == Some(&Value::Null)
                    || (a.get("nullable") == Some(&Value::Bool(true))
                        && a.keys().all(|k| ["nullable", "description", "title"].contains(&k.as_str())))
            }
            _ => false,
        };
        if !alternatives.iter().any(is_null) {
            continue;
        }
        let pointer = &at.pointer();
        let kept: Vec<(usize, Value)> =
            alternatives.iter().enumerate().filter(|(_, a)| !is_null(a)).map(|(i, a)| (i, a.clone())).collect();
        map.remove(keyword);
        map.insert("nullable".to_owned(), Value::Bool(true));
        match kept.as_slice() {
            [] => {}
            [(i, only)] if !map.contains_key("allOf") => {
                map.insert("allOf".to_owned(), Value::Array(vec![only.clone()]));
                rewrites.record(pointer.join(["allOf", "0"]), pointer.child(keyword).child(i));
            }
            _ => {
                let positions: Vec<usize> = kept.iter().map(|(i, _)| *i).collect();
                for (now, written) in positions.iter().enumerate() {
                    if now != *written {
                        let base = pointer.child(keyword);
                        rewrites.record(base.child(now), base.child(written));
                    }
                }
                map.insert(keyword.to_owned(), Value::Array(kept.into_iter().map(|(_, a)| a).collect()));
            }
        }
    }
}

/// Integer bounds, values and multiples that an `i64` cannot hold.
fn integer_limits(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Remark>) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let pointer = &at.pointer();
    for (keyword, round) in [("minimum", f64::ceil as fn(f64) -> f64), ("maximum", f64::floor)] {
        let Some(value) = map.get(keyword) else { continue };
        if value.is_i64() {
            continue;
        }
        let Some(number) = value.as_f64() else { continue };
        let clamped = clamp(round(number));
        notes.push(Remark::choice(
            pointer.child(keyword),
            format!("the integer bound {value} is read as {clamped}, the nearest a 64-bit integer holds"),
        ));
        map.insert(keyword.to_owned(), json!(clamped));
    }
    if map.get("multipleOf").is_some_and(|m| !m.is_i64()) {
        map.remove("multipleOf");
        notes.push(Remark::choice(
            pointer.child("multipleOf"),
            "a `multipleOf` that is not an integer is left to the server".to_owned(),
        ));
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        let before = values.len();
        values.retain(|v| v.is_i64() || v.is_null());
        if values.len() != before {
            notes.push(Remark::choice(
                pointer.child("enum"),
                "enum values a 64-bit integer cannot hold are left out".to_owned(),
            ));
        }
    }
}

fn clamp(number: f64) -> i64 {
    if number <= i64::MIN as f64 {
        i64::MIN
    } else if number >= i64::MAX as f64 {
        i64::MAX
    } else {
        number as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointer::Pointer;

    fn normalized(dialect: Dialect, schema_value: Value) -> (Value, Vec<Remark>) {
        let mut node = schema_value;
        let (mut rewrites, mut notes) = (Rewrites::default(), Vec::new());
        schema(&mut node, &At::pointer_is(&Pointer::parse("/s")), dialect, &mut rewrites, &mut notes);
        (node, notes)
    }

    #[test]
    fn each_rule_writes_the_3_0_it_means() {
        let cases = [
            (
                json!({"type": ["string", "null"], "maxLength": 3}),
                json!({"type": "string", "nullable": true, "maxLength": 3}),
            ),
            (json!({"type": "null"}), json!({"nullable": true})),
            (json!({"const": "dog"}), json!({"enum": ["dog"], "type": "string"})),
            (
                json!({"type": "number", "exclusiveMinimum": 0}),
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
            ),
            (json!({"type": "string", "contentEncoding": "base64"}), json!({"type": "string", "format": "byte"})),
            (json!({"contentMediaType": "image/png"}), json!({"type": "string", "format": "binary"})),
            (
                json!({"type": "array", "items": false, "prefixItems": [{"type": "string"}, {"type": "string"}]}),
                json!({"type": "array", "items": {"type": "string"}, "maxItems": 2}),
            ),
            (
                json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"nullable": true}]}),
                json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]}),
            ),
            (
                json!({"$ref": "#/components/schemas/A", "description": "Here."}),
                json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "Here."}),
            ),
            (
                json!({"type": ["string", "integer"], "minLength": 1, "minimum": 0}),
                json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}]}),
            ),
            (
                json!({"type": "integer", "minimum": -9223372036854776000.0_f64}),
                json!({"type": "integer", "minimum": i64::MIN}),
            ),
        ];
        for (written, meant) in cases {
            assert_eq!(normalized(Dialect::V31, written.clone()).0, meant, "{written}");
        }
    }

    #[test]
    fn a_3_0_reference_keeps_ignoring_its_siblings() {
        let written = json!({"$ref": "#/components/schemas/A", "description": "ignored in 3.0"});
        assert_eq!(normalized(Dialect::V30, written.clone()).0, written);
    }

    #[test]
    fn object_keywords_beside_a_scalar_type_have_no_effect() {
        let (value, notes) = normalized(Dialect::V30, json!({"type": "integer", "minimum": 1, "required": ["top_k"]}));
        assert_eq!(value, json!({"type": "integer", "minimum": 1}));
        assert_eq!(notes.len(), 1, "the keyword dropped is named");
    }

    #[test]
    fn a_3_0_reference_beside_nullable_may_be_null() {
        let written = json!({"$ref": "#/components/schemas/A", "nullable": true, "description": "ignored in 3.0"});
        let (value, notes) = normalized(Dialect::V30, written);
        assert_eq!(value, json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true}));
        assert_eq!(notes.len(), 1, "the choice is said");
    }
}
