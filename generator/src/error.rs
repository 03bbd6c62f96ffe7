//! The generator's errors. Each names the file, where in it (line and column where the YAML
//! parser knows them, always the JSON pointer), what is wrong, and what to do about it.

use std::fmt;
use std::path::PathBuf;

/// Where in a spec file an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec file as it was named to the generator.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// JSON pointer to the offending node (`/paths/~1admin~1projects/get`), empty for the root.
    pub pointer: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if self.pointer.is_empty() { write!(f, " (document root)") } else { write!(f, " (at {})", self.pointer) }
    }
}

/// Everything that can go wrong between a spec file and formatted Rust code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec or settings file could not be read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// The text is not YAML (or JSON).
    #[error("{location}: not valid YAML: {message}")]
    Yaml {
        /// Where the parser stopped.
        location: Box<Location>,
        /// The parser's message.
        message: String,
    },

    /// The text starts as JSON but is not JSON.
    #[error("{location}: not valid JSON: {message}")]
    Json {
        /// Where the parser stopped.
        location: Box<Location>,
        /// The parser's message.
        message: String,
    },

    /// The text breaks a limit that keeps generation fast (size, nesting, aliases).
    #[error("{location}: refused: {message}; see the limits in the README")]
    Limit {
        /// Where the limit is broken.
        location: Box<Location>,
        /// Which limit.
        message: String,
    },

    /// The document does not declare OpenAPI 3.0.x or 3.1.x.
    #[error("{location}: this is {found}, which the generator does not read; {hint}")]
    Version {
        /// The `openapi` (or `swagger`) field.
        location: Box<Location>,
        /// What the document says it is.
        found: String,
        /// What to do.
        hint: &'static str,
    },

    /// The document is YAML or JSON but not shaped like an OpenAPI document.
    #[error("{location}: not a valid OpenAPI document: {message}")]
    Shape {
        /// The node that did not fit.
        location: Box<Location>,
        /// What the deserializer expected.
        message: String,
    },

    /// A node that is well-formed YAML and OpenAPI but contradicts itself or the settings.
    #[error("{location}: {message}")]
    Invalid {
        /// The node.
        location: Box<Location>,
        /// What is contradictory.
        message: String,
    },

    /// The settings ask for strictness and the document has errors confined to one place,
    /// which are otherwise worked around with a warning each.
    #[error("the document has {} error(s) that are worked around unless `strict` is set:\n{}", warnings.len(), warnings.join("\n"))]
    Strict {
        /// Each error, located.
        warnings: Vec<String>,
    },

    /// The codegen settings file is wrong.
    #[error("{}: {message}", path.display())]
    Settings {
        /// The settings file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },

    /// The emitted tokens did not parse as Rust: a bug in the generator, not in the spec.
    #[error("{}: the generated code does not parse ({message}); this is a generator bug, please report it with the spec", file.display())]
    Format {
        /// The spec the code came from.
        file: PathBuf,
        /// syn's message.
        message: String,
    },
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
