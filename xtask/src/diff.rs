//! `cargo xtask diff OLD NEW [--format text|json|markdown] [--fail-on-breaking]`: what the
//! generated Rust API of version NEW changes compared with OLD, classified breaking or
//! compatible. OLD and NEW are versions in `specs/` or two spec files.

use std::path::Path;

use generator::diff::{Change, Impact, diff};
use generator::layout;
use generator::{Settings, SettingsFile};

use crate::error::{Error, Result};
use crate::project::PRIMARY;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people, in a terminal.
    Text,
    /// For tools.
    Json,
    /// For a changelog entry.
    #[value(alias = "md")]
    Markdown,
}

/// The changes of one API between the two sides.
#[derive(Debug, serde::Serialize)]
pub struct Section {
    /// The API's name (`admin`).
    pub api: String,
    /// The older side.
    pub old: String,
    /// The newer side.
    pub new: String,
    /// What changed.
    pub changes: Vec<Change>,
}

/// Writes the report to stdout; `Ok(true)` when something breaks.
pub fn run(root: &Path, old: &str, new: &str, format: Format) -> Result<bool> {
    let sections = if root.join("specs").join(old).is_dir() && root.join("specs").join(new).is_dir() {
        versions(root, old, new)?
    } else if Path::new(old).is_file() && Path::new(new).is_file() {
        vec![files(old, new)?]
    } else {
        return Err(Error::Layout(format!(
            "`{old}` and `{new}` must both be versions in specs/ or both be spec files"
        )));
    };
    print!("{}", render(&sections, format));
    Ok(sections.iter().flat_map(|s| &s.changes).any(|c| c.impact == Impact::Breaking))
}

/// Every API of two versions in `specs/`, with the client crate's settings.
pub fn versions(root: &Path, old: &str, new: &str) -> Result<Vec<Section>> {
    let settings = SettingsFile::load(&root.join("specs/codegen.yaml"))?;
    let apis = |version: &str| -> Result<Vec<String>> {
        let dir = root.join("specs").join(version);
        let mut apis: Vec<String> = std::fs::read_dir(&dir)
            .map_err(Error::io("list", &dir))?
            .filter_map(|e| {
                e.ok()?.file_name().to_str()?.strip_suffix(&format!("_{version}.oas.yaml")).map(str::to_owned)
            })
            .collect();
        apis.sort();
        Ok(apis)
    };
    let (old_apis, new_apis) = (apis(old)?, apis(new)?);
    let mut all: Vec<&String> = old_apis.iter().chain(&new_apis).collect();
    all.sort();
    all.dedup();
    let mut sections = Vec::new();
    for api in all {
        let module = |version: &str| {
            let base = layout::module_name(version);
            if api == PRIMARY { base } else { format!("{base}::{api}") }
        };
        let load = |version: &str, present: bool| -> Result<Option<generator::model::Api>> {
            if !present {
                return Ok(None);
            }
            let rel = format!("specs/{version}/{api}_{version}.oas.yaml");
            let text = std::fs::read_to_string(root.join(&rel)).map_err(Error::io("read", &rel))?;
            let spec = generator::parse(&rel, text)?;
            Ok(Some(generator::lower(&spec, &settings.for_api(api))?))
        };
        let changes = match (load(old, old_apis.contains(api))?, load(new, new_apis.contains(api))?) {
            (Some(a), Some(b)) => diff(&a, &b, &module(old), &module(new)),
            (Some(_), None) => {
                vec![Change { impact: Impact::Breaking, item: module(old), change: format!("the `{api}` API removed") }]
            }
            (None, Some(_)) => {
                vec![Change { impact: Impact::Compatible, item: module(new), change: format!("the `{api}` API added") }]
            }
            (None, None) => Vec::new(),
        };
        sections.push(Section { api: api.clone(), old: old.to_owned(), new: new.to_owned(), changes });
    }
    Ok(sections)
}

/// Two spec files, without settings; items are named relative to the generated module.
fn files(old: &str, new: &str) -> Result<Section> {
    let load = |path: &str| -> Result<generator::model::Api> {
        let spec = generator::load(Path::new(path))?;
        Ok(generator::lower(&spec, &Settings::default())?)
    };
    let changes = diff(&load(old)?, &load(new)?, "crate", "crate");
    Ok(Section { api: "api".to_owned(), old: old.to_owned(), new: new.to_owned(), changes })
}

fn render(sections: &[Section], format: Format) -> String {
    let count = |s: &Section, impact: Impact| s.changes.iter().filter(|c| c.impact == impact).count();
    let mut out = String::new();
    match format {
        Format::Json => {
            out = serde_json::to_string_pretty(sections).unwrap_or_default();
            out.push('\n');
        }
        Format::Text => {
            for s in sections {
                out.push_str(&format!(
                    "{} -> {} ({}): {} changes, {} breaking\n",
                    s.old,
                    s.new,
                    s.api,
                    s.changes.len(),
                    count(s, Impact::Breaking)
                ));
                for change in &s.changes {
                    out.push_str(&format!("  {change}\n"));
                }
            }
        }
        Format::Markdown => {
            for s in sections {
                out.push_str(&format!("## `{}` API: {} -> {}\n\n", s.api, s.old, s.new));
                if s.changes.is_empty() {
                    out.push_str("No changes to the Rust API.\n\n");
                }
                for (impact, title) in [(Impact::Breaking, "Breaking"), (Impact::Compatible, "Compatible")] {
                    let changes: Vec<&Change> = s.changes.iter().filter(|c| c.impact == impact).collect();
                    if changes.is_empty() {
                        continue;
                    }
                    out.push_str(&format!("### {title}\n\n"));
                    for c in changes {
                        out.push_str(&format!("- `{}`: {}\n", c.item, c.change));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(old: &str, new: &str, format: Format) -> String {
        render(&versions(&crate::workspace_root(), old, new).expect("diffs"), format)
    }

    #[test]
    fn adjacent_versions() {
        insta::assert_snapshot!("2025-04_to_2025-10", report("2025-04", "2025-10", Format::Text));
        insta::assert_snapshot!("2025-10_to_2026-04", report("2025-10", "2026-04", Format::Text));
        insta::assert_snapshot!("2026-04_to_2026-07", report("2026-04", "2026-07", Format::Text));
    }

    #[test]
    fn markdown_and_json() {
        insta::assert_snapshot!("2025-04_to_2025-10_markdown", report("2025-04", "2025-10", Format::Markdown));
        let json: serde_json::Value = serde_json::from_str(&report("2025-04", "2025-10", Format::Json)).expect("json");
        let admin = json.as_array().and_then(|s| s.iter().find(|s| s["api"] == "admin")).expect("admin section");
        assert!(admin["changes"].as_array().is_some_and(|c| c.iter().any(|c| c["impact"] == "breaking")));
    }
}
