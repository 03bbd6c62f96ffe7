//! A string that never shows itself: `Debug` and `Display` print `[REDACTED]`, reading it is
//! an explicit call, and its memory is wiped when it is dropped. Every secret the API carries
//! (API key values, client secrets, access tokens) has this type.
//!
//! The value lives in a [`secrecy::SecretString`], which zeroizes it on drop; this wrapper adds
//! what generated types need from a field: `Clone`, `PartialEq`, and `Serialize` (that is how
//! a secret reaches the server, so it is the one place the value is written out).

use std::fmt;

use secrecy::ExposeSecret as _;
use secrecy::zeroize::Zeroize as _;

/// A secret string. `{:?}` and `{}` print `[REDACTED]`; [`SecretString::expose_secret`]
/// reads it; dropping it wipes the memory it held.
#[derive(Clone)]
pub struct SecretString(secrecy::SecretString);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        let mut secret = secret.into();
        let wrapped = Self(secret.as_str().into());
        secret.zeroize();
        wrapped
    }

    /// The secret itself. Every read is a visible call in the code that makes it.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl secrecy::ExposeSecret<str> for SecretString {
    fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl Eq for SecretString {}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for SecretString {
    fn from(secret: String) -> Self {
        Self::new(secret)
    }
}

impl From<&str> for SecretString {
    fn from(secret: &str) -> Self {
        Self(secret.into())
    }
}

impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_secret() {
        let secret = SecretString::new("pckey_abc_123");
        assert_eq!(format!("{secret:?} {secret} {:?}", Some(&secret)), "[REDACTED] [REDACTED] Some([REDACTED])");
        assert_eq!(secret.expose_secret(), "pckey_abc_123");
        assert_eq!(secrecy::ExposeSecret::expose_secret(&secret), "pckey_abc_123");
    }

    #[test]
    fn round_trips_through_json() {
        let secret: SecretString = serde_json::from_str("\"s3cret\"").unwrap();
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"s3cret\"");
        assert_eq!(secret.clone(), SecretString::from("s3cret"));
    }
}
