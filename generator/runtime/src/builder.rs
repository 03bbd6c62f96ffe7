//! Configuring a client: credentials, base URLs, timeouts, retries, user agent, or an
//! existing `reqwest::Client`, in code or from the environment.

use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::auth::{AccessToken, ApiKey, Auth, Bearer, BoxFuture, Credentials, Fetch, TokenCache, bearer_header};
use super::error::{AuthError, ConfigError};
use super::retry::RetryPolicy;
use super::secret::SecretString;
use super::transport::Transport;
use super::{ApiClient, ApiKeyIn};

/// Exchanges credentials for a token through a generated client of the API that issues them.
pub type TokenFetcher = fn(Transport, Credentials) -> BoxFuture<'static, Result<AccessToken, AuthError>>;

/// The environment variables [`ClientBuilder::from_env`] reads, named for each generated
/// client (`ACME_ACCESS_TOKEN`, `ACME_API_KEY`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvVars {
    /// An access token.
    pub access_token: &'static str,
    /// An API key, for APIs authorized by a key.
    pub api_key: &'static str,
    /// A service account's client id.
    pub client_id: &'static str,
    /// A service account's client secret.
    pub client_secret: &'static str,
    /// The API's base URL.
    pub base_url: &'static str,
    /// The base URL of the API that issues tokens.
    pub oauth_url: &'static str,
}

/// The request timeout unless configured: the longest one attempt may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The connect timeout unless configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the bearer token will come from.
#[derive(Debug, Clone)]
enum AuthConfig {
    None,
    Token(SecretString),
    Credentials(Credentials),
}

/// Configures a client of type `C` (a version's `Client`). Start from `Client::builder()`.
#[derive(Debug)]
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    oauth_url: Option<String>,
    auth: AuthConfig,
    api_key: Option<SecretString>,
    token_endpoint: Option<(TokenFetcher, Option<&'static str>)>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    http: Http,
    client: PhantomData<fn() -> C>,
}

/// Where a client's HTTP clients come from.
enum Http {
    /// Made here: this crate's TLS and the builder's connect timeout.
    Default,
    /// Given, and used as it is, for redirects too.
    Given(reqwest::Client),
    /// Made from the settings the user gives.
    From(Box<dyn Fn() -> reqwest::ClientBuilder + Send + Sync>),
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Default => "Default",
            Self::Given(_) => "Given",
            Self::From(_) => "From",
        })
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder with the defaults: the spec's server, no credentials, a 30-second request
    /// timeout, a 10-second connect timeout and [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self {
            base_url: None,
            oauth_url: None,
            auth: AuthConfig::None,
            api_key: None,
            token_endpoint: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: String::new(),
            http: Http::Default,
            client: PhantomData,
        }
    }

    /// Where service-account credentials are exchanged for tokens: `fetch` calls the OAuth
    /// API, by default at `default_url`. Set by each version's `Client::builder()`.
    pub fn token_endpoint(mut self, fetch: TokenFetcher, default_url: Option<&'static str>) -> Self {
        self.token_endpoint = Some((fetch, default_url));
        self
    }

    /// Authorizes requests with this access token (in place of service-account credentials).
    pub fn access_token(mut self, token: impl Into<SecretString>) -> Self {
        self.auth = AuthConfig::Token(token.into());
        self
    }

    /// Authorizes requests with an API key, in the header the spec names (`Api-Key`): for
    /// the APIs that take one (the data plane, inference, assistants), not the Admin API. A
    /// client may have both a key and a token (or credentials): an API that takes both kinds
    /// gets, per operation, the one its `security` asks for.
    pub fn api_key(mut self, key: impl Into<SecretString>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Authorizes requests with tokens obtained for this service account, cached and
    /// refreshed before they expire.
    pub fn credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<SecretString>) -> Self {
        self.auth =
            AuthConfig::Credentials(Credentials { client_id: client_id.into(), client_secret: client_secret.into() });
        self
    }

    /// The API's base URL (default: the spec's first server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The base URL of the API that issues tokens for service-account credentials (default:
    /// its spec's first server).
    pub fn oauth_url(mut self, url: impl Into<String>) -> Self {
        self.oauth_url = Some(url.into());
        self
    }

    /// The longest one attempt may take, `None` for no limit (default: 30 s).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default: 10 s). Ignored with [`Self::http_client`],
    /// whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed requests are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (default: the generated crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends requests through this client, sharing its connection pool and settings. Start
    /// from [`crate::http_client_builder`] to keep this crate's TLS (rustls with *ring*). Its
    /// redirect policy applies to every operation: an operation whose answer is a redirect
    /// gets it only when the client does not follow it (`reqwest::redirect::Policy::none()`);
    /// [`Self::http_client_from`] has no such limit.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Http::Given(client);
        self
    }

    /// Makes the HTTP clients from the settings `make` returns (default headers, proxies,
    /// timeouts): one that follows redirects and, for an API where an operation's answer is a
    /// redirect, one that does not. Start from [`crate::http_client_builder`] to keep this
    /// crate's TLS; the builder's connect timeout is not added.
    pub fn http_client_from(mut self, make: impl Fn() -> reqwest::ClientBuilder + Send + Sync + 'static) -> Self {
        self.http = Http::From(Box::new(make));
        self
    }

    /// Reads credentials and URLs from the environment variables the client names
    /// ([`ApiClient::ENV`]; with the prefix `ACME`: `ACME_ACCESS_TOKEN`, or `ACME_CLIENT_ID`
    /// and `ACME_CLIENT_SECRET`, and `ACME_API_KEY`; and `ACME_BASE_URL` and `ACME_OAUTH_URL`
    /// when set). An access token wins over credentials; an API key is kept beside either,
    /// for the operations that ask for one.
    pub fn from_env(self) -> Result<Self, ConfigError>
    where
        C: ApiClient,
    {
        self.from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Self::from_env`], reading each variable through `lookup`.
    pub fn from_lookup(mut self, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError>
    where
        C: ApiClient,
    {
        let EnvVars { access_token, api_key, client_id, client_secret, base_url, oauth_url } = C::ENV;
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        if let Some(url) = var(base_url) {
            self.base_url = Some(url);
        }
        if let Some(url) = var(oauth_url) {
            self.oauth_url = Some(url);
        }
        let key = var(api_key);
        self.auth = match (var(access_token), var(client_id), var(client_secret)) {
            (Some(token), _, _) => AuthConfig::Token(token.into()),
            (None, None, None) if key.is_some() || !C::NEEDS_CREDENTIALS => AuthConfig::None,
            (None, Some(id), Some(secret)) => {
                AuthConfig::Credentials(Credentials { client_id: id, client_secret: secret.into() })
            }
            (None, Some(_), None) => {
                return Err(ConfigError(format!(
                    "{client_id} is set but {client_secret} is not; set both, or {access_token}"
                )));
            }
            (None, None, Some(_)) => {
                return Err(ConfigError(format!(
                    "{client_secret} is set but {client_id} is not; set both, or {access_token}"
                )));
            }
            (None, None, None) => {
                return Err(ConfigError(format!(
                    "no credentials: set {access_token}, or {client_id} and {client_secret} (or {api_key} for APIs that take a key)"
                )));
            }
        };
        if let Some(key) = key {
            self.api_key = Some(key.into());
        }
        Ok(self)
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, ConfigError>
    where
        C: ApiClient,
    {
        let base_url = self
            .base_url
            .clone()
            .or(C::DEFAULT_BASE_URL.map(str::to_owned))
            .ok_or_else(|| ConfigError("no base URL: the spec names no server, so call `base_url`".to_owned()))?;
        check_url("base URL", &base_url)?;
        let connect_timeout = self.connect_timeout;
        let http = match &self.http {
            Http::Given(http) => (http.clone(), http.clone()),
            Http::Default => clients::<C>(&|| super::tls::http_client_builder().connect_timeout(connect_timeout))?,
            Http::From(make) => clients::<C>(make)?,
        };
        let user_agent = if self.user_agent.is_empty() { C::USER_AGENT } else { &self.user_agent };
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| ConfigError(format!("the user agent `{user_agent}` is not a valid header value")))?;
        let api_key = match self.api_key {
            None => None,
            Some(key) => Some(api_key(
                C::API_KEY.ok_or_else(|| {
                    ConfigError("this API takes no API key; use an access token or credentials".to_owned())
                })?,
                key,
            )?),
        };
        let bearer = match self.auth {
            AuthConfig::None => Bearer::None,
            AuthConfig::Token(token) => Bearer::Token(bearer_header(&token).ok_or_else(|| {
                ConfigError("the access token has characters that cannot be sent in a header".to_owned())
            })?),
            AuthConfig::Credentials(credentials) => {
                let (fetch, default_url) = self.token_endpoint.ok_or_else(|| {
                    ConfigError(
                        "this client has no OAuth token endpoint; use an access token instead of credentials"
                            .to_owned(),
                    )
                })?;
                let oauth_url = self
                    .oauth_url
                    .or(default_url.map(str::to_owned))
                    .ok_or_else(|| ConfigError("no OAuth URL: call `oauth_url`".to_owned()))?;
                check_url("OAuth URL", &oauth_url)?;
                let oauth = Transport::new(
                    http.clone(),
                    &oauth_url,
                    Auth::NONE,
                    self.retry.clone(),
                    self.timeout,
                    user_agent.clone(),
                );
                let fetch: Fetch = Box::new(move |credentials| fetch(oauth.clone(), credentials));
                Bearer::ServiceAccount(TokenCache::new(credentials, fetch, oauth_url))
            }
        };
        let auth = Auth { bearer, api_key };
        Ok(C::from_transport(Transport::new(http, &base_url, auth, self.retry, self.timeout, user_agent)))
    }
}

/// The HTTP clients of `make`'s settings: one that follows redirects, and for an API where
/// an operation's answer is a redirect one that does not (else the same client twice).
fn clients<C: ApiClient>(
    make: &dyn Fn() -> reqwest::ClientBuilder,
) -> Result<(reqwest::Client, reqwest::Client), ConfigError> {
    let build = |redirects| {
        make().redirect(redirects).build().map_err(|e| ConfigError(format!("cannot create the HTTP client: {e}")))
    };
    let following = build(reqwest::redirect::Policy::default())?;
    let direct = if C::KEEPS_REDIRECTS { build(reqwest::redirect::Policy::none())? } else { following.clone() };
    Ok((following, direct))
}

fn check_url(what: &str, url: &str) -> Result<(), ConfigError> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(()),
        Ok(_) => Err(ConfigError(format!("the {what} `{url}` must start with http:// or https://"))),
        Err(e) => Err(ConfigError(format!("the {what} `{url}` is not a URL: {e}"))),
    }
}

/// The API `key`, ready for where the spec puts it: a header's value (refused when it cannot
/// be one), or a query parameter's or a cookie's (refused with what a cookie cannot hold).
fn api_key(place: ApiKeyIn, key: SecretString) -> Result<ApiKey, ConfigError> {
    match place {
        ApiKeyIn::Header(name) => {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError(format!("`{name}` is not a header name")))?;
            let mut value = HeaderValue::from_str(key.expose_secret())
                .map_err(|_| ConfigError("the API key has characters that cannot be sent in a header".to_owned()))?;
            value.set_sensitive(true);
            Ok(ApiKey::Header(name, value))
        }
        ApiKeyIn::Query(name) => Ok(ApiKey::Query(name, key)),
        ApiKeyIn::Cookie(name) => {
            let text = key.expose_secret();
            if text.contains([';', ',', '"', ' ']) || text.chars().any(char::is_control) {
                return Err(ConfigError("the API key has characters that cannot be sent in a cookie".to_owned()));
            }
            Ok(ApiKey::Cookie(name, key))
        }
    }
}
