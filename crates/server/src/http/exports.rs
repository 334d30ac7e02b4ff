//! Export routes: a case list as CSV, Excel or GeoJSON, and the assessment workbook.

use axum::extract::{Path, State};
use axum::response::Response;
use protocol::{CaseFilter, ErrorBody};
use serde::Deserialize;

use super::extract::Query;
use crate::error::Result;
use crate::exports::Export;
use crate::sessions::Caller;
use crate::state::AppState;

/// `GET /v1/exports/assessment`: the period, unix milliseconds.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AssessmentQuery {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

fn download(e: Export) -> Response {
    super::attachment(e.content_type, &e.file_name, e.bytes)
}

/// `GET /v1/exports/cases/{format}?…`: every case the case list shows for the same filters and scope (no paging), as CSV,
/// an Excel workbook or GeoJSON.
#[utoipa::path(get, path = "/v1/exports/cases/{format}", tag = "cases", security(("bearer" = [])),
    params(("format" = String, Path, description = "csv, xlsx or geojson"), CaseFilter),
    responses(
        (status = 200, description = "The cases as a file", content_type = "text/csv", body = String),
        (status = 400, description = "Bad filter or format", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Area outside the caller's scope", body = ErrorBody),
        (status = 422, description = "More cases than one export holds", body = ErrorBody),
    ))]
pub async fn cases(
    State(state): State<AppState>,
    caller: Caller,
    Path(format): Path<String>,
    Query(filter): Query<CaseFilter>,
) -> Result<Response> {
    Ok(download(
        crate::exports::cases(&state, &caller, filter, &format).await?,
    ))
}

/// The assessment (考核) workbook of a period: the KPI rows of each level, a sheet each.
#[utoipa::path(get, path = "/v1/exports/assessment", tag = "cases", params(AssessmentQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher, commander or administrator", body = ErrorBody),
        (status = 422, description = "`from` not before `to`", body = ErrorBody),
    ))]
pub async fn assessment(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AssessmentQuery>,
) -> Result<Response> {
    Ok(download(
        crate::exports::assessment(&state, &caller, q.from, q.to).await?,
    ))
}
