//! A string that never shows itself in logs: `Debug` and `Display` print `[REDACTED]`, and
//! reading it is an explicit call. Used for API key secrets, client secrets and access tokens.

use std::fmt;

/// A secret string. `{:?}` and `{}` print `[REDACTED]`; [`SecretString::expose_secret`]
/// reads it. Serializing it writes the value (that is how it reaches the server).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(Box<str>);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into().into_boxed_str())
    }

    /// The secret itself. Every read is a visible call in the code that makes it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

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
        Self::new(secret)
    }
}

impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
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
    }

    #[test]
    fn round_trips_through_json() {
        let secret: SecretString = serde_json::from_str("\"s3cret\"").unwrap();
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"s3cret\"");
    }
}
