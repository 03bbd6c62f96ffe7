//! JSON pointers (RFC 6901), the one way the generator says where a node of a spec is:
//! `/paths/~1users~1{id}/get`. A [`Pointer`] is kept escaped, as errors print it; segments go
//! in and come out unescaped.

use std::fmt;

/// A JSON pointer to a node of a document; the empty pointer is the document itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document itself.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// A pointer as written, escaped (`/components/schemas/Pet`, or the fragment of a `$ref`
    /// without its `#`).
    pub fn parse(escaped: &str) -> Self {
        Self(escaped.to_owned())
    }

    /// The child of this node under `segment`, a key or an index.
    pub fn child(&self, segment: impl fmt::Display) -> Self {
        let segment = segment.to_string();
        let mut out = String::with_capacity(self.0.len() + segment.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        for c in segment.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
        Self(out)
    }

    /// The descendant reached by each of `segments` in turn.
    pub fn join<S: fmt::Display>(&self, segments: impl IntoIterator<Item = S>) -> Self {
        segments.into_iter().fold(self.clone(), |pointer, segment| pointer.child(segment))
    }

    /// The pointer as written, escaped.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The segments, unescaped (`/paths/~1a~1b` -> `paths`, `/a/b`).
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~"))
    }

    /// The parent node, `None` for the document itself.
    pub fn parent(&self) -> Option<Self> {
        self.0.rfind('/').map(|at| Self(self.0[..at].to_owned()))
    }

    /// The last segment, unescaped.
    pub fn last(&self) -> Option<String> {
        self.segments().last()
    }

    /// Whether this is `ancestor` or a node below it.
    pub fn is_within(&self, ancestor: &Pointer) -> bool {
        self.0.strip_prefix(&ancestor.0).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// This pointer with its `ancestor` part replaced by `by` (`None` when it is not below it).
    pub fn rebase(&self, ancestor: &Pointer, by: &Pointer) -> Option<Self> {
        self.is_within(ancestor).then(|| Self(format!("{}{}", by.0, &self.0[ancestor.0.len()..])))
    }
}

impl From<&str> for Pointer {
    /// A pointer as written, escaped.
    fn from(escaped: &str) -> Self {
        Self::parse(escaped)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_going_in_and_unescaped_coming_out() {
        let p = Pointer::root().join(["paths", "/a~b", "get"]);
        assert_eq!(p.as_str(), "/paths/~1a~0b/get");
        assert_eq!(p.segments().collect::<Vec<_>>(), ["paths", "/a~b", "get"]);
        assert_eq!(p.last().as_deref(), Some("get"));
        assert_eq!(p.parent().map(|p| p.to_string()).as_deref(), Some("/paths/~1a~0b"));
        assert_eq!(Pointer::root().child(3).as_str(), "/3");
        assert_eq!(Pointer::root().parent(), None);
    }

    #[test]
    fn ancestry_is_by_whole_segments() {
        let a = Pointer::parse("/components/schemas/A");
        assert!(Pointer::parse("/components/schemas/A/properties").is_within(&a));
        assert!(a.is_within(&a));
        assert!(!Pointer::parse("/components/schemas/AB").is_within(&a));
        let moved = Pointer::parse("/components/schemas/A/x").rebase(&a, &Pointer::parse("/b"));
        assert_eq!(moved.map(|p| p.to_string()).as_deref(), Some("/b/x"));
    }
}
