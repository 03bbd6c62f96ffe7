//! `cargo xtask compare-progenitor`: this generator and progenitor side by side, on the same
//! machine in the same run, alternating the two so that the machine's noise falls on both.
//!
//! It measures what users feel: the time to generate a client (a synthetic spec of 2,000
//! operations made from `specs/2026-04`, and admin 2026-07), and the time to build the
//! generated admin 2026-07 crate once its dependencies are built (dev profile, not
//! incremental). Like for like: this generator writes the crate without tests (`--no-tests`:
//! the client, its types, mocks and the binary's command line), as progenitor writes a client
//! and its types, without
//! the generated tests and contract runner it also writes by default. Progenitor is built in
//! `target/compare/`, outside the workspace: no crate users build depends on it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::copies;
use crate::error::{Error, Result};
use crate::target_dir;

/// The progenitor release compared against, and the dependencies its generated code needs.
const PROGENITOR: &str = "0.15.1";
/// The spec the synthetic one is copied from, and the spec of the build comparison.
const BASE_SPEC: &str = "specs/2026-04/admin_2026-04.oas.yaml";
const BUILD_SPEC: &str = "specs/2026-07/admin_2026-07.oas.yaml";
const SETTINGS: &str = "specs/codegen.yaml";

/// What to run, and how often.
pub struct Request {
    /// Operations in the synthetic spec.
    pub operations: usize,
    /// Timed runs of each side (the median is reported).
    pub runs: usize,
}

pub fn run(root: &Path, request: &Request) -> Result<()> {
    let dir = root.join("target/compare");
    fs::create_dir_all(&dir).map_err(Error::io("create the folder", &dir))?;
    let base = root.join(BASE_SPEC);
    let synthetic_spec = dir.join(format!("synthetic-{}.yaml", request.operations));
    let text = fs::read_to_string(&base).map_err(Error::io("read", &base))?;
    write(&synthetic_spec, &copies::copied(BASE_SPEC, &text, request.operations)?)?;

    println!("== building both generators (release)");
    let progenitor = build_progenitor(&dir)?;
    run_quiet(cargo(root).args(["build", "--release", "-p", "xtask"]))?;
    let ours = target_dir(root).join("release/xtask");

    let mut rows = Vec::new();
    // A small spec takes milliseconds, where the machine's noise is larger: more runs.
    for (label, spec, runs) in [
        (format!("generate: synthetic, {} operations", request.operations), synthetic_spec.clone(), request.runs),
        ("generate: admin 2026-07".to_owned(), root.join(BUILD_SPEC), request.runs * 5),
    ] {
        println!("== {label}");
        let ours_out = dir.join("ours-generated");
        let theirs_out = dir.join("progenitor-generated.rs");
        // Each run writes into an empty place, as a first generation does: this generator
        // leaves a file that already holds its text alone.
        let generate_ours = || {
            remove(&ours_out)?;
            timed(&mut ours_codegen(&ours, root, &spec, &ours_out))
        };
        let generate_theirs = || {
            remove(&theirs_out)?;
            timed(Command::new(&progenitor).arg(&spec).arg(&theirs_out))
        };
        rows.push((label.clone(), alternate(runs, generate_ours, generate_theirs)?));
        let ours_lines = lines(&ours_out.join("src"))?;
        let theirs_lines = lines(&theirs_out)?;
        println!("   lines of Rust written: this generator {ours_lines}, progenitor {theirs_lines}");
    }

    println!("== build: admin 2026-07, the generated crate only");
    let build = dir.join("build");
    let ours_crate = dir.join("ours-admin");
    run_quiet(&mut ours_codegen(&ours, root, &root.join(BUILD_SPEC), &ours_crate))?;
    let theirs_crate = dir.join("progenitor-admin");
    run_quiet(Command::new(&progenitor).arg(root.join(BUILD_SPEC)).arg(dir.join("progenitor-admin.rs")))?;
    let generated = fs::read_to_string(dir.join("progenitor-admin.rs")).map_err(Error::io("read", &dir))?;
    write(&theirs_crate.join("Cargo.toml"), &progenitor_crate_manifest())?;
    write(&theirs_crate.join("src/lib.rs"), &generated)?;
    let build_crate = |manifest: &Path| {
        let lib = manifest.join("src/lib.rs");
        touch(&lib)?;
        timed(
            cargo(root)
                .args(["build", "--lib", "--manifest-path"])
                .arg(manifest.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", &build)
                .env("CARGO_INCREMENTAL", "0"),
        )
    };
    // Dependencies first, outside the timed runs.
    build_crate(&ours_crate)?;
    build_crate(&theirs_crate)?;
    rows.push((
        "build: admin 2026-07 crate (dev, not incremental)".to_owned(),
        alternate(request.runs, || build_crate(&ours_crate), || build_crate(&theirs_crate))?,
    ));

    println!("\n| work | this generator | progenitor {PROGENITOR} | ratio |\n| --- | --- | --- | --- |");
    for (label, (ours, theirs)) in rows {
        println!("| {label} | {} | {} | {:.2}x |", show(ours), show(theirs), ours.as_secs_f64() / theirs.as_secs_f64());
    }
    println!(
        "\n(medians of {} runs each (five times as many for admin 2026-07's generation), alternating; `cargo xtask codegen --spec --no-tests` with `specs/codegen.yaml` writes the client, its types, its mocks and its command-line client, without the generated tests and contract runner)",
        request.runs
    );
    Ok(())
}

/// `cargo xtask codegen --spec` of `spec` into `out`, with the project's settings (the API
/// version header, the secrets, the error fields), as the Pinecone crate is generated.
fn ours_codegen(xtask: &Path, root: &Path, spec: &Path, out: &Path) -> Command {
    let mut command = Command::new(xtask);
    command.arg("codegen").arg("--spec").arg(spec).arg("--out").arg(out).arg("--no-tests");
    command.arg("--settings").arg(root.join(SETTINGS)).args(["--api", "admin"]);
    command
}

/// The medians of `runs` timed runs of each side, after one untimed run of each, alternating.
fn alternate(
    runs: usize,
    mut ours: impl FnMut() -> Result<Duration>,
    mut theirs: impl FnMut() -> Result<Duration>,
) -> Result<(Duration, Duration)> {
    ours()?;
    theirs()?;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        a.push(ours()?);
        b.push(theirs()?);
    }
    Ok((median(a), median(b)))
}

pub(crate) fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

pub(crate) fn show(time: Duration) -> String {
    if time < Duration::from_secs(1) {
        format!("{:.1} ms", time.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", time.as_secs_f64())
    }
}

/// Builds the program that runs progenitor (`Generator::default()`, formatted with
/// prettyplease, as its README shows) and returns its path.
fn build_progenitor(dir: &Path) -> Result<PathBuf> {
    let tool = dir.join("progenitor-gen");
    write(
        &tool.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"progenitor-gen\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nprogenitor = \"={PROGENITOR}\"\nopenapiv3 = \"2.2\"\nserde_json = \"1\"\nserde_yaml = \"0.9\"\n\
             syn = {{ version = \"2\", features = [\"full\"] }}\nprettyplease = \"0.2\"\n\n\
             # Not part of the workspace.\n[workspace]\n"
        ),
    )?;
    write(&tool.join("src/main.rs"), PROGENITOR_MAIN)?;
    let target = dir.join("target");
    run_quiet(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(["build", "--release", "--manifest-path"])
            .arg(tool.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target),
    )?;
    Ok(target.join("release/progenitor-gen"))
}

const PROGENITOR_MAIN: &str = r#"//! progenitor-gen SPEC OUT: progenitor's client for SPEC, formatted, written to OUT.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(spec), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: progenitor-gen SPEC OUT".into());
    };
    let text = std::fs::read_to_string(&spec)?;
    let spec: openapiv3::OpenAPI = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text)?
    } else {
        serde_yaml::from_str(&text)?
    };
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec)?;
    let file: syn::File = syn::parse2(tokens)?;
    std::fs::write(out, prettyplease::unparse(&file))?;
    Ok(())
}
"#;

/// The manifest of a crate around progenitor's output, with the dependencies it names.
fn progenitor_crate_manifest() -> String {
    format!(
        "[package]\nname = \"progenitor-admin\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nprogenitor-client = \"={PROGENITOR}\"\n\
         reqwest = {{ version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\"] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\"] }}\n\
         uuid = {{ version = \"1\", default-features = false, features = [\"serde\"] }}\n\n\
         # Not part of the workspace.\n[workspace]\n"
    )
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(root);
    command
}

/// Removes the file or folder at `path`, if there is one.
pub(crate) fn remove(path: &Path) -> Result<()> {
    let removed = if path.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) };
    match removed {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("remove", path)(e)),
        _ => Ok(()),
    }
}

/// Runs `command` with its output discarded, and how long it took.
fn timed(command: &mut Command) -> Result<Duration> {
    let start = Instant::now();
    run_quiet(command)?;
    Ok(start.elapsed())
}

fn run_quiet(command: &mut Command) -> Result<()> {
    let line = format!("{command:?}");
    let output = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| Error::Spawn { command: line.clone(), source })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::Command {
            command: line,
            status: output.status,
            detail: format!(":\n{}", String::from_utf8_lossy(&output.stderr)),
        })
    }
}

/// Lines in a file, or in the `.rs` files of a folder.
fn lines(path: &Path) -> Result<usize> {
    let files = if path.is_dir() {
        fs::read_dir(path)
            .map_err(Error::io("read", path))?
            .flatten()
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect()
    } else {
        vec![path.to_owned()]
    };
    let mut total = 0;
    for file in files {
        total += fs::read_to_string(&file).map_err(Error::io("read", &file))?.lines().count();
    }
    Ok(total)
}

fn touch(path: &Path) -> Result<()> {
    let file = fs::File::options().append(true).open(path).map_err(Error::io("open", path))?;
    file.set_modified(SystemTime::now()).map_err(Error::io("touch", path))
}

pub(crate) fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
    }
    fs::write(path, text).map_err(Error::io("write", path))
}
