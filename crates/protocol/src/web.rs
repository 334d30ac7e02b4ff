//! The desk in a browser: its sign-in (the refresh token kept in an HttpOnly cookie, never
//! seen by scripts) and the directory of names the browser desk shows beside codes.

use serde::{Deserialize, Serialize};

use crate::reference::{AreaView, CategoryView, GridView, PersonView};
use crate::session::DeviceId;

/// The cookie holding a browser's refresh token: HttpOnly, SameSite=Strict, sent only to
/// the browser session routes.
pub const WEB_REFRESH_COOKIE: &str = "wangge_refresh";
/// The cookie a browser's scripts read and echo in [`CSRF_HEADER`] to refresh or end the
/// session (double submit: another site can neither read it nor set the header).
pub const WEB_CSRF_COOKIE: &str = "wangge_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// `POST /v1/web/session`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebSignIn {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub password: String,
}

/// A browser's session: the access token for `Authorization: Bearer …`, kept in the
/// page's memory only; the refresh token is in the HttpOnly cookie.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebSession {
    pub device_id: DeviceId,
    pub person: PersonView,
    pub access_token: String,
    /// Unix milliseconds.
    pub access_expires_at: i64,
}

/// `GET /v1/buildings?grid=`: a grid's buildings (desk roles in their own area).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct BuildingsQuery {
    /// A grid code (15 digits) in the caller's area.
    pub grid: String,
}

/// `GET /v1/directory`: what a desk shows beside codes, in the caller's area: category
/// names, the district's streets and communities, the grids with their outlines, and the
/// people (with their departments).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Directory {
    pub categories: Vec<CategoryView>,
    pub areas: Vec<AreaView>,
    pub grids: Vec<GridView>,
    pub people: Vec<PersonView>,
}
