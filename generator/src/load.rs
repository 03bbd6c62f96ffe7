//! Reads a spec file into `openapiv3` types: YAML, or JSON read as JSON (surrogate-pair
//! escapes included, which YAML parsers reject; numbers beyond 64 bits kept as numbers).
//! OpenAPI 3.0.x is read as it is and 3.1.x is normalised into the same model
//! ([`crate::normalize`]), its rewrites recorded so that errors name the node as written.
//! Anything else is refused with an error that says where and why.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem};
use serde::Deserialize;
use serde_json::Value;

use crate::bundle::{self, Source};
use crate::error::{Error, Location, Result};
use crate::normalize::{self, Dialect, Remark, Rewrites};
use crate::pointer::Pointer;
use crate::repair;
use crate::source;

/// A loaded spec: the parsed document, and where each of its nodes is written.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file name errors and generated headers refer to.
    pub file: PathBuf,
    /// The parsed document, normalised into OpenAPI 3.0's model.
    pub doc: OpenAPI,
    /// The files it was read from, with where each of their nodes is: the spec's own first,
    /// then the files its references name.
    sources: Vec<Source>,
    /// Where normalising moved nodes.
    rewrites: Rewrites,
    /// Choices normalising made, by pointer into the normalised document.
    pub(crate) notes: Vec<Remark>,
    /// The webhooks of a 3.1 document: the requests the API sends, by name.
    pub(crate) webhooks: IndexMap<String, PathItem>,
}

impl Spec {
    /// The location of the node at `pointer` (in the normalised document) as the author
    /// wrote it: its pointer there, with line and column.
    pub fn location(&self, pointer: &Pointer) -> Box<Location> {
        let origin = self.rewrites.original(pointer);
        located(&self.sources[origin.source.min(self.sources.len() - 1)], &origin.pointer)
    }
}

/// The location of `pointer` in `source`.
fn located(source: &Source, pointer: &Pointer) -> Box<Location> {
    let position = source.positions.find(pointer);
    Box::new(Location {
        file: source.file.clone(),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        pointer: pointer.to_string(),
    })
}

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<Spec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    parse(path, text)
}

/// Parses spec `text`; `file` is the name to use in errors.
pub fn parse(file: impl Into<PathBuf>, text: String) -> Result<Spec> {
    let file = file.into();
    let parsed = source::parse(&text).map_err(|e| {
        let location = Box::new(Location {
            file: file.clone(),
            line: Some(e.line),
            column: Some(e.column),
            pointer: e.pointer.to_string(),
        });
        match e.limit {
            true => Error::Limit { location, message: e.message },
            false if e.json => Error::Json { location, message: e.message },
            false => Error::Yaml { location, message: e.message },
        }
    })?;
    drop(text);
    let mut value = parsed.value;
    let mut sources = vec![Source { file: file.clone(), positions: parsed.positions }];
    let dialect = check_version(&value, |pointer| located(&sources[0], pointer))?;
    let (mut rewrites, mut notes) = (Rewrites::default(), Vec::new());
    bundle::bundle(&mut value, &mut sources, &mut rewrites)?;
    normalize::document(&mut value, dialect, &mut rewrites, &mut notes);
    let at = |pointer: &Pointer| {
        let origin = rewrites.original(pointer);
        located(&sources[origin.source.min(sources.len() - 1)], &origin.pointer)
    };
    let webhooks = webhooks(&value, dialect, &mut notes);
    match repair::typed(&mut value, &mut notes) {
        Ok(doc) => Ok(Spec { file, doc, sources, rewrites, notes, webhooks }),
        Err(failure) => Err(Error::Shape { location: at(&failure.at), message: failure.message }),
    }
}

/// The webhooks of a document: 3.1's `webhooks`, or the `x-webhooks` extension some 3.0
/// documents use. One that is not a path item is left out: a warning in 3.1, where the
/// document is wrong; a note for the extension, which may mean something else.
fn webhooks(value: &Value, dialect: Dialect, notes: &mut Vec<Remark>) -> IndexMap<String, PathItem> {
    let mut out = IndexMap::new();
    let Some(entries) = value.get("x-webhooks") else { return out };
    let Some(entries) = entries.as_object() else {
        notes.push(Remark::choice(
            Pointer::root().child("x-webhooks"),
            "`x-webhooks` is not a map of path items; ignored",
        ));
        return out;
    };
    for (name, entry) in entries {
        match PathItem::deserialize(entry) {
            Ok(item) => {
                out.insert(name.clone(), item);
            }
            Err(e) => {
                let pointer = Pointer::root().join(["x-webhooks", name]);
                let message = format!("the webhook `{name}` is not a path item ({e}); it is left out");
                notes.push(match dialect {
                    Dialect::V31 => Remark::warning(pointer, message),
                    Dialect::V30 => Remark::choice(pointer, message),
                });
            }
        }
    }
    out
}

/// The version of the document: 3.0.x and 3.1.x are read; Swagger 2.0, other versions and
/// documents without one are refused before the typed deserializer can produce a confusing
/// message about them.
fn check_version(value: &serde_json::Value, at: impl Fn(&Pointer) -> Box<Location>) -> Result<Dialect> {
    let Some(map) = value.as_object() else {
        return Err(Error::Shape {
            location: at(&Pointer::root()),
            message: "the document must be a mapping with `openapi`, `info` and `paths`".into(),
        });
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(Error::Version {
            location: at(&Pointer::root().child("swagger")),
            found: format!("Swagger {}", scalar_text(swagger)),
            hint: "convert it to OpenAPI 3 first (for example with swagger2openapi)",
        });
    }
    let Some(version) = map.get("openapi") else {
        return Err(Error::Shape {
            location: at(&Pointer::root()),
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
            location: at(&Pointer::root().child("openapi")),
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
        let msg = parse_err("openapi: 3.0.3\ninfo:\n  title: [t]\n  version: '1'\npaths: {}\n");
        assert!(msg.contains("(at /info/title)") && msg.contains("spec.yaml:3:"), "{msg}");
        // A node confined to one operation is worked around, with a warning where it is.
        let spec = parse(
            "spec.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n".to_owned(),
        )
        .expect("worked around");
        let warning = spec.notes.iter().find(|n| n.kind == crate::model::NoteKind::Warning).expect("a warning");
        let location = spec.location(&warning.pointer);
        assert_eq!((location.pointer.as_str(), location.line), ("/paths/~1a/get/responses", Some(6)));
    }
}
