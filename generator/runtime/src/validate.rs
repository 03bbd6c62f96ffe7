//! Checks of the spec's constraints (`minLength`, `maxLength`, `minimum`, `maximum`,
//! `minItems`, `maxItems`) before a request is sent, so that a bad value fails locally with
//! the field and the limit, and nothing goes over the wire.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use regex_lite::Regex;

use super::error::InvalidRequest;
use super::multipart::FilePart;
use super::secret::SecretString;

/// A value that can check itself against its schema's constraints. Generated for every
/// request type; values without constraints are always valid.
pub trait Validate {
    /// `Ok` if the value meets every constraint, else the first field that does not.
    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

macro_rules! always_valid {
    ($($ty:ty),*) => { $(impl Validate for $ty {})* };
}

always_valid!(
    str,
    String,
    bool,
    i32,
    i64,
    f32,
    f64,
    uuid::Uuid,
    chrono::NaiveDate,
    chrono::DateTime<chrono::Utc>,
    serde_json::Value,
    SecretString,
    FilePart,
    bytes::Bytes
);

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self) -> Result<(), InvalidRequest> {
        (**self).validate()
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        (**self).validate()
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self) -> Result<(), InvalidRequest> {
        for (i, item) in self.iter().enumerate() {
            item.validate().map_err(|e| prefix(&format!("[{i}]"), e))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.as_slice().validate()
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        for (key, value) in self {
            value.validate().map_err(|e| prefix(&format!("[{key:?}]"), e))?;
        }
        Ok(())
    }
}

/// Validates a field's value, naming the field in the error (`key.name`).
pub fn nested<T: Validate + ?Sized>(field: &str, value: &T) -> Result<(), InvalidRequest> {
    value.validate().map_err(|e| prefix(field, e))
}

fn prefix(outer: &str, mut e: InvalidRequest) -> InvalidRequest {
    e.field = if e.field.starts_with('[') { format!("{outer}{}", e.field) } else { format!("{outer}.{}", e.field) };
    e
}

/// `minLength` / `maxLength`, counted in characters as JSON Schema does.
pub fn length(field: &str, value: &str, min: Option<usize>, max: Option<usize>) -> Result<(), InvalidRequest> {
    let count = value.chars().count();
    if let Some(min) = min.filter(|m| count < *m) {
        return Err(InvalidRequest::new(field, format!("must be at least {min} characters long, got {count}")));
    }
    if let Some(max) = max.filter(|m| count > *m) {
        return Err(InvalidRequest::new(field, format!("must be at most {max} characters long, got {count}")));
    }
    Ok(())
}

/// `pattern`: the string must contain a match of the regular expression (JSON Schema
/// patterns are not anchored). Compiled once per pattern.
pub fn pattern(field: &str, value: &str, pattern: &'static str) -> Result<(), InvalidRequest> {
    static COMPILED: OnceLock<Mutex<HashMap<&'static str, Regex>>> = OnceLock::new();
    let mut compiled = COMPILED.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let regex = match compiled.get(pattern) {
        Some(regex) => regex,
        None => {
            let regex = Regex::new(pattern).map_err(|e| {
                InvalidRequest::new(field, format!("cannot be checked against the pattern `{pattern}`: {e}"))
            })?;
            compiled.entry(pattern).or_insert(regex)
        }
    };
    if regex.is_match(value) {
        Ok(())
    } else {
        Err(InvalidRequest::new(field, format!("must match the pattern `{pattern}`, got `{value}`")))
    }
}

/// `minItems` / `maxItems`.
pub fn items(field: &str, count: usize, min: Option<usize>, max: Option<usize>) -> Result<(), InvalidRequest> {
    if let Some(min) = min.filter(|m| count < *m) {
        return Err(InvalidRequest::new(field, format!("must have at least {min} items, got {count}")));
    }
    if let Some(max) = max.filter(|m| count > *m) {
        return Err(InvalidRequest::new(field, format!("must have at most {max} items, got {count}")));
    }
    Ok(())
}

/// The bounds of a number: `minimum`, `maximum` and whether each is exclusive.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bounds {
    /// `minimum`.
    pub min: Option<f64>,
    /// `maximum`.
    pub max: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_min: bool,
    /// `exclusiveMaximum`.
    pub exclusive_max: bool,
}

/// `minimum` / `maximum`.
pub fn range(field: &str, value: f64, bounds: Bounds) -> Result<(), InvalidRequest> {
    if let Some(min) = bounds.min {
        if value < min || (bounds.exclusive_min && value == min) {
            let op = if bounds.exclusive_min { "greater than" } else { "at least" };
            return Err(InvalidRequest::new(field, format!("must be {op} {min}, got {value}")));
        }
    }
    if let Some(max) = bounds.max {
        if value > max || (bounds.exclusive_max && value == max) {
            let op = if bounds.exclusive_max { "less than" } else { "at most" };
            return Err(InvalidRequest::new(field, format!("must be {op} {max}, got {value}")));
        }
    }
    Ok(())
}

/// `enum` of numbers: the value is one of `allowed`.
pub fn one_of(field: &str, value: f64, allowed: &[f64]) -> Result<(), InvalidRequest> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let listed: Vec<String> = allowed.iter().map(f64::to_string).collect();
    Err(InvalidRequest::new(field, format!("must be one of {}, got {value}", listed.join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_an_enum_are_checked() {
        assert!(one_of("wait", 5.0, &[0.0, 5.0, 10.0]).is_ok());
        let e = one_of("wait", 7.0, &[0.0, 5.0, 10.0]).unwrap_err();
        assert_eq!(e.to_string(), "invalid request, not sent: `wait` must be one of 0, 5, 10, got 7");
    }

    #[test]
    fn lengths_count_characters() {
        assert!(length("name", "ééé", Some(1), Some(3)).is_ok());
        let e = length("name", &"x".repeat(81), Some(1), Some(80)).unwrap_err();
        assert_eq!(e.to_string(), "invalid request, not sent: `name` must be at most 80 characters long, got 81");
        assert!(length("name", "", Some(1), None).is_err());
    }

    #[test]
    fn patterns_match_anywhere_and_name_the_pattern() {
        assert!(pattern("id", "ab-12", "^[a-z]+-[0-9]+$").is_ok());
        assert!(pattern("id", "xx ab-12", "[0-9]+").is_ok());
        let e = pattern("id", "AB", "^[a-z]+$").unwrap_err();
        assert_eq!(e.to_string(), "invalid request, not sent: `id` must match the pattern `^[a-z]+$`, got `AB`");
    }

    #[test]
    fn ranges_honour_exclusive_bounds() {
        let b = Bounds { min: Some(0.0), max: Some(10.0), exclusive_min: true, exclusive_max: false };
        assert!(range("n", 0.0, b).is_err());
        assert!(range("n", 10.0, b).is_ok());
        assert!(range("n", 10.5, b).is_err());
    }

    #[test]
    fn nested_errors_name_the_path() {
        struct Named(String);
        impl Validate for Named {
            fn validate(&self) -> Result<(), InvalidRequest> {
                length("name", &self.0, None, Some(2))
            }
        }
        let list = vec![Named("ok".into()), Named("long".into())];
        let e = nested("keys", &list).unwrap_err();
        assert_eq!(e.field, "keys[1].name");
    }
}
