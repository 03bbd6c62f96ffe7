//! JSON text to its value, read as JSON (serde_json: surrogate-pair escapes, which YAML
//! parsers reject, and numbers beyond 64 bits kept as numbers), and where each node is
//! written, from one scan of the text.

use serde_json::Value;

use super::SyntaxError;
use super::positions::{Node, Positions, Step};

/// Parses a JSON document.
pub fn parse(text: &str) -> Result<(Value, Positions), SyntaxError> {
    let value = serde_json::from_str::<Value>(text).map_err(|e| {
        let message = e.to_string();
        let message = message.rfind(" at line ").map_or(message.as_str(), |at| &message[..at]).to_owned();
        SyntaxError::new(e.line(), e.column(), message)
    })?;
    Ok((value, positions(text)))
}

/// A collection being scanned.
enum Frame {
    /// An object: its node, the key of the member to come with its position, and whether a
    /// string now is a key.
    Object {
        node: Node,
        key: Option<(Box<str>, (usize, usize))>,
        expect_key: bool,
    },
    Array {
        node: Node,
        next: u32,
    },
}

/// The positions of every node of a JSON text that parses. An object member is at its key.
fn positions(text: &str) -> Positions {
    let bytes = text.as_bytes();
    let mut positions = Positions::default();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut line, mut column) = (1usize, 0usize);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // The column of the character starting at `i`.
        if b & 0xC0 != 0x80 {
            column += 1;
        }
        let at = (line, column);
        match b {
            b'\n' => (line, column) = (line + 1, 0),
            b',' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            b'{' | b'[' => {
                let node = value_node(&mut positions, &mut stack, at);
                stack.push(match b {
                    b'{' => Frame::Object { node, key: None, expect_key: true },
                    _ => Frame::Array { node, next: 0 },
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b'"' => {
                let end = string_end(bytes, i);
                let chars = text.get(i + 1..end).map_or(0, |s| s.chars().count());
                if let Some(Frame::Object { key, expect_key: expect @ true, .. }) = stack.last_mut() {
                    *expect = false;
                    *key = Some((unescape(text.get(i..=end).unwrap_or_default()), at));
                } else {
                    value_node(&mut positions, &mut stack, at);
                }
                column += chars + 1;
                i = end;
            }
            b' ' | b'\t' | b'\r' | b':' => {}
            _ => {
                // A number, `true`, `false` or `null`: to its end.
                value_node(&mut positions, &mut stack, at);
                while bytes.get(i + 1).is_some_and(|b| !b",}] \t\r\n".contains(b)) {
                    i += 1;
                    column += 1;
                }
            }
        }
        i += 1;
    }
    positions
}

/// Records a value starting at `at` in the innermost collection.
fn value_node(positions: &mut Positions, stack: &mut [Frame], at: (usize, usize)) -> Node {
    match stack.last_mut() {
        Some(Frame::Object { node, key, .. }) => match key.take() {
            Some((key, key_at)) => positions.add(Some((*node, Step::Key(&key))), key_at.0, key_at.1),
            None => positions.add(None, at.0, at.1),
        },
        Some(Frame::Array { node, next }) => {
            *next += 1;
            positions.add(Some((*node, Step::Index(*next - 1))), at.0, at.1)
        }
        None => positions.add(None, at.0, at.1),
    }
}

/// The index of the quote that ends the string starting at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len().saturating_sub(1)
}

/// A quoted JSON string's text.
fn unescape(quoted: &str) -> Box<str> {
    match quoted.contains('\\') {
        true => serde_json::from_str::<String>(quoted).unwrap_or_default().into(),
        false => quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointer::Pointer;

    #[test]
    fn every_node_is_found_where_it_is_written() {
        let json = "{\n  \"paths\": {\n    \"/a/b\": {\"get\": {\"tags\": [\"x\", \"\\ud83d\\ude00\", {\"k\": 1}]}}\n  },\n  \"\\u0061\u{e9}\": [true, null]\n}\n";
        let (value, positions) = parse(json).expect("parses");
        assert_eq!(value["paths"]["/a/b"]["get"]["tags"][1], "\u{1F600}");
        let at = |p: &str| positions.find(&Pointer::parse(p));
        assert_eq!(at("/paths"), Some((2, 3)));
        assert_eq!(at("/paths/~1a~1b/get"), Some((3, 14)));
        assert_eq!(at("/paths/~1a~1b/get/tags/2/k"), Some((3, 53)));
        assert_eq!(at("/paths/~1a~1b/get/responses"), Some((3, 14)), "the nearest ancestor written");
        assert_eq!(at("/a\u{e9}/1"), Some((5, 21)), "columns count characters");
    }

    #[test]
    fn errors_carry_line_and_column() {
        let error = parse("{\"openapi\": \"3.0.3\",\n \"info\": [}").expect_err("not JSON");
        assert_eq!(error.line, 2);
        assert!(!error.message.contains(" at line "), "{error:?}");
    }
}
