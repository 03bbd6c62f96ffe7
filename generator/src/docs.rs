//! Spec prose to rustdoc. Descriptions are Markdown written for a web page; rustdoc reads
//! some of it differently and warns, so this makes it safe without changing what it says:
//! - fenced code blocks without a language become `text` (rustdoc would compile them);
//! - indentation outside fences is removed (four spaces would start a doctest);
//! - `<`, `>` outside code become entities (rustdoc reads them as HTML tags);
//! - `[`, `]` that do not form a link are escaped (rustdoc reads them as intra-doc links);
//! - bare URLs are wrapped in `<...>` (rustdoc's `bare_urls` lint).

/// Lines of rustdoc for an item with an optional summary and description: the summary
/// first, then a blank line and the description (the summary is left out when the
/// description already starts with it).
pub fn doc_lines(summary: Option<&str>, description: Option<&str>) -> Vec<String> {
    let summary = summary.map(str::trim).filter(|s| !s.is_empty());
    let description = description.map(str::trim).filter(|s| !s.is_empty());
    let mut text = String::new();
    match (summary, description) {
        (Some(s), Some(d)) if d.starts_with(s.trim_end_matches('.')) => text.push_str(d),
        (Some(s), Some(d)) => {
            text.push_str(s);
            text.push_str("\n\n");
            text.push_str(d);
        }
        (Some(s), None) => text.push_str(s),
        (None, Some(d)) => text.push_str(d),
        (None, None) => {}
    }
    sanitize(&text)
}

/// Makes Markdown text safe for rustdoc, line by line.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    // The width of the marker of the list item the last lines belong to, if any.
    let mut list_item: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if !in_fence {
            if trimmed.is_empty() {
                list_item = None;
            } else if let Some(width) = list_marker(trimmed) {
                list_item = Some(width);
            } else if let Some(width) = list_item {
                // A line that continues a list item is indented under it, as rustdoc expects.
                lines.push(format!("{}{}", " ".repeat(width), escape_line(trimmed)));
                continue;
            }
        }
        if let Some(info) = trimmed.strip_prefix("```") {
            if !in_fence && info.trim().is_empty() {
                lines.push("```text".to_owned());
            } else {
                lines.push(trimmed.to_owned());
            }
            in_fence = !in_fence;
        } else if in_fence {
            lines.push(line.trim_end().to_owned());
        } else {
            lines.push(escape_line(trimmed));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// The width of the list marker a line starts with (`- `, `* `, `1. `), if it starts one.
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Escapes one line outside code fences, leaving inline code spans untouched.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            escape_text(part, &mut out);
        }
    }
    out
}

fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = link_len(rest) {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The length of a Markdown link `[text](url)` at the start of `text`.
fn link_len(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    if inner[..close].contains('[') {
        return None;
    }
    let target = inner[close + 1..].strip_prefix('(')?;
    let end = target.find(')')?;
    (!target[..end].contains(char::is_whitespace)).then_some(1 + close + 2 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        let table = [
            ("Keys look like `pckey_<label>_<key>`.", "Keys look like `pckey_<label>_<key>`."),
            ("Keys look like pckey_<label>.", "Keys look like pckey_&lt;label&gt;."),
            ("Default is [\"ProjectEditor\"].", "Default is \\[\"ProjectEditor\"\\]."),
            ("See [the docs](https://docs.pinecone.io/x).", "See [the docs](https://docs.pinecone.io/x)."),
            ("Host is https://login.pinecone.io.", "Host is <https://login.pinecone.io>."),
            ("    indented", "indented"),
        ];
        for (input, want) in table {
            assert_eq!(sanitize(input), vec![want.to_owned()], "{input:?}");
        }
    }

    #[test]
    fn lines_that_continue_a_list_item_are_indented_under_it() {
        let lines =
            sanitize("Why it stopped:\n- `stop`: done.\n- `filter`: blocked\n(for example, hate speech).\n\nAfter.");
        assert_eq!(
            lines,
            [
                "Why it stopped:",
                "- `stop`: done.",
                "- `filter`: blocked",
                "  (for example, hate speech).",
                "",
                "After."
            ]
        );
        assert_eq!(sanitize("1. first\nmore"), ["1. first", "   more"]);
    }

    #[test]
    fn code_fences_are_never_doctests() {
        let lines = sanitize("Example:\n```\nlet x = 1;\n```\n```json\n{}\n```");
        assert_eq!(lines, ["Example:", "```text", "let x = 1;", "```", "```json", "{}", "```"]);
        assert_eq!(sanitize("```\nunclosed"), ["```text", "unclosed", "```"]);
    }

    #[test]
    fn summary_and_description_combine() {
        assert_eq!(doc_lines(Some("List keys"), Some("Lists the keys.")), ["List keys", "", "Lists the keys."]);
        assert_eq!(doc_lines(Some("Lists keys."), Some("Lists keys. More.")), ["Lists keys. More."]);
        assert_eq!(doc_lines(None, Some("  \n")), Vec::<String>::new());
    }
}
