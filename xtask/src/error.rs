//! The errors of the project's tasks. Each says what failed; the cause, when there is one,
//! is printed after it (`caused by: ...`).

use std::path::PathBuf;
use std::process::ExitStatus;

/// Why a task failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A spec, the settings or the generator refused the input.
    #[error(transparent)]
    Generator(#[from] generator::Error),

    /// A file or folder could not be read or written.
    #[error("{}: cannot {action}", path.display())]
    Io {
        /// What was being done (`read`, `write`, `create the folder`).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// Specs the generator refused, each with its location.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Specs(Vec<generator::Error>),

    /// `specs/` or the crate layout is not as the tasks expect.
    #[error("{0}")]
    Layout(String),

    /// The checked-in generated code differs from what the specs generate.
    #[error("generated code is out of date:\n{files}run `cargo xtask codegen` and commit the result")]
    Stale {
        /// One line per file: stale, missing or left over.
        files: String,
    },

    /// A command the task runs could not be started.
    #[error("cannot run `{command}`")]
    Spawn {
        /// The command line.
        command: String,
        /// Why.
        source: std::io::Error,
    },

    /// A command the task runs failed.
    #[error("`{command}` failed ({status}){detail}")]
    Command {
        /// The command line.
        command: String,
        /// How it ended.
        status: ExitStatus,
        /// What it printed that says why, if kept.
        detail: String,
    },

    /// What the task checks does not hold (a breaking change with `--fail-on-breaking`, a
    /// rehearsal expectation, a mutation the tests did not catch).
    #[error("{0}")]
    Check(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { action, path, source }
    }
}

/// The tasks' result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The error and its causes, one per line, as the task prints them.
pub fn report(error: &Error) -> String {
    let mut out = format!("error: {error}");
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        let text = current.to_string();
        // Some messages already quote their cause; do not say it twice.
        if !out.contains(&text) {
            out.push_str(&format!("\n  caused by: {text}"));
        }
        cause = current.source();
    }
    out
}
