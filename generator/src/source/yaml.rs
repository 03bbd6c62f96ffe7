//! YAML text to the JSON value OpenAPI describes, and where each node is written, in one pass
//! over the events of saphyr-parser (a maintained, pure-Rust YAML 1.2 parser):
//! - mapping keys are strings as written (`200:` and `'200':` mean the same);
//! - plain scalars are read by YAML 1.2's core schema: `null`, booleans, integers (beyond 64
//!   bits, the nearest number, as JSON would read them) and floats; NaN and infinities, which
//!   JSON cannot hold, are errors at the value;
//! - tags are dropped (`!!str 1` is the string `1`), aliases are the value of their anchor;
//! - limits: nesting deeper than [`MAX_DEPTH`], and aliases that expand to more than
//!   [`MAX_ALIAS_NODES`] nodes ("billion laughs"), are refused where they happen.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use super::SyntaxError;
use super::positions::{Node, Positions, Step};
use crate::pointer::Pointer;

/// The deepest nesting of collections accepted.
pub const MAX_DEPTH: usize = 128;

/// The most nodes aliases may expand to, in all.
pub const MAX_ALIAS_NODES: usize = 500_000;

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<(Value, Positions), SyntaxError> {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let (line, column) = (e.marker().line(), e.marker().col() + 1);
            match e.info() {
                "recursion limit exceeded" => SyntaxError::limit(line, column, too_deep()),
                info => SyntaxError::new(line, column, info.to_owned()),
            }
        })?;
        builder.event(event, span)?;
    }
    Ok((builder.root.unwrap_or(Value::Null), builder.positions))
}

fn too_deep() -> String {
    format!("collections are nested more than {MAX_DEPTH} levels deep")
}

/// A collection being read.
enum Container {
    /// A mapping, and the key read for the value to come, with its position.
    Map(Map<String, Value>, Option<(String, (usize, usize))>),
    Sequence(Vec<Value>),
}

struct Frame {
    container: Container,
    node: Node,
    anchor: usize,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    positions: Positions,
    anchors: HashMap<usize, Value>,
    root: Option<Value>,
    documents: usize,
    expanded: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let at = (span.start.line(), span.start.col() + 1);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError::new(at.0, at.1, "the file holds more than one YAML document".into()));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(Frame { container: Container::Map(_, key @ None), .. }) = self.stack.last_mut() {
                    *key = Some((key_text(&text, style), at));
                    return Ok(());
                }
                let value = scalar(&text, style, tag.as_deref()).map_err(|message| SyntaxError {
                    pointer: self.pointer(),
                    ..SyntaxError::new(at.0, at.1, message)
                })?;
                self.node(at);
                self.insert(value, anchor);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                self.no_key_here(at)?;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError { pointer: self.pointer(), ..SyntaxError::limit(at.0, at.1, too_deep()) });
                }
                let node = self.node(at);
                let container = match event {
                    Event::MappingStart(..) => Container::Map(Map::new(), None),
                    _ => Container::Sequence(Vec::new()),
                };
                self.stack.push(Frame { container, node, anchor });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(frame) = self.stack.pop() {
                    let value = match frame.container {
                        Container::Map(map, _) => Value::Object(map),
                        Container::Sequence(items) => Value::Array(items),
                    };
                    self.insert(value, frame.anchor);
                }
            }
            Event::Alias(anchor) => {
                let value = self.anchors.get(&anchor).cloned().unwrap_or(Value::Null);
                self.expanded += size(&value);
                if self.expanded > MAX_ALIAS_NODES {
                    let message = format!("aliases expand to more than {MAX_ALIAS_NODES} nodes");
                    return Err(SyntaxError::limit(at.0, at.1, message));
                }
                if let Some(Frame { container: Container::Map(_, key @ None), .. }) = self.stack.last_mut() {
                    let text = match value {
                        Value::String(text) => text,
                        Value::Null => "null".to_owned(),
                        other @ (Value::Number(_) | Value::Bool(_)) => other.to_string(),
                        _ => return Err(not_a_key(at)),
                    };
                    *key = Some((text, at));
                    return Ok(());
                }
                self.node(at);
                self.insert(value, 0);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// The pointer of the node about to be read.
    fn pointer(&self) -> Pointer {
        self.stack.iter().fold(Pointer::root(), |pointer, frame| match &frame.container {
            Container::Map(_, Some((key, _))) => pointer.child(key),
            Container::Map(_, None) => pointer,
            Container::Sequence(items) => pointer.child(items.len()),
        })
    }

    /// A collection cannot be a mapping key.
    fn no_key_here(&self, at: (usize, usize)) -> Result<(), SyntaxError> {
        match self.stack.last() {
            Some(Frame { container: Container::Map(_, None), .. }) => Err(not_a_key(at)),
            _ => Ok(()),
        }
    }

    /// Records the position of the node starting at `at`: a mapping member's is its key's.
    fn node(&mut self, at: (usize, usize)) -> Node {
        let (parent, at) = match self.stack.last() {
            Some(Frame { container: Container::Map(_, Some((key, key_at))), node, .. }) => {
                (Some((*node, Step::Key(key))), *key_at)
            }
            Some(Frame { container: Container::Sequence(items), node, .. }) => {
                (Some((*node, Step::Index(u32::try_from(items.len()).unwrap_or(u32::MAX)))), at)
            }
            // The root (a key is never a node: see `no_key_here`).
            Some(Frame { container: Container::Map(_, None), .. }) | None => (None, at),
        };
        self.positions.add(parent, at.0, at.1)
    }

    /// Puts a finished value in its place.
    fn insert(&mut self, value: Value, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame { container: Container::Map(map, key), .. }) => {
                if let Some((key, _)) = key.take() {
                    map.insert(key, value);
                }
            }
            Some(Frame { container: Container::Sequence(items), .. }) => items.push(value),
        }
    }
}

fn not_a_key(at: (usize, usize)) -> SyntaxError {
    SyntaxError::new(at.0, at.1, "a mapping key must be a string or a number".into())
}

/// How many nodes a value has.
fn size(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(size).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(size).sum::<usize>(),
        _ => 1,
    }
}

/// A mapping key: its text, `null` for a plain null.
fn key_text(text: &str, style: ScalarStyle) -> String {
    match style {
        ScalarStyle::Plain if matches!(text, "" | "~" | "null" | "Null" | "NULL") => "null".to_owned(),
        _ => text.to_owned(),
    }
}

/// A scalar's value: a string when quoted, written as a block, or tagged `!!str`; else by the
/// core schema.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let string_tag = tag.is_some_and(|t| t.is_yaml_core_schema() && matches!(t.suffix.as_str(), "str" | "binary"));
    let typed_tag = tag.is_some_and(|t| t.is_yaml_core_schema() && !string_tag);
    if string_tag || (style != ScalarStyle::Plain && !typed_tag) {
        return Ok(Value::String(text.to_owned()));
    }
    plain(text)
}

/// A plain scalar by YAML 1.2's core schema.
fn plain(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err(format!("`{text}` is not a number JSON can hold"));
    }
    let negative = text.starts_with('-');
    let radix = [("0x", 16), ("0o", 8)].into_iter().find_map(|(p, r)| unsigned.strip_prefix(p).map(|d| (d, r)));
    if let Some((digits, radix)) = radix.filter(|(d, _)| !d.is_empty()) {
        if let Ok(n) = u64::from_str_radix(digits, radix) {
            return Ok(match negative {
                true => i64::try_from(n).map(|n| Value::from(-n)).unwrap_or_else(|_| float(-(n as f64))),
                false => Value::from(n),
            });
        }
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
            return Ok(Value::from(n));
        }
    }
    if is_number(unsigned) {
        if let Ok(n) = text.parse::<f64>() {
            return Ok(float(n));
        }
    }
    Ok(Value::String(text.to_owned()))
}

/// A finite float as JSON holds it.
fn float(n: f64) -> Value {
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// Whether an unsigned text is a number of the core schema:
/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`.
fn is_number(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty()),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn value(text: &str) -> Value {
        parse(text).expect("parses").0
    }

    #[test]
    fn yaml_reads_as_the_json_it_means() {
        let text = "200: {a: !!str 1}\nbig: -9223372036854776000\nhuge: 100000000000000000000\nlist: [1, x, null, ~, true, 1.5, 2e3, 0x1f, '3', \"4\", 3.0.3]\n";
        assert_eq!(
            value(text),
            json!({"200": {"a": "1"}, "big": -9223372036854775808.0, "huge": 1e20,
                   "list": [1, "x", null, null, true, 1.5, 2000.0, 31, "3", "4", "3.0.3"]})
        );
        assert_eq!(
            value("a: |\n  two\n  lines\nb: >-\n  folded\n  text\n"),
            json!({"a": "two\nlines\n", "b": "folded text"})
        );
        assert_eq!(value("a: &x {k: [1]}\nb: *x\n"), json!({"a": {"k": [1]}, "b": {"k": [1]}}));
        assert_eq!(value("? plain\n: 1\n~: 2\n"), json!({"plain": 1, "null": 2}));
        assert_eq!(value(""), Value::Null);
    }

    #[test]
    fn values_json_cannot_hold_are_errors_where_they_are() {
        for text in ["a: .nan\n", "a:\n  b: -.INF\n"] {
            let error = parse(text).expect_err("not JSON");
            assert!(error.message.contains("is not a number JSON can hold"), "{error:?}");
            assert_eq!(error.pointer.as_str(), if text.contains('b') { "/a/b" } else { "/a" });
            assert_eq!(error.line, text.lines().count());
        }
        let error = parse("? [a]\n: 1\n").expect_err("a key that is a list");
        assert_eq!((error.line, error.message.as_str()), (1, "a mapping key must be a string or a number"));
        assert!(parse("a: 1\n---\nb: 2\n").is_err(), "two documents");
    }

    #[test]
    fn limits_are_refused_where_they_are_broken() {
        let deep = format!("x: {}{}\n", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
        let error = parse(&deep).expect_err("too deep");
        assert!(error.limit && error.line == 1 && error.column == 3 + MAX_DEPTH, "{error:?}");
        let very_deep = format!("x: {}\n", "[".repeat(100_000));
        assert!(parse(&very_deep).expect_err("far too deep").limit);
        let block: String = (0..=MAX_DEPTH).map(|i| format!("{}a:\n", "  ".repeat(i))).collect();
        assert!(parse(&block).expect_err("too deep").limit);
        let mut laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
            let previous = ["a", "b", "c", "d", "e", "f", "g"][i];
            laughs.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{previous}"); 10].join(", ")));
        }
        let error = parse(&laughs).expect_err("billion laughs");
        assert!(error.limit && error.message.contains("aliases expand"), "{error:?}");
    }

    #[test]
    fn every_node_is_found_where_it_is_written() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      parameters:\n      - name: x\n        in: query\n      - {name: y, in: path}\n";
        let (_, positions) = parse(text).expect("parses");
        let at = |p: &str| positions.find(&Pointer::parse(p));
        assert_eq!(at("/openapi"), Some((1, 1)));
        assert_eq!(at("/paths/~1a~1b/get"), Some((4, 5)));
        assert_eq!(at("/paths/~1a~1b/get/parameters/0"), Some((6, 9)));
        assert_eq!(at("/paths/~1a~1b/get/parameters/1/in"), Some((8, 19)));
        assert_eq!(at("/paths/~1a~1b/get/responses"), Some((4, 5)), "the nearest ancestor written");
        assert_eq!(at(""), Some((1, 1)));
    }
}
