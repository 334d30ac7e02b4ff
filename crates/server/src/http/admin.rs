//! Administration routes: importing the district's reference data from files, enrolling
//! phones by QR code, people (list, create, edit, move, deactivate), one category at a
//! time, and the administrators' audit log.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use protocol::{
    AdminAuditQuery, AdminAuditView, AdminPeopleQuery, AdminPersonView, CategoryForm, CategoryView,
    Deactivate, EditPerson, EnrollmentCode, EnrollmentRequest, ErrorBody, ImportQuery,
    ImportReport, MoveWorker, NewPerson, OneTimePassword,
};

use super::extract::{Body, Json, PublicUrl, Query};
use crate::error::Result;
use crate::sessions::Caller;
use crate::state::AppState;

/// Import a district's reference data from a file (administrators): the hierarchy,
/// buildings, people or categories as CSV or an Excel workbook, grids as GeoJSON. A file with problems is refused whole (422) with every problem
/// by sheet, row and column; nothing is stored. `dry_run` reports without storing.
#[utoipa::path(post, path = "/v1/admin/import/{kind}", tag = "admin", security(("bearer" = [])),
    params(("kind" = String, Path, description = "What the file holds: hierarchy, grids, buildings, people or categories"), ImportQuery),
    request_body(content = Vec<u8>, description = "The file: CSV (UTF-8) or .xlsx; GeoJSON for grids", content_type = "application/octet-stream"),
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

/// Make an enrollment code for a person's phone: a QR code that signs it in once, with no
/// password (administrators for anyone; community dispatchers for their community's grid
/// workers and reporters).
#[utoipa::path(post, path = "/v1/admin/enrollments", tag = "admin", security(("bearer" = [])),
    request_body = EnrollmentRequest,
    responses(
        (status = 201, description = "The code, shown once", body = EnrollmentCode),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not allowed to enroll this person", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn create_enrollment(
    State(state): State<AppState>,
    caller: Caller,
    PublicUrl(server): PublicUrl,
    Json(req): Json<EnrollmentRequest>,
) -> Result<(StatusCode, axum::Json<EnrollmentCode>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(crate::enrollments::create(&state, &caller, req, server).await?),
    ))
}

/// The administrators' audit log, newest first (administrators).
#[utoipa::path(get, path = "/v1/admin/audit", tag = "admin", security(("bearer" = [])),
    params(AdminAuditQuery),
    responses(
        (status = 200, description = "A page of entries", body = Vec<AdminAuditView>),
        (status = 400, description = "Bad query string", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AdminAuditQuery>,
) -> Result<axum::Json<Vec<AdminAuditView>>> {
    Ok(axum::Json(
        crate::admin_audit::page(&state, &caller, q).await?,
    ))
}

/// People, searchable by user name, name or phone, filtered by community and role
/// (administrators).
#[utoipa::path(get, path = "/v1/admin/people", tag = "admin", security(("bearer" = [])),
    params(AdminPeopleQuery),
    responses(
        (status = 200, description = "People by user name", body = Vec<AdminPersonView>),
        (status = 400, description = "Bad query string", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn people(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AdminPeopleQuery>,
) -> Result<axum::Json<Vec<AdminPersonView>>> {
    Ok(axum::Json(
        crate::people_admin::list(&state, &caller, q).await?,
    ))
}

/// Move a grid worker to other grids; their open tasks stay with them or go to the
/// full-time worker who still covers each task's grid. Their phones rebuild their copy
/// at the next sync, so nothing of the old grids stays on them (administrators).
#[utoipa::path(post, path = "/v1/admin/people/{username}/move", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path, description = "The worker's user name")),
    request_body = MoveWorker,
    responses(
        (status = 200, description = "Moved", body = AdminPersonView),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Not a grid worker, an unknown grid, or a task with no one to go to", body = ErrorBody),
    ))]
pub async fn move_worker(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
    Json(req): Json<MoveWorker>,
) -> Result<axum::Json<AdminPersonView>> {
    Ok(axum::Json(
        crate::people_admin::move_worker(&state, &caller, username, req).await?,
    ))
}

/// Deactivate a person: no more sign-in, every device revoked at once (each wipes its copy
/// at its next contact), history kept (administrators).
#[utoipa::path(post, path = "/v1/admin/people/{username}/deactivate", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path, description = "The person's user name")),
    request_body = Deactivate,
    responses(
        (status = 200, description = "Deactivated", body = AdminPersonView),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Administrators cannot deactivate themselves", body = ErrorBody),
    ))]
pub async fn deactivate(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
    Json(req): Json<Deactivate>,
) -> Result<axum::Json<AdminPersonView>> {
    Ok(axum::Json(
        crate::people_admin::deactivate(&state, &caller, username, req).await?,
    ))
}

/// Create a person, checked as a row of the people table is; they have no password, so
/// their phone is enrolled by QR code (administrators).
#[utoipa::path(post, path = "/v1/admin/people", tag = "admin", security(("bearer" = [])),
    request_body = NewPerson,
    responses(
        (status = 201, description = "Created", body = AdminPersonView),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 409, description = "The username is taken", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is wrong (each named with its reason)", body = ErrorBody),
    ))]
pub async fn create_person(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<NewPerson>,
) -> Result<(StatusCode, axum::Json<AdminPersonView>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(crate::person_form::create(&state, &caller, req).await?),
    ))
}

/// Change a person's name, phone, role or area. A changed scope reaches their phones at
/// the next sync; a grid worker's grids change here only if no open task of theirs is in
/// a grid they leave (the move route decides where such tasks go) (administrators).
#[utoipa::path(patch, path = "/v1/admin/people/{username}", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path, description = "The person's user name")),
    request_body = EditPerson,
    responses(
        (status = 200, description = "Changed (or unchanged)", body = AdminPersonView),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is wrong, or open tasks would be left behind", body = ErrorBody),
    ))]
pub async fn edit_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
    Json(req): Json<EditPerson>,
) -> Result<axum::Json<AdminPersonView>> {
    Ok(axum::Json(
        crate::person_form::edit(&state, &caller, username, req).await?,
    ))
}

/// Add or change one category: names, routing, time limits per priority, retired. Checked
/// as a row of the categories table (absent fields keep the stored value; a new code needs
/// them all), then published to every device (administrators).
#[utoipa::path(put, path = "/v1/admin/categories/{code}", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path, description = "The category's four-digit code, e.g. 0101")),
    request_body = CategoryForm,
    responses(
        (status = 200, description = "Stored (or unchanged)", body = CategoryView),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is wrong (each named with its reason)", body = ErrorBody),
    ))]
pub async fn put_category(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Json(form): Json<CategoryForm>,
) -> Result<axum::Json<CategoryView>> {
    Ok(axum::Json(
        crate::reference::categories::put_one(&state, &caller, code, form).await?,
    ))
}

/// Reset a person's password to a one-time password, shown once; signing in with it asks
/// for a new password first (administrators).
#[utoipa::path(post, path = "/v1/admin/people/{username}/password", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path, description = "The person's user name")),
    responses(
        (status = 200, description = "The one-time password", body = OneTimePassword),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 422, description = "Administrators change their own password themselves", body = ErrorBody),
    ))]
pub async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
) -> Result<axum::Json<OneTimePassword>> {
    Ok(axum::Json(
        crate::one_time_passwords::reset(&state, &caller, username).await?,
    ))
}
