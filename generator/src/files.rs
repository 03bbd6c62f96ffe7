//! The files of a generated module: what each holds and where it goes. Generation, the
//! project's `codegen` (and `--check`), standalone crates (`--spec`, `--vendor`) and the
//! benches all name files through this one description.

use std::path::{Path, PathBuf};

/// The files of a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// The module: constants, `Error`, `Client`, and the submodules' declarations.
    Client,
    /// The `types` submodule.
    Types,
    /// The `mock` submodule (cargo feature `mock`).
    Mock,
    /// The commands, a module of the crate's binary (cargo feature `cli`), when the options
    /// ask for them.
    Cli,
    /// The per-operation tests, an integration test file, when the options ask for them.
    Tests,
    /// The contract runner, an example of a standalone crate, when the options ask for it.
    Contract,
}

impl FileKind {
    /// Every file, in the order of a module's text.
    pub const ALL: [Self; 6] = [Self::Client, Self::Types, Self::Mock, Self::Cli, Self::Tests, Self::Contract];
}

/// Where each file of a module goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePaths {
    /// The module's own file (`src/lib.rs`, `src/v2026_07/admin.rs`).
    pub module: PathBuf,
    /// The folder of its submodules (`src/`, `src/v2026_07/admin/`).
    pub submodules: PathBuf,
    /// Its per-operation tests (`tests/operations.rs`).
    pub tests: PathBuf,
    /// Its contract runner (`examples/contract.rs`).
    pub contract: PathBuf,
    /// Its commands, a module of the binary (`src/cli.rs`, `src/bin/acme/v2026_07.rs`).
    pub cli: PathBuf,
}

impl ModulePaths {
    /// The module `name` declared in `dir` (`dir/name.rs`, submodules in `dir/name/`), with its
    /// tests at `tests` and its commands at `cli`.
    pub fn nested(dir: &Path, name: &str, tests: PathBuf, cli: PathBuf) -> Self {
        let submodules = dir.join(name);
        Self {
            module: dir.join(format!("{name}.rs")),
            contract: submodules.join("contract.rs"),
            submodules,
            tests,
            cli,
        }
    }

    /// The root module of a crate at `root`: `src/lib.rs`, submodules in `src/`, tests in
    /// `tests/operations.rs`, the contract runner in `examples/contract.rs`, and the commands
    /// in `src/cli.rs`, a module of the binary `src/main.rs`.
    pub fn crate_root(root: &Path) -> Self {
        Self {
            module: root.join("src/lib.rs"),
            submodules: root.join("src"),
            tests: root.join("tests/operations.rs"),
            contract: root.join("examples/contract.rs"),
            cli: root.join("src/cli.rs"),
        }
    }

    /// Where the file of `kind` goes.
    pub fn path(&self, kind: FileKind) -> PathBuf {
        match kind {
            FileKind::Client => self.module.clone(),
            FileKind::Types => self.submodules.join("types.rs"),
            FileKind::Mock => self.submodules.join("mock.rs"),
            FileKind::Cli => self.cli.clone(),
            FileKind::Tests => self.tests.clone(),
            FileKind::Contract => self.contract.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_its_own_path() {
        let nested = ModulePaths::nested(
            Path::new("src/v1"),
            "admin",
            PathBuf::from("tests/operations/v1_admin.rs"),
            PathBuf::from("src/bin/acme/v1.rs"),
        );
        let root = ModulePaths::crate_root(Path::new("out"));
        for paths in [nested, root] {
            let mut all: Vec<PathBuf> = FileKind::ALL.iter().map(|k| paths.path(*k)).collect();
            all.sort();
            all.dedup();
            assert_eq!(all.len(), FileKind::ALL.len(), "{paths:?}");
        }
        assert_eq!(ModulePaths::crate_root(Path::new("out")).path(FileKind::Types), Path::new("out/src/types.rs"));
    }
}
