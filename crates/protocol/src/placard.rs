//! 网格公示 placards: the list of a community's entrances with their placards' state, the
//! print request (a PDF answer), and the public page's facts.

use serde::{Deserialize, Serialize};

/// Where one entrance's placard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PlacardStatus {
    /// Never printed.
    Unprinted,
    /// Printed, but what it shows has changed since (a worker, a phone, the boundary…):
    /// to be reprinted.
    Stale,
    /// The newest print is not yet confirmed posted at the entrance.
    ToPost,
    /// The newest print hangs at the entrance and is current.
    Posted,
}

/// `GET /v1/placards?community=`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct PlacardQuery {
    /// A community code (12 digits) in the caller's scope.
    pub community: String,
}

/// One entrance (a building, or one of its units) and its placard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlacardEntry {
    /// `building` or `building/unit`: what the print request and check-ins name.
    pub entrance: String,
    pub building: String,
    pub building_name: String,
    pub unit: Option<String>,
    pub grid: String,
    pub grid_name: String,
    pub status: PlacardStatus,
    /// For a stale placard, what changed since it was printed: `workers`, `grid`,
    /// `boundary`, `entrance`, `community_contact`, `address`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub printed_at: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub posted_at: Option<i64>,
    /// Who confirmed it posted.
    pub posted_by: Option<String>,
    /// The entrance's stable address, the placard's QR code.
    pub url: String,
}

/// A community's entrances with their placards, in building and unit order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlacardList {
    pub community: String,
    pub community_name: String,
    pub entries: Vec<PlacardEntry>,
    pub unprinted: u32,
    pub stale: u32,
    pub to_post: u32,
    pub posted: u32,
}

/// Which of a community's placards to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PlacardSelection {
    /// Every entrance.
    #[default]
    All,
    /// Those printed whose details have changed since (the reprint).
    Stale,
    /// Those never printed.
    Unprinted,
    /// The entrances named in `entrances`.
    Listed,
}

/// `POST /v1/placards/print` → `application/pdf`, a page per placard; each printed
/// placard's version is recorded, so it reads `to_post` until a worker confirms it posted.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PlacardPrint {
    pub community: String,
    #[serde(default)]
    pub which: PlacardSelection,
    /// With `which: listed`.
    #[serde(default)]
    pub entrances: Vec<String>,
    /// `a5` (the default) or `a4`.
    #[serde(default)]
    pub size: Option<String>,
}
