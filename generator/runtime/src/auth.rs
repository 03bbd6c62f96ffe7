//! Access tokens: a fixed bearer token, or service-account credentials exchanged for tokens
//! that are cached, refreshed before they expire, and fetched once for all concurrent calls.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use tokio::sync::Mutex;

use super::error::AuthError;
use super::secret::SecretString;

/// A boxed future, as token endpoints return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Service-account credentials.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: SecretString,
}

/// An access token and how long it lives.
#[derive(Debug)]
pub struct AccessToken {
    token: SecretString,
    lifetime: Duration,
}

impl AccessToken {
    /// A token valid for `expires_in` seconds (negative counts as zero).
    pub fn new(token: SecretString, expires_in: i64) -> Self {
        Self { token, lifetime: Duration::from_secs(expires_in.max(0).unsigned_abs()) }
    }
}

/// A token endpoint, bound by the builder to the transport that reaches it: it exchanges
/// credentials for a token. The cache needs no more of HTTP than this.
pub(crate) type Fetch = Box<dyn Fn(Credentials) -> BoxFuture<'static, Result<AccessToken, AuthError>> + Send + Sync>;

/// How requests are authorized: a bearer token (given, or a service account's) and an API
/// key, each optional; an operation that asks for one kind gets only that one. Header values
/// are built once per token, marked sensitive so that they never show in debug output.
#[derive(Debug)]
pub(crate) struct Auth {
    pub(crate) bearer: Bearer,
    /// An API key where the spec puts it.
    pub(crate) api_key: Option<ApiKey>,
}

/// An API key, ready for where it goes: a header's value is built once (and marked
/// sensitive); a query parameter or a cookie joins each request's own.
#[derive(Debug)]
pub(crate) enum ApiKey {
    Header(reqwest::header::HeaderName, HeaderValue),
    Query(&'static str, SecretString),
    Cookie(&'static str, SecretString),
}

/// Where the bearer token comes from.
#[derive(Debug)]
pub(crate) enum Bearer {
    None,
    Token(HeaderValue),
    ServiceAccount(TokenCache),
}

impl Auth {
    /// No credentials.
    pub(crate) const NONE: Self = Self { bearer: Bearer::None, api_key: None };
}

/// The `Authorization: Bearer` value for `token`, or `None` if the token cannot be a header.
pub(crate) fn bearer_header(token: &SecretString) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// A cached token's header with the time to replace it and a number that tells tokens apart.
struct Cached {
    header: HeaderValue,
    refresh_at: Instant,
    generation: u64,
}

/// The token of one set of credentials. The lock is held while a token is fetched, so
/// concurrent calls wait for that one fetch instead of starting their own.
pub(crate) struct TokenCache {
    credentials: Credentials,
    fetch: Fetch,
    /// Where tokens come from, for debug output.
    endpoint: String,
    state: Mutex<(Option<Cached>, u64)>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("client_id", &self.credentials.client_id)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(credentials: Credentials, fetch: Fetch, endpoint: String) -> Self {
        Self { credentials, fetch, endpoint, state: Mutex::new((None, 0)) }
    }

    /// The header of a valid token and its generation, fetching a new token if there is none
    /// or it is due.
    pub(crate) async fn token(&self) -> Result<(HeaderValue, u64), AuthError> {
        let mut state = self.state.lock().await;
        if let Some(cached) = state.0.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok((cached.header.clone(), cached.generation));
        }
        let fetched_at = Instant::now();
        let fresh = (self.fetch)(self.credentials.clone()).await?;
        state.1 += 1;
        let refresh_at = fetched_at + fresh.lifetime.saturating_sub(refresh_margin(fresh.lifetime));
        tracing::debug!(lifetime_s = fresh.lifetime.as_secs(), "obtained an access token");
        let header = bearer_header(&fresh.token)
            .ok_or_else(|| AuthError::new("the token endpoint issued a token that cannot be sent in a header"))?;
        let cached = Cached { header, refresh_at, generation: state.1 };
        let result = (cached.header.clone(), cached.generation);
        state.0 = Some(cached);
        Ok(result)
    }

    /// Drops the token of `generation` (the server rejected it), unless it was replaced.
    pub(crate) async fn invalidate(&self, generation: u64) {
        let mut state = self.state.lock().await;
        if state.0.as_ref().is_some_and(|c| c.generation == generation) {
            state.0 = None;
        }
    }
}

/// How long before expiry a token is replaced: a tenth of its life, at most a minute, so a
/// 30-minute token is renewed a minute early and a 10-second one a second early.
fn refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(Duration::from_secs(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_shrink_for_short_tokens() {
        assert_eq!(refresh_margin(Duration::from_secs(1800)), Duration::from_secs(60));
        assert_eq!(refresh_margin(Duration::from_secs(10)), Duration::from_secs(1));
        assert_eq!(refresh_margin(Duration::ZERO), Duration::ZERO);
    }
}
