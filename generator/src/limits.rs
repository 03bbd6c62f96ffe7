//! Limits applied to a spec's text before it is parsed, so that any input is accepted or
//! refused in time roughly linear in its size:
//! - [`MAX_BYTES`]: the document's size;
//! - [`MAX_FLOW_DEPTH`]: nesting of flow collections (`[[[...]]]`), which the YAML parser
//!   handles in time quadratic in the depth (100,000 levels took 37 s), found by one linear
//!   scan here. Deeper block nesting and alias expansion ("billion laughs") are refused by
//!   the YAML parser itself, quickly: its recursion limit is 128 levels, and it caps how
//!   often aliases repeat.

/// The largest document accepted: 16 MiB, ten times the largest description the generator is measured on.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// The deepest nesting of flow collections accepted. The YAML parser refuses documents
/// nested deeper than 128 levels anyway; this only stops it from spending quadratic time
/// finding out.
pub const MAX_FLOW_DEPTH: usize = 256;

/// A limit the text breaks: the 1-based line and column where it does, and what it is.
pub type Exceeded = ((usize, usize), String);

/// Checks `text` against the limits.
pub fn check(text: &str) -> Result<(), Exceeded> {
    if text.len() > MAX_BYTES {
        let message = format!("the document is {} bytes, more than the {MAX_BYTES} accepted", text.len());
        return Err(((1, 1), message));
    }
    flow_depth(text)
}

/// Scans for flow brackets outside quoted scalars and comments. A bracket inside a plain
/// scalar (`a[b`) counts too, which can only overestimate the depth. Everything it acts on
/// is ASCII ([`MARKS`]), so it walks bytes and passes over the rest; the character before a
/// quote or a `#` is decoded only there, and columns are counted only for the error.
fn flow_depth(text: &str) -> Result<(), Exceeded> {
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let at = i;
        i += 1;
        if !MARKS[usize::from(b)] {
            continue;
        }
        if b == b'\n' {
            (line, line_start, comment) = (line + 1, i, false);
            continue;
        }
        match (quote, b) {
            _ if comment => {}
            (Some(b'"'), b'\\') => {
                if bytes.get(i) == Some(&b'\n') {
                    (line, line_start) = (line + 1, i + 1);
                }
                i += 1;
            }
            (Some(b'\''), b'\'') if bytes.get(i) == Some(&b'\'') => i += 1,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if after_space(text, at) || (at > 0 && b"[{,:".contains(&bytes[at - 1])) => {
                quote = Some(b)
            }
            (None, b'#') if after_space(text, at) => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    let column = text.get(line_start..at).map_or(0, |s| s.chars().count()) + 1;
                    let message = format!("collections are nested more than {MAX_FLOW_DEPTH} levels deep");
                    return Err(((line, column), message));
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The bytes [`flow_depth`] acts on: line breaks, quotes, escapes, comments and brackets.
const MARKS: [bool; 256] = {
    let (mut marks, set) = ([false; 256], b"\n\"'\\#[]{}");
    let mut i = 0;
    while i < set.len() {
        marks[set[i] as usize] = true;
        i += 1;
    }
    marks
};

/// Whether the character before byte `at` (an ASCII byte) is whitespace, or there is none.
fn after_space(text: &str, at: usize) -> bool {
    text.get(..at).and_then(|before| before.chars().next_back()).is_none_or(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_refused_where_it_goes_too_deep() {
        let deep = format!("x: {}{}\n", "[".repeat(300), "]".repeat(300));
        let ((line, column), message) = check(&deep).expect_err("too deep");
        assert_eq!((line, column), (1, 3 + MAX_FLOW_DEPTH + 1));
        assert_eq!(message, "collections are nested more than 256 levels deep");
        let accented = format!("\u{e9}t\u{e9}: {}{}\n", "[".repeat(300), "]".repeat(300));
        assert_eq!(check(&accented).expect_err("too deep").0, (1, 5 + MAX_FLOW_DEPTH + 1), "columns count characters");
        let escaped_break = format!("a: \"x\\\ny\"\nb: {}\n", "[".repeat(300));
        assert_eq!(
            check(&escaped_break).expect_err("too deep").0,
            (3, 3 + MAX_FLOW_DEPTH + 1),
            "an escaped line break is a line"
        );
        let fine = format!("x: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert!(check(&fine).is_ok());
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let text = format!("a: '{0}'\nb: \"{0}\\\"{0}\"\nc: 1 # {0}\nd: 'it''s {0}'\n", "[".repeat(MAX_FLOW_DEPTH + 1));
        assert!(check(&text).is_ok(), "{text}");
    }
}
