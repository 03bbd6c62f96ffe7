//! Reads a spec file into `openapiv3` types: YAML, or JSON read as JSON (surrogate-pair
//! escapes included, which YAML parsers reject; numbers beyond 64 bits kept as numbers).
//! OpenAPI 3.0.x is read as it is and 3.1.x is normalised into the same model
//! ([`crate::normalize`]), its rewrites recorded so that errors name the node as written.
//! Anything else is refused with an error that says where and why.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, PathItem, Paths, ReferenceOr};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Location, Result};
use crate::locate::{locate, locate_json};
use crate::narrow::deepest_failure;
use crate::normalize::{self, Dialect, Note, Rewrites};
use crate::parallel;

/// A loaded spec: the parsed document and the text it came from, kept to locate errors.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file name errors and generated headers refer to.
    pub file: PathBuf,
    /// The YAML or JSON text.
    pub text: String,
    /// The parsed document, normalised into OpenAPI 3.0's model.
    pub doc: OpenAPI,
    /// Whether the text is JSON.
    json: bool,
    /// Where normalising moved nodes.
    rewrites: Rewrites,
    /// Choices normalising made, by pointer into the normalised document.
    pub(crate) notes: Vec<Note>,
    /// The webhooks of a 3.1 document: the requests the API sends, by name.
    pub(crate) webhooks: IndexMap<String, PathItem>,
}

impl Spec {
    /// The location of the node at `pointer` (in the normalised document) as the author
    /// wrote it: its pointer there, with line and column when they can be found.
    pub fn location(&self, pointer: &str) -> Box<Location> {
        let pointer = self.rewrites.original(pointer);
        let position = if self.json { locate_json(&self.text, &pointer) } else { locate(&self.text, &pointer) };
        Box::new(Location {
            file: self.file.clone(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            pointer,
        })
    }
}

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<Spec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    parse(path, text)
}

/// Parses spec `text`; `file` is the name to use in errors.
pub fn parse(file: impl Into<PathBuf>, text: String) -> Result<Spec> {
    let file = file.into();
    let at = |pointer: &str, line_col: Option<(usize, usize)>| {
        Box::new(Location {
            file: file.clone(),
            line: line_col.map(|p| p.0),
            column: line_col.map(|p| p.1),
            pointer: pointer.to_owned(),
        })
    };

    crate::limits::check(&text)
        .map_err(|(line_col, message)| Error::Limit { location: at("", Some(line_col)), message })?;
    let json = text.trim_start().starts_with('{');
    let mut value = if json {
        serde_json::from_str::<serde_json::Value>(&text).map_err(|e| Error::Json {
            location: at("", Some((e.line(), e.column()))),
            message: strip_position(&e.to_string()),
        })?
    } else {
        crate::yaml::parse(&text).map_err(|e| Error::Yaml {
            location: at("", e.location().map(|l| (l.line(), l.column()))),
            message: strip_position(&e.to_string()),
        })?
    };
    let find = |pointer: &str| if json { locate_json(&text, pointer) } else { locate(&text, pointer) };
    let dialect = check_version(&value, |pointer| at(pointer, find(pointer)))?;
    let (mut rewrites, mut notes) = (Rewrites::default(), Vec::new());
    normalize::document(&mut value, dialect, &mut rewrites, &mut notes);
    let webhooks = match value.get("x-webhooks") {
        Some(webhooks) => IndexMap::<String, PathItem>::deserialize(webhooks).map_err(|e| {
            let pointer = rewrites.original("/x-webhooks");
            Error::Shape {
                location: at(&pointer, find(&pointer)),
                message: format!("a webhook is not a path item: {e}"),
            }
        })?,
        None => IndexMap::new(),
    };
    match typed(&value) {
        Ok(doc) => Ok(Spec { file, text, doc, json, rewrites, notes, webhooks }),
        Err(e) => {
            let (pointer, message) = deepest_failure(&value).unwrap_or_else(|| (String::new(), e.to_string()));
            let pointer = rewrites.original(&pointer);
            let line_col = find(&pointer);
            Err(Error::Shape { location: at(&pointer, line_col), message })
        }
    }
}

/// The typed document, read in parts on all cores: the components, the path items a few at
/// a time (the two are nearly all of a large document), and the rest with empty paths. Path
/// items are read one by one rather than through `Paths`, whose derived reader first copies
/// the whole paths object.
fn typed(value: &Value) -> serde_json::Result<OpenAPI> {
    let Some(map) = value.as_object() else { return OpenAPI::deserialize(value) };
    let Some(Value::Object(paths)) = map.get("paths") else { return OpenAPI::deserialize(value) };
    let items: Vec<(&String, &Value)> = paths.iter().filter(|(key, _)| key.starts_with('/')).collect();
    let mut work = match map.get("components") {
        None => Vec::new(),
        Some(components @ Value::Object(_)) => vec![Part::Components(components)],
        // Read whole, as `null` reads as no components.
        Some(_) => return OpenAPI::deserialize(value),
    };
    work.extend(items.chunks(PATH_ITEMS_PER_PART.max(items.len() / 16)).map(Part::PathItems));
    work.push(Part::Head(map));
    let (mut doc, mut components, mut path_items) = (None, None, IndexMap::new());
    for part in parallel::map(&work, Part::read) {
        let part = part?;
        doc = doc.or(part.head);
        components = components.or(part.components);
        path_items.extend(part.path_items);
    }
    // The rest is always read; without it the document is read whole, as it was written.
    let Some(mut doc) = doc else { return OpenAPI::deserialize(value) };
    let extensions = paths.iter().filter(|(key, _)| key.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone()));
    doc.paths = Paths { paths: path_items, extensions: extensions.collect() };
    doc.components = components;
    Ok(doc)
}

/// About how many path items a part of the typed document holds (more in a document of
/// more than 16 parts' worth).
const PATH_ITEMS_PER_PART: usize = 4;

/// A part of the document to read into the typed model.
enum Part<'v> {
    Components(&'v Value),
    PathItems(&'v [(&'v String, &'v Value)]),
    /// Everything but the paths and the components.
    Head(&'v serde_json::Map<String, Value>),
}

/// What a part holds, read.
#[derive(Default)]
struct Read {
    head: Option<OpenAPI>,
    components: Option<Components>,
    path_items: Vec<(String, ReferenceOr<PathItem>)>,
}

impl Part<'_> {
    fn read(&self) -> serde_json::Result<Read> {
        Ok(match self {
            Self::Components(value) => Read { components: Some(Components::deserialize(*value)?), ..Read::default() },
            Self::PathItems(items) => Read {
                path_items: items
                    .iter()
                    .map(|(key, value)| Ok(((*key).clone(), ReferenceOr::<PathItem>::deserialize(*value)?)))
                    .collect::<serde_json::Result<_>>()?,
                ..Read::default()
            },
            Self::Head(map) => {
                // Empty paths satisfy the model.
                let rest = map.iter().filter(|(key, _)| *key != "components").map(|(key, value)| match key.as_str() {
                    "paths" => (key.clone(), Value::Object(serde_json::Map::new())),
                    _ => (key.clone(), value.clone()),
                });
                Read { head: Some(OpenAPI::deserialize(&Value::Object(rest.collect()))?), ..Read::default() }
            }
        })
    }
}

/// The version of the document: 3.0.x and 3.1.x are read; Swagger 2.0, other versions and
/// documents without one are refused before the typed deserializer can produce a confusing
/// message about them.
fn check_version(value: &serde_json::Value, at: impl Fn(&str) -> Box<Location>) -> Result<Dialect> {
    let Some(map) = value.as_object() else {
        return Err(Error::Shape {
            location: at(""),
            message: "the document must be a mapping with `openapi`, `info` and `paths`".into(),
        });
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(Error::Version {
            location: at("/swagger"),
            found: format!("Swagger {}", scalar_text(swagger)),
            hint: "convert it to OpenAPI 3 first (for example with swagger2openapi)",
        });
    }
    let Some(version) = map.get("openapi") else {
        return Err(Error::Shape {
            location: at(""),
            message:
                "there is no `openapi` field; an OpenAPI 3 document starts with `openapi: 3.0.3` or `openapi: 3.1.0`"
                    .into(),
        });
    };
    let version = scalar_text(version);
    if version.starts_with("3.0.") {
        Ok(Dialect::V30)
    } else if version.starts_with("3.1.") {
        Ok(Dialect::V31)
    } else {
        Err(Error::Version {
            location: at("/openapi"),
            found: format!("OpenAPI {version}"),
            hint: "the generator reads OpenAPI 3.0.x and 3.1.x",
        })
    }
}

fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// serde_yaml and serde_json append "at line L column C" to their messages; the location
/// already says it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(text: &str) -> String {
        match parse("spec.yaml", text.to_owned()) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn rejects_other_versions_by_name() {
        assert!(parse_err("swagger: '2.0'\n").contains("Swagger 2.0"));
        let msg = parse_err("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(msg.starts_with("spec.yaml:1:1 (at /openapi): this is OpenAPI 3.2.0"), "{msg}");
        assert!(parse("spec.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n".to_owned()).is_ok());
    }

    #[test]
    fn json_is_read_as_json_with_surrogate_pairs_and_big_numbers() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "\ud83d\ude00", "version": "1"}, "paths": {},
 "components": {"schemas": {"N": {"type": "integer", "minimum": -9223372036854776000}}}}"#;
        let spec = parse("spec.json", text.to_owned()).expect("parses");
        assert_eq!(spec.doc.info.title, "\u{1F600}");
        let msg = parse_err("{\"openapi\": \"3.0.3\",\n \"info\": [}");
        assert!(msg.starts_with("spec.yaml:2:"), "{msg}");
    }

    #[test]
    fn yaml_errors_carry_line_and_column() {
        let msg = parse_err("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(msg.starts_with("spec.yaml:"), "{msg}");
        assert!(msg.contains("not valid YAML"), "{msg}");
    }

    #[test]
    fn unquoted_status_codes_and_json_only_values() {
        let ok = parse("spec.yaml".to_owned(), "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n".to_owned());
        assert!(ok.is_ok(), "{ok:?}");
        let msg = parse_err(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: -.INF}\n",
        );
        assert!(msg.starts_with("spec.yaml:6:") && msg.contains("not a number JSON can hold"), "{msg}");
    }

    #[test]
    fn shape_errors_carry_the_pointer() {
        let msg =
            parse_err("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n");
        assert!(msg.contains("/paths/~1a/get/responses"), "{msg}");
        assert!(msg.contains("spec.yaml:6:"), "{msg}");
    }

    #[test]
    fn a_document_read_in_parts_is_the_document_read_whole() {
        let items: String =
            (0..9).map(|i| format!("  /a{i}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n")).collect();
        let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-extra: 1\ntags: [{name: a}]\n";
        let paths = format!("paths:\n  x-paths: 1\n  other: 2\n{items}  /r: {{$ref: '#/x'}}\n");
        for tail in ["components:\n  schemas:\n    A: {type: string}\n", "components: null\n", ""] {
            let value = crate::yaml::parse(&format!("{head}{paths}{tail}")).expect("YAML");
            let whole = OpenAPI::deserialize(&value).expect("whole");
            assert!(
                whole.paths.paths.len() == 10 && !whole.paths.extensions.is_empty() && !whole.extensions.is_empty()
            );
            assert_eq!(typed(&value).expect("parts"), whole, "{tail}");
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for dir in [root.join("specs/2026-07"), root.join("generator/fixtures/specs")] {
            for file in std::fs::read_dir(&dir).expect("folder").map(|entry| entry.expect("entry").path()) {
                let text = std::fs::read_to_string(&file).expect("reads");
                let Ok(spec) = parse(&file, text) else { continue };
                let value = serde_json::to_value(&spec.doc).expect("to JSON");
                assert_eq!(typed(&value).expect("parts"), OpenAPI::deserialize(&value).expect("whole"), "{file:?}");
            }
        }
        let bad =
            crate::yaml::parse("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: 7}\n")
                .expect("YAML");
        assert!(typed(&bad).is_err());
        let bad_item = crate::yaml::parse(&format!("{head}paths:\n{items}  /b: 7\n")).expect("YAML");
        assert!(typed(&bad_item).is_err());
    }
}
