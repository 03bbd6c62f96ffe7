//! Generator speed: load + generate + format for each spec in `specs/` and for synthetic
//! specs of 10 to 10,000 operations (time per operation should stay flat: no quadratic
//! passes), and each stage on its own for 1,000 operations.
//!
//! Run with `cargo bench -p generator --bench generate`; see BENCHMARKS.md.

mod synthetic;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use generator::{FileKind, Options, Settings};

fn main() {
    divan::main();
}

fn project_specs() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs = Vec::new();
    for version in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(version.path()).into_iter().flatten().flatten() {
            let path = file.path();
            let rel = format!("specs/{}/{}", version.file_name().to_string_lossy(), file.file_name().to_string_lossy());
            if let Ok(text) = std::fs::read_to_string(&path) {
                specs.push((rel, text));
            }
        }
    }
    specs.sort();
    specs
}

fn generate(name: &str, text: &str) -> generator::Generated {
    let spec = generator::parse(name, text.to_owned()).expect("parses");
    generator::generate(&spec, &Settings::default(), &Options::standalone("API"), "bench").expect("generates")
}

/// Every spec in `specs/`, one after the other (one iteration = all of them).
#[divan::bench]
fn project_specs_all(bencher: Bencher) {
    let specs = project_specs();
    bencher.counter(ItemsCount::new(specs.len())).bench(|| {
        for (name, text) in &specs {
            black_box(generate(name, text));
        }
    });
}

/// A synthetic spec of `n` operations, end to end; the counter gives time per operation.
#[divan::bench(args = [10, 100, 1_000, 10_000], sample_count = 5, sample_size = 1)]
fn synthetic(bencher: Bencher, n: usize) {
    let text = synthetic::spec(n);
    bencher.counter(ItemsCount::new(n)).bench(|| black_box(generate("synthetic.yaml", &text)));
}

/// The stages for 1,000 operations, each on its own.
mod stages {
    use super::*;

    const N: usize = 1_000;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn parse(bencher: Bencher) {
        let text = synthetic::spec(N);
        bencher.bench(|| black_box(generator::parse("synthetic.yaml", text.clone()).expect("parses")));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn lower(bencher: Bencher) {
        let spec = generator::parse("synthetic.yaml", synthetic::spec(N)).expect("parses");
        bencher.bench(|| black_box(generator::lower(&spec, &Settings::default()).expect("lowers")));
    }

    /// The tokens of the module's file, its types and its mocks, each made whole.
    fn emitted(api: &generator::model::Api, options: &Options) -> Vec<proc_macro2::TokenStream> {
        let module = generator::emit::Module::new(api, options);
        [FileKind::Client, FileKind::Types, FileKind::Mock]
            .map(|file| generator::pieces::tokens(&module, &generator::pieces::whole(file, module.units(file))))
            .into()
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn emit(bencher: Bencher) {
        let spec = generator::parse("synthetic.yaml", synthetic::spec(N)).expect("parses");
        let api = generator::lower(&spec, &Settings::default()).expect("lowers");
        bencher.bench(|| black_box(emitted(&api, &Options::standalone("API"))));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn format(bencher: Bencher) {
        let spec = generator::parse("synthetic.yaml", synthetic::spec(N)).expect("parses");
        let api = generator::lower(&spec, &Settings::default()).expect("lowers");
        let files = emitted(&api, &Options::standalone("API"));
        bencher.bench_local(|| {
            let texts: Vec<String> = files
                .iter()
                .map(|tokens| generator::format::file(tokens.clone(), &[], std::path::Path::new("x")).expect("formats"))
                .collect();
            black_box(texts)
        });
    }
}
