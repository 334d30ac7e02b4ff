//! The OpenAPI document: title, security scheme and the shared error schema. The
//! operations are collected from the handlers by `utoipa_axum::routes!` in `http::router`,
//! so a route cannot exist without its documentation.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Wangge sync service",
        description = "Offline-first sync for grid governance: sessions, push/pull, photos, the case loop, dispatch and KPIs. Errors are `{code, message}`."
    ),
    modifiers(&BearerAuth),
    components(schemas(protocol::ErrorBody, protocol::CaseView, protocol::CategoryView,
        protocol::GridView, protocol::PersonView, protocol::PatrolView, protocol::CheckinView, protocol::BuildingView,
        protocol::ReportCreate, protocol::TaskRef, protocol::TaskResolve, protocol::TaskReturn,
        protocol::PatrolStart, protocol::PatrolCheckin, protocol::PatrolEnd)),
    tags(
        (name = "sessions", description = "Sign in, refresh, devices"),
        (name = "sync", description = "Push, pull, events"),
        (name = "blobs", description = "Photos, content-addressed and resumable"),
        (name = "cases", description = "Dispatcher actions and read APIs"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
