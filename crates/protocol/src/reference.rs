//! Reference data a device receives through pull: categories, grids with their polygons,
//! people (workers for dispatchers), and patrols.

use domain::{
    BuildingCode, CategoryCode, CategoryKind, CommunityCode, GridCode, PersonId, Role, Routing,
    Scope,
};
use serde::{Deserialize, Serialize};

use crate::mutation::PatrolId;

/// A district, street or community: its code and name, for every device (names shown
/// beside codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaView {
    /// `district`, `street` or `community`.
    pub level: String,
    #[cfg_attr(feature = "openapi", schema(example = "130302001001"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "红旗里社区"))]
    pub name: String,
}

/// A category with its time limits in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0101"))]
    pub code: CategoryCode,
    /// `event` or `component`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "event"))]
    pub kind: CategoryKind,
    pub major_name_zh: String,
    pub name_zh: String,
    pub name_en: String,
    /// Minutes to accept, per priority (`urgent`, `high`, `normal`).
    pub accept_minutes: [u32; 3],
    /// Minutes to resolve, per priority (`urgent`, `high`, `normal`).
    pub resolve_minutes: [u32; 3],
    /// `grid_worker` (dispatched at once to the grid's worker), `community_queue`, or
    /// `department` (dispatched at once to a handler of `department`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "community_queue"))]
    pub routing: Routing,
    /// The organisation a `department` routing sends the category's cases to.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub department: Option<domain::OrgCode>,
    /// A retired category takes no new reports; cases that have it keep it.
    #[serde(default)]
    pub retired: bool,
}

/// A grid with its boundary (GeoJSON geometry, WGS-84).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "130302001001001"))]
    pub code: GridCode,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "130302001001"))]
    pub community: CommunityCode,
    pub name: String,
    /// A GeoJSON Polygon or MultiPolygon.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub geometry: serde_json::Value,
}

/// A building (楼栋) in a grid, where patrols check in and placards hang.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuildingView {
    /// `GRIDCODE-NNN`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "130302001001001-003"))]
    pub code: BuildingCode,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "130302001001001"))]
    pub grid: GridCode,
    pub name: String,
    /// WGS-84.
    pub lon: f64,
    pub lat: f64,
    /// Its units' (单元) names, `1`, `2`, … or as the district names them; none for a
    /// building without units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    /// The building head (楼栋长), named on its placards, where the district set one.
    #[serde(default)]
    pub head: Option<BuildingHead>,
    /// Unit heads (单元长) by unit name, named on their units' placards.
    #[serde(default)]
    pub unit_heads: std::collections::BTreeMap<String, BuildingHead>,
}

/// A building's or unit's head (楼栋长, 单元长): a resident who serves as its contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuildingHead {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A person as others see them: name, role, area and placard phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: PersonId,
    pub username: String,
    pub name: String,
    /// `full_time_grid_worker`, `part_time_grid_worker`, `information_reporter`,
    /// `community_dispatcher`, `street_dispatcher`, `district_commander`, `administrator`,
    /// `department_handler`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub role: Role,
    /// `{level: grids|community|street|district, code}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub scope: Scope,
    pub phone: Option<String>,
    /// A department handler's organisation: its code and name (null for everyone else).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub organisation: Option<domain::OrgCode>,
    #[serde(default)]
    pub organisation_name: Option<String>,
}

/// A patrol: a walk through buildings with check-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatrolView {
    pub id: PatrolId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub person_id: PersonId,
    /// Unix milliseconds (device clock).
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub checkins: Vec<CheckinView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinView {
    /// The check-in's own id, when the phone sent one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    pub building: String,
    pub unit: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub note: String,
    /// The phone's time of the check-in, unix ms (shown; a phone's clock may be wrong).
    pub at: i64,
    /// The grid the check-in lies in, when it lies in one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub grid: Option<GridCode>,
    /// When the server received it, unix ms, on the server's clock (0 for check-ins
    /// stored before this was kept).
    #[serde(default)]
    pub received_at: i64,
    /// The phone's time cannot be right: ahead of the server's receipt, long before it,
    /// or before the patrol began.
    #[serde(default)]
    pub clock_suspect: bool,
}
