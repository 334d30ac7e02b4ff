//! The district board (指挥平台): the grids of the caller's area with their outlines, every
//! open case as a point, today's counts and the escalation list, in one read.

use serde::{Deserialize, Serialize};

/// A grid as the board draws it: its outline (GeoJSON Polygon or MultiPolygon, WGS-84).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardGrid {
    pub code: String,
    pub community: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[cfg_attr(feature = "ts", ts(type = "GridGeometry"))]
    pub geometry: serde_json::Value,
}

/// An open case as a point on the board (WGS-84).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardCase {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub id: domain::CaseId,
    /// The case state, snake_case.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "dispatched"))]
    pub state: domain::CaseState,
    pub category: String,
    pub category_name: String,
    pub description: String,
    /// The grid; absent for a report outside every grid.
    pub grid: Option<String>,
    pub community: String,
    pub lon: f64,
    pub lat: f64,
    /// Unix milliseconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub reported_at: i64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub due_at: Option<i64>,
    pub overdue: bool,
    /// 0 none, 1 the community alerted, 2 the street, 3 the district command centre.
    pub escalation: u8,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "app"))]
    pub source: domain::Source,
    /// Who has it now, by name.
    pub assignee_name: Option<String>,
}

/// Today's counts in the caller's area, "today" being the calendar day in China Standard
/// Time (UTC+8) that holds `at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardCounts {
    /// Cases reported today.
    pub reported: u32,
    /// Cases accepted today, and of today's reports those accepted within an hour of
    /// being reported (the one-hour response).
    pub accepted: u32,
    pub accepted_within_hour: u32,
    /// Cases dispatched, resolved and closed today.
    pub dispatched: u32,
    pub resolved: u32,
    pub closed: u32,
    /// Open cases now past their deadline, and how far they have escalated.
    pub overdue: u32,
    pub overdue_community: u32,
    pub overdue_street: u32,
    pub overdue_district: u32,
}

/// `GET /v1/board`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardView {
    /// When the board was read, and the start of that day (UTC+8), unix milliseconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub day_start: i64,
    pub grids: Vec<BoardGrid>,
    /// The open cases, overdue first, then the most recently reported; at most
    /// [`BOARD_MAX_CASES`] (`open_total` says how many there are).
    pub cases: Vec<BoardCase>,
    pub open_total: u32,
    pub today: BoardCounts,
    /// Overdue cases that escalated, the highest level first, then the longest overdue.
    pub escalations: Vec<BoardCase>,
}

/// The most open cases one board read carries.
pub const BOARD_MAX_CASES: usize = 5000;
