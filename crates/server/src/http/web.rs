//! The desk in a browser: its session routes (sign-in, refresh and sign-out, the refresh
//! token in an HttpOnly cookie) and the built UI served at `/`.

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use protocol::{ErrorBody, WebSession, WebSignIn};
use tower::ServiceExt;

use super::extract::{ClientAddr, Json};
use crate::browser::{self, Answer};
use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;

fn with_cookies(status: StatusCode, answer: Answer) -> Response {
    let mut response = (status, axum::Json(answer.session)).into_response();
    set_cookies(response.headers_mut(), &answer.cookies);
    response
}

fn set_cookies(headers: &mut HeaderMap, cookies: &[String]) {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            headers.append(SET_COOKIE, v);
        }
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// Sign in from a browser (dispatchers, the commander, administrators): the refresh token
/// is set as an HttpOnly cookie, with a `wangge_csrf` cookie to echo when refreshing.
#[utoipa::path(post, path = "/v1/web/session", tag = "sessions", request_body = WebSignIn,
    responses(
        (status = 201, description = "Signed in; `Set-Cookie` holds the refresh token", body = WebSession),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Wrong user name or password; or `password_change_required`", body = ErrorBody),
        (status = 403, description = "`use_the_app`: grid workers, reporters and department handlers use the app", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins: wait", body = ErrorBody),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<WebSignIn>,
) -> Result<Response> {
    Ok(with_cookies(
        StatusCode::CREATED,
        browser::sign_in(&state, req, client).await?,
    ))
}

/// A new access token for the browser session in the cookie (the cookie rotated). Needs
/// `x-csrf-token` equal to the `wangge_csrf` cookie.
#[utoipa::path(post, path = "/v1/web/session/refresh", tag = "sessions",
    responses(
        (status = 200, description = "The session, renewed", body = WebSession),
        (status = 401, description = "No live session: sign in", body = ErrorBody),
        (status = 403, description = "`csrf`: the header does not echo the cookie, or another site's Origin", body = ErrorBody),
    ))]
pub async fn refresh(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    Ok(with_cookies(
        StatusCode::OK,
        browser::refresh(&state, &headers).await?,
    ))
}

/// Sign out of the browser: the session's device revoked, the cookies cleared.
#[utoipa::path(delete, path = "/v1/web/session", tag = "sessions", security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> Result<Response> {
    let cookies = browser::sign_out(&state, &caller).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    set_cookies(response.headers_mut(), &cookies);
    Ok(response)
}

/// What the browser gets for a path no route has: the UI's files (and `index.html` for
/// the UI's own paths) when the server has a `web_root`; a JSON 404 under `/v1/`.
pub async fn files_or_not_found(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path();
    let api = path.starts_with("/v1/") || path.starts_with("/open311/") || path == "/v1";
    match &state.config().web_root {
        Some(root) if !api => {
            let files = tower_http::services::ServeDir::new(root).fallback(
                tower_http::services::ServeFile::new(root.join("index.html")),
            );
            let immutable = path.starts_with("/assets/");
            let Ok(response) = files.oneshot(req).await;
            let mut response = response.map(axum::body::Body::new);
            let h = response.headers_mut();
            h.insert(
                "content-security-policy",
                HeaderValue::from_static(
                    "default-src 'self'; img-src 'self' blob: data:; style-src 'self' \
                     'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
                ),
            );
            h.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            h.insert(
                CACHE_CONTROL,
                HeaderValue::from_static(if immutable {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                }),
            );
            response
        }
        _ => Error::not_found("no such route").into_response(),
    }
}
