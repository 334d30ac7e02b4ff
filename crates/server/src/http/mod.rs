//! The HTTP API: the router with its limits, one thin handler per route (in a module
//! per area), extractors whose errors are `{code, message}`, and the OpenAPI document.

mod admin;
mod blobs;
mod cases;
mod desk;
pub mod doc;
mod exports;
mod extract;
mod join;
mod open311;
mod placards;
mod sessions;
mod sync;
mod web;

use axum::Router;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::Error;
use crate::state::AppState;

/// Readiness, for load balancers: `ok` while storage answers a cheap query within a few
/// seconds, else 503. No authentication.
#[utoipa::path(get, path = "/v1/health", tag = "sessions",
    responses(
        (status = 200, description = "Ready: storage answers", body = String),
        (status = 503, description = "`storage_unavailable`: storage does not answer; send traffic elsewhere", body = protocol::ErrorBody),
    ))]
async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, Error> {
    crate::health::ready(&state).await.map(|()| "ok")
}

/// A file to download: its bytes with their type and the name to save them under.
fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> axum::response::Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// Runs a request within `deadline`, reading its body included: a client that stalls gets
/// 408 instead of holding its connection and a worker.
async fn within(
    deadline: Duration,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    match tokio::time::timeout(deadline, next.run(req)).await {
        Ok(response) => response,
        Err(_) => Error::RequestTimeout(format!(
            "the request took longer than {} s",
            deadline.as_secs()
        ))
        .into_response(),
    }
}

/// The routes and their OpenAPI document, collected together.
pub fn api(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let blob_limit = usize::try_from(state.config().max_blob_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    let blob_routes = OpenApiRouter::new()
        .routes(routes!(
            blobs::head_blob,
            blobs::get_blob,
            blobs::put_blob,
            blobs::patch_blob
        ))
        .layer(DefaultBodyLimit::max(blob_limit));
    let json_routes = OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(sessions::sign_in))
        .routes(routes!(sessions::change_password))
        .routes(routes!(sessions::enroll))
        .routes(routes!(sessions::refresh))
        .routes(routes!(sessions::me))
        .routes(routes!(web::sign_in, web::sign_out))
        .routes(routes!(web::refresh))
        .routes(routes!(desk::directory))
        .routes(routes!(desk::buildings))
        .routes(routes!(desk::board))
        .routes(routes!(sessions::list_devices))
        .routes(routes!(sessions::revoke_device))
        .routes(routes!(sync::push))
        .routes(routes!(sync::push_revoked))
        .routes(routes!(sync::pull))
        .routes(routes!(cases::list, cases::file))
        .routes(routes!(cases::send_tasks))
        .routes(routes!(cases::warnings))
        .routes(routes!(cases::nearby))
        .routes(routes!(cases::detail))
        .routes(routes!(cases::act))
        .routes(routes!(cases::kpis))
        .routes(routes!(exports::cases))
        .routes(routes!(exports::assessment))
        .routes(routes!(placards::list))
        .routes(routes!(placards::print))
        .routes(routes!(join::units))
        .routes(routes!(join::members))
        .routes(routes!(join::list))
        .routes(routes!(join::status))
        .routes(routes!(join::claims))
        .routes(routes!(join::decide))
        .routes(routes!(join::qr))
        .routes(routes!(join::figures))
        .routes(routes!(admin::create_enrollment))
        .routes(routes!(admin::audit))
        .routes(routes!(admin::people, admin::create_person))
        .routes(routes!(admin::edit_person))
        .routes(routes!(admin::put_category))
        .routes(routes!(admin::reset_password))
        .routes(routes!(admin::move_worker))
        .routes(routes!(admin::deactivate))
        .layer(DefaultBodyLimit::max(state.config().max_body_bytes));
    let import_routes = OpenApiRouter::new()
        .routes(routes!(admin::import))
        .layer(DefaultBodyLimit::max(tables::MAX_FILE_BYTES));
    let deadline = Duration::from_secs(state.config().request_timeout_secs.max(1));
    let bounded =
        json_routes
            .merge(blob_routes)
            .merge(import_routes)
            .layer(axum::middleware::from_fn(move |req, next| {
                within(deadline, req, next)
            }));
    // Event streams stay open for as long as their session holds: no deadline.
    let streams = OpenApiRouter::new().routes(routes!(sync::events));
    let (router, mut openapi) = OpenApiRouter::with_openapi(doc::ApiDoc::openapi())
        .merge(bounded)
        .merge(streams)
        .split_for_parts();
    doc::complete(&mut openapi, state.config());
    (router, openapi)
}

/// The whole service as an axum router.
pub fn router(state: AppState) -> Router {
    let (routes, openapi) = api(&state);
    let doc = openapi.clone();
    routes
        .route(
            "/v1/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { axum::Json(doc) }
            }),
        )
        // The public pages of placards' QR codes: no sign-in, no API version.
        // Open311 GeoReport v2, for other city systems and the 12345 hotline.
        .route(
            "/open311/v2/{file}",
            axum::routing::get(open311::list).post(open311::post),
        )
        .route(
            "/open311/v2/{kind}/{file}",
            axum::routing::get(open311::one),
        )
        .route("/e/{building}", axum::routing::get(placards::building_page))
        // The public 双报到 page of a community's QR code.
        .route("/join/{community}", axum::routing::get(join::page))
        .route(
            "/e/{building}/{unit}",
            axum::routing::get(placards::unit_page),
        )
        // The desk for browsers (when the server has a `web_root`), else a JSON 404.
        .fallback(web::files_or_not_found)
        .method_not_allowed_fallback(|| async {
            (
                StatusCode::METHOD_NOT_ALLOWED,
                axum::Json(protocol::ErrorBody {
                    code: "method_not_allowed".into(),
                    message: "this route does not take that method".into(),
                }),
            )
                .into_response()
        })
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
