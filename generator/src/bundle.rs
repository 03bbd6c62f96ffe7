//! A document split over files, made one: every reference to another file (`$ref:
//! ./schemas/pet.yaml`, `../components/responses/NotFound.yaml`, `other.json#/Pet`) is
//! followed, relative to the file that makes it, in YAML or JSON.
//!
//! - A schema another file holds becomes a component of its own (named after the pointer's
//!   last segment, else the file: `Pet` for `./schemas/Pet.yaml`), once however often it is
//!   referred to; the reference (and a discriminator's mapping to it) then names the
//!   component. A component schema that is only a reference to a file is that file's schema,
//!   under the component's name.
//! - Anything else (a path item, a parameter, a response, a security scheme) is written
//!   where it is referred to.
//! - Extensions (`x-...`) are left as they are: they may refer to files that are not part of
//!   the API (code samples).
//!
//! Every node taken from another file is recorded with where it was written, so that errors
//! and notes name that file, its line and its column. A file that cannot be read, or a
//! pointer into it that names nothing, is left as a reference, which lowering reports and
//! types loosely; a file that is not YAML or JSON is an error there.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result};
use crate::normalize::{Rewrites, SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS, components_schemas};
use crate::pointer::Pointer;
use crate::source::{self, Positions};

/// A file the document was read from, and where each of its nodes is.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file, as the spec's path names it (joined with each reference's relative path).
    pub file: PathBuf,
    /// Where each node of it is.
    pub positions: Positions,
}

/// Makes `doc` (the text of `sources[0]`) one document; the files read are added to
/// `sources`, and where their nodes went to `rewrites`.
pub fn bundle(doc: &mut Value, sources: &mut Vec<Source>, rewrites: &mut Rewrites) -> Result<()> {
    let mut bundler = Bundler {
        values: vec![None],
        by_path: HashMap::new(),
        schemas: HashMap::new(),
        names: HashSet::new(),
        hoisted: Vec::new(),
        stack: Vec::new(),
    };
    if let Ok(root) = std::fs::canonicalize(&sources[0].file) {
        bundler.by_path.insert(root, 0);
    }
    bundler.names.extend(
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, _)| name.clone()),
    );
    bundler.claim_component_files(doc, sources, rewrites)?;
    bundler.walk(doc, &Pointer::root(), 0, Place::Root, sources, rewrites)?;
    if !bundler.hoisted.is_empty() {
        let schemas = components_schemas(doc);
        for (name, schema) in bundler.hoisted {
            schemas.insert(name, schema);
        }
    }
    Ok(())
}

/// What a node is, as far as references care: a schema's references become components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Components,
    /// `components/schemas`: a map of schemas.
    ComponentSchemas,
    /// A map whose values are schemas (`properties`).
    SchemaMap,
    /// A list of schemas (`allOf`).
    SchemaList,
    Schema,
    Other,
}

struct Bundler {
    /// The parsed value of each source, by index (the spec's own, 0, is the document).
    values: Vec<Option<Value>>,
    /// Sources by canonical path.
    by_path: HashMap<PathBuf, usize>,
    /// The component of each schema taken from another file, by (source, pointer).
    schemas: HashMap<(usize, String), String>,
    /// Component names taken.
    names: HashSet<String>,
    /// Schemas made components, to add to the document.
    hoisted: Vec<(String, Value)>,
    /// The (source, pointer) of the nodes being written in place, to stop at a cycle.
    stack: Vec<(usize, String)>,
}

impl Bundler {
    /// A component schema that is only a reference to another file is that file's schema,
    /// under the component's name: claimed first, so that other references name it.
    fn claim_component_files(&mut self, doc: &Value, sources: &mut Vec<Source>, rewrites: &mut Rewrites) -> Result<()> {
        let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) else { return Ok(()) };
        for (name, schema) in schemas {
            let Some(reference) = schema.as_object().and_then(|map| external(map, 0)) else { continue };
            let at = Pointer::root().join(["components", "schemas", name]);
            if let Some((source, pointer)) = self.target(&reference, 0, &at, sources, rewrites)? {
                self.schemas.entry((source, pointer)).or_insert_with(|| name.clone());
            }
        }
        Ok(())
    }

    /// Follows the references of `node` (written in `source`, now at `at`), and of what is in
    /// it.
    fn walk(
        &mut self,
        node: &mut Value,
        at: &Pointer,
        source: usize,
        place: Place,
        sources: &mut Vec<Source>,
        rewrites: &mut Rewrites,
    ) -> Result<()> {
        match node {
            Value::Object(map) => {
                if let Some(reference) = external(map, source) {
                    return self.follow(node, &reference, at, source, place, sources, rewrites);
                }
                if place == Place::Schema {
                    self.mapping(map, at, source, sources, rewrites)?;
                }
                for (key, child) in map.iter_mut() {
                    let Some(child_place) = child_place(place, key) else { continue };
                    self.walk(child, &at.child(key), source, child_place, sources, rewrites)?;
                }
            }
            Value::Array(items) => {
                let item_place = if place == Place::SchemaList { Place::Schema } else { Place::Other };
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, &at.child(i), source, item_place, sources, rewrites)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Follows the reference `reference` at `node`: a schema's to its component, anything
    /// else's to its content, written in place.
    #[allow(clippy::too_many_arguments)]
    fn follow(
        &mut self,
        node: &mut Value,
        reference: &str,
        at: &Pointer,
        source: usize,
        place: Place,
        sources: &mut Vec<Source>,
        rewrites: &mut Rewrites,
    ) -> Result<()> {
        let Some((target_source, pointer)) = self.target(reference, source, at, sources, rewrites)? else {
            return Ok(()); // left for lowering to report
        };
        // Into the spec's own file: a reference lowering follows.
        if target_source == 0 {
            if let Value::Object(map) = node {
                map.insert("$ref".to_owned(), Value::String(format!("#{pointer}")));
            }
            return Ok(());
        }
        let component_entry = at.parent().is_some_and(|p| p.as_str() == "/components/schemas");
        if place == Place::Schema && !component_entry {
            let name = self.component(target_source, &pointer, sources, rewrites)?;
            if let Value::Object(map) = node {
                map.insert("$ref".to_owned(), Value::String(format!("#/components/schemas/{name}")));
            }
            return Ok(());
        }
        let key = (target_source, pointer.clone());
        if self.stack.contains(&key) {
            return Ok(()); // a node that holds itself: left for lowering to report
        }
        let Some(mut content) = self.value(target_source, &pointer).cloned() else { return Ok(()) };
        // Keywords beside the reference (3.1: `summary`, `description`) override the target's.
        if let (Value::Object(content), Value::Object(beside)) = (&mut content, &*node) {
            for (k, v) in beside.iter().filter(|(k, _)| *k != "$ref") {
                content.insert(k.clone(), v.clone());
            }
        }
        *node = content;
        rewrites.record_from(at.clone(), target_source, Pointer::parse(&pointer));
        self.stack.push(key);
        let walked = self.walk(node, at, target_source, place, sources, rewrites);
        self.stack.pop();
        walked
    }

    /// The component of the schema at `pointer` in `source`, made once.
    fn component(
        &mut self,
        source: usize,
        pointer: &str,
        sources: &mut Vec<Source>,
        rewrites: &mut Rewrites,
    ) -> Result<String> {
        if let Some(name) = self.schemas.get(&(source, pointer.to_owned())) {
            return Ok(name.clone());
        }
        let base = Pointer::parse(pointer)
            .last()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| file_stem(&sources[source].file));
        let base: String = base.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
        let name = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
            .find(|n| !self.names.contains(n))
            .unwrap_or(base);
        self.names.insert(name.clone());
        self.schemas.insert((source, pointer.to_owned()), name.clone());
        let mut schema = self.value(source, pointer).cloned().unwrap_or(Value::Null);
        let at = Pointer::root().join(["components", "schemas", &name]);
        rewrites.record_from(at.clone(), source, Pointer::parse(pointer));
        self.walk(&mut schema, &at, source, Place::Schema, sources, rewrites)?;
        self.hoisted.push((name.clone(), schema));
        Ok(name)
    }

    /// A discriminator's mapping to schemas in other files names their components.
    fn mapping(
        &mut self,
        map: &mut Map<String, Value>,
        at: &Pointer,
        source: usize,
        sources: &mut Vec<Source>,
        rewrites: &mut Rewrites,
    ) -> Result<()> {
        let Some(Value::Object(mapping)) = map.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) else {
            return Ok(());
        };
        for (tag, target) in mapping.iter_mut() {
            let Some(reference) = target.as_str().filter(|r| source != 0 || !r.starts_with('#')).map(str::to_owned)
            else {
                continue;
            };
            // A bare name is a component's name, not a file.
            if source == 0 && !reference.contains(['/', '.', '#']) {
                continue;
            }
            let mapping_at = at.join(["discriminator", "mapping", tag]);
            if let Some((target_source, pointer)) = self.target(&reference, source, &mapping_at, sources, rewrites)? {
                let name = self.component(target_source, &pointer, sources, rewrites)?;
                *target = Value::String(format!("#/components/schemas/{name}"));
            }
        }
        Ok(())
    }

    /// The source and pointer a reference made in `source` names, reading the file first;
    /// `None` when the file cannot be read or the pointer names nothing.
    fn target(
        &mut self,
        reference: &str,
        source: usize,
        at: &Pointer,
        sources: &mut Vec<Source>,
        rewrites: &Rewrites,
    ) -> Result<Option<(usize, String)>> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if file.is_empty() {
            source
        } else {
            let base = sources[source].file.parent().map(Path::to_path_buf).unwrap_or_default();
            let path = base.join(percent_decoded(file));
            let Ok(canonical) = std::fs::canonicalize(&path) else { return Ok(None) };
            match self.by_path.get(&canonical) {
                Some(index) => *index,
                None => {
                    let Ok(text) = std::fs::read_to_string(&canonical) else { return Ok(None) };
                    let parsed = source::parse(&text).map_err(|e| {
                        let location = Box::new(Location {
                            file: path.clone(),
                            line: Some(e.line),
                            column: Some(e.column),
                            pointer: e.pointer.to_string(),
                        });
                        let referred = rewrites.original(at);
                        let message = format!(
                            "{} (the file `{reference}` that {} refers to at {})",
                            e.message,
                            sources[referred.source].file.display(),
                            referred.pointer
                        );
                        match e.limit {
                            true => Error::Limit { location, message },
                            false => Error::Yaml { location, message },
                        }
                    })?;
                    sources.push(Source { file: path, positions: parsed.positions });
                    self.values.push(Some(parsed.value));
                    self.by_path.insert(canonical, sources.len() - 1);
                    sources.len() - 1
                }
            }
        };
        // The spec's own file is checked by lowering, which follows the reference made local.
        Ok((target == 0 || self.value(target, fragment).is_some()).then(|| (target, fragment.to_owned())))
    }

    /// The node at `pointer` in `source` (the spec's own document is walked in place, so a
    /// reference into it from another file is followed by lowering).
    fn value(&self, source: usize, pointer: &str) -> Option<&Value> {
        self.values.get(source)?.as_ref()?.pointer(pointer)
    }
}

/// The reference of `node` when it is one to another file, or any reference made in a file
/// other than the spec's (whose `#/...` names that file's nodes).
fn external(node: &Map<String, Value>, source: usize) -> Option<String> {
    let reference = node.get("$ref")?.as_str()?;
    (source != 0 || !reference.starts_with('#')).then(|| reference.to_owned())
}

/// The place of the child `key` of a node at `place`; `None` for what is not walked: data
/// (examples, defaults, enums) and extensions.
fn child_place(place: Place, key: &str) -> Option<Place> {
    if key.starts_with("x-") || matches!(key, "example" | "examples" | "default" | "enum" | "const") {
        return None;
    }
    Some(match (place, key) {
        (Place::Root, "components") => Place::Components,
        (Place::Components, "schemas") => Place::ComponentSchemas,
        (Place::ComponentSchemas | Place::SchemaMap, _) => Place::Schema,
        (Place::Schema, k) if SUBSCHEMA.contains(&k) => Place::Schema,
        (Place::Schema, k) if SUBSCHEMA_MAPS.contains(&k) => Place::SchemaMap,
        (Place::Schema, k) if SUBSCHEMA_LISTS.contains(&k) => Place::SchemaList,
        (Place::Schema, _) => return None,
        (_, "schema") => Place::Schema,
        _ => Place::Other,
    })
}

/// A file's name without its extension (`device_keys` for `definitions/device_keys.yaml`).
fn file_stem(file: &Path) -> String {
    file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Schema".to_owned())
}

/// A reference's path with `%XX` escapes decoded (`menu_%7BmenuItemId%7D.yaml`).
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
