//! References to a schema below `components/schemas/<name>` (`#/components/schemas/Tag/allOf/0`,
//! a `$defs` entry) or elsewhere in the document (`#/paths/...`): the schema is hoisted into a
//! component of its own, its place and every reference to it then refer to that component,
//! so that it is one type. The component is named after where the schema was, without the
//! words of the schema's structure (`Tag/allOf/0` -> `Tag_allOf_0`, `Pet/$defs/Owner` ->
//! `Owner`, `Pet/properties/owner` -> `Pet_owner`), numbered if the name is taken.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::{At, Rewrites, each_root, each_subschema};
use crate::pointer::Pointer;

/// Path segments that say how a schema is built, not what it is.
const STRUCTURE: &[&str] = &["components", "schemas", "properties", "$defs", "definitions", "content", "schema"];

pub(super) fn hoist(doc: &mut Value, rewrites: &mut Rewrites) {
    let mut dangling = BTreeSet::new();
    loop {
        let mut references = BTreeSet::new();
        each_root(doc, &mut |node, at| collect(node, at, &mut references));
        // The shallowest first: hoisting it moves the ones below it.
        let Some(target) = references
            .into_iter()
            .filter(|r| is_deep(r) && !dangling.contains(r))
            .min_by_key(|r| (Pointer::parse(r).segments().count(), r.clone()))
        else {
            return;
        };
        let pointer = target.trim_start_matches('#').to_owned();
        let Some(schema) = doc.pointer(&pointer).cloned() else {
            dangling.insert(target);
            continue;
        };
        let name = free_name(doc, &pointer);
        let component = Pointer::root().join(["components", "schemas", &name]);
        let reference = format!("#{component}");
        if let Some(slot) = doc.pointer_mut(&pointer) {
            *slot = json!({ "$ref": reference });
        }
        let schemas = components_schemas(doc);
        schemas.insert(name, schema);
        retarget(doc, &target, &reference);
        rewrites.record(component, Pointer::parse(&pointer));
    }
}

/// The `$ref`s of the schema `node` and the schemas inside it.
fn collect(node: &mut Value, at: &At<'_>, out: &mut BTreeSet<String>) {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        out.insert(reference.to_owned());
    }
    each_subschema(node, at, &mut |child, child_at| collect(child, child_at, out));
}

/// Whether a reference points below a component or outside `components` (not
/// `#/components/<section>/<name>`, nor another document).
fn is_deep(reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix('#') else { return false };
    let segments: Vec<String> = Pointer::parse(pointer).segments().collect();
    pointer.starts_with('/') && !(segments.len() == 3 && segments[0] == "components")
}

/// A component name for the schema at `pointer`, not yet taken.
fn free_name(doc: &Value, pointer: &str) -> String {
    let segments: Vec<String> = Pointer::parse(pointer).segments().collect();
    let meaningful: Vec<&str> = match segments.iter().rposition(|s| s == "$defs" || s == "definitions") {
        Some(at) => segments[at + 1..].iter().map(String::as_str).collect(),
        None => segments.iter().map(String::as_str).filter(|s| !STRUCTURE.contains(s)).collect(),
    };
    let base: String =
        meaningful.join("_").chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let base = if base.is_empty() { "Schema".to_owned() } else { base };
    let taken = |name: &str| doc.pointer(Pointer::root().join(["components", "schemas", name]).as_str()).is_some();
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// `components/schemas` of `doc`, made if missing.
pub(crate) fn components_schemas(doc: &mut Value) -> &mut Map<String, Value> {
    let root = match doc {
        Value::Object(root) => root,
        other => {
            *other = Value::Object(Map::new());
            match other {
                Value::Object(root) => root,
                _ => unreachable!("just made an object"),
            }
        }
    };
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let Value::Object(components) = components else { unreachable!("an object") };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    if !schemas.is_object() {
        *schemas = json!({});
    }
    let Value::Object(schemas) = schemas else { unreachable!("an object") };
    schemas
}

/// Points every reference to `old` (or below it) at `new` (or below it).
fn retarget(node: &mut Value, old: &str, new: &str) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if reference == old {
                    *reference = new.to_owned();
                } else if let Some(rest) = reference.strip_prefix(old).filter(|rest| rest.starts_with('/')) {
                    *reference = format!("{new}{rest}");
                }
            }
            for value in map.values_mut() {
                retarget(value, old, new);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| retarget(item, old, new)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_below_a_component_becomes_one_of_its_own() {
        let mut doc = json!({
            "components": {"schemas": {
                "Tag": {"allOf": [{"type": "object", "properties": {"name": {"type": "string"}}}]},
                "Pet": {
                    "$defs": {"Owner": {"type": "object", "properties": {"id": {"type": "string"}}}},
                    "properties": {
                        "tag": {"$ref": "#/components/schemas/Tag/allOf/0"},
                        "owner": {"$ref": "#/components/schemas/Pet/$defs/Owner"},
                        "owner_id": {"$ref": "#/components/schemas/Pet/$defs/Owner/properties/id"}
                    }
                }
            }}
        });
        let mut rewrites = Rewrites::default();
        hoist(&mut doc, &mut rewrites);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Tag"]["allOf"][0], json!({"$ref": "#/components/schemas/Tag_allOf_0"}));
        assert_eq!(schemas["Pet"]["properties"]["tag"], json!({"$ref": "#/components/schemas/Tag_allOf_0"}));
        assert_eq!(schemas["Pet"]["properties"]["owner"], json!({"$ref": "#/components/schemas/Owner"}));
        assert_eq!(schemas["Owner"]["properties"]["id"], json!({"$ref": "#/components/schemas/Owner_id"}));
        assert_eq!(schemas["Owner_id"], json!({"type": "string"}));
        assert_eq!(
            rewrites.original(&"/components/schemas/Owner_id".into()).pointer.as_str(),
            "/components/schemas/Pet/$defs/Owner/properties/id"
        );
    }
}
