//! A large YAML document parsed on all cores. Its block mappings are cut at their entries
//! into parts of about equal size, each part is parsed as a document of its own, and the
//! results are put back together in order.
//!
//! A cut is made only before a line at the mapping's own indentation: the YAML parser ends
//! every plain scalar and block collection of the entry above there, so an entry is read
//! alone as it is read in place. Whatever else could span the cut (a quoted scalar, a flow
//! collection) leaves the part above it unterminated, and an alias can only name an anchor
//! in its own part. Either way a part fails to parse, and the caller parses the document
//! whole: results and errors are always those of the whole parse. The one difference is
//! the parser's nesting limit, which counts from each part's root, a level or two deeper
//! than in the whole document.

use serde_json::{Map, Value};

use crate::parallel;

/// The document's value when it is one block mapping whose parts all parse to mappings;
/// `None` when the document must be parsed whole. `size` is the size of a part, in bytes.
pub(super) fn parse(text: &str, size: usize) -> Option<Value> {
    let lines = lines(text)?;
    let parts = mapping(text, &lines, size)?;
    let mut texts = Vec::new();
    flatten(&parts, &mut texts);
    let values = parallel::map(&texts, |part| super::whole(part).ok());
    assemble(&parts, &mut values.into_iter()).map(Value::Object)
}

/// A mapping's entries, in order.
#[derive(Debug)]
enum Part<'a> {
    /// Whole entries as written, at the mapping's indentation.
    Text(&'a str),
    /// One entry whose value, a block mapping, is cut into parts of its own.
    Entry { key: String, parts: Vec<Part<'a>> },
}

/// One line of the text: its byte range, its indentation, and whether it holds content
/// (it is not blank and not only a comment).
#[derive(Debug)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
    content: bool,
}

/// The lines of `text`; `None` when it has directives, document markers or tab-indented
/// lines, which are left to the whole parse.
fn lines(text: &str) -> Option<Vec<Line>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let rest = body.trim_start_matches(' ');
        let indent = body.len() - rest.len();
        if rest.starts_with('\t')
            || (indent == 0 && (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%')))
        {
            return None;
        }
        let content = !rest.trim().is_empty() && !rest.starts_with('#');
        lines.push(Line { start, end, indent, content });
        start = end;
    }
    Some(lines)
}

/// The parts of the block mapping written in `lines`, whose first content line starts its
/// first entry; `None` when the lines are not plainly one.
fn mapping<'a>(text: &'a str, lines: &[Line], size: usize) -> Option<Vec<Part<'a>>> {
    let first = lines.iter().position(|line| line.content)?;
    let indent = lines[first].indent;
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(first) {
        if !line.content {
            continue;
        }
        if line.indent < indent {
            return None;
        }
        let rest = &text[line.start + line.indent..line.end];
        // A sequence may sit at its key's indentation; its items belong to that entry.
        if line.indent > indent || sequence_item(rest) {
            if i == first {
                return None;
            }
            continue;
        }
        // Complex keys, flow collections, anchors, tags and aliases stay in the whole parse.
        if rest.starts_with(['?', '[', '{', '&', '!', '*', '|', '>', '@', '`']) {
            return None;
        }
        starts.push(i);
    }
    let mut parts = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (k, &from) in starts.iter().enumerate() {
        let to = starts.get(k + 1).copied().unwrap_or(lines.len());
        let entry = &lines[from..to];
        let (start, end) = (entry[0].start, entry[entry.len() - 1].end);
        if end - start > size {
            if let Some(cut) = cut_entry(text, entry, size) {
                if let Some((a, b)) = run.take() {
                    parts.push(Part::Text(&text[a..b]));
                }
                parts.push(cut);
                continue;
            }
        }
        let (a, _) = run.unwrap_or((start, end));
        run = Some((a, end));
        if end - a >= size {
            parts.push(Part::Text(&text[a..end]));
            run = None;
        }
    }
    if let Some((a, b)) = run {
        parts.push(Part::Text(&text[a..b]));
    }
    Some(parts)
}

/// Whether a line's content starts a sequence item (`- x`, or `-` alone).
fn sequence_item(rest: &str) -> bool {
    rest.strip_prefix('-').is_some_and(|after| after.is_empty() || after.starts_with([' ', '\n', '\r']))
}

/// The entry in `lines` cut into parts, when it is a key alone on its line (`paths:`)
/// over a larger indented block mapping; `None` otherwise.
fn cut_entry<'a>(text: &'a str, lines: &[Line], size: usize) -> Option<Part<'a>> {
    let (header, body) = lines.split_first()?;
    let line = text[header.start..header.end].trim_end();
    if !line.ends_with(':') {
        return None;
    }
    let Ok(Value::Object(map)) = super::whole(line) else { return None };
    let mut entries = map.into_iter();
    let (key, Value::Null) = entries.next()? else { return None };
    if entries.next().is_some() || body.iter().find(|line| line.content)?.indent <= header.indent {
        return None;
    }
    let parts = mapping(text, body, size)?;
    // A lone part gains nothing, unless it is an entry cut further (`components: schemas:`).
    (parts.len() > 1 || matches!(parts[..], [Part::Entry { .. }])).then_some(Part::Entry { key, parts })
}

/// The texts of the parts, depth first, in the order of the document.
fn flatten<'a>(parts: &[Part<'a>], texts: &mut Vec<&'a str>) {
    for part in parts {
        match part {
            Part::Text(text) => texts.push(text),
            Part::Entry { parts, .. } => flatten(parts, texts),
        }
    }
}

/// The mapping the parts make, taking the parsed texts in [`flatten`]'s order; `None` when
/// one did not parse to a mapping. A key written twice keeps its first place and its last
/// value, as in the whole parse.
fn assemble(parts: &[Part], values: &mut impl Iterator<Item = Option<Value>>) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    for part in parts {
        match part {
            Part::Text(_) => {
                let Value::Object(entries) = values.next()?? else { return None };
                for (key, value) in entries {
                    map.insert(key, value);
                }
            }
            Part::Entry { key, parts } => {
                let value = assemble(parts, values)?;
                map.insert(key.clone(), Value::Object(value));
            }
        }
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parts of 40 bytes: every entry of any size is a cut.
    const SMALL: usize = 40;

    fn in_parts(text: &str) -> Option<Value> {
        parse(text, SMALL)
    }

    #[test]
    fn a_document_cut_into_parts_reads_as_the_whole() {
        let text = "\
# leading comment
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      summary: a plain scalar
        continued on the next line
      description: |
        a block scalar

        with a blank line
      responses: {'200': {description: ok}}
  # a comment at the entries' indentation
  '/b:c':
    get:
      tags:
      - x
      - y
      responses:
        '200':
          description: ok
  /dup: {a: 1}
  /c:
    x: 1
  /dup: {b: 2}
components:
  schemas:
    A:
      type: object
      properties:
        same: {a: &shared {type: string}, b: *shared}
    B: {type: integer}
";
        let parts = lines(text).and_then(|lines| mapping(text, &lines, SMALL)).expect("cut");
        let mut texts = Vec::new();
        flatten(&parts, &mut texts);
        assert!(texts.len() > 5, "{texts:?}");
        assert_eq!(in_parts(text), Some(super::super::whole(text).expect("parses")));
    }

    #[test]
    fn what_spans_a_cut_sends_the_document_to_the_whole_parse() {
        let spanning = [
            // An alias to an anchor in another part.
            "a:\n  x: &anchor {type: string}\n  filler: 0123456789012345678901234567890123456789\nb:\n  y: *anchor\n",
            // A quoted scalar running over a line at the mapping's indentation.
            "a: \"one 0123456789012345678901234567890123456789\nb: two\"\n",
            // A flow mapping closed at the mapping's indentation.
            "a: {x: 0123456789012345678901234567890123456789,\ny: 2}\n",
            // Not a mapping at all.
            "- 0123456789012345678901234567890123456789\n- 0123456789012345678901234567890123456789\n",
            // Two documents.
            "a: 0123456789012345678901234567890123456789\n---\nb: 1\n",
        ];
        for text in spanning {
            assert_eq!(in_parts(text), None, "{text}");
        }
    }

    #[test]
    fn the_checked_in_specs_read_the_same_in_parts() {
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let mut read = 0;
        for dir in std::fs::read_dir(&specs).expect("specs/").flatten() {
            for file in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(file.path()).expect("readable");
                let whole = super::super::whole(&text).expect("parses");
                assert_eq!(parse(&text, 2048), Some(whole), "{}", file.path().display());
                read += 1;
            }
        }
        assert!(read >= 8, "{read} specs");
    }
}
