//! Generates a synthetic spec of N operations once and prints where the time went, by stage.
//! Run under `/usr/bin/time -v` for peak memory:
//! `cargo run --release -p generator --example synthetic -- 10000`.

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::time::Instant;

use generator::{FileKind, Options, Settings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).as_deref().unwrap_or("10000").parse()?;
    let text = synthetic::spec(n);
    let started = Instant::now();
    let spec = generator::parse("synthetic.yaml", text.clone())?;
    let parsed = Instant::now();
    let api = generator::lower(&spec, &Settings::default())?;
    let lowered = Instant::now();
    let options = Options::standalone("API");
    let module = generator::emit::Module::new(&api, &options);
    let [client, types] = [FileKind::Client, FileKind::Types]
        .map(|file| generator::pieces::tokens(&module, &generator::pieces::whole(file, module.units(file))));
    let emit_done = Instant::now();
    let client = generator::format::file(client, &[], Path::new("synthetic.yaml"))?;
    let types = generator::format::file(types, &[], Path::new("synthetic.yaml"))?;
    let formatted = Instant::now();
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    let lines = client.lines().count() + types.lines().count();
    println!("{n} operations, {} KiB of YAML -> {lines} lines of Rust", text.len() / 1024);
    println!("parse  {:9.1} ms", ms(started, parsed));
    println!("lower  {:9.1} ms", ms(parsed, lowered));
    println!("emit   {:9.1} ms", ms(lowered, emit_done));
    println!("format {:9.1} ms (syn parse + prettyplease)", ms(emit_done, formatted));
    let total = ms(started, formatted);
    println!("total  {:9.1} ms ({:.1} µs per operation)", total, total * 1000.0 / n as f64);
    Ok(())
}
