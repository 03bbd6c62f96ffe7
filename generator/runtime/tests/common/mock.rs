//! The typed mock of the Widget Store API, written by hand as the generator writes each API's
//! `mock` module (compare `generated-client/src/v2026_04/admin/mock.rs`): the API's facts for
//! the runtime (`MockApi`), a call struct per operation that decodes a received request, and a
//! `MockServer` with a method per operation that starts a typed expectation.

use openapi_client_runtime::mock;

use super::widgets::{self, operations, types};

static API: mock::MockApi = mock::MockApi {
    name: "Widget Store API `2030-01`",
    version_header: Some((widgets::VERSION_HEADER, widgets::API_VERSION)),
    operations: &[&FETCH_WIDGET, &LIST_WIDGETS, &CREATE_WIDGET, &UPDATE_WIDGET, &DELETE_WIDGET, &ROTATE_WIDGET_KEY],
};

static FETCH_WIDGET: mock::MockOperation = mock::MockOperation {
    operation: &operations::FETCH_WIDGET,
    auth: Some(mock::Credential::Bearer),
    check: <FetchWidget as mock::Call>::check,
};

static LIST_WIDGETS: mock::MockOperation = mock::MockOperation {
    operation: &operations::LIST_WIDGETS,
    auth: Some(mock::Credential::Bearer),
    check: <ListWidgets as mock::Call>::check,
};

static CREATE_WIDGET: mock::MockOperation = mock::MockOperation {
    operation: &operations::CREATE_WIDGET,
    auth: Some(mock::Credential::Bearer),
    check: <CreateWidget as mock::Call>::check,
};

static UPDATE_WIDGET: mock::MockOperation = mock::MockOperation {
    operation: &operations::UPDATE_WIDGET,
    auth: Some(mock::Credential::Bearer),
    check: <UpdateWidget as mock::Call>::check,
};

static DELETE_WIDGET: mock::MockOperation = mock::MockOperation {
    operation: &operations::DELETE_WIDGET,
    auth: Some(mock::Credential::Bearer),
    check: <DeleteWidget as mock::Call>::check,
};

static ROTATE_WIDGET_KEY: mock::MockOperation = mock::MockOperation {
    operation: &operations::ROTATE_WIDGET_KEY,
    auth: Some(mock::Credential::Bearer),
    check: <RotateWidgetKey as mock::Call>::check,
};

/// A local server that answers as the Widget Store API: every request is checked against its
/// operation, and answered by the first expectation that takes it.
#[derive(Debug)]
pub struct MockServer(mock::MockServer);

impl MockServer {
    /// Starts the server on a free local port.
    pub async fn start() -> Self {
        Self(mock::MockServer::start(&API).await)
    }

    /// The server's base URL.
    pub fn uri(&self) -> String {
        self.0.uri()
    }

    /// A client for this server, with the mock's access token and quick retries.
    pub fn client(&self) -> widgets::Client {
        self.0.client()
    }

    /// Every request the server received, in order.
    pub async fn received_requests(&self) -> Vec<mock::wiremock::Request> {
        self.0.received_requests().await
    }

    /// Expects `fetch_widget`: `GET /v1/widgets/{widget_id}`.
    pub fn fetch_widget(&self) -> mock::Expectation<'_, FetchWidget, types::Widget, types::ErrorResponse> {
        self.0.expect(&FETCH_WIDGET, 200, mock::SuccessBody::Json)
    }

    /// Expects `list_widgets`: `GET /v1/widgets`.
    pub fn list_widgets(&self) -> mock::Expectation<'_, ListWidgets, types::WidgetList, types::ErrorResponse> {
        self.0.expect(&LIST_WIDGETS, 200, mock::SuccessBody::Json)
    }

    /// Expects `create_widget`: `POST /v1/widgets`.
    pub fn create_widget(&self) -> mock::Expectation<'_, CreateWidget, types::Widget, types::ErrorResponse> {
        self.0.expect(&CREATE_WIDGET, 201, mock::SuccessBody::Json)
    }

    /// Expects `update_widget`: `PATCH /v1/widgets/{widget_id}`.
    pub fn update_widget(&self) -> mock::Expectation<'_, UpdateWidget, types::Widget, types::ErrorResponse> {
        self.0.expect(&UPDATE_WIDGET, 200, mock::SuccessBody::Json)
    }

    /// Expects `delete_widget`: `DELETE /v1/widgets/{widget_id}`.
    pub fn delete_widget(&self) -> mock::Expectation<'_, DeleteWidget, (), types::ErrorResponse> {
        self.0.expect(&DELETE_WIDGET, 204, mock::SuccessBody::None)
    }

    /// Expects `rotate_widget_key`: `POST /v1/widgets/{widget_id}/key`.
    pub fn rotate_widget_key(&self) -> mock::Expectation<'_, RotateWidgetKey, types::WidgetKey, types::ErrorResponse> {
        self.0.expect(&ROTATE_WIDGET_KEY, 200, mock::SuccessBody::Json)
    }
}

/// A `fetch_widget` request, as the mock server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct FetchWidget {
    /// The path parameter `widget_id`.
    pub widget_id: String,
}

impl mock::Call for FetchWidget {
    fn decode(request: &mock::Incoming<'_>) -> Result<Self, String> {
        Ok(Self { widget_id: request.path("widget_id")? })
    }
}

/// A `list_widgets` request, as the mock server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct ListWidgets {
    /// The query parameters.
    pub params: types::ListWidgetsParams,
}

impl mock::Call for ListWidgets {
    fn decode(request: &mock::Incoming<'_>) -> Result<Self, String> {
        Ok(Self { params: types::ListWidgetsParams { limit: request.query("limit")? } })
    }
}

/// A `create_widget` request, as the mock server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateWidget {
    /// The request body.
    pub body: types::CreateWidgetRequest,
}

impl mock::Call for CreateWidget {
    fn decode(request: &mock::Incoming<'_>) -> Result<Self, String> {
        Ok(Self { body: request.json()? })
    }
}

/// An `update_widget` request, as the mock server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateWidget {
    /// The path parameter `widget_id`.
    pub widget_id: String,
    /// The request body.
    pub body: types::UpdateWidgetRequest,
}

impl mock::Call for UpdateWidget {
    fn decode(request: &mock::Incoming<'_>) -> Result<Self, String> {
        Ok(Self { widget_id: request.path("widget_id")?, body: request.json()? })
    }
}

/// A `delete_widget` request, as the mock server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteWidget {
    /// The path parameter `widget_id`.
    pub widget_id: String,
}

impl mock::Call for DeleteWidget {
    fn decode(request: &mock::Incoming<'_>) -> Result<Self, String> {
        Ok(Self { widget_id: request.path("widget_id")? })
    }
}

/// A `rotate_widget_key` request, as the mock server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct RotateWidgetKey {
    /// The path parameter `widget_id`.
    pub widget_id: String,
}

impl mock::Call for RotateWidgetKey {
    fn decode(request: &mock::Incoming<'_>) -> Result<Self, String> {
        Ok(Self { widget_id: request.path("widget_id")? })
    }
}
