//! `cargo xtask semver-check [OLD NEW]`: does cargo-semver-checks, the ecosystem's semver
//! checker, agree with `cargo xtask diff` on what breaks?
//!
//! For each spec pair it generates a standalone crate from the old spec and one from the new
//! (same crate name, same runtime), runs `cargo semver-checks check-release` between them
//! (as a minor release: it fails when a major version would be needed), and compares that
//! verdict with the diff's (any breaking change). Without arguments the pairs are the diff's
//! test pairs (`generator/tests/diff/`) and every pair of adjacent versions in `specs/`.
//! A disagreement fails the command. Opt-in, not in CI: it needs
//! `cargo install cargo-semver-checks --locked` and takes a few seconds per pair.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::SettingsFile;
use generator::diff::{Impact, diff};

use crate::error::{Error, Result};
use crate::standalone;

const PAIRS: &str = "generator/tests/diff";

/// Pairs the diff rightly calls breaking and cargo-semver-checks cannot: it has no lints for
/// changed types yet (obi1kenobi/cargo-semver-checks#148 and #149), and no checker can see
/// two arguments of the same type swap places.
const BLIND_SPOTS: &[(&str, &str)] = &[
    ("field_type_changed", "a field's type changed (cargo-semver-checks#148)"),
    ("response_type_changed", "a method's return type changed (cargo-semver-checks#149)"),
    ("required_fields_reordered", "`new(id, name)` became `new(name, id)`: same signature, other meaning"),
];
const CRATE: &str = "semver-probe";
/// The verdicts of the last run over every pair, kept for review.
const TABLE: &str = "generator/tests/diff/semver-checks.md";
const TABLE_HEAD: &str = "<!-- Written by `cargo xtask semver-check` (no arguments); do not edit. -->\n# cargo-semver-checks and `cargo xtask diff`, pair by pair\n\nEach pair is generated into two crates and checked with `cargo semver-checks check-release --release-type minor`.\n\n| pair | `cargo xtask diff` | cargo-semver-checks | its lints | verdict |\n| --- | --- | --- | --- | --- |\n";

/// Two specs of one API, and the settings section they are generated with.
struct Pair {
    label: String,
    old: PathBuf,
    new: PathBuf,
    api: Option<String>,
}

pub fn run(root: &Path, only: Option<(String, String)>) -> Result<()> {
    let all = only.is_none();
    let pairs = match only {
        None => {
            let mut pairs = test_pairs(root)?;
            let versions = version_names(root)?;
            for window in versions.windows(2) {
                pairs.extend(version_pairs(root, &window[0], &window[1]));
            }
            pairs
        }
        Some((old, new)) if root.join("specs").join(&old).is_dir() => version_pairs(root, &old, &new),
        Some((old, new)) => {
            vec![Pair { label: format!("{old} -> {new}"), old: old.into(), new: new.into(), api: None }]
        }
    };
    let probe = Command::new("cargo").args(["semver-checks", "--version"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return Err(Error::Check(
            "cargo-semver-checks is not installed: `cargo install cargo-semver-checks --locked`".to_owned(),
        ));
    }
    let work = root.join("target/semver-check");
    let mut disagreements = Vec::new();
    let mut rows = Vec::new();
    for pair in &pairs {
        let expected = diff_breaks(root, pair)?;
        let lints = semver_checks(root, &work, pair)?;
        let verdict = |breaking: bool| if breaking { "breaking" } else { "compatible" };
        let blind_spot = BLIND_SPOTS.iter().find(|(name, _)| *name == pair.label).map(|(_, why)| *why);
        let breaks = !lints.is_empty();
        let agreement = match (expected == breaks, blind_spot) {
            (true, _) => "agree".to_owned(),
            (false, Some(why)) if expected => format!("its blind spot: {why}"),
            (false, _) => {
                disagreements.push(pair.label.clone());
                "DISAGREE".to_owned()
            }
        };
        let lints = if lints.is_empty() { String::new() } else { format!("`{}`", lints.join("`, `")) };
        let row = format!("| {} | {} | {} | {lints} | {agreement} |", pair.label, verdict(expected), verdict(breaks));
        println!("{row}");
        rows.push(row);
    }
    let agreed = pairs.len() - disagreements.len() - rows.iter().filter(|r| r.contains("blind spot")).count();
    let summary = format!(
        "On {} pairs, cargo-semver-checks agrees with `cargo xtask diff` on {agreed}; {} are its known blind spots; {} disagree.",
        pairs.len(),
        pairs.len() - agreed - disagreements.len(),
        disagreements.len()
    );
    println!("{summary}");
    // The whole run's table is kept, so that a change of verdict shows in review.
    if all {
        let table = root.join(TABLE);
        let text = format!("{TABLE_HEAD}{}\n\n{summary}\n", rows.join("\n"));
        fs::write(&table, text).map_err(Error::io("write", &table))?;
        println!("wrote {TABLE}");
    }
    if disagreements.is_empty() {
        Ok(())
    } else {
        Err(Error::Check(format!(
            "cargo-semver-checks disagrees on {}: {}",
            disagreements.len(),
            disagreements.join(", ")
        )))
    }
}

/// The diff's test pairs, by name.
fn test_pairs(root: &Path) -> Result<Vec<Pair>> {
    let dir = root.join(PAIRS);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map_err(Error::io("list", &dir))?
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".old.yaml").map(str::to_owned))
        .collect();
    names.sort();
    Ok(names
        .into_iter()
        .map(|name| Pair {
            old: dir.join(format!("{name}.old.yaml")),
            new: dir.join(format!("{name}.new.yaml")),
            label: name,
            api: None,
        })
        .collect())
}

fn version_names(root: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(root.join("specs"))
        .map_err(Error::io("list", root.join("specs")))?
        .filter_map(|e| e.ok().filter(|e| e.path().is_dir())?.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

/// The APIs both versions have.
fn version_pairs(root: &Path, old: &str, new: &str) -> Vec<Pair> {
    let spec = |version: &str, api: &str| root.join(format!("specs/{version}/{api}_{version}.oas.yaml"));
    let apis: Vec<String> = crate::codegen::discover(root)
        .map(|versions| versions.into_iter().flat_map(|v| v.apis).collect())
        .unwrap_or_default();
    let mut apis: Vec<&str> = apis.iter().map(String::as_str).collect();
    apis.sort_unstable();
    apis.dedup();
    apis.iter()
        .filter(|api| spec(old, api).is_file() && spec(new, api).is_file())
        .map(|api| Pair {
            label: format!("{old} -> {new} ({api})"),
            old: spec(old, api),
            new: spec(new, api),
            api: Some((*api).to_owned()),
        })
        .collect()
}

/// Whether `cargo xtask diff` finds a breaking change in the pair.
fn diff_breaks(root: &Path, pair: &Pair) -> Result<bool> {
    let settings = match &pair.api {
        Some(api) => SettingsFile::load(&root.join("specs/codegen.yaml"))?.for_api(api),
        None => Default::default(),
    };
    let lower = |path: &Path| -> Result<generator::model::Api> {
        let spec = generator::load(path)?;
        Ok(generator::lower(&spec, &settings)?)
    };
    let changes = diff(&lower(&pair.old)?, &lower(&pair.new)?, "old", "new");
    Ok(changes.iter().any(|c| c.impact == Impact::Breaking))
}

/// The lints cargo-semver-checks fails between the crates generated from the pair.
fn semver_checks(root: &Path, work: &Path, pair: &Pair) -> Result<Vec<String>> {
    let dir = work.join(pair.label.replace([' ', '>', '(', ')'], "_"));
    let _ = fs::remove_dir_all(&dir);
    for (side, spec) in [("old", &pair.old), ("new", &pair.new)] {
        standalone::run(&standalone::Request {
            spec: spec.clone(),
            out: dir.join(side),
            settings: pair.api.as_ref().map(|_| root.join("specs/codegen.yaml")),
            api: pair.api.clone(),
            name: Some(CRATE.to_owned()),
            env_prefix: None,
            vendor: false,
            strict: false,
            split_by_tags: false,
            // cargo-semver-checks reads the library's API only.
            tests: false,
            root: root.to_path_buf(),
        })?;
        let lock = dir.join(side).join("Cargo.lock");
        fs::copy(root.join("Cargo.lock"), &lock).map_err(Error::io("write", &lock))?;
    }
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "minor", "--manifest-path"])
        .arg(dir.join("new/Cargo.toml"))
        .arg("--baseline-root")
        .arg(dir.join("old"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|source| Error::Spawn { command: "cargo semver-checks".to_owned(), source })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lints: Vec<String> =
        stdout.lines().filter_map(|l| l.strip_prefix("--- failure ")?.split(':').next().map(str::to_owned)).collect();
    if !output.status.success() && lints.is_empty() {
        return Err(Error::Command {
            command: format!("cargo semver-checks check-release ({})", pair.label),
            status: output.status,
            detail: format!(" without naming a lint:\n{}", String::from_utf8_lossy(&output.stderr)),
        });
    }
    Ok(lints)
}
