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
//! Inline schemas are named by what they are, from where they sit ([`Hint`]): a property
//! whose name has two words or more names its type alone (`principal_type` ->
//! `PrincipalType`); a one-word property is too generic alone and is prefixed with its
//! owner's family ([`stem`]: `RoleBinding.role` and `CreateRoleBindingRequest.role` are both
//! `RoleBindingRole`). Neither depends on which occurrence comes first, so a later version
//! that adds an occurrence renames nothing.
//!
//! Clashes between names (`APIKey` vs `ApiKey`) are not resolved here but by [`Claims`]: the
//! first claimant keeps the name, later ones get `2`, `3`, ... appended. The names the
//! generated code uses for itself are claimed before any name from the spec ([`PRELUDE`],
//! [`CLIENT_METHODS`], [`STRUCT_METHODS`], [`LOCALS`]), so that a spec naming a schema `String`, an operation
//! `builder` or a path parameter `params` gets `String2`, `builder2`, `params2` rather than
//! code that does not compile.
use std::collections::BTreeMap;

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024 (strict and reserved) that need `r#` or a suffix as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Names the generated types module uses unqualified, from Rust's prelude: a type of the
/// same name would shadow them (`Option<...>` would no longer mean `std::option::Option`).
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Hash",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The client's methods that no operation defines: a version's constructors, the methods
/// of the runtime's `ApiClient` trait, and the trait methods every value has, which an
/// inherent method of the same name would hide (`client.clone()`).
pub const CLIENT_METHODS: &[&str] = &[
    "borrow",
    "builder",
    "clone",
    "clone_from",
    "fmt",
    "from",
    "from_env",
    "from_transport",
    "into",
    "to_owned",
    "transport",
    "try_into",
    "type_id",
];

/// Methods of generated structs that no field's setter may take: the constructor, and the
/// trait methods an inherent method of the same name would hide (`value.clone()`,
/// `Type::default()`).
pub const STRUCT_METHODS: &[&str] = &[
    "borrow",
    "clone",
    "clone_from",
    "default",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "into",
    "ne",
    "new",
    "serialize",
    "to_owned",
    "try_into",
    "type_id",
    "validate",
];

/// Names the mock module defines besides the call structs.
pub const MOCK_ITEMS: &[&str] = &["MockServer", "API"];

/// Methods of the mock server besides one per operation.
pub const MOCK_SERVER_METHODS: &[&str] = &["start", "uri", "client", "received_requests", "inner"];

/// The locals and arguments of generated methods, which a path parameter (an argument of the
/// same method) must not be named.
pub const LOCALS: &[&str] =
    &["body", "client", "cursor", "input", "next", "out", "page", "params", "request", "response", "result", "value"];

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

/// Applies rule 4 to an already recased name, but for the `r#` of raw identifiers, which
/// [`RustName`] writes.
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// A Rust name in snake case (a field, an argument, a method), chosen once in lowering: its
/// word (`type`), which names derived from it start from (`type_stream`, `Self::type` in
/// docs), and the identifier code writes, raw where the word is a keyword (`r#type`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName(String);

impl RustName {
    /// The name of a word that is already a valid identifier or keyword in snake case.
    fn word(word: String) -> Self {
        Self(word)
    }

    /// A name derived from this one (`list_users` + `_stream`).
    pub fn with_suffix(&self, suffix: &str) -> Self {
        Self(format!("{}{suffix}", self.0))
    }

    /// The word (`type`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier (`r#type`).
    pub fn ident(&self) -> syn::Ident {
        match KEYWORDS.contains(&self.0.as_str()) {
            true => syn::Ident::new_raw(&self.0, proc_macro2::Span::call_site()),
            false => syn::Ident::new(&self.0, proc_macro2::Span::call_site()),
        }
    }
}

impl std::fmt::Display for RustName {
    /// The identifier, as code writes it (`r#type`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if KEYWORDS.contains(&self.0.as_str()) {
            f.write_str("r#")?;
        }
        f.write_str(&self.0)
    }
}

impl quote::ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.ident())]);
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

fn snake(raw: &str) -> RustName {
    let name = words(raw).to_snake_case();
    let name = match name.chars().next() {
        None => "empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("_{name}"),
        Some(_) => name,
    };
    RustName::word(escape_keyword(name))
}

/// A name's words in snake case, unescaped (`clientSecret` -> `client_secret`), to read them.
pub fn snake_words(raw: &str) -> String {
    raw.to_snake_case()
}

/// A name in kebab case, for command-line words (`rotate_secret` -> `rotate-secret`).
pub fn kebab(raw: &str) -> String {
    raw.to_kebab_case()
}

/// A name in shouty snake case, for a positional's value name (`project_id` -> `PROJECT_ID`).
pub fn shouty_snake(raw: &str) -> String {
    raw.to_shouty_snake_case()
}

/// A name in upper camel case, unescaped: the stem of the names derived from an operationId
/// (`create_api_key` -> `CreateApiKey`, then `CreateApiKeyRequest`).
pub fn pascal(raw: &str) -> String {
    raw.to_upper_camel_case()
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
pub fn field_name(raw: &str) -> RustName {
    snake(raw)
}

/// The Rust name of a client method for an operationId.
pub fn method_name(operation_id: &str) -> RustName {
    snake(operation_id)
}

/// A method name for an operation without an operationId: the HTTP method and the path's
/// literal segments, with `by_<param>` for each path parameter (`GET /users/{id}` ->
/// `get_users_by_id`).
pub fn method_name_from_path(http_method: &str, path: &str) -> RustName {
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

/// The Rust name of a constant or static for a method name (`create_api_key` ->
/// `CREATE_API_KEY`; `_0b_thing` -> `_0B_THING`, as a name cannot start with a digit).
pub fn const_name(method: &RustName) -> String {
    let name = method.as_str().to_shouty_snake_case();
    match name.chars().next() {
        None => "EMPTY".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("_{name}"),
        Some(_) => name,
    }
}

/// The Rust module name of an API version (`2026-04` -> `v2026_04`).
pub fn version_module(version: &str) -> String {
    format!("v{}", words(version).split_whitespace().collect::<Vec<_>>().join("_")).to_ascii_lowercase()
}

/// The singular of an English property name, for naming array items (`roles` -> `role`);
/// a word that is not a plural gets `Item` (`data` -> `dataItem`). Deliberately simple: it
/// only has to make item names read well, and a wrong guess is merely a slightly odd name,
/// never a wrong type.
pub fn singular(word: &str) -> String {
    depluralize(word).unwrap_or_else(|| format!("{word}Item"))
}

/// The singular of a plural (`policies` -> `policy`), the word itself when it only looks
/// plural (`status`), `None` when it is not a plural.
fn depluralize(word: &str) -> Option<String> {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| !s.is_empty()) {
        Some(format!("{stem}y"))
    } else if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        Some(word.to_owned())
    } else if let Some(stem) = word.strip_suffix("ses").or_else(|| word.strip_suffix("xes")) {
        Some(format!("{stem}{}", &word[stem.len()..stem.len() + 1]))
    } else {
        word.strip_suffix('s').filter(|s| !s.is_empty()).map(str::to_owned)
    }
}

/// Leading words of an owner's name that say what is done to the family, not which it is.
const VERBS: &[&str] = &[
    "Add", "Create", "Delete", "Describe", "Fetch", "Get", "List", "Patch", "Post", "Put", "Query", "Remove",
    "Replace", "Search", "Set", "Update", "Upsert",
];

/// Trailing words of an owner's name that say how the family travels, not which it is.
const ENVELOPES: &[&str] = &["Body", "Input", "List", "Output", "Params", "Request", "Response", "Result", "Results"];

/// The family an owner belongs to: its type name without a leading verb and trailing
/// envelope words, in the singular (`CreateRoleBindingRequest`, `RoleBindingInput` and the
/// operation `ListRoleBindings` are all `RoleBinding`). At least one word always remains.
pub fn stem(owner: &str) -> String {
    let snake = owner.to_snake_case();
    let mut words: Vec<String> = snake.split('_').filter(|w| !w.is_empty()).map(|w| w.to_upper_camel_case()).collect();
    if words.len() > 1 && VERBS.contains(&words[0].as_str()) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| ENVELOPES.contains(&w.as_str())) {
        words.pop();
    }
    if let Some(last) = words.last_mut() {
        if let Some(singular) = depluralize(last) {
            *last = singular;
        }
    }
    words.concat()
}

/// Where an inline schema sits, which is what names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// A name that says everything by itself: `<Operation>Request`, `<Union>Variant2`.
    Exact(String),
    /// The value of a property or parameter, or what is inside it.
    Property {
        /// The Rust name of the type (or the operation) that has the property.
        owner: String,
        /// The property's wire name.
        property: String,
        /// What the type is called: the property in `UpperCamelCase`, in the singular for
        /// array items, with `Value` for map values.
        base: String,
    },
}

impl Hint {
    /// The value of `owner`'s property (or parameter) `property`.
    pub fn property(owner: &str, property: &str) -> Self {
        Self::Property { owner: owner.to_owned(), property: property.to_owned(), base: type_name(property) }
    }

    /// What the items of an array at this position are called.
    pub fn items(&self) -> Self {
        self.map_base(singular)
    }

    /// What the values of a map at this position are called.
    pub fn values(&self) -> Self {
        self.map_base(|base| format!("{base}Value"))
    }

    fn map_base(&self, f: impl Fn(&str) -> String) -> Self {
        match self {
            Self::Exact(name) => Self::Exact(f(name)),
            Self::Property { owner, property, base } => {
                Self::Property { owner: owner.clone(), property: property.clone(), base: f(base) }
            }
        }
    }

    /// The owner's family ([`stem`]), for a property.
    pub fn family(&self) -> Option<String> {
        match self {
            Self::Exact(_) => None,
            Self::Property { owner, .. } => Some(stem(owner)),
        }
    }

    /// The names to try, best first. `family` is the family the schema is named after when it
    /// occurs under several owners (the most common one); otherwise the owner's own.
    pub fn candidates(&self, family: Option<&str>) -> Vec<String> {
        match self {
            Self::Exact(name) => vec![type_name(name)],
            Self::Property { owner, property, base } => {
                let family = family.map_or_else(|| stem(owner), str::to_owned);
                let qualified =
                    if base.starts_with(&family) { type_name(base) } else { type_name(&format!("{family}{base}")) };
                let words = property.to_snake_case().split('_').filter(|w| !w.is_empty()).count();
                if words >= 2 { vec![type_name(base), qualified] } else { vec![qualified] }
            }
        }
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
    /// A namespace in which `names` are already taken.
    pub fn reserving(names: &[&str]) -> Self {
        let mut claims = Self::default();
        for name in names {
            claims.claim(name);
        }
        claims
    }

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

    /// Claims a Rust name, or the first of `name2`, `name3`, ... that is still free.
    pub fn claim_name(&mut self, name: &RustName) -> RustName {
        RustName::word(self.claim(name.as_str()))
    }

    /// Whether `name` is already claimed.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains_key(name)
    }
}

/// `name` with `n` appended (`self_` -> `self2`).
fn numbered(name: &str, n: usize) -> String {
    let base = name.strip_suffix('_').filter(|b| NOT_RAW.contains(b)).unwrap_or(name);
    format!("{base}{n}")
}

/// The identifier of a type, variant or constant name made here (never a keyword: those
/// are [`RustName`]s).
pub(crate) fn ident(name: &str) -> syn::Ident {
    syn::Ident::new(name, proc_macro2::Span::call_site())
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
            ("type", "type"),
            ("ref", "ref"),
            ("gen", "gen"),
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
            assert_eq!(field_name(raw).as_str(), want, "field_name({raw:?})");
        }
    }

    #[test]
    fn methods_and_modules() {
        assert_eq!(method_name("list_project_api_keys").as_str(), "list_project_api_keys");
        assert_eq!(method_name("listProjects").as_str(), "list_projects");
        assert_eq!(method_name("delete").to_string(), "delete");
        assert_eq!(method_name("type").to_string(), "r#type", "written raw");
        assert_eq!(method_name("type").as_str(), "type");
        assert_eq!(
            method_name_from_path("GET", "/admin/projects/{project_id}").as_str(),
            "get_admin_projects_by_project_id"
        );
        assert_eq!(method_name_from_path("post", "/").as_str(), "post");
        assert_eq!(version_module("2026-04"), "v2026_04");
        assert_eq!(version_module("2025-10"), "v2025_10");
        assert_eq!(const_name(&method_name("create_api_key")), "CREATE_API_KEY");
        assert_eq!(const_name(&method_name("0bget_thing")), "_0BGET_THING");
        assert_eq!(const_name(&method_name("type")), "TYPE");
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
    fn stems() {
        let table = [
            ("RoleBinding", "RoleBinding"),
            ("RoleBindingInput", "RoleBinding"),
            ("CreateRoleBindingRequest", "RoleBinding"),
            ("ListRoleBindings", "RoleBinding"),
            ("ListProjectApiKeys", "ProjectApiKey"),
            ("ApiKey", "ApiKey"),
            ("UpdateApiKeyRequest", "ApiKey"),
            ("InviteList", "Invite"),
            ("Organization", "Organization"),
            ("Status", "Status"),
            ("Request", "Request"),
            ("ListPolicies", "Policy"),
            ("Create", "Create"),
        ];
        for (owner, want) in table {
            assert_eq!(stem(owner), want, "stem({owner:?})");
        }
    }

    /// The naming rule for inline schemas, one row per case: where the schema sits, and the
    /// names tried in order.
    #[test]
    fn inline_type_names() {
        let property = |owner: &str, name: &str| Hint::property(owner, name);
        let table: [(Hint, Option<&str>, &[&str]); 12] = [
            // Two words or more: the property names the type alone.
            (property("RoleBinding", "principal_type"), None, &["PrincipalType", "RoleBindingPrincipalType"]),
            (
                property("CreateRoleBindingRequest", "principal_type"),
                None,
                &["PrincipalType", "RoleBindingPrincipalType"],
            ),
            (property("Organization", "payment_status"), None, &["PaymentStatus", "OrganizationPaymentStatus"]),
            // One word: prefixed with the owner's family, whichever owner it is.
            (property("RoleBinding", "role"), None, &["RoleBindingRole"]),
            (property("CreateRoleBindingRequest", "role"), None, &["RoleBindingRole"]),
            (property("ListRoleBindings", "role"), None, &["RoleBindingRole"]),
            (property("Organization", "plan"), None, &["OrganizationPlan"]),
            (property("Invite", "status"), None, &["InviteStatus"]),
            // Array items in the singular; a shared schema takes the chosen family.
            (property("CreateApiKeyRequest", "roles").items(), None, &["ApiKeyRole"]),
            (property("ServiceAccount", "roles").items(), Some("ApiKey"), &["ApiKeyRole"]),
            // Map values; exact names stay as they are.
            (property("Index", "tags").values(), None, &["IndexTagsValue"]),
            (Hint::Exact("CreateProjectRequest".into()).items(), None, &["CreateProjectRequestItem"]),
        ];
        for (hint, family, want) in table {
            assert_eq!(hint.candidates(family), want, "{hint:?} in family {family:?}");
        }
    }

    #[test]
    fn claims_number_later_clashes() {
        let mut claims = Claims::default();
        assert_eq!(claims.claim("ApiKey"), "ApiKey");
        assert_eq!(claims.claim("ApiKey"), "ApiKey2");
        assert_eq!(claims.claim("ApiKey2"), "ApiKey22");
        assert_eq!(claims.claim("ApiKey"), "ApiKey3");
        assert_eq!(claims.claim_name(&field_name("type")).to_string(), "r#type");
        assert_eq!(claims.claim_name(&field_name("type")).to_string(), "type2");
        assert_eq!(claims.claim("self_"), "self_");
        assert_eq!(claims.claim("self_"), "self2");
        assert!(claims.is_taken("ApiKey3"));
    }

    #[test]
    fn reserved_names_are_numbered_like_any_clash() {
        let mut types = Claims::reserving(PRELUDE);
        assert_eq!(types.claim(&type_name("String")), "String2");
        assert_eq!(types.claim(&type_name("option")), "Option2");
        assert_eq!(types.claim(&type_name("Client")), "Client");
        let mut methods = Claims::reserving(CLIENT_METHODS);
        assert_eq!(methods.claim_name(&method_name("builder")).as_str(), "builder2");
        let mut args = Claims::reserving(LOCALS);
        assert_eq!(args.claim_name(&field_name("params")).as_str(), "params2");
        assert_eq!(args.claim_name(&field_name("project_id")).as_str(), "project_id");
    }
}
