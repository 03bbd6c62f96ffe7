//! `multipart/form-data` bodies: a part per property of the body type, files as file parts
//! from bytes or from a path streamed from disk, every other value as a text part.
//!
//! The parts are rebuilt for each attempt (bytes are cloned, a file is opened again), so a
//! multipart request can be retried like any other.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde::Serialize;

/// A file to send as a part of a multipart body: its contents (in memory, or a path read
/// while sending), its file name and its content type.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone, PartialEq, Eq)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
}

impl FilePart {
    /// A file from bytes in memory.
    pub fn bytes(contents: impl Into<Bytes>) -> Self {
        Self { source: Source::Bytes(contents.into()), file_name: None, content_type: None }
    }

    /// A file read from `path` while the request is sent, never whole in memory; its file
    /// name is the path's.
    pub fn path(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Self { source: Source::Path(path), file_name, content_type: None }
    }

    /// Sets the file name the server sees.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type (`application/pdf`; `application/octet-stream` unless
    /// set).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The reqwest part, with the contents read anew.
    fn part(&self) -> Result<reqwest::multipart::Part, String> {
        let part = match &self.source {
            Source::Bytes(bytes) => reqwest::multipart::Part::stream(bytes.clone()),
            Source::Path(path) => {
                reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(file_chunks(path.clone())))
            }
        };
        let part = match &self.file_name {
            Some(name) => part.file_name(name.clone()),
            None => part.file_name("file"),
        };
        // Without one, a file is `application/octet-stream`: OpenAPI's default for binary
        // properties, and what servers that read each part's type expect.
        let content_type = self.content_type.as_deref().unwrap_or("application/octet-stream");
        part.mime_str(content_type).map_err(|e| format!("content type `{content_type}`: {e}"))
    }
}

/// The contents of the file at `path`, in chunks of 64 KiB, opened when first polled.
fn file_chunks(path: PathBuf) -> impl futures_core::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    use tokio::io::AsyncReadExt;
    enum State {
        Closed(PathBuf),
        Open(tokio::fs::File, PathBuf),
        Done,
    }
    let named = |e: std::io::Error, path: &Path| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    futures_util::stream::unfold(State::Closed(path), move |state| async move {
        let (mut file, path) = match state {
            State::Done => return None,
            State::Open(file, path) => (file, path),
            State::Closed(path) => match tokio::fs::File::open(&path).await {
                Ok(file) => (file, path),
                Err(e) => return Some((Err(named(e, &path)), State::Done)),
            },
        };
        let mut buffer = vec![0; 64 * 1024];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok(Bytes::from(buffer)), State::Open(file, path)))
            }
            Err(e) => Some((Err(named(e, &path)), State::Done)),
        }
    })
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Path(path) => path.display().to_string(),
        };
        f.debug_struct("FilePart")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A file is sent as a multipart part, never inside JSON.
/// A file inside JSON (a schema of `format: binary` that a JSON body holds too) is its
/// contents, as a string; a file on disk is sent only as a multipart part.
impl Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Source::Bytes(bytes) => serializer.serialize_str(&String::from_utf8_lossy(bytes)),
            Source::Path(_) => {
                Err(serde::ser::Error::custom("a file on disk is sent as a multipart part, not as JSON"))
            }
        }
    }
}

/// A file is never received inside JSON; but a request built from JSON (a test's, the command
/// line's `--body`) writes a file as a string, its contents.
impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer).map(|contents| Self::bytes(contents.into_bytes()))
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub enum Part {
    /// A file part.
    File(Cow<'static, str>, FilePart),
    /// A text part: a string, a number or a boolean as its text.
    Text(Cow<'static, str>, String),
    /// An object as JSON, with its media type: OpenAPI's default for an object property.
    Json(Cow<'static, str>, String),
}

impl Part {
    /// The part of property `name` holding `value`: a string as it is, an object or a list
    /// as JSON (`application/json`), anything else as its JSON text.
    pub fn text<T: Serialize + ?Sized>(name: impl Into<Cow<'static, str>>, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => Self::Text(name.into(), s),
            // Written from the value itself, so that an object's properties keep their
            // order (a `serde_json::Value` sorts them).
            Ok(json @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
                Self::Json(name.into(), serde_json::to_string(value).unwrap_or_else(|_| json.to_string()))
            }
            Ok(other) => Self::Text(name.into(), other.to_string()),
            Err(e) => Self::Text(name.into(), format!("(cannot be sent: {e})")),
        }
    }

    /// The file part of property `name`.
    pub fn file(name: impl Into<Cow<'static, str>>, file: &FilePart) -> Self {
        Self::File(name.into(), file.clone())
    }
}

/// A body type sent as `multipart/form-data`: generated for each such body, a part per
/// property that is set.
pub trait MultipartBody {
    /// The parts, in the schema's order.
    fn parts(&self) -> Vec<Part>;
}

/// A body whose schema is not an object, typed loosely: a part per entry.
impl MultipartBody for std::collections::BTreeMap<String, serde_json::Value> {
    fn parts(&self) -> Vec<Part> {
        self.iter().flat_map(|(name, value)| entry_parts(name, value)).collect()
    }
}

/// The parts of a JSON object (a union's alternative this client does not know): a part per
/// property; none for anything else.
pub fn value_parts(value: &serde_json::Value) -> Vec<Part> {
    value.as_object().into_iter().flatten().flat_map(|(name, value)| entry_parts(name, value)).collect()
}

/// The parts of one property: none for `null`, a part per item of a list, else one.
fn entry_parts(name: &str, value: &serde_json::Value) -> Vec<Part> {
    match value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => items.iter().map(|item| Part::text(name.to_owned(), item)).collect(),
        other => vec![Part::text(name.to_owned(), other)],
    }
}

/// The reqwest form of `parts`, with files read anew.
pub(crate) fn form(parts: &[Part]) -> Result<reqwest::multipart::Form, String> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            Part::Text(name, text) => form.text(name.clone(), text.clone()),
            Part::Json(name, json) => {
                let part = reqwest::multipart::Part::text(json.clone()).mime_str("application/json");
                form.part(name.clone(), part.map_err(|e| format!("`{name}`: {e}"))?)
            }
            Part::File(name, file) => form.part(name.clone(), file.part().map_err(|e| format!("`{name}`: {e}"))?),
        };
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::Part;

    /// An object part is the struct's JSON in its own order, as the schema lists the
    /// properties (a `serde_json::Value` would sort them).
    #[test]
    fn an_object_part_keeps_its_properties_order() {
        #[derive(serde::Serialize)]
        struct Owner {
            name: &'static str,
            age: i64,
        }
        match Part::text("owner", &Owner { name: "Ada", age: 36 }) {
            Part::Json(name, text) => assert_eq!((&*name, text.as_str()), ("owner", r#"{"name":"Ada","age":36}"#)),
            other => panic!("{other:?}"),
        }
    }
}
