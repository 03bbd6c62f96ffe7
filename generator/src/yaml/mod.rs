//! YAML text to the JSON value OpenAPI describes: mapping keys become strings (`200:` and
//! `'200':` mean the same), tags are dropped, integers beyond 64 bits are kept as numbers (as
//! JSON would read them), and values JSON cannot hold (NaN, infinities) are errors with the
//! line and column of the value.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};

mod parts;

/// A document is cut into about this many parts to be parsed on all cores ...
const PARTS: usize = 16;

/// ... each of at least this many bytes: smaller documents are parsed whole.
const MIN_PART: usize = 16 * 1024;

/// Parses YAML `text` into JSON: in parts on all cores when it is large ([`parts`]), else,
/// or when the parts cannot stand alone, whole.
pub fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    let size = (text.len() / PARTS).max(MIN_PART);
    match text.len() >= 2 * size {
        true => parts::parse(text, size).map_or_else(|| whole(text), Ok),
        false => whole(text),
    }
}

/// Parses YAML `text` into JSON in one pass.
fn whole(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Json>(text).map(|json| json.0)
}

/// A JSON value, deserialized from any YAML node.
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

fn float<E: de::Error>(value: f64) -> Result<Value, E> {
    Number::from_f64(value)
        .map(Value::Number)
        .ok_or_else(|| E::custom(format!("`{value}` is not a number JSON can hold")))
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        float(value as f64)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        float(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        float(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((Key(key), Json(value))) = map.next_entry()? {
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged node (`!tag value`): the value.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<Json>().map(|json| json.0)
    }
}

/// A mapping key as a string: a string, a number or a boolean as written, `null` as `null`.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_any(JsonVisitor)? {
            Value::String(key) => Ok(Key(key)),
            Value::Null => Ok(Key("null".to_owned())),
            scalar @ (Value::Number(_) | Value::Bool(_)) => Ok(Key(scalar.to_string())),
            _ => Err(de::Error::custom("a mapping key must be a string or a number")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn yaml_reads_as_the_json_it_means() {
        let text = "200: {a: !!str 1}\nbig: -9223372036854776000\nhuge: 100000000000000000000\nlist: [1, x, null]\n";
        let value = parse(text).expect("parses");
        assert_eq!(
            value,
            json!({"200": {"a": "1"}, "big": -9223372036854775808.0, "huge": 1e20, "list": [1, "x", null]})
        );
        let error = parse("a: .nan\n").expect_err("NaN");
        assert!(error.to_string().contains("not a number JSON can hold"), "{error}");
        assert_eq!(error.location().map(|l| l.line()), Some(1));
    }
}
