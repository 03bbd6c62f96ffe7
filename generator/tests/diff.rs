//! `diff` on small spec pairs, one kind of change each, with its classification pinned.
//!
//! The pairs are files (`diff/<name>.old.yaml`, `diff/<name>.new.yaml`), so that
//! `cargo xtask semver-check` can run cargo-semver-checks on the crates generated from the
//! same pairs and compare its verdict with this classification.

mod common;

use generator::diff::{Impact, diff};
use generator::model::Api;
use generator::{Settings, lower};

fn lower_file(path: &std::path::Path) -> Api {
    let text = std::fs::read_to_string(path).expect("readable");
    lower(&common::spec(&text), &Settings::default()).expect("lowers")
}

/// The changes as `impact item: change` lines.
fn changes(old: &Api, new: &Api) -> Vec<String> {
    diff(old, new, "v1", "v2")
        .into_iter()
        .map(|c| format!("{} {}: {}", if c.impact == Impact::Breaking { "B" } else { "C" }, c.item, c.change))
        .collect()
}

#[test]
fn every_pair_is_classified_as_pinned() {
    insta::glob!("diff/*.old.yaml", |old_path| {
        let name = old_path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let new_path = old_path.with_file_name(name.replace(".old.yaml", ".new.yaml"));
        let (old, new) = (lower_file(old_path), lower_file(&new_path));
        insta::assert_snapshot!(changes(&old, &new).join("\n"));
    });
}

/// The naming rule's promise: a later version that adds an occurrence of a shared inline
/// schema, under an owner that sorts before the others, renames nothing.
#[test]
fn a_new_earlier_sorting_owner_of_a_shared_type_renames_nothing() {
    let dir = common::root().join("generator/tests/diff");
    let old = lower_file(&dir.join("shared_type_new_earlier_owner.old.yaml"));
    let new = lower_file(&dir.join("shared_type_new_earlier_owner.new.yaml"));
    for api in [&old, &new] {
        assert!(api.types.contains_key("BindingRole"), "{:?}", api.types.keys());
        assert!(api.types.contains_key("PrincipalType"), "{:?}", api.types.keys());
    }
    assert_eq!(
        changes(&old, &new),
        ["C v2::types::Aaa: type added", "C v2::types::AddBindingRequest: type added"],
        "only the new owners are changes"
    );
}
