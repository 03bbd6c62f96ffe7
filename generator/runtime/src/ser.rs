//! Encoding generated structs as JSON objects, shared by all of them.
//!
//! `#[derive(Serialize)]` writes, for every struct, a function that counts the fields it will
//! send and then sends or skips each one: a few statements per field, which the compiler
//! type-checks and borrow-checks per struct, and then compiles again for each serializer
//! (JSON text, `serde_json::Value`, query strings, multipart forms). On a description with
//! 2,000 structs that was 40% of the crate's build. Generated structs instead list their
//! entries ([`object`]: each key with its value, skipped when an optional value is `None`);
//! the loop over the entries is here, and each value reaches the serializer as a
//! [`erased_serde::Serialize`] trait object, so that a field's type is encoded by one
//! function whatever the serializer. What is sent is what the derive sends: a struct of the
//! present entries, in the order listed.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// One key of a struct's JSON object and its value.
pub struct Entry<'a> {
    key: &'static str,
    value: Option<&'a dyn erased_serde::Serialize>,
}

/// A field that is always sent (a required field; `None` of a nullable one is `null`).
pub fn required<'a, T: Serialize>(key: &'static str, value: &'a T) -> Entry<'a> {
    Entry { key, value: Some(value) }
}

/// A field that is left out when it is `None`: sending `null` for an optional field the caller
/// did not set could clear what the server holds.
pub fn optional<'a, T: Serialize>(key: &'static str, value: &'a Option<T>) -> Entry<'a> {
    Entry { key, value: value.as_ref().map(|v| v as &dyn erased_serde::Serialize) }
}

/// Encodes a struct named `name` (for serializers that show it) as the object of its entries.
pub fn object<S: Serializer>(serializer: S, name: &'static str, entries: &[Entry<'_>]) -> Result<S::Ok, S::Error> {
    let sent = entries.iter().filter(|e| e.value.is_some()).count();
    let mut object = serializer.serialize_struct(name, sent)?;
    for entry in entries {
        match entry.value {
            Some(value) => object.serialize_field(entry.key, value)?,
            None => object.skip_field(entry.key)?,
        }
    }
    object.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Derived {
        #[serde(rename = "thingName")]
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<u32>,
        parent: Option<Box<Derived>>,
        tags: Vec<String>,
    }

    struct Listed {
        name: String,
        size: Option<u32>,
        parent: Option<Box<Listed>>,
        tags: Vec<String>,
    }

    impl Serialize for Listed {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            object(
                serializer,
                "Listed",
                &[
                    required("thingName", &self.name),
                    optional("size", &self.size),
                    required("parent", &self.parent),
                    required("tags", &self.tags),
                ],
            )
        }
    }

    fn both(size: Option<u32>, parent: bool) -> (Derived, Listed) {
        let tags = vec!["a".to_owned(), "b".to_owned()];
        let derived = Derived {
            name: "x".into(),
            size,
            parent: parent.then(|| Box::new(Derived { name: "p".into(), size: Some(1), parent: None, tags: vec![] })),
            tags: tags.clone(),
        };
        let listed = Listed {
            name: "x".into(),
            size,
            parent: parent.then(|| Box::new(Listed { name: "p".into(), size: Some(1), parent: None, tags: vec![] })),
            tags,
        };
        (derived, listed)
    }

    /// The same text and the same `Value` as the derive, key order included, with an optional
    /// field present and absent, and a nullable one `null` and set.
    #[test]
    fn a_listed_struct_encodes_as_the_derive_does() {
        for (size, parent) in [(None, false), (Some(3), true), (Some(0), false), (None, true)] {
            let (derived, listed) = both(size, parent);
            let text = serde_json::to_string(&listed).expect("encodes");
            assert_eq!(text, serde_json::to_string(&derived).expect("encodes"));
            assert_eq!(
                serde_json::to_value(&listed).expect("encodes"),
                serde_json::to_value(&derived).expect("encodes"),
                "{text}"
            );
        }
        let (_, listed) = both(None, false);
        assert_eq!(
            serde_json::to_string(&listed).expect("encodes"),
            r#"{"thingName":"x","parent":null,"tags":["a","b"]}"#
        );
    }
}
