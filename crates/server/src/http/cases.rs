//! Case routes: dispatcher and commander actions, lists, detail, nearby duplicates, KPIs.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::CaseId;
use protocol::{
    CaseAction, CaseDetail, CaseFilter, CaseList, CaseView, ErrorBody, KpiQuery, KpiReport,
    NearbyCases, NearbyQuery, NewCase, NewTasks, WarningList,
};

use super::extract::{Json, Query};
use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;

fn parse_id(s: &str) -> Result<CaseId> {
    CaseId::parse(s).map_err(|e| Error::bad_request("bad_id", e.to_string()))
}

/// Cases the caller may see, newest first, with filters.
#[utoipa::path(get, path = "/v1/cases", tag = "cases", params(CaseFilter), security(("bearer" = [])),
    responses(
        (status = 200, description = "Cases", body = CaseList),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Area outside the caller's scope", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(f): Query<CaseFilter>,
) -> Result<axum::Json<CaseList>> {
    Ok(axum::Json(
        crate::queries::list_cases(&state, &caller, f).await?,
    ))
}

/// Open cases of a category near a point (possible duplicates).
#[utoipa::path(get, path = "/v1/cases/nearby", tag = "cases", params(NearbyQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Nearby open cases, nearest first", body = NearbyCases),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn nearby(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<NearbyQuery>,
) -> Result<axum::Json<NearbyCases>> {
    Ok(axum::Json(
        crate::queries::nearby(&state, &caller, q).await?,
    ))
}

/// A case with its photos and audit trail.
#[utoipa::path(get, path = "/v1/cases/{id}", tag = "cases", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case", body = CaseDetail),
        (status = 400, description = "Bad id", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<CaseDetail>> {
    let id = parse_id(&id)?;
    Ok(axum::Json(
        crate::queries::case_detail(&state, &caller, id).await?,
    ))
}

/// Accept, reject, merge, dispatch, reassign, verify, close or reopen a case.
#[utoipa::path(post, path = "/v1/cases/{id}/actions", tag = "cases", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Case id")),
    request_body = CaseAction,
    responses(
        (status = 200, description = "The case after the action", body = CaseView),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Role or scope does not allow it", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
        (status = 409, description = "The case's state does not allow it", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A worker who is no person, a deadline that has passed, or a merge into the case itself", body = ErrorBody),
    ))]
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(action): Json<CaseAction>,
) -> Result<axum::Json<CaseView>> {
    let id = parse_id(&id)?;
    let st = state.clone();
    let person = caller.person().clone();
    let record = state
        .write(move |tx| crate::caseloop::act(tx, &st, &person, id, action))
        .await?;
    state.hint();
    Ok(axum::Json(crate::wire::case_view(&record, state.now())))
}

/// KPIs per grid, community, street, district or worker for cases in the caller's scope.
#[utoipa::path(get, path = "/v1/kpis", tag = "cases", params(KpiQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "KPI rows", body = KpiReport),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher, commander or administrator", body = ErrorBody),
        (status = 422, description = "`from` not before `to`", body = ErrorBody),
    ))]
pub async fn kpis(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<KpiQuery>,
) -> Result<axum::Json<KpiReport>> {
    Ok(axum::Json(crate::queries::kpis(&state, &caller, q).await?))
}

/// Files a case at the desk (a phone call, a 12345 hotline ticket) or sends a task: accepted
/// at once, in the grid that holds its point, dispatched when a worker is named.
#[utoipa::path(post, path = "/v1/cases", tag = "cases", security(("bearer" = [])),
    request_body = NewCase,
    responses(
        (status = 201, description = "The case filed", body = CaseView),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher of the place", body = ErrorBody),
        (status = 409, description = "The id is another case's", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Unknown category or worker, a point outside the district, a deadline passed", body = ErrorBody),
    ))]
pub async fn file(
    State(state): State<AppState>,
    caller: Caller,
    Json(n): Json<NewCase>,
) -> Result<(StatusCode, axum::Json<CaseView>)> {
    let st = state.clone();
    let person = caller.person().clone();
    let record = state
        .write(move |tx| crate::caseloop::file(tx, &st, &person, n))
        .await?;
    state.hint();
    Ok((
        StatusCode::CREATED,
        axum::Json(crate::wire::case_view(&record, state.now())),
    ))
}

/// Sends a task from above (由上至下) to the full-time workers of several grids: a case per
/// grid, dispatched.
#[utoipa::path(post, path = "/v1/tasks", tag = "cases", security(("bearer" = [])),
    request_body = NewTasks,
    responses(
        (status = 201, description = "The tasks sent, a case per grid", body = Vec<CaseView>),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher of those grids", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "An unknown grid, a grid without a worker, a grid named twice", body = ErrorBody),
    ))]
pub async fn send_tasks(
    State(state): State<AppState>,
    caller: Caller,
    Json(t): Json<NewTasks>,
) -> Result<(StatusCode, axum::Json<Vec<CaseView>>)> {
    let st = state.clone();
    let person = caller.person().clone();
    let records = state
        .write(move |tx| crate::caseloop::send_tasks(tx, &st, &person, t))
        .await?;
    state.hint();
    let now = state.now();
    Ok((
        StatusCode::CREATED,
        axum::Json(
            records
                .iter()
                .map(|r| crate::wire::case_view(r, now))
                .collect(),
        ),
    ))
}

/// Risk warnings (风险预警) in the caller's scope now, each saying why it fired.
#[utoipa::path(get, path = "/v1/warnings", tag = "cases", security(("bearer" = [])),
    responses(
        (status = 200, description = "The warnings", body = WarningList),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher, commander or administrator", body = ErrorBody),
        (status = 422, description = "Too many cases in scope to look through", body = ErrorBody),
    ))]
pub async fn warnings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<WarningList>> {
    Ok(axum::Json(
        crate::warnings::warnings(&state, &caller).await?,
    ))
}
