//! Documents that are valid but use what no Rust type can say, or that have an error confined
//! to one place: each generates a whole client (every operation kept), and says what it did,
//! located: the notes (choices, places typed loosely, warnings) are pinned per document. With
//! `strict`, a document with a warning is refused, naming every one.

use generator::model::NoteKind;
use generator::{Options, Settings};

/// The notes of `path`'s document, one per line with its kind, and the counts.
fn report(path: &std::path::Path) -> String {
    let name = format!("worked_around/{}", path.file_name().and_then(|n| n.to_str()).unwrap_or_default());
    let text = std::fs::read_to_string(path).expect("readable");
    let spec = generator::parse(&name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let options =
        Options::standalone("API").with_cli_app("api", syn::parse_quote!(api), syn::parse_quote!(api::runtime));
    let generated = generator::generate(&spec, &Settings::default(), &options, "test")
        .unwrap_or_else(|e| panic!("{name} is valid enough to generate: {e}"));
    let mut out = format!(
        "{} operations, {} types, {} places typed loosely\n",
        generated.operations, generated.types, generated.loose
    );
    for note in &generated.notes {
        out.push_str(&format!("{:?}: {note}\n", note.kind));
    }
    let warnings = generated.notes.iter().filter(|n| n.kind == NoteKind::Warning).count();
    let strict = Settings { strict: true, ..Settings::default() };
    match generator::generate(&spec, &strict, &options, "test") {
        Ok(_) => assert_eq!(warnings, 0, "{name}: strict refuses a document with warnings"),
        Err(e) => {
            assert!(warnings > 0, "{name}: strict refuses only warnings: {e}");
            out.push_str(&format!("strict: {e}\n"));
        }
    }
    out
}

#[test]
fn valid_documents_generate_whole_and_say_what_was_worked_around() {
    insta::glob!("worked_around/*.yaml", |path| {
        insta::assert_snapshot!(report(path));
    });
}
