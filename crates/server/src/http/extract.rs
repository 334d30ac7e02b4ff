//! Request extractors whose failures are `{code, message}` errors with the right status:
//! JSON bodies, raw bodies, query strings, and the signed-in caller from the bearer token.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::sessions::{self, Caller};
use crate::state::AppState;

/// A JSON request body.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => Error::UnsupportedMediaType(
                    "send JSON with Content-Type: application/json".into(),
                ),
                JsonRejection::JsonDataError(e) => Error::bad_request("bad_json", e.body_text()),
                JsonRejection::JsonSyntaxError(e) => Error::bad_request("bad_json", e.body_text()),
                JsonRejection::BytesRejection(e) => body_error(e),
                other => Error::bad_request("bad_json", other.body_text()),
            }),
        }
    }
}

/// A JSON request body that may be left out (no body and no Content-Type): then
/// `T::default()`.
pub struct JsonOrNothing<T>(pub T);

impl<S, T> FromRequest<S> for JsonOrNothing<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        if req.headers().contains_key(axum::http::header::CONTENT_TYPE) {
            return Json::<T>::from_request(req, state)
                .await
                .map(|Json(v)| JsonOrNothing(v));
        }
        let Body(bytes) = Body::from_request(req, state).await?;
        if bytes.is_empty() {
            Ok(JsonOrNothing(T::default()))
        } else {
            Err(Error::UnsupportedMediaType(
                "send JSON with Content-Type: application/json".into(),
            ))
        }
    }
}

/// A raw request body (photo bytes). Over the route's body limit: 413 `too_large`.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        Bytes::from_request(req, state)
            .await
            .map(Body)
            .map_err(body_error)
    }
}

fn body_error(e: BytesRejection) -> Error {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Error::TooLarge("request body too large".into())
    } else {
        Error::bad_request("bad_body", e.body_text())
    }
}

/// A query string.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(rejection) => Err(match rejection {
                QueryRejection::FailedToDeserializeQueryString(e) => {
                    Error::bad_request("bad_query", e.body_text())
                }
                other => Error::bad_request("bad_query", other.body_text()),
            }),
        }
    }
}

/// The client's address as the connection shows it (`None` when the service is not served
/// with connection info, e.g. a router called directly).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// The address phones reach the service at: the configured `public_url`, else the host
/// the request came to (over plain HTTP unless a proxy said `X-Forwarded-Proto: https`).
#[derive(Debug, Clone)]
pub struct PublicUrl(pub String);

impl FromRequestParts<AppState> for PublicUrl {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        if let Some(url) = &state.config().public_url {
            return Ok(PublicUrl(url.trim_end_matches('/').to_string()));
        }
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let host = header("host").ok_or_else(|| {
            Error::bad_request(
                "no_host",
                "no Host header: set public_url in the configuration",
            )
        })?;
        let scheme = match header("x-forwarded-proto").as_deref() {
            Some("https") => "https",
            _ => "http",
        };
        Ok(PublicUrl(format!("{scheme}://{host}")))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                Error::unauthorized(
                    "unauthorized",
                    "sign in: Authorization: Bearer <access token>",
                )
            })?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(|| {
                Error::unauthorized(
                    "unauthorized",
                    "expected Authorization: Bearer <access token>",
                )
            })?;
        sessions::authenticate(state, token).await
    }
}
