//! The one error type every generated method returns, and its parts. Nothing the server sent
//! is lost: API and decode errors keep the raw body.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// What a generated error body type tells about itself. Generated for each API's error
/// schema from the codegen settings; implemented here for `serde_json::Value`, used when an
/// API's error responses do not share one schema.
pub trait ErrorBody: DeserializeOwned + fmt::Debug + Send + Sync + 'static {
    /// The type of the machine-readable error code (an open enum, say).
    type Code: fmt::Display + fmt::Debug + ?Sized;

    /// The machine-readable error code, if the body has one.
    fn code(&self) -> Option<&Self::Code>;

    /// The human-readable message, if the body has one.
    fn message(&self) -> Option<&str>;

    /// The body decoded from the bytes of an error response; `None` when they do not fit.
    fn decode(raw: &[u8]) -> Option<Self> {
        serde_json::from_slice(raw).ok()
    }
}

/// An error body that is text: a JSON string, or the body as it came (`text/plain`).
impl ErrorBody for String {
    type Code = str;

    /// Text has no code.
    fn code(&self) -> Option<&str> {
        None
    }

    /// The text is the message.
    fn message(&self) -> Option<&str> {
        Some(self)
    }

    fn decode(raw: &[u8]) -> Option<Self> {
        serde_json::from_slice(raw).ok().or_else(|| String::from_utf8(raw.to_vec()).ok())
    }
}

impl ErrorBody for serde_json::Value {
    type Code = str;

    /// `error.code`, `code` or `error`, whichever is a string first.
    fn code(&self) -> Option<&str> {
        ["/error/code", "/code", "/error"].iter().find_map(|p| self.pointer(p)?.as_str())
    }

    /// `error.message`, `message` or `error_description`, whichever is a string first.
    fn message(&self) -> Option<&str> {
        ["/error/message", "/message", "/error_description"].iter().find_map(|p| self.pointer(p)?.as_str())
    }
}

/// Why a call failed. `E` is the API's error body type.
#[derive(Debug)]
pub enum Error<E = serde_json::Value> {
    /// The server answered with an error status.
    Api(Box<ApiError<E>>),
    /// The server answered with a success status, but the body does not match the spec.
    Decode(DecodeError),
    /// The request could not be sent or its answer could not be read.
    Transport(TransportError),
    /// The request or the whole call (with retries) took longer than allowed.
    Timeout(TimeoutError),
    /// No access token could be obtained.
    Auth(AuthError),
    /// The request was not sent because it breaks the spec's constraints.
    InvalidRequest(InvalidRequest),
}

impl<E: ErrorBody> Error<E> {
    /// The HTTP status of the answer, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            Self::Auth(e) => e.status,
            _ => None,
        }
    }

    /// The API error, if the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The error code from the error body (`NOT_FOUND`, ...).
    pub fn code(&self) -> Option<&E::Code> {
        self.api_error()?.body.as_ref()?.code()
    }

    /// The server's message from the error body.
    pub fn message(&self) -> Option<&str> {
        self.api_error()?.body.as_ref()?.message()
    }

    /// Whether the server answered `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.api_status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the server answered `429 Too Many Requests` (after the retries allowed).
    pub fn is_rate_limited(&self) -> bool {
        self.api_status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the server rejected the credentials (`401` or `403`).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.api_status(), Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN))
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    fn api_status(&self) -> Option<StatusCode> {
        self.api_error().map(|e| e.status)
    }
}

impl<E: ErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => e.fmt(f),
            Self::Decode(e) => e.fmt(f),
            Self::Transport(e) => e.fmt(f),
            Self::Timeout(e) => e.fmt(f),
            Self::Auth(e) => e.fmt(f),
            Self::InvalidRequest(e) => e.fmt(f),
        }
    }
}

impl<E: ErrorBody> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(&e.source),
            Self::Auth(e) => e.source.as_deref().map(|s| s as _),
            _ => None,
        }
    }
}

/// Failures before a response exists; they do not depend on the API's error type.
#[derive(Debug)]
pub(crate) enum CallError {
    Transport(TransportError),
    Timeout(TimeoutError),
    Auth(AuthError),
    InvalidRequest(InvalidRequest),
}

impl<E> From<CallError> for Error<E> {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Transport(e) => Self::Transport(e),
            CallError::Timeout(e) => Self::Timeout(e),
            CallError::Auth(e) => Self::Auth(e),
            CallError::InvalidRequest(e) => Self::InvalidRequest(e),
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(e: InvalidRequest) -> Self {
        Self::InvalidRequest(e)
    }
}

/// The server answered with an error status.
#[derive(Debug)]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The operationId of the call.
    pub operation: &'static str,
    /// The error body, decoded; `None` when it did not match the error schema.
    pub body: Option<E>,
    /// The body exactly as received.
    pub raw_body: Bytes,
    /// The response headers.
    pub headers: HeaderMap,
}

impl<E: ErrorBody> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.operation, self.status)?;
        let code = self.body.as_ref().and_then(|b| b.code());
        let message = self.body.as_ref().and_then(|b| b.message());
        if let Some(code) = code {
            write!(f, ": {code}")?;
        }
        match message {
            Some(message) => write!(f, ": {message}"),
            None if self.body.is_none() && !self.raw_body.is_empty() => {
                write!(f, ": {}", String::from_utf8_lossy(&self.raw_body[..self.raw_body.len().min(200)]))
            }
            None => Ok(()),
        }
    }
}

/// A success response whose body could not be decoded: it is not JSON at all, or it is JSON
/// that does not match the spec. The raw body is kept, but `Debug` shows only its length, as
/// it may hold secrets.
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The operationId of the call.
    pub operation: &'static str,
    /// Whether the body is not JSON, or JSON of the wrong shape.
    pub kind: DecodeErrorKind,
    /// Where in the body decoding failed (`data[3].name`); empty for the whole body.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The body exactly as received.
    pub raw_body: Bytes,
}

/// Why a success body could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is not valid JSON (an HTML error page from a proxy, a truncated body, ...).
    NotJson,
    /// The body is JSON, but not of the shape the spec describes; `path` says where.
    Mismatch,
    /// The status is a success the spec does not declare for the operation.
    UnexpectedStatus,
}

impl DecodeError {
    /// Whether the body is not valid JSON at all.
    pub fn is_not_json(&self) -> bool {
        self.kind == DecodeErrorKind::NotJson
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("operation", &self.operation)
            .field("kind", &self.kind)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("raw_body", &format_args!("[{} bytes]", self.raw_body.len()))
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (operation, status) = (self.operation, self.status);
        match self.kind {
            DecodeErrorKind::NotJson => {
                write!(f, "{operation}: the HTTP {status} response body is not valid JSON: {}", self.message)
            }
            DecodeErrorKind::UnexpectedStatus => write!(f, "{operation}: {}", self.message),
            DecodeErrorKind::Mismatch if self.path.is_empty() || self.path == "." => {
                write!(f, "{operation}: the HTTP {status} response does not match the spec: {}", self.message)
            }
            DecodeErrorKind::Mismatch => write!(
                f,
                "{operation}: the HTTP {status} response does not match the spec at `{}`: {}",
                self.path, self.message
            ),
        }
    }
}

/// The request could not be sent or the answer not read.
#[derive(Debug)]
pub struct TransportError {
    /// The operationId of the call.
    pub operation: &'static str,
    /// How many attempts were made.
    pub attempts: u32,
    /// The HTTP client's error.
    pub source: reqwest::Error,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: request failed after {} attempt(s): {}", self.operation, self.attempts, self.source)?;
        let mut source = std::error::Error::source(&self.source);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// The call took longer than allowed.
#[derive(Debug)]
pub struct TimeoutError {
    /// The operationId of the call.
    pub operation: &'static str,
    /// How many attempts were made.
    pub attempts: u32,
    /// How long the call ran.
    pub elapsed: Duration,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: timed out after {:.1?} and {} attempt(s)", self.operation, self.elapsed, self.attempts)
    }
}

/// No access token could be obtained from the OAuth endpoint.
#[derive(Debug)]
pub struct AuthError {
    /// The status the token endpoint answered with, if it answered.
    pub status: Option<StatusCode>,
    /// The OAuth error code (`access_denied`, ...).
    pub error: Option<String>,
    /// The OAuth error description.
    pub description: Option<String>,
    /// What went wrong, when the endpoint did not answer with an OAuth error.
    pub message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl AuthError {
    /// An error with only a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { status: None, error: None, description: None, message: message.into(), source: None }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not obtain an access token: {}", self.message)?;
        if let Some(error) = &self.error {
            write!(f, ": {error}")?;
        }
        if let Some(description) = &self.description {
            write!(f, ": {description}")?;
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as _)
    }
}

impl<E: ErrorBody> From<Error<E>> for AuthError {
    fn from(e: Error<E>) -> Self {
        match e {
            Error::Api(api) => Self {
                status: Some(api.status),
                error: api.body.as_ref().and_then(|b| b.code()).map(|c| c.to_string()),
                description: api.body.as_ref().and_then(|b| b.message()).map(str::to_owned),
                message: format!("the token endpoint answered HTTP {}", api.status),
                source: None,
            },
            Error::Auth(auth) => auth,
            other => Self {
                status: other.status(),
                error: None,
                description: None,
                message: other.to_string(),
                source: Some(Box::new(other)),
            },
        }
    }
}

/// A request that breaks the spec's constraints; it was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// The field or parameter (`name`, `roles[2]`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl InvalidRequest {
    /// An error for `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request, not sent: `{}` {}", self.field, self.message)
    }
}

impl std::error::Error for InvalidRequest {}

/// A client could not be configured.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub(crate) String);

/// A string that is not one of a closed enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a value of {type_name}")]
pub struct UnknownValue {
    /// The enum.
    pub type_name: &'static str,
    /// The value that did not match.
    pub value: String,
}

impl UnknownValue {
    /// The error for `value` of enum `type_name`.
    pub fn new(type_name: &'static str, value: &str) -> Self {
        Self { type_name, value: value.to_owned() }
    }
}
