//! Push, pull and the "pull now" event stream.

use std::convert::Infallible;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{Stream, StreamExt};
use protocol::{ErrorBody, PullQuery, PullResponse, PushRequest, PushResponse, RevokedPush};

use super::extract::{Json, Query};
use crate::error::Result;
use crate::sessions::Caller;
use crate::state::AppState;

/// Send queued mutations. Each gets an outcome; `last_mid` says what to drop from the
/// outbox. Mutation names and args: see the `ReportCreate`, `TaskRef`, `TaskResolve`,
/// `TaskReturn`, `PatrolStart`, `PatrolCheckin` and `PatrolEnd` schemas.
#[utoipa::path(post, path = "/v1/push", tag = "sync", request_body = PushRequest, security(("bearer" = [])),
    responses(
        (status = 200, description = "Outcomes", body = PushResponse),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in, expired or revoked", body = ErrorBody),
        (status = 403, description = "Another device's id", body = ErrorBody),
        (status = 413, description = "Too many mutations or too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<PushRequest>,
) -> Result<axum::Json<PushResponse>> {
    Ok(axum::Json(crate::sync::push(&state, &caller, req).await?))
}

/// Changes after `cursor` that the caller may see.
#[utoipa::path(get, path = "/v1/pull", tag = "sync", params(PullQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of changes", body = PullResponse),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 401, description = "Not signed in, expired or revoked", body = ErrorBody),
        (status = 410, description = "Cursor older than the server keeps: rebuild server state", body = ErrorBody),
    ))]
pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PullQuery>,
) -> Result<axum::Json<PullResponse>> {
    Ok(axum::Json(crate::sync::pull(&state, &caller, q).await?))
}

/// Server-sent events: `event: pull` when there is something new that the caller may
/// see (and once on connect). No data: the device pulls.
#[utoipa::path(get, path = "/v1/events", tag = "sync", security(("bearer" = [])),
    responses(
        (status = 200, description = "An event stream", content_type = "text/event-stream", body = String),
        (status = 401, description = "Not signed in, expired or revoked", body = ErrorBody),
        (status = 429, description = "This device already holds as many streams as it may", body = ErrorBody),
    ))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Sse<impl Stream<Item = std::result::Result<Event, Infallible>>>> {
    let hints = crate::events::pull_hints(&state, caller).await?;
    Ok(
        Sse::new(hints.map(|()| Ok(Event::default().event("pull").data(""))))
            .keep_alive(KeepAlive::default()),
    )
}

/// A revoked phone hands in the work it could not send, signed with its refresh token: it
/// is recorded in the admin audit log and every mutation answered rejected with the reason.
#[utoipa::path(post, path = "/v1/push/revoked", tag = "sync", request_body = RevokedPush,
    responses(
        (status = 200, description = "Every mutation rejected, with the reason", body = PushResponse),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Unknown refresh token", body = ErrorBody),
        (status = 409, description = "The device is not revoked", body = ErrorBody),
        (status = 413, description = "Too many mutations or body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn push_revoked(
    State(state): State<AppState>,
    Json(req): Json<RevokedPush>,
) -> Result<axum::Json<PushResponse>> {
    Ok(axum::Json(crate::devices::revoked_push(&state, req).await?))
}
