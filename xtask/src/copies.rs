//! Bigger descriptions made from a real one: its paths, operations and components copied
//! until it has as many operations as asked, each copy self-contained. The progenitor
//! comparison and the size benchmark (`cargo xtask scale`) generate from them.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many operations `base` (read from `name`) has.
pub fn operations(name: &str, base: &str) -> Result<usize> {
    let doc = parsed(name, base)?;
    let count = doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
        .sum();
    Ok(count)
}

fn parsed(name: &str, text: &str) -> Result<Value> {
    Ok(generator::source::parse(text).map_err(|e| Error::Layout(format!("{name}: {}", e.message)))?.value)
}

/// `base` (read from `name`) with its paths, operations and components copied until there are `operations`
/// operations: copy `n` puts its paths under `/c<n>`, suffixes operation ids with `_<n>` and
/// component names with `C<n>`, and points its references at its own components.
pub fn copied(name: &str, base: &str, operations: usize) -> Result<String> {
    let doc = parsed(name, base)?;
    let (Some(paths), Some(components)) =
        (doc.get("paths").and_then(Value::as_object), doc.get("components").and_then(Value::as_object))
    else {
        return Err(Error::Layout(format!("{name}: no paths or components")));
    };
    if !paths.values().any(|item| METHODS.iter().any(|m| item.get(*m).is_some())) {
        return Err(Error::Layout(format!("{name}: no operations")));
    }
    let mut out_paths = Map::new();
    let mut out_components: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let (mut count, mut copy) = (0, 0);
    while count < operations {
        let suffix = format!("C{copy}");
        for (path, item) in paths {
            let mut item = renamed(item.clone(), &suffix);
            for method in METHODS {
                let Some(operation) = item.get_mut(*method) else { continue };
                if count == operations {
                    item.as_object_mut().map(|item| item.remove(*method));
                    continue;
                }
                count += 1;
                if let Some(Value::String(id)) = operation.get_mut("operationId") {
                    id.push_str(&format!("_{copy}"));
                }
            }
            if METHODS.iter().any(|m| item.get(*m).is_some()) {
                out_paths.insert(format!("/c{copy}{path}"), item);
            }
        }
        for (section, entries) in components {
            let Some(entries) = entries.as_object() else { continue };
            if section == "securitySchemes" && copy > 0 {
                continue;
            }
            let out: &mut Map<String, Value> = out_components.entry(section.clone()).or_default();
            for (name, entry) in entries {
                let (name, entry) = if section == "securitySchemes" {
                    (name.clone(), entry.clone())
                } else {
                    (format!("{name}{suffix}"), renamed(entry.clone(), &suffix))
                };
                if out.insert(name.clone(), entry).is_some() {
                    return Err(Error::Layout(format!("{name}: copies clash at `{section}/{name}`")));
                }
            }
        }
        copy += 1;
    }
    let mut doc = doc.clone();
    doc["paths"] = Value::Object(out_paths);
    doc["components"] = Value::Object(out_components.into_iter().map(|(k, v)| (k, Value::Object(v))).collect());
    Ok(crate::yaml::to_string(&doc))
}

/// `value` with every reference to a component (`#/components/<section>/<name>`, in `$ref`
/// and in discriminator mappings) pointed at the component's copy named `<name><suffix>`.
fn renamed(value: Value, suffix: &str) -> Value {
    match value {
        Value::String(s) if s.starts_with("#/components/") && !s.starts_with("#/components/securitySchemes/") => {
            Value::String(format!("{s}{suffix}"))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| renamed(v, suffix)).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, renamed(v, suffix))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn the_copies_have_exactly_the_operations_asked_for_and_generate() {
        let name = "specs/2026-04/admin_2026-04.oas.yaml";
        let base = fs::read_to_string(crate::workspace_root().join(name)).expect("the base spec");
        let text = copied(name, &base, 40).expect("a synthetic spec");
        assert_eq!(operations("copies", &text).expect("parses"), 40);
        let spec = generator::parse("synthetic.yaml", text).expect("parses");
        let api = generator::lower(&spec, &generator::Settings::default()).expect("lowers");
        assert_eq!(api.operations.len(), 40);
        // Each copy has its own components, and references stay inside their copy.
        assert!(api.types.keys().any(|name| name.ends_with('2')), "{:?}", api.types.keys().collect::<Vec<_>>());
    }
}
