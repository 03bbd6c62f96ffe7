//! Any text through load, lower, emit and format: an `Ok` whose files parse as Rust, or a
//! typed error; never a panic. Run with `-timeout=5` so that slow inputs fail too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(spec) = generator::parse("fuzz.yaml", text.to_owned()) else { return };
    let settings = generator::Settings::default();
    let Ok(generated) = generator::generate(&spec, &settings, &generator::Options::standalone("API"), "fuzz") else {
        return;
    };
    for (_, code) in &generated.files {
        if let Err(e) = syn::parse_file(code) {
            panic!("accepted spec generated code that does not parse: {e}\n{code}");
        }
    }
});
