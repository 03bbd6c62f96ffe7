//! Sample values of the model's types, as JSON, for the tests generated for each operation,
//! within the spec's limits. Deterministic: the same model and case give the same samples,
//! and each UUID is different so that a swapped argument shows.
//!
//! A [`Case`] says which values: `choice` picks the value of every enum and the alternative
//! of every union (the `choice`-th, wrapping; one past the last of an open enum is a value the
//! spec does not list), and `required_only` leaves out every optional field. The cases from
//! 0 to [`Samples::choices`] cover every value and alternative reachable from a type.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

mod pattern;

use crate::model::{Constraints, Field, TypeDef, TypeKind, TypeRef, through_aliases};

/// How deep samples of recursive types go before optional fields are left out.
const MAX_DEPTH: usize = 6;

/// The most nodes a sample value has.
const MAX_NODES: usize = 5_000;

/// The most enum values an operation's cases go through: an enum of more values (a list of
/// languages, of currencies) would multiply every sample of every operation that reaches it.
/// Such an enum's values are all checked once, by the enum's own test.
pub const ENUM_CHOICES: usize = 8;

/// The value of an open enum that the spec does not list, which the client must keep.
pub const UNLISTED: &str = "UnlistedValue";

/// Which values a sample takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Case {
    /// The index of the enum value and union alternative to take, wrapping.
    pub choice: usize,
    /// Leave out every optional field.
    pub required_only: bool,
}

/// Makes samples of the types of one API.
pub struct Samples<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    uuids: u32,
    case: Case,
    /// Nodes the value being made has so far.
    nodes: usize,
    /// Whether the value is sent (optional `readOnly` fields left out) rather than received
    /// (optional `writeOnly` fields left out).
    sending: bool,
    /// Each pattern compiled once (`None` when this regex engine refuses it): compiling is
    /// most of a string sample's cost, and the same pattern recurs across fields and cases.
    patterns: HashMap<String, Option<regex_lite::Regex>>,
}

impl<'a> Samples<'a> {
    /// Samples of `types`, every field set and the first value of each enum.
    pub fn new(types: &'a BTreeMap<String, TypeDef>) -> Self {
        Self { types, uuids: 0, case: Case::default(), nodes: 0, sending: false, patterns: HashMap::new() }
    }

    /// The case the samples are made for.
    pub fn case(&self) -> Case {
        self.case
    }

    /// Makes the next samples for a request (`true`) or for an answer.
    pub fn set_sending(&mut self, sending: bool) {
        self.sending = sending;
    }

    /// Makes the next samples of `case`.
    pub fn set_case(&mut self, case: Case) {
        self.case = case;
    }

    /// How many choices cover every union alternative, and every enum value up to
    /// [`ENUM_CHOICES`], reachable from `roots` (at least 1).
    pub fn choices<'t>(&self, roots: impl IntoIterator<Item = &'t TypeRef>) -> usize {
        let mut seen = BTreeSet::new();
        let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
        let mut most = 1;
        while let Some(ty) = pending.pop() {
            match ty {
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => pending.push(inner),
                TypeRef::Named(name) if seen.insert(name.as_str()) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(fields)) => pending.extend(fields.iter().map(|f| &f.ty)),
                    Some(TypeKind::Alias(target)) => pending.push(target),
                    Some(TypeKind::Enum { variants, other }) => {
                        most = most.max((variants.len() + usize::from(other.is_some())).min(ENUM_CHOICES));
                    }
                    Some(TypeKind::Union { variants, .. }) => {
                        most = most.max(variants.len());
                        pending.extend(variants.iter().map(|v| &v.ty));
                    }
                    None => {}
                },
                _ => {}
            }
        }
        most
    }

    /// A value of `ty`; `name` (a property or parameter) seeds strings.
    pub fn of(&mut self, ty: &TypeRef, name: &str) -> Value {
        self.nodes = 0;
        self.value(ty, name, &Constraints::default(), None, 0)
    }

    /// A value of `ty` within `constraints`, in `format` when it is a string.
    pub fn constrained(&mut self, ty: &TypeRef, name: &str, constraints: &Constraints, format: Option<&str>) -> Value {
        self.nodes = 0;
        self.value(ty, name, constraints, format, 0)
    }

    fn value(&mut self, ty: &TypeRef, name: &str, c: &Constraints, format: Option<&str>, depth: usize) -> Value {
        // A value that would need to be infinite, or huge (required fields, items or
        // alternatives that hold each other), ends, not valid, rather than never.
        self.nodes += 1;
        if depth > 4 * MAX_DEPTH || self.nodes > MAX_NODES {
            return Value::Null;
        }
        match ty {
            TypeRef::Named(type_name) => self.named(type_name, c, format, depth),
            TypeRef::String | TypeRef::Secret | TypeRef::Text => Value::String(self.string(name, c, format)),
            TypeRef::File | TypeRef::Bytes => Value::String(format!("{name} contents")),
            TypeRef::Uuid => {
                self.uuids += 1;
                Value::String(format!("00000000-0000-4000-8000-{:012}", self.uuids))
            }
            TypeRef::DateTime => json!("2026-01-02T03:04:05Z"),
            TypeRef::Date => json!("2026-01-02"),
            TypeRef::Bool => json!(true),
            TypeRef::I32 | TypeRef::I64 if !c.values.is_empty() => {
                json!(c.values[self.case.choice % c.values.len()] as i64)
            }
            TypeRef::F32 | TypeRef::F64 if !c.values.is_empty() => json!(c.values[self.case.choice % c.values.len()]),
            TypeRef::I32 | TypeRef::I64 => json!(integer(c)),
            TypeRef::F32 | TypeRef::F64 => json!(number(c)),
            TypeRef::Json => json!({"any": "value"}),
            // Past the depth where optional fields stop, lists and maps are as empty as allowed.
            TypeRef::Vec(_) if depth >= MAX_DEPTH && c.min_items.unwrap_or(0) == 0 => Value::Array(Vec::new()),
            TypeRef::Map(_) if depth >= MAX_DEPTH => Value::Object(serde_json::Map::new()),
            TypeRef::Vec(item) => {
                let count = c.min_items.unwrap_or(1).max(1).min(c.max_items.unwrap_or(usize::MAX));
                let item_name = name.trim_end_matches('s');
                let limits = c.items.as_deref().cloned().unwrap_or_default();
                Value::Array((0..count).map(|_| self.value(item, item_name, &limits, format, depth)).collect())
            }
            TypeRef::Map(value) => json!({ "key": self.value(value, "value", &Constraints::default(), None, depth) }),
            TypeRef::Nullable(inner) => self.value(inner, name, c, format, depth),
        }
    }

    /// A value of the named type; an alias keeps the limits and format of where it is used.
    fn named(&mut self, name: &str, c: &Constraints, format: Option<&str>, depth: usize) -> Value {
        let types = self.types;
        let Some(def) = types.get(name) else { return Value::Null };
        let choice = self.case.choice;
        match &def.kind {
            TypeKind::Struct(fields) => {
                self.object(fields, c.min_properties.unwrap_or(0), &BTreeSet::new(), &BTreeSet::new(), depth)
            }
            TypeKind::Enum { variants, other } => {
                let count = variants.len() + usize::from(other.is_some());
                match variants.get(choice % count.max(1)) {
                    Some(variant) => json!(variant.wire_name),
                    None if other.is_some() => json!(UNLISTED),
                    None => json!("value"),
                }
            }
            TypeKind::Alias(target) => self.value(target, name, c, format, depth),
            TypeKind::Union { variants, discriminator, .. } => {
                // Past the depth where optional fields stop, an alternative that holds nothing
                // ends a union that holds itself (an expression of expressions).
                let leaf = (depth >= MAX_DEPTH).then(|| variants.iter().find(|v| self.is_leaf(&v.ty))).flatten();
                let Some(chosen) = leaf.or_else(|| variants.get(choice % variants.len().max(1))) else {
                    return Value::Null;
                };
                let mut value = match self.struct_fields(&chosen.ty) {
                    // The optional properties another alternative requires are left out, and
                    // those that name the alternative (an enum of one value, a constant) are
                    // set even with required fields only, so that the value matches only its
                    // own (`oneOf`).
                    Some(fields) => {
                        let others = variants.iter().filter(|v| !std::ptr::eq(*v, chosen));
                        let avoid = others
                            .filter_map(|v| self.struct_fields(&v.ty))
                            .flatten()
                            .filter(|f| f.required)
                            .map(|f| f.wire_name.as_str())
                            .collect();
                        let naming =
                            fields.iter().filter(|f| self.is_constant(&f.ty)).map(|f| f.wire_name.as_str()).collect();
                        let min_properties = chosen.constraints.min_properties.unwrap_or(0);
                        self.object(fields, min_properties, &avoid, &naming, depth + 1)
                    }
                    None => self.value(&chosen.ty, name, &chosen.constraints, chosen.format.as_deref(), depth + 1),
                };
                if let (Some(property), Some(tag), Value::Object(map)) =
                    (discriminator, chosen.tags.first(), &mut value)
                {
                    map.insert(property.clone(), json!(tag));
                }
                value
            }
        }
    }

    /// Whether `ty` has one value: a closed enum of one (a `const`).
    fn is_constant(&self, ty: &TypeRef) -> bool {
        match through_aliases(self.types, ty) {
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Enum { variants, other: None }) if variants.len() == 1
            ),
            _ => false,
        }
    }

    /// Whether a value of `ty` holds no other value: a scalar or an enum.
    fn is_leaf(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Vec(_) | TypeRef::Map(_) => false,
            TypeRef::Nullable(inner) => self.is_leaf(inner),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { .. }) => true,
                Some(TypeKind::Alias(target)) => self.is_leaf(target),
                _ => false,
            },
            _ => true,
        }
    }

    /// The fields of `ty` when it is a struct, through aliases.
    fn struct_fields(&self, ty: &TypeRef) -> Option<&'a [Field]> {
        let types = self.types;
        match through_aliases(types, ty) {
            TypeRef::Named(name) => match &types.get(name)?.kind {
                TypeKind::Struct(fields) => Some(fields),
                _ => None,
            },
            _ => None,
        }
    }

    /// An object of `fields`, with at least `min_properties` of them where there are, none
    /// of the optional ones named in `avoid`, and those named in `keep` even when optional
    /// ones are left out.
    fn object(
        &mut self,
        fields: &[Field],
        min_properties: usize,
        avoid: &BTreeSet<&str>,
        keep: &BTreeSet<&str>,
        depth: usize,
    ) -> Value {
        let mut map = serde_json::Map::new();
        for field in fields.iter().filter(|f| f.flatten && !f.collects_rest()) {
            // Flattened alternatives: the chosen one's properties sit in the object itself.
            if let Value::Object(inner) = self.value(&field.ty, &field.wire_name, &field.constraints, None, depth + 1) {
                map.extend(inner);
            }
        }
        let sending = self.sending;
        let sendable = |f: &&Field| {
            let wrong_way = if sending { f.read_only } else { f.write_only };
            !f.flatten && (f.required || !(wrong_way || avoid.contains(f.wire_name.as_str())))
        };
        let optional_out = self.case.required_only || depth >= MAX_DEPTH;
        let kept = |f: &&Field| f.required || !optional_out || keep.contains(f.wire_name.as_str());
        let mut set: Vec<&Field> = fields.iter().filter(sendable).filter(kept).collect();
        // `minProperties` beyond the required ones: the first optional ones make up the count.
        let mut more = fields.iter().filter(sendable).filter(|f| !kept(f));
        while map.len() + set.len() < min_properties {
            let Some(field) = more.next() else { break };
            set.push(field);
        }
        for field in set {
            let value = self.value(&field.ty, &field.wire_name, &field.constraints, field.format.as_deref(), depth + 1);
            map.insert(field.wire_name.clone(), value);
        }
        Value::Object(map)
    }

    /// A string named after its property, within its length limits and pattern where a simple
    /// candidate matches it.
    fn string(&mut self, name: &str, c: &Constraints, format: Option<&str>) -> String {
        let base = match format {
            Some("email") => "someone@example.com".to_owned(),
            Some("uri" | "url") => "https://example.com/sample".to_owned(),
            Some("uri-reference" | "iri-reference") => "/sample".to_owned(),
            // base64 of `sample`.
            Some("byte") => "c2FtcGxl".to_owned(),
            Some("time") => "03:04:05Z".to_owned(),
            Some("date") => "2026-01-02".to_owned(),
            Some("date-time") => "2026-01-02T03:04:05Z".to_owned(),
            Some("duration") => "P1D".to_owned(),
            Some("hostname") => "example.com".to_owned(),
            Some("ipv4") => "192.0.2.1".to_owned(),
            Some("ipv6") => "2001:db8::1".to_owned(),
            _ if name.is_empty() => "sample".to_owned(),
            _ => format!("{name}-1"),
        };
        let pattern = c
            .pattern
            .as_deref()
            .map(|p| self.patterns.entry(p.to_owned()).or_insert_with(|| regex_lite::Regex::new(p).ok()).as_ref());
        let fits = |s: &str| {
            let count = s.chars().count();
            c.min_length.is_none_or(|m| count >= m)
                && c.max_length.is_none_or(|m| count <= m)
                && pattern.is_none_or(|r| r.is_some_and(|r| r.is_match(s)))
        };
        let sized = {
            let mut s: String = base.chars().take(c.max_length.unwrap_or(usize::MAX)).collect();
            while s.chars().count() < c.min_length.unwrap_or(0) {
                s.push('x');
            }
            s
        };
        let simple = [sized.as_str(), "ABC", "abc", "sample", "a1", "1"];
        if let Some(found) = simple.into_iter().find(|s| fits(s)) {
            return found.to_owned();
        }
        // From the pattern, its pieces repeated more until the sample is long enough.
        let stretches = std::iter::once(0)
            .chain((0..8).map(|n| 1 << n))
            .take_while(|extra| *extra <= c.min_length.unwrap_or(0).max(1));
        let from_pattern = c
            .pattern
            .as_deref()
            .and_then(|p| stretches.filter_map(|extra| pattern::sample(p, extra)).find(|s| fits(s)));
        from_pattern.unwrap_or(sized)
    }
}

fn integer(c: &Constraints) -> i64 {
    let mut value = 1i64;
    if let Some(min) = c.minimum {
        let min = min.ceil() as i64 + i64::from(c.exclusive_minimum);
        value = value.max(min);
    }
    if let Some(max) = c.maximum {
        let max = max.floor() as i64 - i64::from(c.exclusive_maximum);
        value = value.min(max);
    }
    value
}

fn number(c: &Constraints) -> f64 {
    let mut value = 0.5f64;
    if let Some(min) = c.minimum.filter(|m| value < *m || (c.exclusive_minimum && value <= *m)) {
        value = min + if c.exclusive_minimum { 0.5 } else { 0.0 };
    }
    if let Some(max) = c.maximum.filter(|m| value > *m || (c.exclusive_maximum && value >= *m)) {
        value = max - if c.exclusive_maximum { 0.5 } else { 0.0 };
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_within_the_limits() {
        let types = BTreeMap::new();
        let mut samples = Samples::new(&types);
        let mut string = |name, c, format| samples.string(name, c, format);
        let limits = Constraints { min_length: Some(3), max_length: Some(5), ..Default::default() };
        assert_eq!(string("name", &limits, None), "name-");
        assert_eq!(string("n", &limits, None), "n-1");
        let code = Constraints { pattern: Some("^[A-Z]{3}$".into()), ..Default::default() };
        assert_eq!(string("code", &code, None), "ABC");
        let long = Constraints { pattern: Some(r"^.*@.*\..*".into()), min_length: Some(5), ..Default::default() };
        assert_eq!(string("email", &long, None), "a@a.a", "the pattern's pieces repeated up to the least length");
        let ulid = Constraints { pattern: Some("^[0-7][0-9A-HJKMNP-TV-Z]{25}$".into()), ..Default::default() };
        assert_eq!(string("id", &ulid, None), "00000000000000000000000000", "from the pattern when no candidate fits");
        assert_eq!(string("email", &Constraints::default(), Some("email")), "someone@example.com");
        let page = Constraints { minimum: Some(1.0), maximum: Some(100.0), ..Default::default() };
        assert_eq!(integer(&page), 1);
        let above = Constraints { minimum: Some(5.0), exclusive_minimum: true, ..Default::default() };
        assert_eq!(integer(&above), 6);
        assert_eq!(number(&Constraints { minimum: Some(2.0), ..Default::default() }), 2.0);
    }

    #[test]
    fn cases_cover_every_value_and_can_leave_optional_fields_out() {
        use crate::model::Variant;
        let field = Field::plain;
        let variant = |v: &str| Variant { wire_name: v.to_owned(), rust_name: v.to_owned() };
        let mut types = BTreeMap::new();
        let def = TypeDef::plain;
        let role = TypeKind::Enum { variants: vec![variant("a"), variant("b")], other: Some("Other".to_owned()) };
        types.insert("Role".to_owned(), def("Role", role));
        let thing = TypeKind::Struct(vec![
            field("role", TypeRef::Named("Role".to_owned()), true),
            field("note", TypeRef::String, false),
        ]);
        types.insert("Thing".to_owned(), def("Thing", thing));
        let mut samples = Samples::new(&types);
        let thing = TypeRef::Named("Thing".to_owned());
        assert_eq!(samples.choices([&thing]), 3, "two values and one the spec does not list");
        let roles: Vec<Value> = (0..3)
            .map(|choice| {
                samples.set_case(Case { choice, required_only: false });
                samples.of(&thing, "thing")["role"].clone()
            })
            .collect();
        assert_eq!(roles, [json!("a"), json!("b"), json!(UNLISTED)]);
        samples.set_case(Case { choice: 0, required_only: true });
        assert_eq!(samples.of(&thing, "thing"), json!({"role": "a"}));
    }

    /// The samples of the union `name` of the structs `alternatives` (in `types`), each
    /// alternative chosen in turn.
    fn union_samples(
        mut types: BTreeMap<String, TypeDef>,
        name: &str,
        alternatives: [&str; 2],
        required_only: bool,
    ) -> Vec<Value> {
        let variant = |name: &str| crate::model::UnionVariant {
            rust_name: name.to_owned(),
            ty: TypeRef::Named(name.to_owned()),
            tags: Vec::new(),
            constraints: Constraints::default(),
            format: None,
        };
        let union = TypeKind::Union { variants: alternatives.map(variant).to_vec(), discriminator: None, other: None };
        types.insert(name.to_owned(), TypeDef::plain(name, union));
        let mut samples = Samples::new(&types);
        let union = TypeRef::Named(name.to_owned());
        (0..2)
            .map(|choice| {
                samples.set_case(Case { choice, required_only });
                samples.of(&union, name)
            })
            .collect()
    }

    /// `oneOf: [{required: [a]}, {required: [b]}]` beside properties `a` and `b`: a value
    /// with both would match both alternatives, which `oneOf` forbids.
    #[test]
    fn an_alternative_leaves_out_what_another_requires() {
        let mut types = BTreeMap::new();
        for (name, required) in [("ByDocument", "document"), ("ByCollection", "collection")] {
            let fields = ["document", "collection"].map(|p| Field::plain(p, TypeRef::String, p == required));
            types.insert(name.to_owned(), TypeDef::plain(name, TypeKind::Struct(fields.to_vec())));
        }
        let values = union_samples(types, "Share", ["ByDocument", "ByCollection"], false);
        assert_eq!(values, [json!({"document": "document-1"}), json!({"collection": "collection-1"})]);
    }

    /// With required fields only, an alternative still says which it is when a constant
    /// names it (WireMock's delay: `{type: lognormal, median}` or `{type: uniform, lower}`,
    /// nothing required; `{}` would match both).
    #[test]
    fn an_alternative_keeps_the_constant_that_names_it() {
        use crate::model::Variant;
        let mut types = BTreeMap::new();
        for (name, kind, other) in [("LogNormal", "lognormal", "median"), ("Uniform", "uniform", "lower")] {
            let tag = format!("{name}Type");
            let variants = vec![Variant { wire_name: kind.to_owned(), rust_name: name.to_owned() }];
            types.insert(tag.clone(), TypeDef::plain(&tag, TypeKind::Enum { variants, other: None }));
            let fields =
                vec![Field::plain("type", TypeRef::Named(tag), false), Field::plain(other, TypeRef::I64, false)];
            types.insert(name.to_owned(), TypeDef::plain(name, TypeKind::Struct(fields)));
        }
        let values = union_samples(types, "Delay", ["LogNormal", "Uniform"], true);
        assert_eq!(values, [json!({"type": "lognormal"}), json!({"type": "uniform"})]);
    }

    #[test]
    fn objects_have_their_minimum_of_properties_and_list_items_their_format() {
        let field = Field::plain;
        let mut uris = field("uris", TypeRef::Vec(Box::new(TypeRef::String)), false);
        uris.format = Some("uri".to_owned());
        let filter = TypeKind::Struct(vec![field("status", TypeRef::String, false), uris]);
        let types = BTreeMap::from([("Filter".to_owned(), TypeDef::plain("Filter", filter))]);
        let mut samples = Samples::new(&types);
        let filter = TypeRef::Named("Filter".to_owned());
        samples.set_case(Case { choice: 0, required_only: true });
        assert_eq!(samples.of(&filter, "filter"), json!({}));
        let at_least_one = Constraints { min_properties: Some(1), ..Default::default() };
        assert_eq!(samples.constrained(&filter, "filter", &at_least_one, None), json!({"status": "status-1"}));
        samples.set_case(Case { choice: 0, required_only: false });
        assert_eq!(samples.of(&filter, "filter")["uris"], json!(["https://example.com/sample"]));
    }
}
