//! Push, pull and the "pull now" event stream.

use std::convert::Infallible;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{Stream, StreamExt};
use protocol::{ErrorBody, PullQuery, PullResponse, PushRequest, PushResponse};
use tokio_stream::wrappers::BroadcastStream;

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
    ))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
) -> Sse<impl Stream<Item = std::result::Result<Event, Infallible>>> {
    let pull = || Event::default().event("pull").data("");
    let first = futures_util::stream::once(async move { Ok(pull()) });
    let stopping = state.stopped();
    let hints = BroadcastStream::new(state.hints());
    let seen = crate::sync::head(&state).await.unwrap_or(0);
    let relevant = futures_util::stream::unfold(
        (hints, state, caller, seen),
        move |(mut hints, state, caller, mut seen)| async move {
            // Wait for a hint that brings something this caller may see; the check is
            // one small read, far cheaper than every device pulling on every change.
            while hints.next().await.is_some() {
                match crate::sync::visible_since(&state, &caller, seen).await {
                    Ok((true, head)) => {
                        seen = head;
                        return Some((Ok(pull()), (hints, state, caller, seen)));
                    }
                    Ok((false, head)) => seen = head,
                    // When in doubt, hint: a needless pull is harmless.
                    Err(_) => return Some((Ok(pull()), (hints, state, caller, seen))),
                }
            }
            None
        },
    );
    Sse::new(first.chain(relevant).take_until(stopping)).keep_alive(KeepAlive::default())
}
