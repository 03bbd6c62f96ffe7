//! A client of a made-up API, the Widget Store API `2030-01`, written by hand in the shape the
//! generator emits (compare `generated-client/src/v2026_04/admin.rs`, `admin/types.rs` and
//! `v2026_04/mod.rs`): a `Client` implementing [`ApiClient`], `static` [`Operation`]s, typed
//! methods that build a [`Request`] and hand it to the transport, an error body implementing
//! [`ErrorBody`], request types implementing [`Validate`], and a [`TokenFetcher`] that posts
//! service-account credentials to the API's OAuth server. Its typed mock is in [`mock`].
//!
//! The runtime's tests run against it so that they need no generated crate: what they judge
//! is the runtime, and this client does only what generated code does.
#![allow(dead_code)]

#[cfg(feature = "mock")]
pub mod mock;

use std::time::Duration;

use openapi_client_runtime::{
    AccessToken, ApiClient, AuthError, AuthScheme, BoxFuture, ClientBuilder, Credentials, ErrorBody, Operation,
    Request, RetryPolicy, TokenFetcher, Transport,
};
use serde_json::{Value, json};

/// The token the clients of [`client`] send.
pub const TOKEN: &str = "test-token";

/// The Widget Store API: widgets, and a key per widget.
pub mod widgets {
    use super::*;

    /// The API version this module speaks, sent in [`VERSION_HEADER`] with every request.
    pub const API_VERSION: &str = "2030-01";

    /// The header that carries [`API_VERSION`].
    pub const VERSION_HEADER: &str = "X-Widgets-Version";

    /// The server requests go to unless the client is configured otherwise.
    pub const DEFAULT_BASE_URL: Option<&str> = Some("https://api.widgets.example");

    /// The header that carries an API key, for the operations that take one.
    pub const API_KEY_HEADER: &str = "X-Widgets-Key";

    /// The error every method of [`Client`] returns.
    pub type Error = openapi_client_runtime::Error<types::ErrorResponse>;

    /// A client of the Widget Store API.
    #[derive(Clone, Debug)]
    pub struct Client {
        transport: Transport,
    }

    impl ApiClient for Client {
        const API_VERSION: &'static str = API_VERSION;
        const DEFAULT_BASE_URL: Option<&'static str> = DEFAULT_BASE_URL;
        const ENV: openapi_client_runtime::EnvVars = openapi_client_runtime::EnvVars {
            access_token: "WIDGETS_ACCESS_TOKEN",
            api_key: "WIDGETS_API_KEY",
            client_id: "WIDGETS_CLIENT_ID",
            client_secret: "WIDGETS_CLIENT_SECRET",
            base_url: "WIDGETS_BASE_URL",
            oauth_url: "WIDGETS_OAUTH_URL",
        };
        const USER_AGENT: &'static str = "widgets-rust/0.1.0";
        const API_KEY: Option<openapi_client_runtime::ApiKeyIn> =
            Some(openapi_client_runtime::ApiKeyIn::Header(API_KEY_HEADER));
        const KEEPS_REDIRECTS: bool = true;

        fn from_transport(transport: Transport) -> Self {
            Self { transport }
        }

        fn transport(&self) -> &Transport {
            &self.transport
        }
    }

    impl Client {
        /// Starts configuring a client; service-account credentials are exchanged for tokens
        /// at the OAuth API.
        pub fn builder() -> ClientBuilder<Self> {
            ClientBuilder::new().token_endpoint(super::fetch_token, super::oauth::DEFAULT_BASE_URL)
        }

        /// Sends `GET /v1/widgets/{widget_id}` (operation `fetch_widget`).
        pub async fn fetch_widget(&self, widget_id: &str) -> Result<types::Widget, Error> {
            let request = request(&operations::FETCH_WIDGET).path_param("widget_id", &widget_id);
            self.transport.send_json(request).await
        }

        /// Sends `GET /v1/widgets` (operation `list_widgets`).
        pub async fn list_widgets(&self, params: &types::ListWidgetsParams) -> Result<types::WidgetList, Error> {
            let mut request = request(&operations::LIST_WIDGETS).check(params);
            if let Some(value) = &params.limit {
                request = request.query("limit", value);
            }
            self.transport.send_json(request).await
        }

        /// Sends `POST /v1/widgets` (operation `create_widget`).
        pub async fn create_widget(&self, body: &types::CreateWidgetRequest) -> Result<types::Widget, Error> {
            let request = request(&operations::CREATE_WIDGET).json(body);
            self.transport.send_json(request).await
        }

        /// Sends `PATCH /v1/widgets/{widget_id}` (operation `update_widget`).
        pub async fn update_widget(
            &self,
            widget_id: &str,
            body: &types::UpdateWidgetRequest,
        ) -> Result<types::Widget, Error> {
            let request = request(&operations::UPDATE_WIDGET).path_param("widget_id", &widget_id).json(body);
            self.transport.send_json(request).await
        }

        /// Sends `DELETE /v1/widgets/{widget_id}` (operation `delete_widget`).
        pub async fn delete_widget(&self, widget_id: &str) -> Result<(), Error> {
            let request = request(&operations::DELETE_WIDGET).path_param("widget_id", &widget_id);
            self.transport.send_empty(request).await
        }

        /// Sends `POST /v1/widgets/{widget_id}/key` (operation `rotate_widget_key`); the answer
        /// holds a secret.
        pub async fn rotate_widget_key(&self, widget_id: &str) -> Result<types::WidgetKey, Error> {
            let request = request(&operations::ROTATE_WIDGET_KEY).path_param("widget_id", &widget_id).sensitive();
            self.transport.send_json(request).await
        }
    }

    impl Client {
        /// Sends `GET /v1/widgets/{widget_id}/download` (operation `download_widget`): its only
        /// answer is a redirect to the file, returned with its `Location` rather than followed.
        pub async fn download_widget(&self, widget_id: &str) -> Result<Option<String>, Error> {
            let request = request(&operations::DOWNLOAD_WIDGET).path_param("widget_id", &widget_id).keep_redirects();
            let response = self.transport.send_raw(request).await?;
            Ok(response.header("Location"))
        }

        /// Sends `GET /v1/ping` (operation `ping`) with the credential `scheme` says, as an
        /// operation's `security` picks one where the API takes both kinds.
        pub async fn ping(&self, scheme: AuthScheme) -> Result<(), Error> {
            self.transport.send_empty(request(&operations::PING).auth_scheme(scheme)).await
        }
    }

    /// Starts a request for `operation`.
    fn request(operation: &'static Operation) -> Request {
        Request::new(operation).header(VERSION_HEADER, &API_VERSION)
    }

    impl ErrorBody for types::ErrorResponse {
        type Code = String;

        fn code(&self) -> Option<&String> {
            Some(&self.error.code)
        }

        fn message(&self) -> Option<&str> {
            Some(self.error.message.as_str())
        }
    }

    /// The operations, as the client sends them and the mock checks them.
    pub mod operations {
        use openapi_client_runtime::{Method, Operation};

        pub static FETCH_WIDGET: Operation =
            Operation { id: "fetch_widget", method: Method::Get, path: "/v1/widgets/{widget_id}" };
        pub static LIST_WIDGETS: Operation = Operation { id: "list_widgets", method: Method::Get, path: "/v1/widgets" };
        pub static CREATE_WIDGET: Operation =
            Operation { id: "create_widget", method: Method::Post, path: "/v1/widgets" };
        pub static UPDATE_WIDGET: Operation =
            Operation { id: "update_widget", method: Method::Patch, path: "/v1/widgets/{widget_id}" };
        pub static DELETE_WIDGET: Operation =
            Operation { id: "delete_widget", method: Method::Delete, path: "/v1/widgets/{widget_id}" };
        pub static ROTATE_WIDGET_KEY: Operation =
            Operation { id: "rotate_widget_key", method: Method::Post, path: "/v1/widgets/{widget_id}/key" };
        pub static PING: Operation = Operation { id: "ping", method: Method::Get, path: "/v1/ping" };
        pub static DOWNLOAD_WIDGET: Operation =
            Operation { id: "download_widget", method: Method::Get, path: "/v1/widgets/{widget_id}/download" };
    }

    /// The API's schemas.
    pub mod types {
        use openapi_client_runtime::validate::{Bounds, length, range};
        use openapi_client_runtime::{InvalidRequest, SecretString, Validate};
        use serde::{Deserialize, Serialize};

        /// A widget.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct Widget {
            pub id: String,
            pub name: String,
            pub size: i64,
        }

        /// A page of widgets.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct WidgetList {
            pub data: Vec<Widget>,
        }

        /// The query parameters of `list_widgets`.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct ListWidgetsParams {
            /// Page size, 1 to 100.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub limit: Option<i64>,
        }

        impl Validate for ListWidgetsParams {
            fn validate(&self) -> Result<(), InvalidRequest> {
                if let Some(limit) = self.limit {
                    let bounds = Bounds { min: Some(1.0), max: Some(100.0), ..Bounds::default() };
                    range("limit", limit as f64, bounds)?;
                }
                Ok(())
            }
        }

        /// The body of `create_widget`: a name of 1 to 80 characters.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct CreateWidgetRequest {
            pub name: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub size: Option<i64>,
        }

        impl CreateWidgetRequest {
            pub fn new(name: impl Into<String>) -> Self {
                Self { name: name.into(), size: None }
            }
        }

        impl Validate for CreateWidgetRequest {
            fn validate(&self) -> Result<(), InvalidRequest> {
                length("name", &self.name, Some(1), Some(80))
            }
        }

        /// The body of `update_widget`: fields left out keep their values.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct UpdateWidgetRequest {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
        }

        impl Validate for UpdateWidgetRequest {
            fn validate(&self) -> Result<(), InvalidRequest> {
                match &self.name {
                    Some(name) => length("name", name, Some(1), Some(80)),
                    None => Ok(()),
                }
            }
        }

        /// A widget's new key: the secret is returned only this once.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct WidgetKey {
            pub widget_id: String,
            pub secret: SecretString,
        }

        /// The body of every error answer.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct ErrorResponse {
            pub error: ErrorDetail,
        }

        /// What went wrong.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct ErrorDetail {
            /// Machine-readable, such as `NOT_FOUND`.
            pub code: String,
            pub message: String,
        }

        impl ErrorResponse {
            pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
                Self { error: ErrorDetail { code: code.into(), message: message.into() } }
            }
        }
    }
}

/// The Widget Store's OAuth API, which issues tokens for service-account credentials.
pub mod oauth {
    use super::*;

    /// The OAuth server unless configured otherwise.
    pub const DEFAULT_BASE_URL: Option<&str> = Some("https://login.widgets.example");

    /// The error of [`Client::get_token`].
    pub type Error = openapi_client_runtime::Error<types::ErrorResponse>;

    /// A client of the OAuth API.
    #[derive(Clone, Debug)]
    pub struct Client {
        transport: Transport,
    }

    impl ApiClient for Client {
        const API_VERSION: &'static str = "2030-01";
        const DEFAULT_BASE_URL: Option<&'static str> = DEFAULT_BASE_URL;
        const ENV: openapi_client_runtime::EnvVars = widgets::Client::ENV;
        const USER_AGENT: &'static str = "widgets-rust/0.1.0";
        // Where tokens come from: it takes none.
        const NEEDS_CREDENTIALS: bool = false;

        fn from_transport(transport: Transport) -> Self {
            Self { transport }
        }

        fn transport(&self) -> &Transport {
            &self.transport
        }
    }

    impl Client {
        /// Sends `POST /oauth/token` (operation `get_token`); the answer holds a secret.
        pub async fn get_token(&self, body: &types::TokenRequest) -> Result<types::TokenResponse, Error> {
            let request = Request::new(&GET_TOKEN).sensitive().json(body);
            self.transport.send_json(request).await
        }
    }

    static GET_TOKEN: Operation =
        Operation { id: "get_token", method: openapi_client_runtime::Method::Post, path: "/oauth/token" };

    impl ErrorBody for types::ErrorResponse {
        type Code = String;

        fn code(&self) -> Option<&String> {
            self.error.as_ref()
        }

        fn message(&self) -> Option<&str> {
            self.error_description.as_deref()
        }
    }

    pub mod types {
        use openapi_client_runtime::{SecretString, Validate};
        use serde::{Deserialize, Serialize};

        /// The client-credentials grant.
        #[derive(Clone, Debug, Serialize)]
        pub struct TokenRequest {
            pub client_id: String,
            pub client_secret: SecretString,
            pub grant_type: String,
        }

        impl Validate for TokenRequest {}

        #[derive(Clone, Debug, Deserialize)]
        pub struct TokenResponse {
            pub access_token: SecretString,
            pub token_type: String,
            pub expires_in: i64,
        }

        /// An OAuth error (RFC 6749, section 5.2).
        #[derive(Clone, Debug, Deserialize)]
        pub struct ErrorResponse {
            pub error: Option<String>,
            pub error_description: Option<String>,
        }
    }
}

/// Exchanges service-account credentials for an access token with `oauth::Client::get_token`,
/// as each generated version's `fetch_token` does.
fn fetch_token(transport: Transport, credentials: Credentials) -> BoxFuture<'static, Result<AccessToken, AuthError>> {
    Box::pin(async move {
        let request = oauth::types::TokenRequest {
            client_id: credentials.client_id,
            client_secret: credentials.client_secret,
            grant_type: "client_credentials".to_owned(),
        };
        let token = oauth::Client::from_transport(transport).get_token(&request).await?;
        Ok(AccessToken::new(token.access_token, token.expires_in))
    })
}

/// [`fetch_token`] is a [`TokenFetcher`].
const _: TokenFetcher = fetch_token;

/// Retries that do not slow the tests down.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        total_deadline: Some(Duration::from_secs(20)),
    }
}

/// A client with the fixed access token [`TOKEN`] and [`fast_retries`], sending to `server`.
pub fn client(server: &wiremock::MockServer) -> widgets::Client {
    widgets::Client::builder()
        .access_token(TOKEN)
        .base_url(server.uri())
        .retry(fast_retries())
        .build()
        .expect("a client for the local server builds")
}

/// A widget as the server sends it.
pub fn widget(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name, "size": 3})
}

/// The body of an error answer of the Widget Store API.
pub fn error_body(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

/// Every request `server` received, whatever its route.
pub async fn requests(server: &wiremock::MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("the server records requests")
}
