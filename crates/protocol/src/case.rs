//! Cases on the wire: what devices and desktops see of a case, the dispatcher's actions,
//! lists, detail with audit trail, and nearby duplicates.

use domain::{
    ActionKind, CaseId, CaseState, CategoryCode, CommunityCode, GridCode, PersonId, PhotoHash,
    Priority,
};
use serde::{Deserialize, Serialize};

/// WGS-84 longitude and latitude.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub lon: f64,
    pub lat: f64,
}

/// A case as everyone who may see it sees it (pull `case` entities and read APIs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: CaseId,
    /// The grid the report lies in; absent when it lies outside every grid.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub grid: Option<GridCode>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub community: CommunityCode,
    /// Reported outside every grid: routed to the reporter's community dispatcher.
    pub outside_grid: bool,
    /// The domain's case state, snake_case (`reported`, `accepted`, `in_progress`, …).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "reported"))]
    pub state: CaseState,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0101"))]
    pub category: CategoryCode,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "normal"))]
    pub priority: Priority,
    pub description: String,
    pub location: Location,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub photos: Vec<PhotoHash>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub reporter: PersonId,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub assignee: Option<PersonId>,
    pub self_resolved: bool,
    /// Unix milliseconds.
    pub reported_at: i64,
    pub updated_at: i64,
    /// When the current step is due (accept, then resolve), unix milliseconds.
    pub due_at: Option<i64>,
    pub overdue: bool,
    /// How far an overdue case has escalated: 0 none, 1 the community dispatcher is
    /// alerted, 2 the street, 3 the district command centre.
    pub escalation: u8,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub duplicate_of: Option<CaseId>,
    pub resolution: Option<Resolution>,
    /// Evidence that arrived for a task no longer assigned to its sender.
    pub conflicts: Vec<ConflictView>,
    pub rework_count: u32,
}

/// The evidence of the work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resolution {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub by: Option<PersonId>,
    pub at: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub photos: Vec<PhotoHash>,
    pub note: String,
}

/// Evidence kept on the case for a dispatcher to look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub by: PersonId,
    /// Server time it arrived.
    pub at: i64,
    pub reason: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub photos: Vec<PhotoHash>,
    pub note: String,
}

/// An action of a dispatcher or commander, `POST /v1/cases/{id}/actions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseAction {
    /// 立案.
    Accept,
    /// Not a case: with a reason, or as a duplicate of another case.
    Reject {
        #[serde(default)]
        reason: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
        #[serde(default)]
        duplicate_of: Option<CaseId>,
    },
    /// Merge this report into an open case (a duplicate).
    Merge {
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        into: CaseId,
    },
    /// 派遣 to a grid worker; the deadline defaults to the category's resolve limit.
    Dispatch {
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        worker: PersonId,
        #[serde(default)]
        due_at: Option<i64>,
    },
    Reassign {
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        worker: PersonId,
        #[serde(default)]
        due_at: Option<i64>,
    },
    /// 核实: pass, or fail back for rework (返工).
    Verify {
        pass: bool,
        #[serde(default)]
        note: String,
    },
    /// 结案.
    Close,
    Reopen {
        #[serde(default)]
        reason: String,
    },
}

/// `GET /v1/cases` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct CaseFilter {
    /// A grid, community, street or district code inside the caller's scope.
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^([0-9]{6}|[0-9]{9}|[0-9]{12}|[0-9]{15})$")
    )]
    pub area: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, example = "reported"))]
    pub state: Option<CaseState>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, pattern = "^[0-9]{4}$"))]
    pub category: Option<CategoryCode>,
    pub open: Option<bool>,
    pub overdue: Option<bool>,
    /// Default 100; larger values are capped at 1000.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseList {
    pub cases: Vec<CaseView>,
    pub total: u64,
}

/// A photo of a case and whether its bytes have arrived ("evidence pending").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoRef {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub hash: PhotoHash,
    pub present: bool,
}

/// One entry of a case's audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    pub at: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub actor: Option<PersonId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "dispatch"))]
    pub action: AuditAction,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub from: Option<CaseState>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "dispatched"))]
    pub to: CaseState,
    /// The full entry as the domain records it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
}

/// What an audit entry records: a step of the domain's loop, or a note the service writes
/// itself. On the wire both are one snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum AuditAction {
    Loop(ActionKind),
    Service(ServiceAction),
}

/// Audit entries the service writes that are not transitions of the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ServiceAction {
    /// Evidence arrived for a task no longer assigned to its sender.
    Conflict,
    /// Another report was merged into this case.
    Merge,
    /// The deadline sweep raised the escalation.
    Escalate,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDetail {
    pub case: CaseView,
    pub photos: Vec<PhotoRef>,
    pub audit: Vec<AuditView>,
}

/// `GET /v1/cases/nearby`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct NearbyQuery {
    #[cfg_attr(feature = "openapi", param(minimum = -180, maximum = 180))]
    pub lon: f64,
    #[cfg_attr(feature = "openapi", param(minimum = -90, maximum = 90))]
    pub lat: f64,
    /// A category code, four digits.
    #[cfg_attr(feature = "openapi", param(pattern = "^[0-9]{4}$"))]
    pub category: String,
    /// Metres; default 100, at most 5000.
    #[cfg_attr(feature = "openapi", param(exclusive_minimum = 0, maximum = 5000))]
    pub radius_m: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyCase {
    pub case: CaseView,
    pub distance_m: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyCases {
    pub cases: Vec<NearbyCase>,
}
