//! Where in a JSON text a decoding error happened, as a path (`data[2].name`).
//!
//! serde_json reports where it stopped reading (a line and column); this module walks the
//! text up to there and names the value it was reading. The error's path is found only when
//! decoding has failed, by a scan that knows nothing of the types, so that no type's decoder
//! is compiled a second time for a path-tracking reader (each reader compiles every decoder of
//! the crate once more) and a successful decode pays nothing for it.

/// The path of the value serde_json was reading when it stopped with `error` in `text`:
/// the value that ends where it stopped (a value of the wrong type, an object missing a key,
/// an unknown enum value), or the one that starts there (a list or object where a scalar was
/// expected). Keys are joined by `.`, list items are `[index]`, and the whole text is `.`.
pub fn path_of(text: &[u8], error: &serde_json::Error) -> String {
    let offset = offset_of(text, error.line(), error.column());
    format(&steps_at(text, offset))
}

/// The byte offset of serde_json's `line` (from 1) and `column` (bytes into the line).
fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    let mut newlines = text.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1);
    let start = if line <= 1 { 0 } else { newlines.nth(line - 2).unwrap_or(text.len()) };
    (start + column).min(text.len())
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// An open object or list, and whether an object's key is on the path.
struct Open {
    list: bool,
    keyed: bool,
}

/// The steps to the last value that began or ended at or before `offset`.
fn steps_at(text: &[u8], offset: usize) -> Vec<Step> {
    let mut path: Vec<Step> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut found = Vec::new();
    let mut i = 0;
    while i < offset {
        match text[i] {
            b'{' => {
                open.push(Open { list: false, keyed: false });
                i += 1;
            }
            b'[' => {
                open.push(Open { list: true, keyed: true });
                path.push(Step::Index(0));
                i += 1;
                found.clone_from(&path);
            }
            b'}' | b']' => {
                if open.pop().is_some_and(|o| o.keyed) {
                    path.pop();
                }
                i += 1;
                found.clone_from(&path);
            }
            b',' => {
                i += 1;
                match open.last_mut() {
                    Some(Open { list: true, .. }) => {
                        if let Some(Step::Index(index)) = path.last_mut() {
                            *index += 1;
                        }
                        found.clone_from(&path);
                    }
                    Some(object) if object.keyed => {
                        object.keyed = false;
                        path.pop();
                    }
                    _ => {}
                }
            }
            b'"' => {
                let end = string_end(text, i);
                match open.last_mut() {
                    Some(object) if !object.list && !object.keyed => {
                        let key = serde_json::from_slice::<String>(&text[i..end]).unwrap_or_default();
                        object.keyed = true;
                        path.push(Step::Key(key));
                    }
                    _ => {}
                }
                i = end;
                if i <= offset {
                    found.clone_from(&path);
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            _ => {
                // A number, `true`, `false` or `null`: up to the next delimiter.
                while i < text.len() && !matches!(text[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                if i <= offset {
                    found.clone_from(&path);
                }
            }
        }
    }
    found
}

/// Just past the string that starts with the quote at `start` (or the end of the text).
fn string_end(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

fn format(steps: &[Step]) -> String {
    if steps.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // read only to fail
    struct Item {
        id: u32,
        tags: Vec<String>,
        kind: Kind,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    enum Kind {
        #[serde(rename = "a")]
        A,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Item>,
        #[serde(rename = "next page")]
        next: Option<Box<Page>>,
    }

    /// The path found from serde_json's position and the one `serde_path_to_error` tracks
    /// while decoding, for each kind of mismatch, in compact and pretty-printed text.
    #[test]
    fn the_path_from_the_position_is_the_tracked_one() {
        let ok = r#"{"id": 1, "tags": ["x"], "kind": "a"}"#;
        let cases = [
            format!(r#"{{"data": [{ok}, {{"id": "one", "tags": [], "kind": "a"}}]}}"#),
            format!(r#"{{"data": [{ok}, {ok}, {{"id": 3, "tags": ["x", 2], "kind": "a"}}]}}"#),
            r#"{"data": [{"id": 3, "tags": [], "kind": "b"}]}"#.to_owned(),
            format!(r#"{{"data": [{ok}, {{"id": 3, "kind": "a"}}]}}"#),
            r#"{"data": [{"id": 3, "tags": {}, "kind": "a"}]}"#.to_owned(),
            format!(r#"{{"data": [{ok}], "next page": {{"data": [{ok}, {{"id": -1, "tags": [], "kind": "a"}}]}}}}"#),
            format!(r#"{{"data": [{ok}], "next page": {{"data": {{}}}}}}"#),
            format!(r#"{{"data": [{ok}], "next page": {{"data": [[]]}}}}"#),
            r#"{"data": "\"quoted\" {[,"}"#.to_owned(),
            r#"{"data": [], "next page": 7}"#.to_owned(),
            r#"{"next page": null}"#.to_owned(),
            r#"[]"#.to_owned(),
        ];
        for case in &cases {
            let value: serde_json::Value = serde_json::from_str(case).expect("JSON");
            for text in [case.clone(), serde_json::to_string_pretty(&value).expect("text")] {
                let error = serde_json::from_slice::<Page>(text.as_bytes()).expect_err("a mismatch");
                let mut reader = serde_json::Deserializer::from_slice(text.as_bytes());
                let tracked = serde_path_to_error::deserialize::<_, Page>(&mut reader).expect_err("a mismatch");
                assert_eq!(path_of(text.as_bytes(), &error), tracked.path().to_string(), "{error}\n{text}");
            }
        }
    }

    #[test]
    fn keys_are_unescaped_and_lines_counted() {
        let text = b"{\n  \"a\\\"b\": [\n    1,\n    \"x\"\n  ]\n}";
        let error = serde_json::from_slice::<std::collections::HashMap<String, Vec<u32>>>(text).expect_err("x");
        assert_eq!(path_of(text, &error), "a\"b[1]");
    }

    /// Any text, any position: no panic, a path.
    #[test]
    fn broken_text_gives_a_path_without_panicking() {
        for text in [&b"{\"a"[..], b"[[[", b"}}]]", b"\"\\", b"{\"a\":", b"", b"[1,,]"] {
            for offset in 0..=text.len() + 2 {
                let _ = format(&steps_at(text, offset.min(text.len())));
            }
            if let Err(error) = serde_json::from_slice::<Page>(text) {
                let _ = path_of(text, &error);
            }
        }
    }
}
