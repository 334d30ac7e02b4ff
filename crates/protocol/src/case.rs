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
    /// The department (organisation code) of the current handler, when a department's
    /// handler has the task.
    #[serde(default)]
    pub department: Option<String>,
    /// 吹哨: the parts of a joint case, one department's task each.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    #[serde(default)]
    pub parts: Vec<CaseId>,
    /// The joint case this task is a part of.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    #[serde(default)]
    pub part_of: Option<CaseId>,
    /// A part's department reports in (报到: acknowledges) by then, unix milliseconds;
    /// absent once it has.
    #[serde(default)]
    pub report_in_due: Option<i64>,
    /// How the case came in: `app`, `desk`, `hotline`, `open311` or `task` (由上至下).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "app"))]
    #[serde(default)]
    pub source: domain::Source,
    /// Its number in the system it came from (a 12345 ticket), if any.
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// `POST /v1/cases`: a dispatcher or the commander files a case at the desk (a phone call,
/// a 12345 hotline ticket) or sends a task from above; it is accepted (立案) at once, placed
/// in the grid that holds the point, and dispatched to `worker` when one is named.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    /// Made by the caller, so a form sent twice files one case; a new one when absent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    #[serde(default)]
    pub id: Option<CaseId>,
    /// `desk` (the default), `hotline` or `task`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "hotline"))]
    #[serde(default)]
    pub source: Option<domain::Source>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "5305"))]
    pub category: CategoryCode,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "normal"))]
    #[serde(default)]
    pub priority: Option<Priority>,
    pub lon: f64,
    pub lat: f64,
    #[serde(default)]
    pub address: String,
    // At most `domain::limits::DESCRIPTION_CHARS` characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: String,
    /// The hotline's ticket number, or another system's reference.
    #[serde(default)]
    pub external_ref: Option<String>,
    /// Dispatch at once to this grid worker or department handler.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    #[serde(default)]
    pub worker: Option<PersonId>,
    /// The dispatch deadline, unix milliseconds (default: the category's resolve limit).
    #[serde(default)]
    pub due_at: Option<i64>,
}

/// `POST /v1/tasks`: a task from above (由上至下: an inspection, a campaign) sent to the
/// grid workers of several grids at once: a case per grid, placed inside it, dispatched to
/// its full-time worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct NewTasks {
    /// 15-digit grid codes in the caller's scope.
    pub grids: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "5305"))]
    pub category: CategoryCode,
    // At most `domain::limits::DESCRIPTION_CHARS` characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: String,
    /// Unix milliseconds (default: the category's resolve limit).
    #[serde(default)]
    pub due_at: Option<i64>,
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
// Read through `StrictAction`, which refuses unknown properties on every action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[serde(from = "StrictAction")]
pub enum CaseAction {
    /// 立案.
    Accept,
    /// Not a case: with a reason, or as a duplicate of another case.
    Reject {
        // At most `domain::limits::REASON_CHARS` characters.
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        #[serde(default)]
        reason: String,
        // The pattern says what `format: uuid` says, for tools that skip the format of a
        // value that may also be null.
        #[cfg_attr(
            feature = "openapi",
            schema(
                value_type = Option<String>,
                format = Uuid,
                pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
            )
        )]
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
        // Unix milliseconds, in the future.
        #[serde(default)]
        due_at: Option<i64>,
    },
    Reassign {
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        worker: PersonId,
        // Unix milliseconds, in the future.
        #[serde(default)]
        due_at: Option<i64>,
    },
    /// 核实: pass, or fail back for rework (返工).
    Verify {
        pass: bool,
        // At most `domain::limits::NOTE_CHARS` characters.
        #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
        #[serde(default)]
        note: String,
    },
    /// 吹哨: a street dispatcher (or the commander) calls departments to an accepted case;
    /// each gets a part of it (a task to its handler with the fewest open tasks), to report
    /// in (报到) within `report_in_minutes` (default 30) and finish by `due_at` (default:
    /// the category's resolve limit). The case resolves when every part has.
    Whistle {
        /// Organisation codes, e.g. `["cg", "sz", "gs"]`.
        departments: Vec<String>,
        #[serde(default)]
        report_in_minutes: Option<u32>,
        // Unix milliseconds, in the future.
        #[serde(default)]
        due_at: Option<i64>,
    },
    /// 结案.
    Close,
    Reopen {
        // At most `domain::limits::REASON_CHARS` characters.
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        #[serde(default)]
        reason: String,
    },
}

/// How a [`CaseAction`] is read: the same, but the actions without fields are empty
/// structs, since serde's `deny_unknown_fields` passes over the unit variants of an
/// internally tagged enum (`{"action": "accept", "extra": 1}` would be taken).
#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
enum StrictAction {
    Accept {},
    Reject {
        #[serde(default)]
        reason: String,
        #[serde(default)]
        duplicate_of: Option<CaseId>,
    },
    Merge {
        into: CaseId,
    },
    Dispatch {
        worker: PersonId,
        #[serde(default, deserialize_with = "crate::whole::option_i64")]
        due_at: Option<i64>,
    },
    Reassign {
        worker: PersonId,
        #[serde(default, deserialize_with = "crate::whole::option_i64")]
        due_at: Option<i64>,
    },
    Verify {
        pass: bool,
        #[serde(default)]
        note: String,
    },
    Whistle {
        departments: Vec<String>,
        #[serde(default)]
        report_in_minutes: Option<u32>,
        #[serde(default, deserialize_with = "crate::whole::option_i64")]
        due_at: Option<i64>,
    },
    Close {},
    Reopen {
        #[serde(default)]
        reason: String,
    },
}

impl From<StrictAction> for CaseAction {
    fn from(a: StrictAction) -> Self {
        match a {
            StrictAction::Accept {} => CaseAction::Accept,
            StrictAction::Reject {
                reason,
                duplicate_of,
            } => CaseAction::Reject {
                reason,
                duplicate_of,
            },
            StrictAction::Merge { into } => CaseAction::Merge { into },
            StrictAction::Dispatch { worker, due_at } => CaseAction::Dispatch { worker, due_at },
            StrictAction::Reassign { worker, due_at } => CaseAction::Reassign { worker, due_at },
            StrictAction::Verify { pass, note } => CaseAction::Verify { pass, note },
            StrictAction::Whistle {
                departments,
                report_in_minutes,
                due_at,
            } => CaseAction::Whistle {
                departments,
                report_in_minutes,
                due_at,
            },
            StrictAction::Close {} => CaseAction::Close,
            StrictAction::Reopen { reason } => CaseAction::Reopen { reason },
        }
    }
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
    /// A case state, snake_case (the document lists them).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, example = "reported"))]
    pub state: Option<CaseState>,
    /// A category code: four digits, neither the major nor the minor class `00`.
    #[cfg_attr(
        feature = "openapi",
        param(value_type = Option<String>, pattern = "^(0[1-9]|[1-9][0-9])(0[1-9]|[1-9][0-9])$")
    )]
    pub category: Option<CategoryCode>,
    pub open: Option<bool>,
    pub overdue: Option<bool>,
    /// How the cases came in: `app`, `desk`, `hotline`, `open311` or `task`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, example = "hotline"))]
    pub source: Option<domain::Source>,
    /// Reported at or after this time, unix milliseconds.
    pub from: Option<i64>,
    /// Reported before this time, unix milliseconds.
    pub to: Option<i64>,
    /// Default 100; taken within 1 to 1000 (0 counts as 1, larger values as 1000).
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
    /// Grid boundaries changed and the case moved to the grid that now holds it.
    Place,
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
    /// A category code: four digits, neither the major nor the minor class `00`.
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(0[1-9]|[1-9][0-9])(0[1-9]|[1-9][0-9])$")
    )]
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use serde_json::json;

    #[test]
    fn case_actions_read_back_what_they_write_and_refuse_unknown_properties() {
        let id = CaseId::new();
        let worker = PersonId::random();
        let actions = [
            CaseAction::Accept,
            CaseAction::Reject {
                reason: "no".into(),
                duplicate_of: Some(id),
            },
            CaseAction::Merge { into: id },
            CaseAction::Dispatch {
                worker,
                due_at: Some(5),
            },
            CaseAction::Reassign {
                worker,
                due_at: None,
            },
            CaseAction::Verify {
                pass: false,
                note: "again".into(),
            },
            CaseAction::Close,
            CaseAction::Reopen { reason: "r".into() },
        ];
        for a in actions {
            let mut v = serde_json::to_value(&a).unwrap();
            assert_eq!(serde_json::from_value::<CaseAction>(v.clone()).unwrap(), a);
            v["x-unknown"] = json!(1);
            assert!(
                serde_json::from_value::<CaseAction>(v.clone()).is_err(),
                "{v} was taken"
            );
        }
        let a: CaseAction =
            serde_json::from_value(json!({"action": "dispatch", "worker": worker, "due_at": 7.0}))
                .unwrap();
        assert_eq!(
            a,
            CaseAction::Dispatch {
                worker,
                due_at: Some(7)
            }
        );
        let a: CaseAction = serde_json::from_value(json!({"action": "reject"})).unwrap();
        assert_eq!(
            a,
            CaseAction::Reject {
                reason: String::new(),
                duplicate_of: None
            }
        );
    }
}
