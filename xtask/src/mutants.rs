//! `cargo xtask mutants`: proof that the generated tests judge the client by the spec. In a
//! scratch copy of the repository it breaks the generated client of one version as a bug in
//! the generator would, one change at a time, and expects that version's generated tests to
//! fail, naming the operation:
//! - an operation's path template (`/admin/projects/{project_id}` -> `/admin/project/...`);
//! - the API-version header's value;
//! - an optional response field's wire name.
//!
//! A mutation the tests let pass fails the task.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};
use crate::rehearsal::{cargo_command, copy_checkout};

/// The version whose client is mutated, and the module of its generated tests.
const VERSION: &str = "v2026_07";

/// One mutation: where, what to replace, and the operation whose test must name it.
struct Mutation {
    what: &'static str,
    file: &'static str,
    /// The text after which the replaced text is looked for.
    after: &'static str,
    from: &'static str,
    to: &'static str,
    /// A failing test's name must contain this.
    caught_by: &'static str,
}

const MUTATIONS: &[Mutation] = &[
    Mutation {
        what: "the path template of `fetch_project`",
        file: "admin.rs",
        after: "static FETCH_PROJECT",
        from: "path: \"/admin/projects/{project_id}\"",
        to: "path: \"/admin/project/{project_id}\"",
        caught_by: "fetch_project::",
    },
    Mutation {
        what: "the value of the version header",
        file: "admin.rs",
        after: "",
        from: "pub const API_VERSION: &str = \"2026-07\";",
        to: "pub const API_VERSION: &str = \"2026-08\";",
        caught_by: "::",
    },
    Mutation {
        what: "the wire name of the optional response field `Invite.expires_at`",
        file: "admin/types.rs",
        after: "Object<'de> for Invite {",
        from: "\"expires_at\",",
        to: "\"expiresAt\",",
        caught_by: "invite",
    },
];

pub fn run(root: &Path) -> Result<()> {
    let scratch = root.join("target/mutants");
    copy_checkout(root, &scratch)?;
    let mut missed = Vec::new();
    for mutation in MUTATIONS {
        let file = scratch.join(format!("generated-client/src/{VERSION}/{}", mutation.file));
        let original = fs::read_to_string(&file).map_err(Error::io("read", &file))?;
        let start = original.find(mutation.after).ok_or_else(|| missing(mutation, mutation.after))?;
        let at = original[start..].find(mutation.from).ok_or_else(|| missing(mutation, mutation.from))? + start;
        let mutated = format!("{}{}{}", &original[..at], mutation.to, &original[at + mutation.from.len()..]);
        fs::write(&file, mutated).map_err(Error::io("write", &file))?;
        println!("== {}", mutation.what);
        let failed = failing_tests(&scratch)?;
        fs::write(&file, original).map_err(Error::io("write", &file))?;
        let caught: Vec<&String> = failed.iter().filter(|t| t.contains(mutation.caught_by)).collect();
        match caught.first() {
            Some(first) => {
                println!("   caught: {} of {VERSION}'s generated tests fail, {first} among them", failed.len())
            }
            None => {
                println!("   NOT CAUGHT: every generated test of {VERSION} passes");
                missed.push(mutation.what);
            }
        }
    }
    if missed.is_empty() {
        println!("every mutation of the generated client fails its generated tests");
        Ok(())
    } else {
        Err(Error::Check(format!("the generated tests pass with {}", missed.join(", "))))
    }
}

fn missing(mutation: &Mutation, text: &str) -> Error {
    Error::Check(format!(
        "mutants: `{text}` is not in the generated {}; update the mutation of {}",
        mutation.file, mutation.what
    ))
}

/// The generated tests of [`VERSION`] that fail in `scratch`.
fn failing_tests(scratch: &Path) -> Result<Vec<String>> {
    let filter = format!("{VERSION}_admin::");
    let args = ["test", "-p", "pinecone-admin", "--all-features", "--test", "operations", "--", &filter];
    let mut command: Command = cargo_command(scratch, &args);
    let output =
        command.output().map_err(|source| Error::Spawn { command: format!("cargo {}", args.join(" ")), source })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let failed: Vec<String> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED").map(str::to_owned))
        .collect();
    if output.status.success() != failed.is_empty() {
        // It did not get as far as running the tests: a compile error, say.
        return Err(Error::Command {
            command: format!("cargo {}", args.join(" ")),
            status: output.status,
            detail: format!(":\n{}", String::from_utf8_lossy(&output.stderr)),
        });
    }
    Ok(failed)
}
