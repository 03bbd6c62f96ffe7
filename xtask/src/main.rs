//! Project tasks, run as `cargo xtask <task>`; `cargo xtask --help` lists them and
//! `cargo xtask <task> --help` explains each. A usage error exits with status 2, a failed
//! task with status 1, printing the error and its causes.

mod codegen;
mod compare;
mod contract;
mod copies;
mod diff;
mod error;
mod mutants;
mod project;
mod rehearsal;
mod scale;
mod semver;
mod standalone;
mod yaml;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use error::{Error, Result};

/// The allocator: generation is dominated by allocating and freeing small nodes (tokens,
/// syntax trees), which mimalloc does faster than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The project's tasks: regenerate the client from `specs/`, compare versions, check them.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Regenerate `generated-client/` (and the fixtures crate) from `specs/`, or generate a
    /// standalone crate for one spec with `--spec FILE --out DIR`.
    Codegen(CodegenArgs),
    /// What version NEW changes in the generated Rust API compared with OLD, each change
    /// classified breaking or compatible. OLD and NEW are versions in `specs/` or spec files.
    Diff(DiffArgs),
    /// Check that cargo-semver-checks agrees with `diff` on every test pair and every pair of
    /// adjacent versions (needs `cargo install cargo-semver-checks --locked`).
    SemverCheck(SemverArgs),
    /// Rehearse the next spec bump in a scratch copy (`target/bump-rehearsal`): a next version
    /// derived from the newest, codegen, the whole test suite, and the checks a maintainer
    /// makes. CI runs it, so a change that would break the next bump fails today.
    BumpRehearsal,
    /// Time this generator against progenitor, side by side: generation of a synthetic
    /// 2,000-operation spec and of admin 2026-07, and the build of the generated crate.
    /// Progenitor is built in `target/compare/`, outside the workspace.
    CompareProgenitor(CompareArgs),
    /// Break the generated client as a generator bug would (a path template, the version
    /// header, a wire name), one change at a time in a scratch copy, and check that its
    /// generated tests fail each time.
    Mutants,
    /// How generation time grows with size: a description (default: admin 2026-07) copied
    /// to 1x, 2x, 4x and 8x its operations, each generated with `codegen --spec`, in the
    /// profile this task runs in (dev for `cargo xtask scale`).
    Scale(ScaleArgs),
    /// Judge a generated client by a server that speaks its spec: every operation called
    /// against Prism (validating each request, answering random valid responses) or, with
    /// `--base-url`, your own server; a table of what was accepted and decoded.
    Contract(ContractArgs),
}

#[derive(Debug, Args)]
struct ContractArgs {
    /// The OpenAPI description the client is generated from and the server speaks.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// How many times each call is made (Prism answers each time at random).
    #[arg(long, default_value_t = 20)]
    runs: u32,
    /// Prism's random seed: the same seed replays the same answers.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A crate generated from FILE before (`codegen --spec FILE --out DIR`), instead of
    /// generating one into `target/contract/`.
    #[arg(long = "crate", value_name = "DIR")]
    krate: Option<PathBuf>,
    /// Call your own server instead of Prism; credentials come from the crate's environment
    /// variables (`<PREFIX>_ACCESS_TOKEN`, `<PREFIX>_API_KEY`, ...). Only reads are sent
    /// unless `--allow-writes`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Send every operation, writes included, to the server of `--base-url`.
    #[arg(long, requires = "base_url")]
    allow_writes: bool,
    /// A settings file (as `specs/codegen.yaml`) to generate the crate with.
    #[arg(long, value_name = "FILE", conflicts_with = "krate")]
    settings: Option<PathBuf>,
    /// The section of the settings file to use.
    #[arg(long, value_name = "NAME", requires = "settings")]
    api: Option<String>,
    /// Failures known and explained, one per line (`<spec> <operationId> <outcome>: <why>`,
    /// as `xtask/contract/known.txt`): shown, not failing; an entry that did not happen is
    /// named, to be removed once fixed.
    #[arg(long, value_name = "FILE")]
    known: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct CodegenArgs {
    /// Change nothing; fail, naming each stale, missing or left-over file, when the checked-in
    /// code is not what `specs/` generate.
    #[arg(long, conflicts_with = "spec")]
    check: bool,
    /// Generate a standalone crate for this OpenAPI file instead of the client crate.
    #[arg(long, value_name = "FILE", requires = "out")]
    spec: Option<PathBuf>,
    /// Where to write the standalone crate.
    #[arg(long, value_name = "DIR", requires = "spec")]
    out: Option<PathBuf>,
    /// A settings file (as `specs/codegen.yaml`) for the standalone crate.
    #[arg(long, value_name = "FILE", requires = "spec")]
    settings: Option<PathBuf>,
    /// The section of the settings file to use (default: the spec file's name up to `_`).
    #[arg(long, value_name = "NAME", requires = "settings")]
    api: Option<String>,
    /// The standalone crate's name (default: from the spec file's name).
    #[arg(long, value_name = "CRATE", requires = "spec")]
    name: Option<String>,
    /// The prefix of the environment variables the standalone client reads (default: the
    /// crate's name without `-client`, in capitals: `qdrant-client` reads `QDRANT_API_KEY`).
    #[arg(long, value_name = "PREFIX", requires = "spec")]
    env_prefix: Option<String>,
    /// Copy the runtime into the standalone crate, so that it builds wherever it is moved,
    /// with no path back into this checkout.
    #[arg(long, requires = "spec")]
    vendor: bool,
    /// Refuse a spec with errors confined to one place (a repeated operationId, a `$ref` to
    /// nothing, ...) instead of working around each with a warning.
    #[arg(long, requires = "spec")]
    strict: bool,
    /// Split the standalone crate into parts: a cargo feature per tag (`tag-<tag>`; untagged
    /// operations by their path's first segment, `path-<segment>`), each compiling its
    /// operations, mocks, commands and the types they reach; `all-parts` (a default) has all.
    #[arg(long, value_name = "tags", requires = "spec", value_parser = ["tags"])]
    split_by: Option<String>,
    /// Write the library alone: no generated tests (`tests/operations.rs`) and no contract
    /// runner (`examples/contract.rs`), which for a big API are a third of the generation and
    /// as much source again as the library.
    #[arg(long, requires = "spec")]
    no_tests: bool,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The older version (`2026-04`) or spec file.
    old: String,
    /// The newer version or spec file.
    new: String,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = diff::Format::Text)]
    format: diff::Format,
    /// Exit with status 1 when a change breaks code written against OLD.
    #[arg(long)]
    fail_on_breaking: bool,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Operations in the synthetic spec.
    #[arg(long, default_value_t = 2000)]
    operations: usize,
    /// Timed runs of each side; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

#[derive(Debug, Args)]
struct ScaleArgs {
    /// The description to copy (default: `specs/2026-07/admin_2026-07.oas.yaml`).
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The sizes, as multiples of the description's operations.
    #[arg(long, value_delimiter = ',', default_value = "1,2,4,8")]
    times: Vec<usize>,
    /// Timed runs of each size; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

#[derive(Debug, Args)]
struct SemverArgs {
    /// Check only this pair: the older version (or spec file)...
    #[arg(requires = "new")]
    old: Option<String>,
    /// ... and the newer one.
    new: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // usage errors exit with status 2, `--help` with 0
    match run(cli.task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", error::report(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<()> {
    let root = workspace_root();
    match task {
        Task::Codegen(args) => match (args.spec, args.out) {
            (Some(spec), Some(out)) => standalone::run(&standalone::Request {
                spec,
                out,
                settings: args.settings,
                api: args.api,
                name: args.name,
                env_prefix: args.env_prefix,
                vendor: args.vendor,
                strict: args.strict,
                split_by_tags: args.split_by.is_some(),
                tests: !args.no_tests,
                root: root.clone(),
            })
            .map(drop),
            _ => codegen::run(&root, args.check),
        },
        Task::Diff(args) => {
            let breaking = diff::run(&root, &args.old, &args.new, args.format)?;
            if breaking && args.fail_on_breaking {
                return Err(Error::Check(format!(
                    "{} breaks code written against {} (--fail-on-breaking)",
                    args.new, args.old
                )));
            }
            Ok(())
        }
        Task::SemverCheck(args) => semver::run(&root, args.old.zip(args.new)),
        Task::BumpRehearsal => rehearsal::run(&root),
        Task::Mutants => mutants::run(&root),
        Task::Contract(args) => contract::run(&contract::Request {
            spec: args.spec,
            runs: args.runs,
            seed: args.seed,
            krate: args.krate,
            base_url: args.base_url,
            allow_writes: args.allow_writes,
            settings: args.settings,
            api: args.api,
            known: args.known,
            root: root.clone(),
        }),
        Task::Scale(args) => {
            let spec = args.spec.unwrap_or_else(|| root.join("specs/2026-07/admin_2026-07.oas.yaml"));
            scale::run(&root, &scale::Request { spec, times: args.times, runs: args.runs })
        }
        Task::CompareProgenitor(args) => {
            compare::run(&root, &compare::Request { operations: args.operations, runs: args.runs })
        }
    }
}

/// The target directory of the workspace at `root`, which the tasks' builds share.
fn target_dir(root: &std::path::Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

/// The repository root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn usage_errors_are_refused_before_any_work() {
        for args in [
            &["xtask", "codegen", "--frobnicate"][..],
            &["xtask", "codegen", "--spec", "a.yaml"],
            &["xtask", "codegen", "--check", "--spec", "a.yaml", "--out", "d"],
            &["xtask", "diff", "2026-04"],
            &["xtask", "diff", "a", "b", "--format", "xml"],
            &["xtask", "semver-check", "2026-04"],
            &["xtask", "no-such-task"],
        ] {
            let error = Cli::try_parse_from(args).expect_err("a usage error");
            assert_eq!(error.exit_code(), 2, "{args:?}: {error}");
        }
        assert!(Cli::try_parse_from(["xtask", "codegen", "--spec", "a.yaml", "--out", "d"]).is_ok());
    }
}
