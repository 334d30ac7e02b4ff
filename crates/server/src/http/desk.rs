//! The desk's reads that are not case lists: the directory of names and the district board.

use axum::extract::State;
use protocol::{BoardView, BuildingView, BuildingsQuery, Directory, ErrorBody};

use super::extract::Query;
use crate::error::Result;
use crate::sessions::Caller;
use crate::state::AppState;

/// Category, area, grid and people names in the caller's area: what a browser desk shows
/// beside codes (the app's desk has them from its synced copy).
#[utoipa::path(get, path = "/v1/directory", tag = "cases", security(("bearer" = [])),
    responses(
        (status = 200, description = "The directory", body = Directory),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher, commander or administrator", body = ErrorBody),
    ))]
pub async fn directory(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Directory>> {
    Ok(axum::Json(
        crate::directory::directory(&state, &caller).await?,
    ))
}

/// A grid's buildings (the browser desk's 网格地图; the app's desk has them synced).
#[utoipa::path(get, path = "/v1/buildings", tag = "cases", security(("bearer" = [])),
    params(BuildingsQuery),
    responses(
        (status = 200, description = "The grid's buildings, by code", body = Vec<BuildingView>),
        (status = 400, description = "Not a grid code", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a desk person, or a grid outside their area", body = ErrorBody),
    ))]
pub async fn buildings(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<BuildingsQuery>,
) -> Result<axum::Json<Vec<BuildingView>>> {
    Ok(axum::Json(
        crate::directory::buildings(&state, &caller, &q.grid).await?,
    ))
}

/// The district board (指挥平台) of the caller's area: grids with outlines, open cases as
/// points, today's counts (China Standard Time) and the escalation list.
#[utoipa::path(get, path = "/v1/board", tag = "cases", security(("bearer" = [])),
    responses(
        (status = 200, description = "The board", body = BoardView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher or the commander", body = ErrorBody),
        (status = 422, description = "Too many cases in scope to look through", body = ErrorBody),
    ))]
pub async fn board(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<BoardView>> {
    Ok(axum::Json(crate::board::board(&state, &caller).await?))
}
