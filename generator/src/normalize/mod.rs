//! Normalising a document into the shape the `openapiv3` model reads, before it is typed:
//! OpenAPI 3.1 (whose schemas are JSON Schema 2020-12) is written as the 3.0 it means, and a
//! few constructs both versions allow are written in the form lowering handles. There is one
//! pipeline: 3.1 is read into the 3.0 model, not lowered by a second one.
//!
//! Every rewrite that moves a node is recorded ([`Rewrites`]), so that an error found later
//! still names the node, its line and its column as the author wrote them. Choices the
//! document leaves open are recorded as notes, with their pointers.
//!
//! - [`document`]: the document-level rules (absent `paths` and `responses`, webhooks, path
//!   items by reference, security schemes 3.0 has no word for);
//! - [`schema`]: the rules of one schema (`type` lists, `const`, boolean schemas, numeric
//!   exclusive bounds, `prefixItems`, content encodings, `null` alternatives, bounds beyond
//!   64 bits, `$ref` beside other keywords);
//! - [`refs`]: references below `components/schemas/<name>` (`$defs`, `Tag/allOf/0`),
//!   hoisted into components of their own;
//! - [`keywords`]: JSON Schema keywords 3.0 has no word for (`patternProperties`, anchors,
//!   conditionals);
//! - [`composition`]: `oneOf`/`anyOf` beside `type` or `allOf` or each other, and `not`;
//! - [`all_of`]: `allOf` parts that only annotate, or that are not objects.

mod all_of;
mod composition;
mod document;
mod keywords;
mod refs;
mod schema;

pub(crate) use refs::components_schemas;

use std::collections::HashMap;

use serde_json::Value;

use crate::model::NoteKind;
use crate::pointer::Pointer;

/// Which rules apply: OpenAPI 3.0 documents keep 3.0 meanings (a `$ref`'s siblings are
/// ignored, as 3.0 says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0.x.
    V30,
    /// OpenAPI 3.1.x.
    V31,
}

/// Where nodes moved: each entry maps a pointer in the normalised document to where the node
/// was written: in the spec's own file (source 0), or in a file its references name.
#[derive(Debug, Clone, Default)]
pub struct Rewrites {
    moved: HashMap<Pointer, Origin>,
}

/// Where a node was written: the file (by its place in the spec's sources, 0 for the spec's
/// own) and the pointer there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The source file.
    pub source: usize,
    /// The pointer in it.
    pub pointer: Pointer,
}

impl Rewrites {
    /// Records that what is now at `now` was written at `written`, in the spec's own file.
    pub fn record(&mut self, now: Pointer, written: Pointer) {
        self.moved.insert(now, Origin { source: 0, pointer: written });
    }

    /// Records that what is now at `now` was written at `written` in the source `source`.
    pub fn record_from(&mut self, now: Pointer, source: usize, written: Pointer) {
        self.moved.insert(now, Origin { source, pointer: written });
    }

    /// Where the node now at `pointer` was written: its nearest moved ancestor (or itself) is
    /// replaced by where that was written, repeatedly while that is in the spec's own file (a
    /// node can move twice). A lookup per ancestor, whatever the number of moves.
    pub fn original(&self, pointer: &Pointer) -> Origin {
        let mut current = Origin { source: 0, pointer: pointer.clone() };
        for _ in 0..=self.moved.len() {
            let moved = std::iter::successors(Some(current.pointer.clone()), Pointer::parent)
                .find_map(|ancestor| self.moved.get(&ancestor).map(|written| (ancestor, written)));
            match moved {
                Some((now, written)) if (written.source, &written.pointer) != (0, &now) => {
                    match current.pointer.rebase(&now, &written.pointer) {
                        Some(rebased) => current = Origin { source: written.source, pointer: rebased },
                        None => break,
                    }
                    if current.source != 0 {
                        break;
                    }
                }
                _ => break,
            }
        }
        current
    }
}

/// A remark about a place of the document: its kind, its pointer (in the normalised
/// document) and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remark {
    /// What kind of remark it is.
    pub kind: NoteKind,
    /// Where, in the normalised document.
    pub pointer: Pointer,
    /// What was done.
    pub message: String,
}

impl Remark {
    /// A choice where the document leaves one open.
    pub fn choice(pointer: Pointer, message: impl Into<String>) -> Self {
        Self { kind: NoteKind::Choice, pointer, message: message.into() }
    }

    /// A place typed loosely.
    pub fn loose(pointer: Pointer, message: impl Into<String>) -> Self {
        Self { kind: NoteKind::Loose, pointer, message: message.into() }
    }

    /// An error of the document, worked around.
    pub fn warning(pointer: Pointer, message: impl Into<String>) -> Self {
        Self { kind: NoteKind::Warning, pointer, message: message.into() }
    }
}

/// Normalises `doc` in place.
pub fn document(doc: &mut Value, dialect: Dialect, rewrites: &mut Rewrites, notes: &mut Vec<Remark>) {
    decode_fragments(doc);
    document::document(doc, dialect, rewrites, notes);
    keywords::keywords(doc, notes);
    each_root(doc, &mut |node, at| schema::schema(node, at, dialect, rewrites, notes));
    each_root(doc, &mut |node, at| composition::composition(node, at, rewrites, notes));
    refs::hoist(doc, rewrites);
    all_of::all_of(doc, notes);
}

/// Decodes the percent-encoding of every local `$ref`'s fragment (`#/paths/~1a~1%7Bid%7D`
/// is `#/paths/~1a~1{id}`): a JSON pointer in a URI fragment is percent-encoded (RFC 6901,
/// section 6), and every later step reads the pointer as it is.
fn decode_fragments(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && reference.starts_with('#')
                && reference.contains('%')
            {
                *reference = percent_decoded(reference);
            }
            map.values_mut().for_each(decode_fragments);
        }
        Value::Array(items) => items.iter_mut().for_each(decode_fragments),
        _ => {}
    }
}

/// `text` with each `%XX` replaced by its byte; an escape that is not one, and bytes that are
/// not UTF-8 together, are kept as written.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Calls `f` on each schema the document holds outside other schemas (component schemas,
/// and the `schema` of parameters, headers and media types), in place, with where it is.
fn each_root(doc: &mut Value, f: &mut dyn FnMut(&mut Value, &At<'_>)) {
    roots_below(doc, &At::pointer_is(&Pointer::root()), Place::Root, f);
}

/// Where a node of the walk for schema roots is, as far as the walk cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Components,
    ComponentSchemas,
    Elsewhere,
}

fn roots_below(node: &mut Value, at: &At<'_>, place: Place, f: &mut dyn FnMut(&mut Value, &At<'_>)) {
    match node {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                roots_below(item, &at.index(i), Place::Elsewhere, f);
            }
        }
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_at = at.key(key);
                if place == Place::ComponentSchemas || key == "schema" {
                    f(child, &child_at);
                } else if !(key == "example" || key == "examples" || (key.starts_with("x-") && key != "x-webhooks")) {
                    let child_place = match (place, key.as_str()) {
                        (Place::Root, "components") => Place::Components,
                        (Place::Components, "schemas") => Place::ComponentSchemas,
                        _ => Place::Elsewhere,
                    };
                    roots_below(child, &child_at, child_place, f);
                }
            }
        }
        _ => {}
    }
}

/// The keywords whose values are schemas, and those whose values are maps or lists of them.
pub(crate) const SUBSCHEMA: &[&str] =
    &["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"];
pub(crate) const SUBSCHEMA_MAPS: &[&str] =
    &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
pub(crate) const SUBSCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Where a node is: the segments that lead to it from a pointer. The pointer itself is
/// written only when a rewrite or a note needs it, which keeps the walks over every schema of
/// a large document cheap.
#[derive(Clone, Copy)]
pub(super) struct At<'p> {
    parent: Option<&'p At<'p>>,
    segment: Segment<'p>,
}

#[derive(Clone, Copy)]
enum Segment<'p> {
    /// A whole pointer, where the walk starts.
    Pointer(&'p Pointer),
    Key(&'p str),
    Index(usize),
}

impl<'p> At<'p> {
    /// The node at `pointer`.
    pub(super) fn pointer_is(pointer: &'p Pointer) -> Self {
        Self { parent: None, segment: Segment::Pointer(pointer) }
    }

    /// Its child under `key`.
    pub(super) fn key(&'p self, key: &'p str) -> Self {
        Self { parent: Some(self), segment: Segment::Key(key) }
    }

    /// Its child at `index`.
    pub(super) fn index(&'p self, index: usize) -> Self {
        Self { parent: Some(self), segment: Segment::Index(index) }
    }

    /// The JSON pointer of the node.
    pub(super) fn pointer(&self) -> Pointer {
        let base = self.parent.map(At::pointer).unwrap_or_default();
        match self.segment {
            Segment::Pointer(pointer) => pointer.clone(),
            Segment::Key(key) => base.child(key),
            Segment::Index(index) => base.child(index),
        }
    }
}

/// Calls `f` on each direct subschema of the schema `node` at `at`, with where it is.
fn each_subschema(node: &mut Value, at: &At<'_>, f: &mut dyn FnMut(&mut Value, &At<'_>)) {
    let Value::Object(map) = node else { return };
    for (key, child) in map.iter_mut() {
        let key_at = at.key(key);
        if SUBSCHEMA.contains(&key.as_str()) && child.is_object() {
            f(child, &key_at);
        } else if SUBSCHEMA_MAPS.contains(&key.as_str()) {
            if let Value::Object(children) = child {
                for (name, child) in children.iter_mut() {
                    f(child, &key_at.key(name));
                }
            }
        } else if SUBSCHEMA_LISTS.contains(&key.as_str()) {
            if let Value::Array(children) = child {
                for (i, child) in children.iter_mut().enumerate() {
                    f(child, &key_at.index(i));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_ref_fragment_is_percent_decoded() {
        let mut doc = serde_json::json!({"a": {"$ref": "#/paths/~1x~1%7Bid%7D/get"}, "b": [{"$ref": "#/x/%zz%41"}]});
        super::decode_fragments(&mut doc);
        assert_eq!(doc, serde_json::json!({"a": {"$ref": "#/paths/~1x~1{id}/get"}, "b": [{"$ref": "#/x/%zzA"}]}));
    }

    use super::*;

    #[test]
    fn rewrites_map_moved_nodes_back_to_where_they_were_written() {
        let mut rewrites = Rewrites::default();
        rewrites.record("/components/schemas/TagAllOf0".into(), "/components/schemas/Tag/allOf/0".into());
        rewrites.record("/paths/~1a/get/schema/allOf/0".into(), "/paths/~1a/get/schema".into());
        assert_eq!(
            rewrites.original(&"/components/schemas/TagAllOf0/properties/x".into()).pointer.as_str(),
            "/components/schemas/Tag/allOf/0/properties/x"
        );
        assert_eq!(
            rewrites.original(&"/components/schemas/TagAllOf01".into()).pointer.as_str(),
            "/components/schemas/TagAllOf01"
        );
        assert_eq!(
            rewrites.original(&"/paths/~1a/get/schema/allOf/0".into()).pointer.as_str(),
            "/paths/~1a/get/schema"
        );
    }
}
