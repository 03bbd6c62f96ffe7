//! A YAML writer of its own style, unlike the project's hand-written specs: mappings in block
//! style down to the collections that hold only scalars, which are written in flow style
//! (`{type: string, maxLength: 40}`, `[a, b]`); strings plain where YAML reads them back as
//! the same string, else in single quotes, and long ones folded over several lines. The
//! bump rehearsal writes its next spec with it, so that CI proves a bump written by another
//! tool than the project's own passes the whole suite; the synthetic spec of
//! `compare-progenitor` is written with it too.

use std::fmt::Write as _;

use serde_json::Value;

/// Lines are folded past this width.
const WIDTH: usize = 72;

/// `value` as a YAML document.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    block(value, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Whether a collection is written in flow style: it holds only scalars.
fn flat(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.values().all(|v| !v.is_object() && !v.is_array()),
        Value::Array(items) => items.iter().all(|v| !v.is_object() && !v.is_array()),
        _ => true,
    }
}

/// A node in block style at `indent`, after its key (or at the start of the document).
fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() && !flat(value) => {
            for (key, child) in map {
                let _ = write!(out, "{pad}{}:", scalar(key, indent));
                entry(child, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() && !flat(value) => {
            for item in items {
                let _ = write!(out, "{pad}-");
                entry(item, indent, out);
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}{}", inline(value, indent));
        }
    }
}

/// The value of a mapping entry or a sequence item, whose key or dash is written.
fn entry(value: &Value, indent: usize, out: &mut String) {
    if flat(value) || value.as_object().is_some_and(|m| m.is_empty()) {
        let _ = writeln!(out, " {}", inline(value, indent + 2));
    } else {
        out.push('\n');
        block(value, indent + 2, out);
    }
}

/// A scalar, or a collection of scalars in flow style.
fn inline(value: &Value, indent: usize) -> String {
    match value {
        Value::Object(map) => {
            let entries: Vec<String> =
                map.iter().map(|(k, v)| format!("{}: {}", scalar(k, indent), inline(v, indent))).collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(|v| inline(v, indent)).collect::<Vec<_>>().join(", ")),
        Value::String(text) => scalar(text, indent),
        Value::Null => "null".to_owned(),
        other => other.to_string(),
    }
}

/// A string: plain when YAML reads it back as itself, else single-quoted; a long one folded
/// at spaces onto lines indented under it (a single line break in a quoted scalar reads as a
/// space).
fn scalar(text: &str, indent: usize) -> String {
    if plain_is_safe(text) {
        return text.to_owned();
    }
    if text.contains(['\n', '\r', '\t']) || text.chars().any(char::is_control) {
        return serde_json::to_string(text).unwrap_or_default();
    }
    let quoted = format!("'{}'", text.replace('\'', "''"));
    if quoted.len() <= WIDTH || text.contains("  ") || text.starts_with(' ') || text.ends_with(' ') {
        return quoted;
    }
    let pad = " ".repeat(indent + 2);
    let mut folded = String::new();
    let mut line = 0;
    for (i, word) in quoted.split(' ').enumerate() {
        if i > 0 {
            if line + word.len() > WIDTH {
                folded.push('\n');
                folded.push_str(&pad);
                line = pad.len();
            } else {
                folded.push(' ');
                line += 1;
            }
        }
        folded.push_str(word);
        line += word.len();
    }
    folded
}

/// Whether `text` written plain reads back as the same string.
fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    let special_start = "-?:,[]{}#&*!|>'\"%@` ".contains(first);
    let looks_typed = matches!(text, "true" | "false" | "null" | "~" | "True" | "False" | "Null" | "NULL")
        || text.parse::<f64>().is_ok()
        || text.starts_with(['.', '+'])
        || text.starts_with("0x")
        || text.starts_with("0o");
    !special_start
        && !looks_typed
        && text.len() <= WIDTH
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains([',', '[', ']', '{', '}', '\n', '\t', '\''])
        && !text.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What the writer writes reads back as the value it was given, in the generator's reader.
    #[test]
    fn written_yaml_reads_back_as_the_value() {
        let value = json!({
            "openapi": "3.0.3",
            "info": {"title": "A title: with a colon", "version": "1.0"},
            "paths": {"/a/{id}": {"get": {"parameters": [{"in": "path", "name": "id", "required": true}],
                "responses": {"200": {"description": "It's fine, really: a long description that goes on and on past the width of a line, to be folded over several lines by the writer"}}}}},
            "odd": ["true", "1", "", " lead", "trail ", "two  spaces", "#hash", "- dash", "multi\nline", "tab\there", "0x1F", "~", "a, b", 1.5, null, false],
            "empty": {}, "list": [], "nested": [[1, 2], {"a": [3]}]
        });
        let text = to_string(&value);
        let back = generator::source::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}")).value;
        assert_eq!(back, value, "{text}");
        assert!(text.contains("{in: path, name: id, required: true}"), "flow mappings: {text}");
        assert!(text.contains("past the\n"), "long strings folded: {text}");
    }
}
