//! Every Rust identifier the generator emits is made here, from a wire name, over `heck`.
//!
//! The rules, in order:
//! 1. Characters that cannot be in an identifier become word breaks; `+` reads as `plus`, a
//!    leading `-` before a digit as `minus`, and a non-ASCII character as `u` and its hex code,
//!    so that values like `https://api.pinecone.io/` or `+1` still get a readable name.
//! 2. The words are recased (`UpperCamelCase` for types and variants, `snake_case` for fields,
//!    methods and modules).
//! 3. A name that would start with a digit gets a prefix (`V` for variants, `T` for types, `_`
//!    for fields); an empty name becomes `Empty` / `empty`.
//! 4. Keywords become raw identifiers (`r#type`); the ones Rust cannot make raw (`self`,
//!    `Self`, `super`, `crate`, `extern`, `_`) get a trailing `_`.
//!
//! Clashes between names (`APIKey` vs `ApiKey`) are not resolved here but by [`Claims`]: the
//! first claimant keeps the name, later ones get `2`, `3`, ... appended.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024 (strict and reserved) that need `r#` or a suffix as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Splits a wire name into words that heck can recase (rule 1).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c),
            '+' => out.push_str(" plus "),
            '-' if out.trim().is_empty() && chars.peek().is_some_and(char::is_ascii_digit) => out.push_str(" minus "),
            c if !c.is_ascii() && c.is_alphanumeric() => {
                out.push_str(&format!(" u{:x} ", u32::from(c)));
            }
            _ => out.push(' '),
        }
    }
    out
}

/// Applies rule 4 to an already recased name.
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

fn upper_camel(raw: &str, digit_prefix: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = match name.chars().next() {
        None => "Empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{digit_prefix}{name}"),
        Some(_) => name,
    };
    escape_keyword(name)
}

fn snake(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = match name.chars().next() {
        None => "empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("_{name}"),
        Some(_) => name,
    };
    escape_keyword(name)
}

/// The Rust name of a type (struct or enum) for a schema name or a derived name.
pub fn type_name(raw: &str) -> String {
    upper_camel(raw, "T")
}

/// The Rust name of an enum variant for a wire value.
pub fn variant_name(raw: &str) -> String {
    upper_camel(raw, "V")
}

/// The Rust name of a struct field or a function argument for a property or parameter name.
pub fn field_name(raw: &str) -> String {
    snake(raw)
}

/// The Rust name of a client method for an operationId.
pub fn method_name(operation_id: &str) -> String {
    snake(operation_id)
}

/// A method name for an operation without an operationId: the HTTP method and the path's
/// literal segments, with `by_<param>` for each path parameter (`GET /users/{id}` ->
/// `get_users_by_id`).
pub fn method_name_from_path(http_method: &str, path: &str) -> String {
    let mut raw = http_method.to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        raw.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                raw.push_str("by_");
                raw.push_str(param);
            }
            None => raw.push_str(segment),
        }
    }
    snake(&raw)
}

/// The Rust module name of an API version (`2026-04` -> `v2026_04`).
pub fn version_module(version: &str) -> String {
    format!("v{}", words(version).split_whitespace().collect::<Vec<_>>().join("_")).to_ascii_lowercase()
}

/// The singular of an English property name, for naming array items (`roles` -> `role`).
/// Deliberately simple: it only has to make item names read well, and a wrong guess is
/// merely a slightly odd name, never a wrong type.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| !s.is_empty()) {
        format!("{stem}y")
    } else if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix("ses").or_else(|| word.strip_suffix("xes")) {
        format!("{stem}{}", &word[stem.len()..stem.len() + 1])
    } else if let Some(stem) = word.strip_suffix('s').filter(|s| !s.is_empty()) {
        stem.to_owned()
    } else {
        format!("{word}Item")
    }
}

/// Names claimed in one namespace (types of a module, fields of a struct, variants of an
/// enum, methods of a client). Claims are compared as written, so two names that differ only
/// in case are different; `Claims` only settles exact clashes after recasing.
#[derive(Debug, Default)]
pub struct Claims {
    taken: BTreeMap<String, usize>,
}

impl Claims {
    /// Claims `name`, or the first of `name2`, `name3`, ... that is still free.
    pub fn claim(&mut self, name: &str) -> String {
        let unique = if self.taken.contains_key(name) {
            let mut n = self.taken[name] + 1;
            loop {
                let candidate = numbered(name, n);
                if !self.taken.contains_key(&candidate) {
                    self.taken.insert(name.to_owned(), n);
                    break candidate;
                }
                n += 1;
            }
        } else {
            name.to_owned()
        };
        self.taken.entry(unique.clone()).or_insert(1);
        unique
    }

    /// Whether `name` is already claimed.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains_key(name)
    }
}

/// `name` with `n` appended, keeping raw identifiers valid (`r#type` -> `type2`).
fn numbered(name: &str, n: usize) -> String {
    let base = name.strip_prefix("r#").unwrap_or(name);
    let base = base.strip_suffix('_').filter(|b| NOT_RAW.contains(b)).unwrap_or(base);
    format!("{base}{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let table = [
            ("APIKey", "ApiKey"),
            ("APIKeyWithSecret", "ApiKeyWithSecret"),
            ("ListApiKeysResponse", "ListApiKeysResponse"),
            ("error_response", "ErrorResponse"),
            ("2fa-settings", "T2faSettings"),
            ("Self", "Self_"),
            ("", "Empty"),
            ("Ünïcode", "UdcNUefCode"),
        ];
        for (raw, want) in table {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("ProjectEditor", "ProjectEditor"),
            ("INVALID_ARGUMENT", "InvalidArgument"),
            ("https://api.pinecone.io/", "HttpsApiPineconeIo"),
            ("read:write", "ReadWrite"),
            ("client_credentials", "ClientCredentials"),
            ("text/plain", "TextPlain"),
            ("a b.c", "ABC"),
            ("1x", "V1x"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("e-mail", "EMail"),
            ("", "Empty"),
            ("Self", "Self_"),
        ];
        for (raw, want) in table {
            assert_eq!(variant_name(raw), want, "variant_name({raw:?})");
        }
    }

    #[test]
    fn field_names() {
        let table = [
            ("project_id", "project_id"),
            ("createdAt", "created_at"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("gen", "r#gen"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("_", "empty"),
            ("1st", "_1st"),
            ("X-Request-Id", "x_request_id"),
            ("key.with.dots", "key_with_dots"),
            ("with space", "with_space"),
        ];
        for (raw, want) in table {
            assert_eq!(field_name(raw), want, "field_name({raw:?})");
        }
    }

    #[test]
    fn methods_and_modules() {
        assert_eq!(method_name("list_project_api_keys"), "list_project_api_keys");
        assert_eq!(method_name("listProjects"), "list_projects");
        assert_eq!(method_name("delete"), "delete");
        assert_eq!(method_name("type"), "r#type");
        assert_eq!(method_name_from_path("GET", "/admin/projects/{project_id}"), "get_admin_projects_by_project_id");
        assert_eq!(method_name_from_path("post", "/"), "post");
        assert_eq!(version_module("2026-04"), "v2026_04");
        assert_eq!(version_module("2025-10"), "v2025_10");
    }

    #[test]
    fn singulars() {
        let table = [
            ("roles", "roles", "role"),
            ("indexes", "indexes", "index"),
            ("policies", "policies", "policy"),
            ("status", "status", "status"),
            ("data", "data", "dataItem"),
            ("addresses", "addresses", "address"),
        ];
        for (_, raw, want) in table {
            assert_eq!(singular(raw), want, "singular({raw:?})");
        }
    }

    #[test]
    fn claims_number_later_clashes() {
        let mut claims = Claims::default();
        assert_eq!(claims.claim("ApiKey"), "ApiKey");
        assert_eq!(claims.claim("ApiKey"), "ApiKey2");
        assert_eq!(claims.claim("ApiKey2"), "ApiKey22");
        assert_eq!(claims.claim("ApiKey"), "ApiKey3");
        assert_eq!(claims.claim("r#type"), "r#type");
        assert_eq!(claims.claim("r#type"), "type2");
        assert_eq!(claims.claim("self_"), "self_");
        assert_eq!(claims.claim("self_"), "self2");
        assert!(claims.is_taken("ApiKey3"));
    }
}
