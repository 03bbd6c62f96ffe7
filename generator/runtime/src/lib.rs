//! The runtime of the clients that this repository's generator writes from OpenAPI
//! descriptions: HTTP, authorization, retries, timeouts, tracing, validation and the error
//! type, plus typed mocks (feature `mock`) and the command-line driver (feature `cli`).
//! Generated code only describes requests and states its API's facts; everything that does
//! something is here, written once and compiled once for every generated client.
//!
//! A generated crate re-exports it as `runtime`.

mod auth;
mod builder;
#[cfg(feature = "cli")]
pub mod cli;
#[doc(hidden)]
pub mod contract;
#[doc(hidden)]
pub mod de;
mod error;
mod events;
mod json_path;
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
mod paginate;
mod request;
mod retry;
mod secret;
#[doc(hidden)]
pub mod ser;
mod tls;
mod transport;
pub mod validate;

pub use auth::{AccessToken, BoxFuture, Credentials};
pub use builder::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, EnvVars, TokenFetcher};
pub use bytes::Bytes;
pub use error::{
    ApiError, AuthError, ConfigError, DecodeError, DecodeErrorKind, Error, ErrorBody, InvalidRequest, TimeoutError,
    TransportError, UnknownValue,
};
pub use events::{Event, EventStream, MAX_EVENT_BYTES};
pub use futures_core::Stream;
pub use multipart::{FilePart, MultipartBody, Part, value_parts};
pub use paginate::paginate;
pub use request::{AsJson, AuthScheme, Method, Operation, ParamValue, PathStyle, QueryStyle, Request};
pub use retry::RetryPolicy;
pub use secrecy::{self, ExposeSecret};
pub use secret::SecretString;
pub use tls::http_client_builder;
pub use transport::{Response, Transport};
pub use validate::Validate;

/// Where an API key goes: the header, query parameter or cookie of the spec's `apiKey`
/// scheme, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyIn {
    /// A request header (`X-Api-Key: <key>`).
    Header(&'static str),
    /// A query parameter (`?key=<key>`).
    Query(&'static str),
    /// A cookie (`Cookie: session=<key>`).
    Cookie(&'static str),
}

/// What every generated client is: a set of methods over a [`Transport`].
pub trait ApiClient: Sized {
    /// The API version the client speaks.
    const API_VERSION: &'static str;
    /// The spec's server.
    const DEFAULT_BASE_URL: Option<&'static str>;
    /// Where the spec's API key goes (the `Api-Key` header, the `key` query parameter), for
    /// APIs authorized by a key rather than a bearer token.
    const API_KEY: Option<ApiKeyIn> = None;
    /// The environment variables [`ClientBuilder::from_env`] reads for this client.
    const ENV: EnvVars;
    /// The `User-Agent` header unless configured: the generated crate's name and version.
    const USER_AGENT: &'static str;
    /// Whether some operation requires credentials (its `security`, or the document's): an
    /// API that requires none (a public one) is configured from an environment without them.
    const NEEDS_CREDENTIALS: bool = true;
    /// Whether an operation's answer is a redirect ([`Request::keep_redirects`]): the builder
    /// then also makes an HTTP client that does not follow redirects.
    const KEEPS_REDIRECTS: bool = false;

    /// A client sending its requests through `transport`.
    fn from_transport(transport: Transport) -> Self;

    /// The transport the client sends through.
    fn transport(&self) -> &Transport;
}

/// Parses a value the token request needs (a grant type or audience) into the generated enum
/// of the version at hand.
pub fn parse_known<T>(value: &str) -> Result<T, AuthError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e: T::Err| AuthError::new(format!("the token request cannot carry `{value}`: {e}")))
}
