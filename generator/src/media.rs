//! Media types: the essence of one (without its parameters), and the families the generator
//! treats alike. One place, so that lowering and normalising agree on what is JSON.

/// A media type without its parameters, case kept (`Text/Event-Stream; charset=utf-8` ->
/// `Text/Event-Stream`).
fn bare(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or("").trim()
}

/// A media type without its parameters, in lower case (`text/event-stream`).
pub(crate) fn essence(media_type: &str) -> String {
    bare(media_type).to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json`, or any with the `+json` suffix
/// (`application/problem+json`). Asked of every body of every operation, so it compares
/// without allocating.
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = bare(media_type).as_bytes();
    let suffix = essence.len().checked_sub(5).map(|at| &essence[at..]);
    essence.eq_ignore_ascii_case(b"application/json") || suffix.is_some_and(|s| s.eq_ignore_ascii_case(b"+json"))
}

/// Whether a media type is text: `text/*`, XML, and the like.
pub(crate) fn is_text(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence.starts_with("text/") || essence.ends_with("/xml") || essence.ends_with("+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_by_family() {
        assert_eq!(essence(" Text/Event-Stream; charset=utf-8"), "text/event-stream");
        for json in ["application/json", "Application/JSON; charset=utf-8", "application/problem+json"] {
            assert!(is_json(json), "{json}");
        }
        for other in ["application/jsonl", "json", "text/plain", "application/x-ndjson", ""] {
            assert!(!is_json(other), "{other}");
        }
        assert!(is_text("text/csv") && is_text("application/atom+xml") && is_text("Application/XML"));
        assert!(!is_text("application/octet-stream"));
    }
}
