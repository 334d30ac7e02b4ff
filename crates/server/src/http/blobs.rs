//! Photo blobs: HEAD to learn what arrived, PUT whole, PATCH to append at an offset,
//! GET to download.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::PhotoHash;
use protocol::{BlobReceipt, ErrorBody, UPLOAD_LENGTH, UPLOAD_OFFSET};

use super::extract::Body;
use crate::error::{Error, Result};
use crate::photo_files::BlobStatus;
use crate::sessions::Caller;
use crate::state::AppState;

fn parse_hash(s: &str) -> Result<PhotoHash> {
    PhotoHash::parse(s).map_err(|e| Error::bad_request("bad_hash", e.to_string()))
}

fn header_u64(headers: &HeaderMap, name: &str) -> Result<u64> {
    headers
        .get(name)
        .ok_or_else(|| {
            Error::bad_request("missing_header", format!("the {name} header is required"))
        })?
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| Error::bad_request("bad_header", format!("{name} must be a whole number")))
}

/// What the server holds of a blob: 200 when complete, 404 otherwise; `upload-offset`
/// says how many bytes arrived (where to resume).
#[utoipa::path(head, path = "/v1/blobs/{hash}", tag = "blobs", security(("bearer" = [])),
    params(("hash" = String, Path, description = "sha256, 64 hex digits", pattern = "^[0-9a-f]{64}$")),
    responses(
        (status = 200, description = "Complete", headers(("upload-offset" = u64))),
        (status = 400, description = "Bad hash"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "Absent or partial", headers(("upload-offset" = u64))),
    ))]
pub async fn head_blob(
    State(state): State<AppState>,
    caller: Caller,
    Path(hash): Path<String>,
) -> Result<Response> {
    let hash = parse_hash(&hash)?;
    let (status, held) = match crate::photo_access::status(&state, &caller, &hash).await? {
        BlobStatus::Complete(n) => (StatusCode::OK, n),
        BlobStatus::Partial(n) => (StatusCode::NOT_FOUND, n),
        BlobStatus::Absent => (StatusCode::NOT_FOUND, 0),
    };
    let mut response = status.into_response();
    response
        .headers_mut()
        .insert(UPLOAD_OFFSET, HeaderValue::from(held));
    Ok(response)
}

/// Download a blob: its uploader, or anyone who may see a case that refers to it.
#[utoipa::path(get, path = "/v1/blobs/{hash}", tag = "blobs", security(("bearer" = [])),
    params(("hash" = String, Path, description = "sha256, 64 hex digits", pattern = "^[0-9a-f]{64}$")),
    responses(
        (status = 200, description = "The bytes", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, description = "Bad hash", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "Not here or not yours to see", body = ErrorBody),
    ))]
pub async fn get_blob(
    State(state): State<AppState>,
    caller: Caller,
    Path(hash): Path<String>,
) -> Result<Response> {
    let hash = parse_hash(&hash)?;
    let bytes = crate::photo_access::read(&state, &caller, &hash).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/octet-stream")],
        bytes,
    )
        .into_response())
}

/// Upload a whole blob. The bytes must hash to the name.
#[utoipa::path(put, path = "/v1/blobs/{hash}", tag = "blobs", security(("bearer" = [])),
    params(("hash" = String, Path, description = "sha256, 64 hex digits", pattern = "^[0-9a-f]{64}$")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored", body = BlobReceipt),
        (status = 400, description = "Bad hash", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The photo belongs to another person's upload", body = ErrorBody),
        (status = 413, description = "Larger than the largest photo the server takes", body = ErrorBody),
        (status = 422, description = "Bytes do not match the hash", body = ErrorBody),
    ))]
pub async fn put_blob(
    State(state): State<AppState>,
    caller: Caller,
    Path(hash): Path<String>,
    Body(body): Body,
) -> Result<(StatusCode, axum::Json<BlobReceipt>)> {
    let hash = parse_hash(&hash)?;
    let receipt = crate::photo_access::put(&state, &caller, hash, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(receipt)))
}

/// Append bytes at `upload-offset` of a blob of `upload-length` bytes. When the last
/// byte arrives the hash is checked; on mismatch the upload is dropped (422). Bytes that
/// would reach past `upload-length` are refused (422).
#[utoipa::path(patch, path = "/v1/blobs/{hash}", tag = "blobs", security(("bearer" = [])),
    params(
        ("hash" = String, Path, description = "sha256, 64 hex digits", pattern = "^[0-9a-f]{64}$"),
        ("upload-offset" = u64, Header, description = "Where these bytes go"),
        ("upload-length" = u64, Header, description = "Total size of the blob, at most the largest photo the server takes"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Appended", body = BlobReceipt),
        (status = 400, description = "Bad hash or headers", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The photo belongs to another person's upload", body = ErrorBody),
        (status = 409, description = "Offset is not what the server holds", body = ErrorBody),
        (status = 413, description = "upload-length (or the body) larger than the largest photo the server takes", body = ErrorBody),
        (status = 422, description = "Bytes past upload-length, or bytes that do not match the hash", body = ErrorBody),
    ))]
pub async fn patch_blob(
    State(state): State<AppState>,
    caller: Caller,
    Path(hash): Path<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> Result<axum::Json<BlobReceipt>> {
    let hash = parse_hash(&hash)?;
    let offset = header_u64(&headers, UPLOAD_OFFSET)?;
    let total = header_u64(&headers, UPLOAD_LENGTH)?;
    Ok(axum::Json(
        crate::photo_access::append(&state, &caller, hash, offset, total, &body).await?,
    ))
}
