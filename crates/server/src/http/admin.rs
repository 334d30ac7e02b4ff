//! Administration routes: importing the district's reference data from files.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use protocol::{ErrorBody, ImportQuery, ImportReport};

use super::extract::{Body, Query};
use crate::error::Result;
use crate::sessions::Caller;
use crate::state::AppState;

/// Import a district's reference data from a file (administrators): a hierarchy table as
/// CSV or an Excel workbook. A file with problems is refused whole (422) with every problem
/// by sheet, row and column; nothing is stored. `dry_run` reports without storing.
#[utoipa::path(post, path = "/v1/admin/import/{kind}", tag = "admin", security(("bearer" = [])),
    params(("kind" = String, Path, description = "What the file holds: hierarchy"), ImportQuery),
    request_body(content = Vec<u8>, description = "The file: CSV (UTF-8) or .xlsx", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Imported, or (dry run) what would change", body = ImportReport),
        (status = 400, description = "Bad query string", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such kind of import", body = ErrorBody),
        (status = 413, description = "The file is too large", body = ErrorBody),
        (status = 422, description = "The file has problems: nothing was stored", body = ImportReport),
    ))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Path(kind): Path<String>,
    Query(q): Query<ImportQuery>,
    Body(body): Body,
) -> Result<(StatusCode, axum::Json<ImportReport>)> {
    let report = crate::reference::imports::import(&state, &caller, &kind, q, &body).await?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, axum::Json(report)))
}
