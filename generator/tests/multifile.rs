//! A document split over files (`tests/multifile/`) is one document: references to other
//! files are followed relative to the file that makes them; schemas become components named
//! after them, the rest is written where it is referred to; notes and warnings name the file
//! where their node is written.

use generator::model::{NoteKind, TypeKind, TypeRef};
use generator::{Settings, lower};

#[test]
fn a_document_split_over_files_is_one_document() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/multifile/openapi.yaml");
    let spec = generator::load(&root).expect("loads");
    let api = lower(&spec, &Settings::default()).expect("lowers");
    let ids: Vec<&str> = api.operations.iter().map(|op| op.operation_id.as_str()).collect();
    assert_eq!(ids, ["createPet", "fetchPet", "listPets"], "every operation of every file");

    // The component that names a file keeps its name; the files its union names are
    // components named after them, which the discriminator's mapping names too.
    let TypeKind::Union { variants, discriminator, .. } = &api.types["Pet"].kind else { panic!("a union") };
    assert_eq!(discriminator.as_deref(), Some("kind"));
    let alternatives: Vec<(&str, &[String])> = variants.iter().map(|v| (v.rust_name.as_str(), &v.tags[..])).collect();
    assert_eq!(alternatives, [("Cat", &["cat".to_owned()][..]), ("Dog", &["dog".to_owned()][..])]);
    let fetch = api.operations.iter().find(|op| op.operation_id == "fetchPet").expect("fetchPet");
    assert_eq!(fetch.success[0].ty, Some(TypeRef::Named("Pet".into())), "the same file, the same type");
    let list = api.operations.iter().find(|op| op.operation_id == "listPets").expect("listPets");
    assert_eq!(list.params[0].wire_name, "limit", "a parameter from a file of parameters");
    assert!(api.types.contains_key("Problem"), "a schema its file refers to with `#/...`");
    let TypeKind::Struct(cat) = &api.types["Cat"].kind else { panic!("a struct") };
    assert_eq!(cat.iter().find(|f| f.wire_name == "owner").map(|f| &f.ty), Some(&TypeRef::Named("Owner".into())));

    // Notes name the file where their node is written, with its line.
    let clamped = |file: &str| {
        api.notes
            .iter()
            .find(|n| n.message.contains("nearest a 64-bit integer") && n.location.file.ends_with(file))
            .unwrap_or_else(|| panic!("a note in {file}: {:?}", api.notes))
    };
    assert_eq!(clamped("schemas/cat.yaml").location.line, Some(6));
    // A file of JSON, referred to as YAML files are.
    assert_eq!(
        (clamped("schemas/dog.json").location.line, clamped("schemas/dog.json").location.column),
        (Some(6), Some(35))
    );
    let missing = api.notes.iter().find(|n| n.kind == NoteKind::Warning).expect("a warning");
    assert!(
        missing.location.file.ends_with("paths/pets.yaml") && missing.message.contains("missing.yaml"),
        "{missing}"
    );
    assert_eq!(api.notes.iter().filter(|n| n.kind == NoteKind::Warning).count(), 1, "{:?}", api.notes);
}
