//! Which string properties hold secrets when the settings say nothing: those whose name says
//! so. Secure by default: a spec generated with no settings at all still keeps its client
//! secrets and tokens out of `Debug`, `Display`, errors and traces.
//!
//! The rule reads the property name's last word, the head of an English compound, because
//! that is what the value is: `client_secret` and `access_token` are secrets, while
//! `secret_name` (a name) and `token_type` (a type) are not. A name is a secret when:
//! - its last word is `secret`, `secrets`, `token`, `password`, `passphrase`, `passwd`,
//!   `credential` or `credentials`;
//! - or its last two words are `private key`, `secret key`, `api key` or `access key`;
//! - except a page cursor: `token` after `pagination`, `page`, `next`, `continuation` or
//!   `cursor` (`paginationToken`, `next_token`) is where the next page starts, not a secret.
//!
//! Settings override the rule either way: `secrets` adds a property whose name does not say
//! it (`APIKeyWithSecret.value`), `not_secrets` keeps one that only sounds secret.

use crate::naming::snake_words;

/// Last words that make a property a secret.
const SECRET_WORDS: &[&str] =
    &["secret", "secrets", "token", "password", "passphrase", "passwd", "credential", "credentials"];

/// Last two words that make a property a secret.
const SECRET_PAIRS: &[(&str, &str)] = &[("private", "key"), ("secret", "key"), ("api", "key"), ("access", "key")];

/// Words that make a following `token` a page cursor.
const CURSOR_WORDS: &[&str] = &["pagination", "page", "next", "continuation", "cursor"];

/// Whether a property of this name holds a secret, by the rule above.
pub fn name_says_secret(property: &str) -> bool {
    let snake = snake_words(property);
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let Some((&last, rest)) = words.split_last() else { return false };
    let before = rest.last().copied();
    if last == "token" && before.is_some_and(|w| CURSOR_WORDS.contains(&w)) {
        return false;
    }
    SECRET_WORDS.contains(&last) || before.is_some_and(|b| SECRET_PAIRS.contains(&(b, last)))
}

#[cfg(test)]
mod tests {
    use super::name_says_secret;

    #[test]
    fn names_that_say_secret() {
        let table = [
            ("client_secret", true),
            ("secret", true),
            ("access_token", true),
            ("refreshToken", true),
            ("id_token", true),
            ("token", true),
            ("password", true),
            ("db-password", true),
            ("passphrase", true),
            ("private_key", true),
            ("privateKey", true),
            ("api_key", true),
            ("secret_key", true),
            ("aws_access_key", true),
            ("credential", true),
            ("credentials", true),
            ("service_account_credentials", true),
            // The head word is something else: a name, a type, an id, a count.
            ("secret_name", false),
            ("token_type", false),
            ("credential_id", false),
            ("api_key_id", false),
            ("key", false),
            ("value", false),
            ("tokens", false),
            ("max_tokens", false),
            ("tokenizer", false),
            ("client_id", false),
            // Page cursors.
            ("paginationToken", false),
            ("next_token", false),
            ("page_token", false),
            ("continuationToken", false),
            ("", false),
        ];
        for (name, secret) in table {
            assert_eq!(name_says_secret(name), secret, "name_says_secret({name:?})");
        }
    }
}
