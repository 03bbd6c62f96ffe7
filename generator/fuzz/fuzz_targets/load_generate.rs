//! Any text through load, lower, emit and format: an `Ok` or a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(spec) = generator::parse("fuzz.yaml", text.to_owned()) else { return };
    let settings = generator::Settings::default();
    let _ = generator::generate(&spec, &settings, &generator::Options::in_client_crate(), "fuzz");
});
