//! Sending requests: authorization, retries, timeouts, tracing and decoding, shared by every
//! operation of every API version. The core (`execute`) is not generic, so it is compiled
//! once; only the small decoding step is generic over the response type.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use tracing::field::Empty;

use super::auth::{ApiKey, Auth, Bearer};
use super::error::{
    ApiError, CallError, DecodeError, DecodeErrorKind, Error, ErrorBody, InvalidRequest, TimeoutError, TransportError,
};
use super::events::EventStream;
use super::multipart;
use super::request::{AuthScheme, Body, Request};
use super::retry::{RetryPolicy, retry_after, retryable_status};

/// The connection to one API server: an HTTP client, a base URL, authorization and the
/// retry and timeout policy. Cheap to clone; clones share the connection pool and the token
/// cache.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The client for requests that keep redirects ([`Request::keep_redirects`]): `http`
    /// without following redirects, or `http` itself when the user gave it.
    direct: reqwest::Client,
    base_url: String,
    auth: Auth,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    user_agent: HeaderValue,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let auth = match (&self.inner.auth.bearer, self.inner.auth.api_key.is_some()) {
            (Bearer::None, false) => "none",
            (Bearer::None, true) => "API key",
            (Bearer::Token(_), false) => "bearer token",
            (Bearer::Token(_), true) => "bearer token and API key",
            (Bearer::ServiceAccount(_), false) => "service account",
            (Bearer::ServiceAccount(_), true) => "service account and API key",
        };
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url)
            .field("auth", &auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

/// The headers that authorize one request: the bearer token's and the API key's, each if sent.
type Authorization = [Option<(HeaderName, HeaderValue)>; 2];

/// The span of one call: its operation, method and path template, then its status, attempts
/// and elapsed time; or the problem that keeps the request from being sent.
fn call_span(request: &Request) -> Result<tracing::Span, CallError> {
    if let Some(problem) = request.invalid.clone() {
        return Err(CallError::InvalidRequest(problem));
    }
    let operation = request.operation;
    Ok(tracing::info_span!(
        "api_request",
        operation = operation.id,
        method = operation.method.as_str(),
        path = operation.path,
        status = Empty,
        attempts = Empty,
        elapsed_ms = Empty,
    ))
}

/// What an events call got: a success whose body is read as it comes, or another answer.
pub(crate) enum Streaming {
    Events {
        response: reqwest::Response,
        operation: &'static str,
        attempts: u32,
        idle: Option<Duration>,
        sensitive: bool,
    },
    Answer(Response),
}

/// A success response as received: status, headers and the whole body. Generated methods
/// use it when the status or a header matters; [`Transport::send_json`] covers the rest.
#[derive(Debug)]
pub struct Response {
    operation: &'static str,
    /// The success body holds secrets: decode messages must not quote its values.
    sensitive: bool,
    /// A redirect (3XX) is an answer of the operation, not an error.
    keep_redirects: bool,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Transport {
    pub(crate) fn new(
        (http, direct): (reqwest::Client, reqwest::Client),
        base_url: &str,
        auth: Auth,
        retry: RetryPolicy,
        timeout: Option<Duration>,
        user_agent: HeaderValue,
    ) -> Self {
        let base_url = base_url.trim_end_matches('/').to_owned();
        Self { inner: Arc::new(Inner { http, direct, base_url, auth, retry, timeout, user_agent }) }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` and decodes a success response's JSON body as `T`.
    pub async fn send_json<T: DeserializeOwned, E: ErrorBody>(&self, request: Request) -> Result<T, Error<E>> {
        self.execute(request).await?.json()
    }

    /// Sends `request` and returns the success response as received; an error status is an
    /// API error.
    pub async fn send_raw<E: ErrorBody>(&self, request: Request) -> Result<Response, Error<E>> {
        let response = self.execute(request).await?;
        if response.is_outcome() { Ok(response) } else { Err(response.api_error()) }
    }

    /// Sends `request` for server-sent events and returns, once the answer's headers are in,
    /// the stream of its events decoded as `T`. An error status is an API error, as for the
    /// other methods; the call is retried until an answer comes, never after.
    pub async fn send_events<T: DeserializeOwned + Send + 'static, E: ErrorBody>(
        &self,
        request: Request,
    ) -> Result<EventStream<T, E>, Error<E>> {
        match self.execute_streaming(request).await? {
            Streaming::Events { response, operation, attempts, idle, sensitive } => {
                Ok(EventStream::new(response, operation, attempts, idle, sensitive))
            }
            Streaming::Answer(response) => Err(response.api_error()),
        }
    }

    /// Sends `request` and returns a success response's body as text.
    pub async fn send_text<E: ErrorBody>(&self, request: Request) -> Result<String, Error<E>> {
        self.execute(request).await?.text()
    }

    /// Sends `request` and returns a success response's body as it came.
    pub async fn send_bytes<E: ErrorBody>(&self, request: Request) -> Result<Bytes, Error<E>> {
        self.execute(request).await?.bytes()
    }

    /// Sends `request` and expects a success response whose body, if any, is ignored.
    pub async fn send_empty<E: ErrorBody>(&self, request: Request) -> Result<(), Error<E>> {
        self.send_raw(request).await.map(drop)
    }

    /// Sends `request`, retrying as the policy allows; any HTTP answer is `Ok`, with its
    /// whole body.
    pub(crate) async fn execute(&self, request: Request) -> Result<Response, CallError> {
        let span = call_span(&request)?;
        let sensitive = request.sensitive;
        let keep_redirects = request.keep_redirects;
        let operation = request.operation.id;
        let started = Instant::now();
        let (mut response, attempts) = self.attempts(request, false, &span, started).instrument(span.clone()).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(|source| {
            if source.is_timeout() {
                CallError::Timeout(TimeoutError { operation, attempts, elapsed: started.elapsed() })
            } else {
                self.transport_error(operation, attempts, source)
            }
        })?;
        Ok(Response { operation, sensitive, keep_redirects, status, headers, body })
    }

    /// Sends `request` for a stream of server-sent events: retried as any request until an
    /// answer's headers are in, never after. A success answer is returned with its body
    /// unread, to be read as it comes; another is read whole, as an error.
    pub(crate) async fn execute_streaming(&self, request: Request) -> Result<Streaming, CallError> {
        let span = call_span(&request)?;
        let sensitive = request.sensitive;
        let keep_redirects = request.keep_redirects;
        let operation = request.operation.id;
        let idle = self.inner.timeout;
        let (mut response, attempts) =
            self.attempts(request, true, &span, Instant::now()).instrument(span.clone()).await?;
        let status = response.status();
        if status.is_success() {
            return Ok(Streaming::Events { response, operation, attempts, idle, sensitive });
        }
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(|source| self.transport_error(operation, attempts, source))?;
        Ok(Streaming::Answer(Response { operation, sensitive, keep_redirects, status, headers, body }))
    }

    /// The attempts of one call, until an HTTP answer that is not retried; its body unread.
    /// With `streaming`, the attempt timeout bounds the wait for the answer's headers only.
    /// They run inside the call's `span`, which gets their outcome; nothing is measured for a
    /// span no subscriber wants.
    async fn attempts(
        &self,
        mut request: Request,
        streaming: bool,
        span: &tracing::Span,
        started: Instant,
    ) -> Result<(reqwest::Response, u32), CallError> {
        let inner = &*self.inner;
        let operation = request.operation;
        let deadline = inner.retry.total_deadline.map(|d| started + d);
        // An API key in the query or a cookie goes with the request's own, once.
        if matches!(request.scheme, AuthScheme::Any | AuthScheme::ApiKey) {
            match &inner.auth.api_key {
                Some(ApiKey::Query(name, key)) => request.query.push(((*name).into(), key.expose_secret().to_owned())),
                Some(ApiKey::Cookie(name, key)) => request.cookies.push(format!("{name}={}", key.expose_secret())),
                _ => {}
            }
        }
        let url = self.url(&request);
        let idempotent = operation.method.is_idempotent();
        // A streamed body is gone after the first attempt: such a request is never resent.
        let replayable = request.replayable();
        let mut attempts = 0u32;
        let mut retries = 0u32;
        let mut token_refreshed = false;
        let finish = |attempts: u32, status: Option<StatusCode>| {
            if span.is_disabled() {
                return;
            }
            span.record("attempts", attempts);
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            if let Some(status) = status {
                span.record("status", status.as_u16());
            }
        };
        let timeout_error = |attempts: u32| {
            CallError::Timeout(TimeoutError { operation: operation.id, attempts, elapsed: started.elapsed() })
        };

        loop {
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if remaining == Some(Duration::ZERO) {
                finish(attempts, None);
                return Err(timeout_error(attempts));
            }
            attempts += 1;
            let (authorization, generation) = self.authorization(request.scheme).await?;
            let timeout = match (inner.timeout, remaining) {
                (Some(t), Some(r)) => Some(t.min(r)),
                (t, r) => t.or(r),
            };
            let builder = self.build(&mut request, &url, authorization, if streaming { None } else { timeout })?;
            let sent = match (streaming, timeout) {
                (true, Some(timeout)) => match tokio::time::timeout(timeout, builder.send()).await {
                    Ok(sent) => sent,
                    Err(_) => {
                        finish(attempts, None);
                        return Err(timeout_error(attempts));
                    }
                },
                _ => builder.send().await,
            };
            let can_retry = |wait: Duration| {
                replayable
                    && retries + 1 < inner.retry.max_attempts
                    && deadline.is_none_or(|d| Instant::now() + wait < d)
            };
            match sent {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::UNAUTHORIZED && !token_refreshed && replayable {
                        if let (Bearer::ServiceAccount(cache), Some(generation)) = (&inner.auth.bearer, generation) {
                            tracing::debug!(attempt = attempts, "token rejected; fetching a new one and retrying once");
                            cache.invalidate(generation).await;
                            token_refreshed = true;
                            continue;
                        }
                    }
                    if retryable_status(status) && idempotent {
                        let wait = retry_after(response.headers(), SystemTime::now())
                            .unwrap_or_else(|| inner.retry.backoff(retries + 1));
                        if can_retry(wait) {
                            tracing::debug!(
                                attempt = attempts,
                                status = status.as_u16(),
                                wait_ms = wait.as_millis() as u64,
                                "retrying"
                            );
                            drop(response);
                            tokio::time::sleep(wait).await;
                            retries += 1;
                            continue;
                        }
                    }
                    finish(attempts, Some(status));
                    return Ok((response, attempts));
                }
                Err(source) => {
                    // A refused connection means nothing was sent, so even a POST may go again.
                    let retryable = source.is_connect() || idempotent;
                    let wait = inner.retry.backoff(retries + 1);
                    if retryable && can_retry(wait) {
                        tracing::debug!(attempt = attempts, error = %source, wait_ms = wait.as_millis() as u64, "retrying");
                        tokio::time::sleep(wait).await;
                        retries += 1;
                        continue;
                    }
                    finish(attempts, None);
                    return Err(if source.is_timeout() {
                        timeout_error(attempts)
                    } else {
                        self.transport_error(operation.id, attempts, source)
                    });
                }
            }
        }
    }

    /// The headers that authorize a request of `scheme` (`Authorization`, the API key's, or
    /// both for an operation that does not say), and the token generation when the token came
    /// from the cache. A token is fetched only for an operation that may send it. An API key
    /// whose header is `Authorization` (as some APIs take theirs) is all an operation that does
    /// not say gets: the header holds one credential.
    async fn authorization(&self, scheme: AuthScheme) -> Result<(Authorization, Option<u64>), CallError> {
        let auth = &self.inner.auth;
        let api_key = match &auth.api_key {
            Some(ApiKey::Header(name, value)) if matches!(scheme, AuthScheme::Any | AuthScheme::ApiKey) => {
                Some((name.clone(), value.clone()))
            }
            _ => None,
        };
        let key_authorizes = api_key.as_ref().is_some_and(|(name, _)| name == AUTHORIZATION);
        if matches!(scheme, AuthScheme::ApiKey | AuthScheme::None) || key_authorizes {
            return Ok(([None, api_key], None));
        }
        match &auth.bearer {
            Bearer::None => Ok(([None, api_key], None)),
            Bearer::Token(header) => Ok(([Some((AUTHORIZATION, header.clone())), api_key], None)),
            Bearer::ServiceAccount(cache) => {
                let (header, generation) = cache.token().await.map_err(CallError::Auth)?;
                Ok(([Some((AUTHORIZATION, header)), api_key], Some(generation)))
            }
        }
    }

    /// A transport error of `operation`; without the URL when the API key is in its query,
    /// so that the key never shows in an error message or a log.
    fn transport_error(&self, operation: &'static str, attempts: u32, source: reqwest::Error) -> CallError {
        let source = match self.inner.auth.api_key {
            Some(ApiKey::Query(..)) => source.without_url(),
            _ => source,
        };
        CallError::Transport(TransportError { operation, attempts, source })
    }

    fn url(&self, request: &Request) -> String {
        let base = &self.inner.base_url;
        let mut url = String::with_capacity(base.len() + request.path.len());
        url.push_str(base);
        url.push_str(&request.path);
        if !request.query.is_empty() {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (name, value) in &request.query {
                query.append_pair(name, value);
            }
            url.push('?');
            url.push_str(&query.finish());
        }
        url
    }

    /// The request of one attempt: a streamed body goes with the first.
    fn build(
        &self,
        request: &mut Request,
        url: &str,
        authorization: Authorization,
        timeout: Option<Duration>,
    ) -> Result<reqwest::RequestBuilder, CallError> {
        let inner = &*self.inner;
        let accept = HeaderValue::from_static(request.accept.unwrap_or("application/json"));
        let http = if request.keep_redirects { &inner.direct } else { &inner.http };
        let mut builder = http
            .request(request.operation.method.to_http(), url)
            .header(USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, accept);
        for (name, value) in &request.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if !request.cookies.is_empty() {
            // Cookies often carry credentials (an API key among them): never in debug output.
            if let Ok(mut cookies) = HeaderValue::from_str(&request.cookies.join("; ")) {
                cookies.set_sensitive(true);
                builder = builder.header(COOKIE, cookies);
            }
        }
        for (name, value) in authorization.into_iter().flatten() {
            builder = builder.header(name, value);
        }
        let ndjson = HeaderValue::from_static("application/x-ndjson");
        builder = match &mut request.body {
            Some(Body::Json(bytes)) => {
                let media_type = request.content_type.unwrap_or("application/json");
                let media_type =
                    HeaderValue::from_str(media_type).unwrap_or(HeaderValue::from_static("application/json"));
                builder.header(CONTENT_TYPE, media_type).body(bytes.clone())
            }
            Some(Body::Form(text)) => builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"))
                .body(text.clone()),
            Some(Body::NdJson(bytes)) => builder.header(CONTENT_TYPE, ndjson).body(bytes.clone()),
            Some(Body::Raw(bytes, media_type)) => match HeaderValue::from_str(media_type) {
                Ok(media_type) => builder.header(CONTENT_TYPE, media_type).body(bytes.clone()),
                Err(_) => builder.body(bytes.clone()),
            },
            Some(Body::NdJsonStream(stream)) => match stream.take() {
                Some(stream) => builder.header(CONTENT_TYPE, ndjson).body(stream),
                None => builder.header(CONTENT_TYPE, ndjson),
            },
            Some(Body::Multipart(parts)) => builder.multipart(multipart::form(parts).map_err(|message| {
                CallError::InvalidRequest(InvalidRequest::new("body", format!("cannot be sent: {message}")))
            })?),
            None => builder,
        };
        Ok(match timeout {
            Some(timeout) => builder.timeout(timeout),
            None => builder,
        })
    }
}

impl Response {
    /// Whether the status is one of the operation's answers rather than an error: a success,
    /// or a redirect where the request keeps redirects.
    fn is_outcome(&self) -> bool {
        self.status.is_success() || (self.keep_redirects && self.status.is_redirection())
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// A response header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name)?.to_str().ok().map(str::to_owned)
    }

    /// The error for a success status the spec does not declare for the operation.
    pub fn unexpected_status<E>(self) -> Error<E> {
        let message = format!("the spec declares no {} response for this operation", self.status);
        self.decode_error(DecodeErrorKind::UnexpectedStatus, String::new(), message)
    }

    /// A success body as text (UTF-8; anything else is a decode error keeping the bytes), or an
    /// error status as an API error.
    pub fn text<E: ErrorBody>(self) -> Result<String, Error<E>> {
        if !self.is_outcome() {
            return Err(self.api_error());
        }
        match std::str::from_utf8(&self.body) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => Err(self.decode_error(
                DecodeErrorKind::Mismatch,
                String::new(),
                format!("the body is not UTF-8 text: {e}"),
            )),
        }
    }

    /// A success body as it came, or an error status as an API error.
    pub fn bytes<E: ErrorBody>(self) -> Result<Bytes, Error<E>> {
        if self.is_outcome() { Ok(self.body) } else { Err(self.api_error()) }
    }

    /// Decodes a success body as `T`, or turns an error status into an API error.
    pub fn json<T: DeserializeOwned, E: ErrorBody>(self) -> Result<T, Error<E>> {
        if !self.is_outcome() {
            return Err(self.api_error());
        }
        match crate::de::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(mismatch) => Err(self.explain_failure(mismatch)),
        }
    }

    /// Says why the body did not decode: not JSON at all, or JSON of the wrong shape, with the
    /// path of the first bad field.
    fn explain_failure<E>(self, mismatch: crate::de::Mismatch) -> Error<E> {
        // Read once more rather than trusting the mismatch's kind: decoding stops at its first
        // error, and a value of the wrong type may come before the text stops being JSON.
        if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(&self.body) {
            // Syntax errors give a position and never quote the body.
            return self.decode_error(DecodeErrorKind::NotJson, String::new(), syntax.to_string());
        }
        // serde quotes the offending value; a body holding secrets must not be quoted.
        let message = if self.sensitive {
            "the value has the wrong type (not quoted: this response holds secrets)".to_owned()
        } else {
            mismatch.error.to_string()
        };
        self.decode_error(DecodeErrorKind::Mismatch, mismatch.path, message)
    }

    fn decode_error<E>(self, kind: DecodeErrorKind, path: String, message: String) -> Error<E> {
        Error::Decode(DecodeError {
            status: self.status,
            operation: self.operation,
            kind,
            path,
            message,
            raw_body: self.body,
        })
    }

    fn api_error<E: ErrorBody>(self) -> Error<E> {
        Error::Api(Box::new(ApiError {
            status: self.status,
            operation: self.operation,
            body: E::decode(&self.body),
            raw_body: self.body,
            headers: self.headers,
        }))
    }
}
