//! `cargo xtask contract --spec FILE`: the generated client judged by a server that speaks
//! its spec. By default that server is Prism (`@stoplight/prism-cli`, pinned in
//! `xtask/contract/`, installed on first use into `target/prism/`), which validates every
//! request against the spec and answers with random valid responses; with `--base-url`, the
//! user's own deployment.
//!
//! The crate's contract runner (`examples/contract.rs`, generated) calls every operation and
//! reports each call as a JSON line; this task tabulates them per operation and fails on a
//! rejected request, an undecodable answer or a call that could not be made. Prism is
//! started and stopped here: it is killed when the task ends, however it ends.

use std::collections::BTreeMap;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::rehearsal::cargo_command;
use crate::{standalone, target_dir};

/// What to check, and against what.
pub struct Request {
    pub spec: PathBuf,
    /// How many times each case is called.
    pub runs: u32,
    /// Prism's random seed, so that a failure can be replayed.
    pub seed: u64,
    /// A crate generated before (`codegen --spec`), instead of generating one.
    pub krate: Option<PathBuf>,
    /// The user's server instead of Prism; credentials come from the crate's variables.
    pub base_url: Option<String>,
    /// Send operations other than reads to the user's server.
    pub allow_writes: bool,
    pub settings: Option<PathBuf>,
    pub api: Option<String>,
    /// Failures known and explained (`xtask/contract/known.txt`), reported but not failing;
    /// entries not seen are reported too, to be removed once fixed.
    pub known: Option<PathBuf>,
    /// The repository root.
    pub root: PathBuf,
}

/// Outcomes that mean the client is wrong, or could not be judged.
const FAILING: &[&str] =
    &["rejected", "undecodable", "error_undecoded", "unexpected_status", "unexpected_success", "not_sent", "failed"];

pub fn run(request: &Request) -> Result<()> {
    // A list that cannot be read fails before anything is built.
    let known = match &request.known {
        Some(path) => Known::load(path, &file_name(&request.spec))?,
        None => Known::default(),
    };
    let target = target_dir(&request.root);
    let krate = match &request.krate {
        Some(dir) => dir.clone(),
        None => {
            let out = target.join("contract").join(file_name(&request.spec));
            let operations = standalone::run(&standalone::Request {
                spec: request.spec.clone(),
                out: out.clone(),
                settings: request.settings.clone(),
                api: request.api.clone(),
                name: None,
                env_prefix: None,
                vendor: false,
                strict: false,
                split_by_tags: false,
                tests: true,
                root: request.root.clone(),
            })?;
            if operations == 0 {
                println!("0 operations: nothing to call");
                return Ok(());
            }
            out
        }
    };
    // The workspace's versions of the dependencies: they are built already.
    let lock = krate.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(request.root.join("Cargo.lock"), &lock).map_err(Error::io("write", &lock))?;
    }
    let manifest = krate.join("Cargo.toml");
    let manifest_arg = manifest.display().to_string();
    let runner = ["--example", "contract", "--features", "mock", "--manifest-path", &manifest_arg];
    let mut build = cargo_command(&request.root, &[&["build", "--quiet"][..], &runner].concat());
    build.env("CARGO_TARGET_DIR", &target);
    status(build, "build the contract runner")?;

    // Prism, installed once, unless the user's server is the judge.
    let prism_bin = match request.base_url {
        Some(_) => None,
        None => Some(install(&request.root, &target)?),
    };
    // Prism sometimes dies of its own (out of memory compiling a pattern) on a run it finishes
    // the next time; the judge failing is not the client failing, so it gets a second run.
    let mut attempts = 0;
    let (output, base_url) = loop {
        attempts += 1;
        let (mut prism, base_url) = match &prism_bin {
            Some(bin) => {
                let prism = Prism::start(bin, &target, &request.spec, request.seed)?;
                let url = format!("http://{}", prism.address);
                (Some(prism), url)
            }
            None => (None, request.base_url.clone().unwrap_or_default()),
        };
        let output = run_runner(request, &runner, &target, &base_url)?;
        if let Some(prism) = &mut prism {
            if let Ok(Some(status)) = prism.child.try_wait() {
                let why = format!("Prism stopped during the run ({status}); {}", prism.log_tail());
                if attempts < 2 {
                    eprintln!("{why}\nstarting Prism again; every call is made again");
                    continue;
                }
                return Err(Error::Check(why));
            }
        }
        break (output, base_url);
    };
    let lines = String::from_utf8_lossy(&output.stdout);
    let table = Table::read(&lines, &known);
    print!("{}", table.render(&base_url, request.seed));
    if !output.status.success() {
        return Err(Error::Command {
            command: "cargo run --example contract".to_owned(),
            status: output.status,
            detail: String::new(),
        });
    }
    let stale: Vec<String> =
        known.entries.iter().filter(|e| !table.matched.contains(&e.line)).map(|e| e.text.clone()).collect();
    // Not an error: with other runs or seeds a random answer that failed may not come again.
    for entry in &stale {
        println!("not seen in this run; remove it from the known failures if it is fixed: {entry}");
    }
    if table.failed() > 0 || table.calls() == 0 {
        return Err(Error::Check(format!(
            "{}: {} of {} calls show the client wrong or could not be judged (replay with --seed {})",
            request.spec.display(),
            table.failed(),
            table.calls(),
            request.seed
        )));
    }
    Ok(())
}

/// Runs the crate's contract runner against `base_url`: against Prism every operation is sent
/// (it keeps nothing), against the user's server reads only unless writes are allowed.
fn run_runner(request: &Request, runner: &[&str], target: &Path, base_url: &str) -> Result<std::process::Output> {
    let mut command = cargo_command(&request.root, &[&["run", "--quiet"][..], runner].concat());
    command
        .env("CARGO_TARGET_DIR", target)
        .env("CONTRACT_RUNS", request.runs.to_string())
        .env("CONTRACT_BASE_URL", base_url);
    if request.base_url.is_none() || request.allow_writes {
        command.env("CONTRACT_ALLOW_WRITES", "1");
    }
    if request.base_url.is_none() {
        // Prism checks that a credential is sent, not which.
        command.env("CONTRACT_CREDENTIAL", "contract-credential");
    }
    command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|source| Error::Spawn { command: "cargo run --example contract".to_owned(), source })
}

/// One call as the runner reports it (`runtime::contract`).
#[derive(Debug, Deserialize)]
struct Line {
    operation: String,
    case: String,
    outcome: String,
    status: Option<u16>,
    detail: String,
}

/// The calls of one operation, by outcome, with the first detail of each failing case.
#[derive(Debug, Default)]
struct Row {
    outcomes: BTreeMap<String, usize>,
    /// (case, outcome, status, detail), once per case and outcome.
    details: Vec<(String, String, Option<u16>, String)>,
}

/// Every operation's row, in the order the runner called them.
#[derive(Debug, Default)]
struct Table {
    rows: Vec<(String, Row)>,
    /// The lines of the known failures that happened.
    matched: Vec<usize>,
    /// Every call by what it was, known failures included (the rows count those as `known`).
    totals: BTreeMap<String, usize>,
}

/// A failure known and explained: an operation of a spec, an outcome, and why.
#[derive(Debug)]
struct KnownFailure {
    operation: String,
    outcome: String,
    /// Its line in the file, and the line itself.
    line: usize,
    text: String,
}

/// The known failures of one spec.
#[derive(Debug, Default)]
struct Known {
    entries: Vec<KnownFailure>,
}

impl Known {
    /// The entries of `spec` in `path`: one per line, `<spec> <operationId> <outcome>: <why>`;
    /// `#` starts a comment.
    fn load(path: &Path, spec: &str) -> Result<Self> {
        let text = fs::read_to_string(path).map_err(Error::io("read", path))?;
        let mut entries = Vec::new();
        for (index, text) in text.lines().enumerate() {
            let line = text.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (what, why) = line.split_once(':').unwrap_or((line, ""));
            let words: Vec<&str> = what.split_whitespace().collect();
            let [file, operation, outcome] = words[..] else {
                return Err(Error::Layout(format!(
                    "{}:{}: expected `<spec> <operationId> <outcome>: <why>`",
                    path.display(),
                    index + 1
                )));
            };
            if why.trim().is_empty() || !FAILING.contains(&outcome) {
                return Err(Error::Layout(format!(
                    "{}:{}: a known failure needs a failing outcome ({}) and a reason after `:`",
                    path.display(),
                    index + 1,
                    FAILING.join(", ")
                )));
            }
            if file == spec {
                entries.push(KnownFailure {
                    operation: operation.to_owned(),
                    outcome: outcome.to_owned(),
                    line: index,
                    text: text.to_owned(),
                });
            }
        }
        Ok(Self { entries })
    }

    fn find(&self, line: &Line) -> Option<&KnownFailure> {
        self.entries.iter().find(|e| e.operation == line.operation && e.outcome == line.outcome)
    }
}

impl Table {
    fn read(output: &str, known: &Known) -> Self {
        let mut table = Table::default();
        for line in output.lines() {
            let Ok(mut line) = serde_json::from_str::<Line>(line) else {
                println!("{line}");
                continue;
            };
            *table.totals.entry(line.outcome.clone()).or_default() += 1;
            if let Some(entry) = known.find(&line) {
                if !table.matched.contains(&entry.line) {
                    table.matched.push(entry.line);
                }
                line.detail = format!("{}, known: {}", line.detail, entry.text);
                line.outcome = "known".to_owned();
            }
            let index = match table.rows.iter().position(|(op, _)| *op == line.operation) {
                Some(index) => index,
                None => {
                    table.rows.push((line.operation.clone(), Row::default()));
                    table.rows.len() - 1
                }
            };
            let row = &mut table.rows[index].1;
            *row.outcomes.entry(line.outcome.clone()).or_default() += 1;
            let shown = FAILING.contains(&line.outcome.as_str())
                || ["server_answer_invalid", "known"].contains(&line.outcome.as_str());
            if shown && !row.details.iter().any(|(case, outcome, ..)| *case == line.case && *outcome == line.outcome) {
                row.details.push((line.case, line.outcome, line.status, line.detail));
            }
        }
        table
    }

    fn count(&self, outcomes: &[&str]) -> usize {
        self.rows
            .iter()
            .flat_map(|(_, row)| &row.outcomes)
            .filter(|(o, _)| outcomes.contains(&o.as_str()))
            .map(|(_, n)| n)
            .sum()
    }

    /// Calls made (skipped writes are not calls).
    fn calls(&self) -> usize {
        self.totals.iter().filter(|(o, _)| *o != "skipped").map(|(_, n)| n).sum()
    }

    /// Calls that were, before known failures are set apart, one of `outcomes`.
    fn total(&self, outcomes: &[&str]) -> usize {
        outcomes.iter().filter_map(|o| self.totals.get(*o)).sum()
    }

    fn failed(&self) -> usize {
        self.count(FAILING)
    }

    fn render(&self, server: &str, seed: u64) -> String {
        // Each column's heading and the outcome it counts; the rest are counted under `other`.
        let columns = [
            ("decoded", "decoded"),
            ("error typed", "error_decoded"),
            ("rejected", "rejected"),
            ("undecodable", "undecodable"),
            ("bad answer", "server_answer_invalid"),
            ("known", "known"),
            ("skipped", "skipped"),
        ];
        let width = self.rows.iter().map(|(op, _)| op.len()).max().unwrap_or(9).max(9);
        let mut out = format!("\ncontract against {server} (seed {seed})\n{:<width$}", "operation");
        for (heading, _) in columns {
            out.push_str(&format!(" {heading:>11}"));
        }
        out.push_str(&format!(" {:>11}\n", "other"));
        for (op, row) in &self.rows {
            out.push_str(&format!("{op:<width$}"));
            for (_, outcome) in columns {
                out.push_str(&format!(" {:>11}", row.outcomes.get(outcome).copied().unwrap_or(0)));
            }
            let other: usize =
                row.outcomes.iter().filter(|(o, _)| !columns.iter().any(|(_, c)| c == o)).map(|(_, n)| n).sum();
            out.push_str(&format!(" {other:>11}\n"));
        }
        for (op, row) in &self.rows {
            for (case, outcome, status, detail) in &row.details {
                let status = status.map(|s| format!(" {s}")).unwrap_or_default();
                out.push_str(&format!("{}: {op} ({case}){status}: {detail}\n", outcome.replace('_', " ")));
            }
        }
        out.push_str(&format!(
            "{} operations, {} calls, {} accepted, {} decoded ({} server answers invalid, {} known failures, {} writes skipped)\n",
            self.rows.len(),
            self.calls(),
            self.calls() - self.total(&["not_sent", "failed", "rejected"]),
            self.total(&["decoded", "error_decoded"]),
            self.total(&["server_answer_invalid"]),
            self.count(&["known"]),
            self.total(&["skipped"]),
        ));
        out
    }
}

/// A running Prism, killed when dropped: on success, on error, and when the task unwinds.
/// Ctrl-C reaches it too, as it is in the task's process group.
struct Prism {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism (`bin`) on `spec`, on a free loopback port, answering dynamically with
    /// `seed`; returns once it listens.
    fn start(bin: &Path, target: &Path, spec: &Path, seed: u64) -> Result<Self> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map_err(Error::io("find a free port on", "127.0.0.1"))?
            .port();
        let log_path = target.join("prism").join(format!("{}.log", file_name(spec)));
        let log = fs::File::create(&log_path).map_err(Error::io("write", &log_path))?;
        let err_log = log.try_clone().map_err(Error::io("write", &log_path))?;
        let child = Command::new(bin)
            .args(["mock", "--dynamic", "--errors", "--seed", &seed.to_string(), "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err_log)
            .spawn()
            .map_err(|source| Error::Spawn { command: format!("{} mock {}", bin.display(), spec.display()), source })?;
        let mut prism = Prism { child, address: SocketAddr::from((Ipv4Addr::LOCALHOST, port)), log: log_path };
        let started = Instant::now();
        while TcpStream::connect_timeout(&prism.address, Duration::from_millis(200)).is_err() {
            let exited = prism.child.try_wait().ok().flatten();
            if exited.is_some() || started.elapsed() > Duration::from_secs(120) {
                return Err(Error::Check(format!(
                    "Prism did not start on {} ({}); {}",
                    spec.display(),
                    exited.map_or("no answer in 120 s".to_owned(), |s| s.to_string()),
                    prism.log_tail()
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(prism)
    }

    /// The end of Prism's log, which says why it stopped.
    fn log_tail(&self) -> String {
        let log = fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect();
        format!("its log ({}) ends:\n{}", self.log.display(), tail.join("\n"))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Prism's executable, installed from the pinned lock file (`npm ci`) when it is missing or
/// the lock file changed.
fn install(root: &Path, target: &Path) -> Result<PathBuf> {
    match Command::new("node").arg("--version").output() {
        Ok(output) if output.status.success() => {}
        _ => {
            return Err(Error::Check(
                "`node` was not found: the contract runs Prism, which needs Node.js 18 or newer (https://nodejs.org, \
                 or your system's `nodejs` and `npm` packages)"
                    .to_owned(),
            ));
        }
    }
    let dir = target.join("prism");
    let bin = dir.join("node_modules/.bin/prism");
    let lock = fs::read_to_string(root.join("xtask/contract/package-lock.json"))
        .map_err(Error::io("read", root.join("xtask/contract/package-lock.json")))?;
    let installed = fs::read_to_string(dir.join("package-lock.json")).unwrap_or_default();
    if bin.exists() && installed == lock {
        return Ok(bin);
    }
    fs::create_dir_all(&dir).map_err(Error::io("create the folder", &dir))?;
    for file in ["package.json", "package-lock.json"] {
        fs::copy(root.join("xtask/contract").join(file), dir.join(file)).map_err(Error::io("copy", dir.join(file)))?;
    }
    eprintln!("installing Prism into {} (npm ci)", dir.display());
    let mut npm = Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&dir);
    status(npm, "install Prism (npm ci)")?;
    Ok(bin)
}

/// Runs `command`, failing with `what` when it does.
fn status(mut command: Command, what: &str) -> Result<()> {
    let done = command.status().map_err(|source| Error::Spawn { command: what.to_owned(), source })?;
    if done.success() {
        Ok(())
    } else {
        Err(Error::Command { command: what.to_owned(), status: done, detail: String::new() })
    }
}

/// The spec's file name without its extensions, for folders and logs.
fn file_name(spec: &Path) -> String {
    let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(operation: &str, case: &str, outcome: &str, status: &str, detail: &str) -> String {
        format!(
            r#"{{"operation":"{operation}","case":"{case}","method":"GET","outcome":"{outcome}","status":{status},"detail":"{detail}"}}"#
        )
    }

    #[test]
    fn the_table_counts_outcomes_and_fails_on_a_wrong_client() {
        let output = [
            report("listPets", "every field", "decoded", "null", ""),
            report("listPets", "answering 404", "error_decoded", "404", ""),
            report("addPet", "every field", "rejected", "422", "request.body: must have required property 'name'"),
            report("addPet", "every field", "rejected", "422", "a second time"),
            report("addPet", "required fields only", "server_answer_invalid", "200", "response.body: wrong"),
            "compiling is not a report line".to_owned(),
        ]
        .join("\n");
        let table = Table::read(&output, &Known::default());
        assert_eq!((table.rows.len(), table.calls(), table.failed()), (2, 5, 2));
        let text = table.render("http://127.0.0.1:1", 7);
        assert!(
            text.contains("rejected: addPet (every field) 422: request.body: must have required property 'name'"),
            "{text}"
        );
        assert!(!text.contains("a second time"), "one detail per case and outcome: {text}");
        assert!(
            text.contains("server answer invalid: addPet (required fields only) 200: response.body: wrong"),
            "{text}"
        );
        assert!(
            text.ends_with("2 operations, 5 calls, 3 accepted, 2 decoded (1 server answers invalid, 0 known failures, 0 writes skipped)\n"),
            "{text}"
        );
    }

    #[test]
    fn a_known_failure_is_shown_not_failed_and_one_not_seen_is_reported() {
        let dir = std::env::temp_dir().join(format!("contract-known-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("known.txt");
        let text = "# why each fails\npets addPet rejected: the server reads parts as text\npets listPets undecodable: its answer is wrong\nother addPet rejected: another spec\n";
        fs::write(&file, text).expect("written");
        let known = Known::load(&file, "pets").expect("read");
        assert_eq!(known.entries.len(), 2, "only this spec's entries");
        let output = [
            report("addPet", "every field", "rejected", "422", "body"),
            report("listPets", "every field", "decoded", "null", ""),
        ]
        .join("\n");
        let table = Table::read(&output, &known);
        assert_eq!(table.failed(), 0, "the known rejection does not fail");
        assert_eq!(table.matched, [1], "the entry that did not happen is left unmatched, which the task reports");
        assert!(
            table.render("s", 1).contains("known: addPet (every field) 422: body, known: pets addPet rejected"),
            "{}",
            table.render("s", 1)
        );
        fs::write(&file, "pets addPet decoded: not a failure\n").expect("written");
        assert!(Known::load(&file, "pets").is_err(), "only failing outcomes can be known");
        fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_spec_names_its_folder() {
        assert_eq!(file_name(Path::new("a/admin_2026-07.oas.yaml")), "admin_2026-07");
        assert_eq!(file_name(Path::new("openapi.json")), "openapi");
    }
}
