//! Decoding JSON objects into generated structs, shared by all of them.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field enum with its own visitor, a
//! visitor over sequences and one over maps: about 150 lines the compiler type-checks and
//! borrow-checks per struct, and most of the time it spends on a generated crate. Generated
//! structs instead say only what is theirs ([`Object`]: their keys, a slot per key, and how
//! the filled slots make the value); finding a key's slot and the loop over the object's
//! entries are here, written once. What is accepted is what the derive accepts for a JSON
//! object: unknown keys are skipped, a key given twice and a required key missing are errors
//! naming the key, and a missing `Option` field is `None`.
//!
//! The same reasons put closed string enums' decoding here ([`parsed`], through their
//! `FromStr`), and the one way the runtime reads JSON text into generated types
//! ([`from_slice`]): every other reader would compile every decoder once more.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A generated struct, decoded from a JSON object by [`object`].
pub trait Object<'de>: Sized {
    /// The type's name, for error messages (`struct Project`).
    const NAME: &'static str;
    /// The object's keys, in the order of the slots.
    const KEYS: &'static [&'static str];
    /// One `Option` per key, `None` until the key is read: a tuple, of tuples when there are
    /// more than [`SLOTS_PER_TUPLE`] keys.
    type Slots: Slots<'de>;

    /// The value, once every entry is read: an error if a required field is missing.
    fn build<E: de::Error>(slots: Self::Slots) -> Result<Self, E>;
}

/// The most slots one tuple of [`Object::Slots`] holds; more are grouped into nested tuples.
pub const SLOTS_PER_TUPLE: usize = 12;

/// The slots of an object's values, numbered in order across nested tuples: `Option<T>` is
/// one slot, a tuple of slots is all of theirs.
pub trait Slots<'de> {
    /// How many slots.
    const LEN: usize;

    /// Every slot empty.
    fn empty() -> Self;

    /// Reads the value of `key` into slot `index`.
    fn read<A: MapAccess<'de>>(&mut self, index: usize, key: &'static str, map: &mut A) -> Result<(), A::Error>;
}

impl<'de, T: Deserialize<'de>> Slots<'de> for Option<T> {
    const LEN: usize = 1;

    fn empty() -> Self {
        None
    }

    #[inline]
    fn read<A: MapAccess<'de>>(&mut self, _: usize, key: &'static str, map: &mut A) -> Result<(), A::Error> {
        field(map, self, key)
    }
}

macro_rules! tuple_slots {
    ($($slot:ident $index:tt),+) => {
        impl<'de, $($slot: Slots<'de>),+> Slots<'de> for ($($slot,)+) {
            const LEN: usize = 0 $(+ $slot::LEN)+;

            fn empty() -> Self {
                ($($slot::empty(),)+)
            }

            #[inline]
            fn read<A: MapAccess<'de>>(
                &mut self,
                mut index: usize,
                key: &'static str,
                map: &mut A,
            ) -> Result<(), A::Error> {
                $(
                    if index < $slot::LEN {
                        return self.$index.read(index, key, map);
                    }
                    index -= $slot::LEN;
                )+
                // More keys than slots: a generator bug, reported rather than skipped.
                Err(de::Error::custom(format_args!("key `{key}` has no slot ({index} past the last)")))
            }
        }
    };
}

tuple_slots!(S0 0);
tuple_slots!(S0 0, S1 1);
tuple_slots!(S0 0, S1 1, S2 2);
tuple_slots!(S0 0, S1 1, S2 2, S3 3);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11);

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
        let mut slots = T::Slots::empty();
        while let Some(key) = map.next_key::<Text<'de>>()? {
            match T::KEYS.iter().position(|known| *known == key.0) {
                Some(index) => slots.read(index, T::KEYS[index], &mut map)?,
                None => skip(&mut map)?,
            }
        }
        T::build(slots)
    }
}

/// A string (an object's key, an enum's value), borrowed from the input when it can be.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(text)))
    }
}

/// Decodes a closed string enum from its wire value through its `FromStr`, which lists the
/// values once: the derive writes a visitor per enum, compiled again per deserializer.
pub fn parsed<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: std::str::FromStr<Err = crate::UnknownValue>,
    D: Deserializer<'de>,
{
    let Text(text) = Text::deserialize(deserializer)?;
    text.parse().map_err(de::Error::custom)
}

/// Reads the next value into `slot`; a second value for the same key is an error.
#[inline]
fn field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
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
fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or the error that it is missing.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// Where and why a JSON text did not decode into a type.
#[derive(Debug)]
pub struct Mismatch {
    /// The path of the value that does not fit (`data[2].name`); `.` for the whole text.
    pub path: String,
    /// What serde_json said about it.
    pub error: serde_json::Error,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.as_str() {
            "." => write!(f, "{}", self.error),
            path => write!(f, "at `{path}`: {}", self.error),
        }
    }
}

/// Decodes the JSON text `bytes` as `T`, saying where it does not fit.
///
/// The runtime decodes generated types from JSON with serde_json's reader of bytes only
/// (and from `&Value` for the alternatives of a union): each other reader, a `Value` taken by
/// value, text instead of bytes, a path-tracking wrapper, would compile every decoder of the
/// crate once more. The path is found from where serde_json stopped, only on failure
/// (`json_path`, a private module).
pub fn from_slice<T: de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Mismatch> {
    serde_json::from_slice(bytes).map_err(|error| Mismatch { path: crate::json_path::path_of(bytes, &error), error })
}

/// `value` decoded as `T` through [`from_slice`], written out as text first: not a hot path
/// (the command line's arguments, the mock's parameters), and one reader fewer to compile.
pub fn from_value<T: de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, Mismatch> {
    let text = serde_json::to_vec(value).map_err(|error| Mismatch { path: ".".to_owned(), error })?;
    from_slice(&text)
}

/// One alternative of an untagged union: the value decoded into it, if it decodes.
pub type Alternative<T> = fn(&serde_json::Value) -> Option<T>;

/// An untagged union (`oneOf`/`anyOf` without a discriminator): of the alternatives the value
/// decodes into, in the spec's order, the first that keeps every key that is not `null`, at
/// every depth (in the objects of a list too); else the one that loses the fewest. A struct
/// skips keys it does not know, so the first alternative that decodes may be one that drops
/// what a later one holds (a struct whose fields are all optional decodes from any object, a
/// list of them from any list of objects).
pub fn untagged<'de, T: serde::Serialize, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    alternatives: &[Alternative<T>],
) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let mut best: Option<(usize, T)> = None;
    for alternative in alternatives {
        let Some(decoded) = alternative(&value) else { continue };
        let lost = serde_json::to_value(&decoded).map_or(usize::MAX, |kept| lost_keys(&value, &kept));
        if lost == 0 {
            return Ok(decoded);
        }
        if best.as_ref().is_none_or(|(fewest, _)| lost < *fewest) {
            best = Some((lost, decoded));
        }
    }
    best.map(|(_, decoded)| decoded)
        .ok_or_else(|| de::Error::custom(format_args!("data did not match any variant of untagged enum {name}")))
}

/// How many keys of `sent` whose value is not null `kept` (the decoded value, encoded again)
/// lost, in every object and list below it; a lost key counts with the keys inside its value.
/// Only keys are compared: a value may be written otherwise once decoded (`1.0` as `1`); an
/// object or a list that is no longer one loses all its keys, and at least one.
fn lost_keys(sent: &serde_json::Value, kept: &serde_json::Value) -> usize {
    use serde_json::Value;
    match (sent, kept) {
        (Value::Object(sent), Value::Object(kept)) => sent
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| kept.get(key).map_or_else(|| 1 + keys_in(value), |k| lost_keys(value, k)))
            .sum(),
        (Value::Array(sent), Value::Array(kept)) if sent.len() == kept.len() => {
            sent.iter().zip(kept).map(|(s, k)| lost_keys(s, k)).sum()
        }
        (Value::Object(_) | Value::Array(_), _) => keys_in(sent).max(1),
        _ => 0,
    }
}

/// How many keys whose value is not null `value` holds, at every depth.
fn keys_in(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => map.values().filter(|v| !v.is_null()).map(|v| 1 + keys_in(v)).sum(),
        serde_json::Value::Array(items) => items.iter().map(keys_in).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{"a": 1, "b": 2}` is an `Only` (every field optional, so it decodes, dropping `b`)
    /// and a `Both`: the union takes `Both`, the alternative that keeps it whole.
    #[test]
    fn an_untagged_union_takes_the_alternative_that_keeps_every_key() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Only {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<u32>,
        }
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Both {
            a: u32,
            b: u32,
        }
        #[derive(Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        enum Union {
            Only(Only),
            Both(Both),
            Number(u32),
        }
        impl<'de> Deserialize<'de> for Union {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                untagged(
                    deserializer,
                    "Union",
                    &[
                        |v| Only::deserialize(v).ok().map(Union::Only),
                        |v| Both::deserialize(v).ok().map(Union::Both),
                        |v| u32::deserialize(v).ok().map(Union::Number),
                    ],
                )
            }
        }
        let union = |json: &str| serde_json::from_str::<Union>(json).map_err(|e| e.to_string());
        assert_eq!(union(r#"{"a": 1, "b": 2}"#), Ok(Union::Both(Both { a: 1, b: 2 })));
        assert_eq!(union(r#"{"a": 1}"#), Ok(Union::Only(Only { a: Some(1) })));
        assert_eq!(union(r#"{"a": 1, "b": null}"#), Ok(Union::Only(Only { a: Some(1) })), "null keys need no home");
        assert_eq!(union(r#"{"c": 3}"#), Ok(Union::Only(Only { a: None })), "none keeps `c`: the first that decodes");
        assert_eq!(union("7"), Ok(Union::Number(7)));
        assert_eq!(union(r#""x""#), Err("data did not match any variant of untagged enum Union".to_owned()));
    }

    /// The keys are kept at every depth: a list of `Only` decodes from a list of `{a, b}`
    /// objects too, dropping `b`; the union takes the list of `Both`.
    #[test]
    fn an_untagged_union_keeps_the_keys_of_the_objects_in_a_list() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Only {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<u32>,
        }
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Both {
            a: u32,
            b: Vec<Only>,
        }
        #[derive(Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        enum Union {
            Onlys(Vec<Only>),
            Boths(Vec<Both>),
        }
        impl<'de> Deserialize<'de> for Union {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                untagged(
                    deserializer,
                    "Union",
                    &[
                        |v| Vec::<Only>::deserialize(v).ok().map(Union::Onlys),
                        |v| Vec::<Both>::deserialize(v).ok().map(Union::Boths),
                    ],
                )
            }
        }
        let union = |json: &str| serde_json::from_str::<Union>(json).map_err(|e| e.to_string());
        let both = Both { a: 1, b: vec![Only { a: Some(2) }] };
        assert_eq!(union(r#"[{"a": 1, "b": [{"a": 2}]}]"#), Ok(Union::Boths(vec![both])));
        assert_eq!(union(r#"[{"a": 1}]"#), Ok(Union::Onlys(vec![Only { a: Some(1) }])));
        assert_eq!(union("[]"), Ok(Union::Onlys(vec![])), "an empty list: the first");
        // Where each loses a key (`c` is no field of `Only`), the one that loses fewer.
        let lossy = Both { a: 1, b: vec![Only { a: None }] };
        assert_eq!(union(r#"[{"a": 1, "b": [{"c": 3}]}]"#), Ok(Union::Boths(vec![lossy])));
    }

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
        const KEYS: &'static [&'static str] = &["thingName", "size"];
        type Slots = (Option<String>, Option<Option<u32>>);

        fn build<E: de::Error>(slots: Self::Slots) -> Result<Self, E> {
            let (name, size) = slots;
            Ok(Self { name: required(name, "thingName")?, size: size.flatten() })
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

    /// Fourteen keys: slots in a tuple of two tuples.
    #[derive(Debug, PartialEq)]
    struct Wide([Option<u8>; 14]);

    impl<'de> Deserialize<'de> for Wide {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    type Slot = Option<u8>;
    type Twelve = (Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot);

    impl<'de> Object<'de> for Wide {
        const NAME: &'static str = "Wide";
        const KEYS: &'static [&'static str] =
            &["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11", "k12", "k13"];
        type Slots = (Twelve, (Slot, Slot));

        fn build<E: de::Error>(slots: Self::Slots) -> Result<Self, E> {
            let ((k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11), (k12, k13)) = slots;
            Ok(Self([k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, Some(required(k13, "k13")?)]))
        }
    }

    #[test]
    fn keys_past_the_first_tuple_find_their_slots() {
        assert_eq!(<Wide as Object>::Slots::LEN, 14);
        let wide: Wide = serde_json::from_str(r#"{"k13":13,"k0":0,"k11":11,"k12":12,"other":1}"#).expect("decodes");
        let mut expected = [None; 14];
        for i in [0, 11, 12, 13] {
            expected[i] = Some(i as u8);
        }
        assert_eq!(wide, Wide(expected));
        let twice = serde_json::from_str::<Wide>(r#"{"k13":1,"k12":1,"k12":2}"#).expect_err("k12 twice");
        assert!(twice.to_string().starts_with("duplicate field `k12`"), "{twice}");
        let missing = serde_json::from_str::<Wide>(r#"{"k12":1}"#).expect_err("no k13");
        assert!(missing.to_string().starts_with("missing field `k13`"), "{missing}");
    }

    #[test]
    fn the_path_of_a_bad_value_is_still_found() {
        let error = from_slice::<Thing>(br#"{"thingName":"a","size":"big"}"#).expect_err("a bad size");
        assert_eq!(error.path, "size");
        assert!(error.to_string().starts_with("at `size`: invalid type"), "{error}");
        let thing: Thing = from_value(&serde_json::json!({"thingName": "b", "size": 2})).expect("decodes");
        assert_eq!((thing.name.as_str(), thing.size), ("b", Some(2)));
        let error = from_value::<Thing>(&serde_json::json!({"size": 2})).expect_err("no name");
        assert!(error.to_string().starts_with("missing field `thingName`"), "{error}");
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum DerivedEnum {
        #[serde(rename = "a b")]
        Spaced,
        #[serde(rename = "é")]
        Accented,
    }

    #[derive(Debug, PartialEq)]
    enum ParsedEnum {
        Spaced,
        Accented,
    }

    impl std::str::FromStr for ParsedEnum {
        type Err = crate::UnknownValue;

        fn from_str(value: &str) -> Result<Self, Self::Err> {
            match value {
                "a b" => Ok(Self::Spaced),
                "é" => Ok(Self::Accented),
                _ => Err(crate::UnknownValue::new("ParsedEnum", value)),
            }
        }
    }

    impl<'de> Deserialize<'de> for ParsedEnum {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            parsed(deserializer)
        }
    }

    /// A closed enum decodes the values the derive decodes, from text with escapes too, and
    /// refuses the rest, naming the value.
    #[test]
    fn a_string_enum_decodes_as_the_derive_decodes_it() {
        for json in [r#""a b""#, r#""\u00e9""#, r#""é""#, r#""c""#, "3", "null"] {
            let derived = serde_json::from_str::<DerivedEnum>(json).ok().map(|d| format!("{d:?}"));
            let parsed = serde_json::from_str::<ParsedEnum>(json);
            assert_eq!(
                parsed.as_ref().ok().map(|p| format!("{p:?}")),
                derived.map(|d| d.replace("DerivedEnum", "ParsedEnum")),
                "{json}"
            );
            let from_value = serde_json::from_value::<ParsedEnum>(serde_json::from_str(json).expect("JSON"));
            assert_eq!(from_value.is_ok(), parsed.is_ok(), "{json}");
        }
        let error = serde_json::from_str::<ParsedEnum>(r#""c""#).expect_err("not a value").to_string();
        assert!(error.starts_with("`c` is not a value of ParsedEnum"), "{error}");
    }
}
