//! Session and device routes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use protocol::{
    ChangePassword, DeviceId, DeviceView, Enroll, ErrorBody, Me, RefreshRequest, Revoke,
    SessionTokens, SignIn,
};

use super::extract::{ClientAddr, Json, JsonOrNothing};
use crate::error::{Error, Result};
use crate::sessions::{self, Caller};
use crate::state::AppState;
use crate::wire;

/// Replace one's password (a one-time password an administrator reset must be replaced
/// before signing in); then sign in with the new one.
#[utoipa::path(post, path = "/v1/sessions/password", tag = "sessions", request_body = ChangePassword,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Bad request, or a new password the policy refuses (`weak_password`)", body = ErrorBody),
        (status = 401, description = "Wrong user name or password, or a deactivated person", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins from this address or for this name: wait", body = ErrorBody),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<ChangePassword>,
) -> Result<StatusCode> {
    crate::one_time_passwords::change(&state, req, client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sign a device in with a user name and password.
#[utoipa::path(post, path = "/v1/sessions", tag = "sessions", request_body = SignIn,
    responses(
        (status = 201, description = "Signed in", body = SessionTokens),
        (status = 400, description = "Bad request: bad JSON, or a user name, password or device name out of bounds", body = ErrorBody),
        (status = 401, description = "Wrong user name or password; or `password_change_required`: a one-time password, to be changed first", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins from this address or for this name: wait", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<SignIn>,
) -> Result<(StatusCode, axum::Json<SessionTokens>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(sessions::sign_in(&state, req, client).await?),
    ))
}

/// Sign a phone in with an enrollment code (from the QR code an administrator or a
/// community dispatcher made), no password. A code works once, until it expires.
#[utoipa::path(post, path = "/v1/sessions/enroll", tag = "sessions", request_body = Enroll,
    responses(
        (status = 201, description = "Signed in", body = SessionTokens),
        (status = 400, description = "Bad request: bad JSON, a code or device name out of bounds", body = ErrorBody),
        (status = 401, description = "The code is unknown (`enrollment_unknown`), used (`enrollment_used`) or expired (`enrollment_expired`)", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn enroll(
    State(state): State<AppState>,
    Json(req): Json<Enroll>,
) -> Result<(StatusCode, axum::Json<SessionTokens>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(crate::enrollments::enroll(&state, req).await?),
    ))
}

/// Rotate a refresh token for a new pair. A reused refresh token revokes the device.
#[utoipa::path(post, path = "/v1/sessions/refresh", tag = "sessions", request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = SessionTokens),
        (status = 400, description = "Bad request", body = ErrorBody),
        (status = 401, description = "Unknown, expired, reused or revoked", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    Json(req): Json<RefreshRequest>,
) -> Result<axum::Json<SessionTokens>> {
    Ok(axum::Json(
        sessions::refresh(&state, &req.refresh_token).await?,
    ))
}

/// Who this access token belongs to.
#[utoipa::path(get, path = "/v1/me", tag = "sessions", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn me(caller: Caller) -> axum::Json<Me> {
    axum::Json(Me {
        device_id: caller.device,
        person: wire::person_view(&caller.record),
    })
}

/// Every device (administrators).
#[utoipa::path(get, path = "/v1/devices", tag = "sessions", security(("bearer" = [])),
    responses(
        (status = 200, description = "Devices", body = Vec<DeviceView>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn list_devices(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<DeviceView>>> {
    Ok(axum::Json(
        crate::devices::list_devices(&state, &caller).await?,
    ))
}

/// Revoke a device (administrators; anyone their own): its tokens stop working.
#[utoipa::path(post, path = "/v1/devices/{id}/revoke", tag = "sessions", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Device id")),
    request_body(content = Revoke, description = "Optional: the reason the phone is told"),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "Bad id", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody),
        (status = 404, description = "No such device", body = ErrorBody),
        (status = 415, description = "A body that is not JSON", body = ErrorBody),
        (status = 422, description = "A reason too long", body = ErrorBody),
    ))]
pub async fn revoke_device(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonOrNothing(req): JsonOrNothing<Revoke>,
) -> Result<StatusCode> {
    let id = DeviceId::parse(&id).map_err(|e| Error::bad_request("bad_id", e.to_string()))?;
    crate::devices::revoke_device(&state, &caller, id, req).await?;
    Ok(StatusCode::NO_CONTENT)
}
