//! A spec file's text to the JSON value it means, and where each node of it is written
//! ([`Positions`]), in one pass: YAML through saphyr-parser ([`yaml`]), JSON through
//! serde_json ([`json`]). Everything after this step works on the value; errors and notes
//! find their line and column in the positions, by JSON pointer.

mod json;
mod positions;
mod yaml;

use serde_json::Value;

use crate::pointer::Pointer;

pub use positions::Positions;

/// The largest document accepted: 64 MiB. Microsoft Graph's descriptions, the largest
/// public ones known here (20 and 47 MB of JSON), generate; the limit bounds the memory a
/// hostile document can take (about 80 times its size).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// A parsed text.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// What the text means.
    pub value: Value,
    /// Where each of its nodes is.
    pub positions: Positions,
}

/// Why a text is not a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// Whether the text breaks a limit ([`MAX_BYTES`], [`yaml::MAX_DEPTH`], [`yaml::MAX_ALIAS_NODES`])
    /// rather than the syntax.
    pub limit: bool,
    /// Whether the text was read as JSON.
    pub json: bool,
    /// The node at fault, when the text is well-formed up to it (a value JSON cannot hold).
    pub pointer: Pointer,
}

impl SyntaxError {
    fn new(line: usize, column: usize, message: String) -> Self {
        Self { line, column, message, limit: false, json: false, pointer: Pointer::root() }
    }

    fn limit(line: usize, column: usize, message: String) -> Self {
        Self { line, column, message, limit: true, json: false, pointer: Pointer::root() }
    }
}

/// Parses `text`: as JSON when it is JSON, else as YAML (a YAML document may start with a
/// flow mapping too: `{openapi: 3.1.0, ...}`). Text that is neither gets the error of the
/// language it looks like: JSON when its first key is quoted.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    if text.len() > MAX_BYTES {
        let message = format!("the document is {} bytes, more than the {MAX_BYTES} accepted", text.len());
        return Err(SyntaxError::limit(1, 1, message));
    }
    let Some(object) = text.trim_start().strip_prefix('{') else {
        return yaml::parse(text).map(|(value, positions)| Parsed { value, positions });
    };
    let (value, positions) = match json::parse(text) {
        Ok(parsed) => parsed,
        Err(json_error) => match yaml::parse(text) {
            Ok(parsed) => parsed,
            Err(_) if object.trim_start().starts_with(['"', '}']) => {
                return Err(SyntaxError { json: true, ..json_error });
            }
            Err(yaml_error) => return Err(yaml_error),
        },
    };
    Ok(Parsed { value, positions })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_flow_mapping_is_yaml_and_json_is_json() {
        let flow = parse("{openapi: 3.1.0, info: {title: t, version: '1'}}").expect("YAML in flow style");
        assert_eq!(flow.value, json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}));
        let surrogates = parse("{\"t\": \"\\ud83d\\ude00\"}").expect("JSON");
        assert_eq!(surrogates.value, json!({"t": "\u{1F600}"}));
        assert!(parse("{\"t\": [}").expect_err("broken JSON").json, "a quoted first key: JSON's error");
        assert!(!parse("{t: [}").expect_err("broken YAML").json, "YAML's error");
    }

    #[test]
    fn a_document_over_the_size_limit_is_refused_before_it_is_read() {
        let text = format!("openapi: 3.0.3\n#{}", " ".repeat(MAX_BYTES));
        let error = parse(&text).expect_err("over the limit");
        assert!(error.limit && (error.line, error.column) == (1, 1), "{error:?}");
        assert!(error.message.contains("more than the 67108864 accepted"), "{}", error.message);
    }
}
