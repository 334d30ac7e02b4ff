//! Placard routes: a community's placards and their state, printing them as a PDF, and the
//! public page an entrance's QR code opens.

use axum::extract::{Path, State};
use axum::response::{Html, Response};
use protocol::{ErrorBody, PlacardList, PlacardPrint, PlacardQuery};

use super::extract::{Json, PublicUrl, Query};
use crate::error::Result;
use crate::sessions::Caller;
use crate::state::AppState;

/// A community's entrances (each building and unit) and their placards' state.
#[utoipa::path(get, path = "/v1/placards", tag = "placards", params(PlacardQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The entrances and their placards", body = PlacardList),
        (status = 400, description = "Not a community code", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher, commander or administrator of it", body = ErrorBody),
        (status = 404, description = "No such community", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PublicUrl(base): PublicUrl,
    Query(q): Query<PlacardQuery>,
) -> Result<axum::Json<PlacardList>> {
    Ok(axum::Json(
        crate::placards::list(&state, &caller, &q.community, base).await?,
    ))
}

/// Prints a community's placards (all, the stale ones, the unprinted ones, or those
/// listed) as one PDF, a page each; each is recorded as printed.
#[utoipa::path(post, path = "/v1/placards/print", tag = "placards", security(("bearer" = [])),
    request_body = PlacardPrint,
    responses(
        (status = 200, description = "The placards, a page each", content_type = "application/pdf", body = Vec<u8>),
        (status = 400, description = "Not a community code, or a size other than a5 or a4", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher, commander or administrator of it", body = ErrorBody),
        (status = 404, description = "No such community", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Nothing to print, or an entrance not of this community", body = ErrorBody),
        (status = 503, description = "No CJK font on the server (placard_font, fonts-noto-cjk)", body = ErrorBody),
    ))]
pub async fn print(
    State(state): State<AppState>,
    caller: Caller,
    PublicUrl(base): PublicUrl,
    Json(request): Json<PlacardPrint>,
) -> Result<Response> {
    let pdf = crate::placards::print(&state, &caller, request, base).await?;
    Ok(super::attachment("application/pdf", "placards.pdf", pdf))
}

/// `GET /e/{building}`: a building entrance's public page.
pub async fn building_page(
    State(state): State<AppState>,
    PublicUrl(base): PublicUrl,
    Path(building): Path<String>,
) -> Result<Html<String>> {
    Ok(Html(
        crate::placards::public_page(&state, &building, None, base).await?,
    ))
}

/// `GET /e/{building}/{unit}`: a unit entrance's public page.
pub async fn unit_page(
    State(state): State<AppState>,
    PublicUrl(base): PublicUrl,
    Path((building, unit)): Path<(String, String)>,
) -> Result<Html<String>> {
    Ok(Html(
        crate::placards::public_page(&state, &building, Some(&unit), base).await?,
    ))
}
