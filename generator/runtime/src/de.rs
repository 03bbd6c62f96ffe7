//! Decoding JSON objects into generated structs, shared by all of them.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field enum with its own visitor, a
//! visitor over sequences and one over maps: about 150 lines the compiler type-checks and
//! borrow-checks per struct, and most of the time it spends on a generated crate. Generated
//! structs instead say only what is theirs ([`Object`]: which key fills which slot, and how
//! the slots make the value); the loop over the object's entries is here, written once. What
//! is accepted is what the derive accepts for a JSON object: unknown keys are skipped, a key
//! given twice and a required key missing are errors naming the key, and a missing `Option`
//! field is `None`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A generated struct, decoded from a JSON object by [`object`].
pub trait Object<'de>: Sized {
    /// The type's name, for error messages (`struct Project`).
    const NAME: &'static str;
    /// One `Option` per field, `None` until its key is read.
    type Slots;

    /// Every slot empty.
    fn slots() -> Self::Slots;

    /// Reads the value of `key` into its slot (or skips it: unknown keys are allowed).
    fn read<A: MapAccess<'de>>(slots: &mut Self::Slots, key: &str, map: &mut A) -> Result<(), A::Error>;

    /// The value, once every entry is read: an error if a required field is missing.
    fn build<E: de::Error>(slots: Self::Slots) -> Result<Self, E>;
}

/// Decodes `T` from a JSON object.
pub fn object<'de, T: Object<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::slots();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            T::read(&mut slots, &key.0, &mut map)?;
        }
        T::build(slots)
    }
}

/// An object's key, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// Reads the next value into `slot`; a second value for the same key is an error.
pub fn field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the next value, of a key the struct does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or the error that it is missing.
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated struct with a renamed required field and an optional one looks like.
    #[derive(Debug, PartialEq)]
    struct Thing {
        name: String,
        size: Option<u32>,
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl<'de> Object<'de> for Thing {
        const NAME: &'static str = "Thing";
        type Slots = (Option<String>, Option<Option<u32>>);

        fn slots() -> Self::Slots {
            (None, None)
        }

        fn read<A: MapAccess<'de>>(slots: &mut Self::Slots, key: &str, map: &mut A) -> Result<(), A::Error> {
            match key {
                "thingName" => field(map, &mut slots.0, "thingName"),
                "size" => field(map, &mut slots.1, "size"),
                _ => skip(map),
            }
        }

        fn build<E: de::Error>(slots: Self::Slots) -> Result<Self, E> {
            Ok(Self { name: required(slots.0, "thingName")?, size: slots.1.flatten() })
        }
    }

    /// The same struct, derived.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Derived {
        #[serde(rename = "thingName")]
        name: String,
        size: Option<u32>,
    }

    #[test]
    fn objects_decode_as_the_derive_decodes_them() {
        for json in [
            r#"{"thingName":"a","extra":[1,{}],"size":3}"#,
            r#"{"thingName":"a\u0062"}"#,
            r#"{"thingName":"a","size":null}"#,
            r#"{"size":1}"#,
            r#"{"thingName":"a","thingName":"b"}"#,
            r#"{"thingName":1}"#,
            r#"{"thingName":"a","size":-1}"#,
            r#"{"thingName":"a""#,
            "null",
        ] {
            let ours = serde_json::from_str::<Thing>(json).map(|t| (t.name, t.size)).map_err(|e| e.to_string());
            let derived = serde_json::from_str::<Derived>(json)
                .map(|t| (t.name, t.size))
                .map_err(|e| e.to_string().replace("struct Derived", "struct Thing"));
            assert_eq!(ours, derived, "{json}");
        }
        // The one difference: the derive also reads a struct from an array of its fields,
        // which no JSON object schema describes.
        assert!(serde_json::from_str::<Thing>(r#"["a",1]"#).is_err());
    }

    #[test]
    fn the_path_of_a_bad_value_is_still_found() {
        let json = r#"{"thingName":"a","size":"big"}"#;
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let error = serde_path_to_error::deserialize::<_, Thing>(&mut deserializer).expect_err("a bad size");
        assert_eq!(error.path().to_string(), "size");
    }
}
