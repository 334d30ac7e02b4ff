//! The service's error type and how every error crosses HTTP: a status and a JSON body
//! `{code, message}` (one `IntoResponse` for the whole API).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use protocol::ErrorBody;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed: bad JSON, bad id, bad coordinates, bad query.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// No credentials, wrong credentials, an expired or revoked token.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    /// Signed in, but this role or scope may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Forbidden with a code the client acts on (e.g. `use_the_app`).
    #[error("{message}")]
    ForbiddenBecause { code: &'static str, message: String },
    #[error("{0}")]
    NotFound(String),
    /// The request is valid but the current state does not allow it.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// The pull cursor is older than the server keeps: rebuild server state.
    #[error("cursor {0} is older than the change log kept by the server")]
    CursorGone(u64),
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// The request took longer than `request_timeout_secs` (a slow or stalled client).
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Well-formed but unacceptable content, e.g. bytes that do not match their hash.
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// Something the service needs is missing on this machine (a font for placards): the
    /// message says what to install or set, so it is shown, not hidden as internal.
    #[error("{message}")]
    Unavailable { code: &'static str, message: String },
    #[error("configuration: {0}")]
    Config(String),
    #[error("storage: {0}")]
    Storage(String),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::Unauthorized {
            code,
            message: message.into(),
        }
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        Self::Unprocessable {
            code,
            message: message.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Error::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) | Error::ForbiddenBecause { .. } => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::CursorGone(_) => StatusCode::GONE,
            Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Error::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Config(_) | Error::Storage(_) | Error::Io(_) | Error::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Error::BadRequest { code, .. }
            | Error::Unauthorized { code, .. }
            | Error::Conflict { code, .. }
            | Error::Unprocessable { code, .. }
            | Error::ForbiddenBecause { code, .. }
            | Error::Unavailable { code, .. } => code,
            Error::Forbidden(_) => "forbidden",
            Error::NotFound(_) => "not_found",
            Error::CursorGone(_) => "cursor_gone",
            Error::TooLarge(_) => "too_large",
            Error::TooManyRequests(_) => "too_many_requests",
            Error::RequestTimeout(_) => "request_timeout",
            Error::UnsupportedMediaType(_) => "unsupported_media_type",
            Error::Config(_) => "config",
            Error::Storage(_) | Error::Io(_) | Error::Internal(_) => "internal",
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Internal(format!("json: {e}"))
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() && !matches!(self, Error::Unavailable { .. }) {
            // Details of internal failures go to the log, not to the client.
            tracing::error!(error = %self, "request failed");
            "internal error".to_string()
        } else {
            self.to_string()
        };
        let body = ErrorBody {
            code: self.code().to_string(),
            message,
        };
        (status, axum::Json(body)).into_response()
    }
}
