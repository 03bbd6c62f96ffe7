//! Finds the line and column of a JSON pointer in YAML or JSON text, so that errors found
//! after deserialization (which keeps no positions) can still say where they are.
//!
//! For YAML it replays the YAML parser's events; for JSON it scans the text (which the YAML
//! parser cannot always read: surrogate-pair escapes). Either tracks the pointer of each node,
//! and runs only when an error is reported, never on the success path.

use saphyr_parser::{Event, Parser};

/// The 1-based line and column of the node at `pointer`, or of its nearest ancestor that
/// exists; `None` if the text does not parse.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> = split_pointer(pointer);
    let mut best: Option<(usize, (usize, usize))> = None;
    // One frame per open collection: for a mapping, whether the next scalar is a key and the
    // last key seen; for a sequence, the next index.
    enum Frame {
        Map { expect_key: bool, key: Option<String> },
        Seq { next: usize },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();

    // The path of the node an event starts, given the enclosing frame.
    fn child_key(stack: &mut [Frame]) -> Option<String> {
        match stack.last_mut()? {
            Frame::Map { key, .. } => key.take(),
            Frame::Seq { next } => {
                *next += 1;
                Some((*next - 1).to_string())
            }
        }
    }

    for item in Parser::new_from_str(text) {
        let (event, span) = item.ok()?;
        let position = (span.start.line(), span.start.col() + 1);
        let mut record = |path: &[String]| {
            let depth = path.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if depth == path.len() && best.is_none_or(|(d, _)| depth > d) {
                best = Some((depth, position));
            }
        };
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map { expect_key: expect @ true, key }) = stack.last_mut() {
                    *expect = false;
                    *key = Some(value.to_string());
                    let mut p = path.clone();
                    p.push(value.to_string());
                    record(&p);
                    continue;
                }
                let key = child_key(&mut stack);
                if let Some(Frame::Map { expect_key, .. }) = stack.last_mut() {
                    *expect_key = true;
                }
                if let Some(key) = key {
                    let mut p = path.clone();
                    p.push(key);
                    record(&p);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let key = child_key(&mut stack);
                if let Some(key) = key {
                    path.push(key);
                }
                record(&path);
                stack.push(match event {
                    Event::MappingStart(..) => Frame::Map { expect_key: true, key: None },
                    _ => Frame::Seq { next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if !stack.is_empty() {
                    path.pop();
                }
                if let Some(Frame::Map { expect_key, .. }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            _ => {}
        }
    }
    best.map(|(_, position)| position)
}

/// The 1-based line and column of the node at `pointer` in JSON `text` (an object member at
/// its key), or of its nearest ancestor that exists; `None` for text that is not JSON.
pub fn locate_json(text: &str, pointer: &str) -> Option<(usize, usize)> {
    enum Frame {
        Object { key: Option<String>, expect_key: bool },
        Array { index: usize },
    }
    let target = split_pointer(pointer);
    let mut best: Option<(usize, (usize, usize))> = None;
    let mut record = |path: &[String], at: (usize, usize)| {
        let depth = path.iter().zip(&target).take_while(|(a, b)| a == b).count();
        if depth == path.len() && best.is_none_or(|(d, _)| depth > d) {
            best = Some((depth, at));
        }
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let (mut line, mut column) = (1usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        let at = (line, column);
        match c {
            '\n' => (line, column) = (line + 1, 0),
            ' ' | '\t' | '\r' | ':' => {}
            ',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            '}' | ']' => {
                stack.pop();
                path.pop();
            }
            '"' => {
                let mut string = String::new();
                while let Some(c) = chars.next() {
                    column += 1;
                    match c {
                        '"' => break,
                        '\\' => {
                            chars.next();
                            column += 1;
                        }
                        '\n' => return None,
                        c => string.push(c),
                    }
                }
                match stack.last_mut() {
                    Some(Frame::Object { key, expect_key: expect @ true }) => {
                        *expect = false;
                        path.push(string.clone());
                        record(&path, at);
                        path.pop();
                        *key = Some(string);
                    }
                    _ => record_value(&stack, &mut path, at, &mut record),
                }
            }
            '{' | '[' => {
                let segment = segment(&stack);
                if matches!(stack.last(), Some(Frame::Array { .. }) | None) {
                    record_value(&stack, &mut path, at, &mut record);
                }
                path.extend(segment);
                stack.push(if c == '{' {
                    Frame::Object { key: None, expect_key: true }
                } else {
                    Frame::Array { index: 0 }
                });
            }
            _ => {
                // A number, `true`, `false` or `null`: skip to its end.
                while chars.peek().is_some_and(|c| !matches!(c, ',' | '}' | ']' | '\n' | ' ' | '\t' | '\r')) {
                    chars.next();
                    column += 1;
                }
                record_value(&stack, &mut path, at, &mut record);
            }
        }
    }
    /// The segment of the value about to start in the top frame.
    fn segment(stack: &[Frame]) -> Option<String> {
        match stack.last()? {
            Frame::Object { key, .. } => key.clone(),
            Frame::Array { index } => Some(index.to_string()),
        }
    }
    /// Records a value that is not an object member (those are recorded at their key).
    fn record_value(
        stack: &[Frame],
        path: &mut Vec<String>,
        at: (usize, usize),
        record: &mut impl FnMut(&[String], (usize, usize)),
    ) {
        match stack.last() {
            Some(Frame::Object { .. }) => {}
            _ => {
                let segment = segment(stack);
                let pushed = segment.is_some();
                path.extend(segment);
                record(path, at);
                if pushed {
                    path.pop();
                }
            }
        }
    }
    best.map(|(_, position)| position)
}

/// The unescaped segments of a JSON pointer (`/paths/~1a~1b` -> `["paths", "/a/b"]`).
pub fn split_pointer(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
}

/// Appends an escaped segment to a JSON pointer.
pub fn push_pointer(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + segment.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for (i, part) in segment.split('/').enumerate() {
        if i > 0 {
            out.push_str("~1");
        }
        for (j, piece) in part.split('~').enumerate() {
            if j > 0 {
                out.push_str("~0");
            }
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      parameters:\n      - name: x\n        in: query\n      - name: y\n        in: path\n";

    #[test]
    fn finds_keys_and_sequence_items() {
        assert_eq!(locate(DOC, "/openapi"), Some((1, 1)));
        assert_eq!(locate(DOC, "/paths/~1a~1b/get"), Some((4, 5)));
        assert_eq!(locate(DOC, "/paths/~1a~1b/get/parameters/1/in"), Some((9, 9)));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(locate(DOC, "/paths/~1a~1b/get/responses"), Some((4, 5)));
    }

    #[test]
    fn finds_json_members_and_items() {
        let json =
            "{\n  \"paths\": {\n    \"/a/b\": {\"get\": {\"tags\": [\"x\", \"\\ud83d\\ude00\", {\"k\": 1}]}}\n  }\n}\n";
        assert_eq!(locate_json(json, "/paths"), Some((2, 3)));
        assert_eq!(locate_json(json, "/paths/~1a~1b/get"), Some((3, 14)));
        assert_eq!(locate_json(json, "/paths/~1a~1b/get/tags/2/k"), Some((3, 53)));
        assert_eq!(locate_json(json, "/paths/~1a~1b/get/responses"), Some((3, 14)), "the nearest ancestor");
    }

    #[test]
    fn pointers_round_trip() {
        let p = push_pointer(&push_pointer("", "paths"), "/a~b");
        assert_eq!(p, "/paths/~1a~0b");
        assert_eq!(split_pointer(&p), vec!["paths", "/a~b"]);
    }
}
