//! What the UI reads about cases: the server copy with this device's pending changes laid
//! over it (reports not yet sent, task actions not yet applied), as [`CaseSummary`] and
//! [`CaseDetailInfo`].

use std::collections::HashMap;

use domain::{
    CaseId, CaseState, CategoryCode, CommunityCode, EscalationLevel, GridCode, PersonId, PhotoHash,
};
use protocol::{AuditAction, CaseView, PersonView, Resolution};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Engine, now_ms};
use crate::store::{OutboxEntry, OutboxState};
use crate::{Error, Result};

/// A case as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseSummary {
    pub id: CaseId,
    pub state: CaseState,
    pub category: CategoryCode,
    pub category_name: String,
    pub description: String,
    pub grid: Option<GridCode>,
    pub lon: f64,
    pub lat: f64,
    pub reported_at: i64,
    pub due_at: Option<i64>,
    pub overdue: bool,
    pub assignee_name: Option<String>,
    /// Local changes not yet applied by the server.
    pub pending: bool,
    pub photos: Vec<PhotoHash>,
    /// How far an overdue case has escalated: on the overdue board always, elsewhere when
    /// it has (absent when it has not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub escalation: Option<EscalationLevel>,
    /// The department (organisation code) of the current handler, when a department's
    /// handler has the task.
    pub department: Option<String>,
    /// That department's name, from the synced people (its code when unknown).
    pub department_name: Option<String>,
    /// 吹哨: the parts of a joint case (联合处置), one department's task each.
    pub parts: Vec<CaseId>,
    /// The joint case this task (联合任务) is a part of.
    pub part_of: Option<CaseId>,
    /// A part's department must report in (报到: acknowledge) by then, unix ms; null once
    /// it has (an acknowledgement still queued on this device counts).
    pub report_in_due: Option<i64>,
}

/// One step of a case's history: who (if known) did what, and the states before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditInfo {
    pub at: i64,
    pub actor_name: Option<String>,
    pub action: AuditAction,
    pub from: Option<CaseState>,
    pub to: CaseState,
}

/// A photo of the work with its note (empty when the handler wrote none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceInfo {
    pub sha256: PhotoHash,
    pub note: String,
}

/// A case with its history and the evidence of the work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseDetailInfo {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub audit: Vec<AuditInfo>,
    pub evidence: Vec<EvidenceInfo>,
    /// Why evidence sent for this case was kept aside for a dispatcher (e.g. it arrived
    /// after the task was reassigned), with who sent it; `None` when there was none.
    pub conflict: Option<String>,
}

/// The filters of `case_list`; each is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct CaseFilterInput {
    #[serde(default)]
    pub state: Option<CaseState>,
    #[serde(default)]
    pub category: Option<CategoryCode>,
    #[serde(default)]
    pub overdue: Option<bool>,
    #[serde(default)]
    pub grid: Option<GridCode>,
    #[serde(default)]
    pub community: Option<CommunityCode>,
    /// How the cases came in (随手拍, 窗口受理, 12345热线, Open311, 上级任务).
    #[serde(default)]
    pub source: Option<domain::Source>,
    /// Reported at or after / before these times, unix ms (the list's period).
    #[serde(default)]
    #[ts(optional = nullable, as = "Option<f64>")]
    pub from: Option<i64>,
    #[serde(default)]
    #[ts(optional = nullable, as = "Option<f64>")]
    pub to: Option<i64>,
}

/// Category, person and organisation names, looked up once per call.
pub(crate) struct Names {
    categories: HashMap<CategoryCode, String>,
    people: HashMap<PersonId, String>,
    /// Organisation code → name, from the synced department handlers.
    organisations: HashMap<String, String>,
}

impl Names {
    pub(crate) fn category(&self, code: &CategoryCode) -> String {
        self.categories
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
    pub(crate) fn person(&self, id: &PersonId) -> Option<String> {
        self.people.get(id).cloned()
    }
    /// An organisation's name; its code when no synced person names it.
    pub(crate) fn organisation(&self, code: &str) -> String {
        self.organisations
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

impl Engine {
    pub(crate) fn names(&self) -> Result<Names> {
        let categories = self
            .categories()?
            .into_iter()
            .map(|c| (c.code, c.name_zh))
            .collect();
        let mut people: HashMap<PersonId, String> = HashMap::new();
        let mut organisations: HashMap<String, String> = HashMap::new();
        let mut know = |p: PersonView| {
            if let (Some(code), Some(name)) = (p.organisation, p.organisation_name) {
                organisations.insert(code.as_str().to_string(), name);
            }
            people.insert(p.id, p.name);
        };
        for p in self.people()? {
            know(p);
        }
        if let Some(session) = self.session_opt()? {
            know(session.person);
        }
        Ok(Names {
            categories,
            people,
            organisations,
        })
    }

    /// Every case this device knows: the server copy with pending task actions laid over
    /// it, plus reports captured here that the server copy does not hold yet. The flag says
    /// whether local changes are pending.
    pub(crate) fn local_cases(&self) -> Result<Vec<(CaseView, bool)>> {
        let (server, pending, reports, outcomes) = {
            let store = self.store();
            let server: Vec<CaseView> = store.server_entities("case")?;
            let pending = store.outbox_pending_named("task.")?;
            let reports = store.reports()?;
            let outcomes = store.report_outcomes()?;
            (server, pending, reports, outcomes)
        };
        let me = self.session_opt()?.map(|s| s.person);
        let mut by_case: HashMap<String, Vec<&OutboxEntry>> = HashMap::new();
        for entry in &pending {
            if let Some(id) = entry.args["case_id"].as_str() {
                by_case.entry(id.to_string()).or_default().push(entry);
            }
        }
        let mut known = std::collections::HashSet::new();
        let mut cases = Vec::with_capacity(server.len() + reports.len());
        for mut case in server {
            let id = case.id.to_string();
            known.insert(id.clone());
            let mut local = false;
            if let Some(entries) = by_case.get(&id) {
                for entry in entries {
                    overlay(&mut case, entry, me.as_ref().map(|p| p.id));
                }
                local = true;
            }
            if outcomes.get(&id).is_some_and(|(s, _)| s.is_pending()) {
                local = true;
            }
            cases.push((case, local));
        }
        for report in reports {
            let id = report.case_id.to_string();
            if known.contains(&id) {
                continue;
            }
            let (state, pending) = match outcomes.get(&id) {
                Some((OutboxState::Rejected, _)) => (CaseState::Rejected, false),
                Some((s, _)) if s.is_pending() => (CaseState::Reported, true),
                _ => (CaseState::Reported, false),
            };
            let Some(me) = &me else { continue };
            let mut case = CaseView {
                id: CaseId::from_uuid(report.case_id),
                grid: report
                    .grid
                    .as_deref()
                    .and_then(|g| domain::GridCode::parse(g).ok()),
                community: match report
                    .grid
                    .as_deref()
                    .and_then(|g| domain::GridCode::parse(g).ok())
                {
                    Some(g) => g.community(),
                    None => match local_community(&me.scope) {
                        Some(c) => c,
                        None => continue,
                    },
                },
                outside_grid: report.grid.is_none(),
                state,
                category: match domain::CategoryCode::parse(&report.category) {
                    Ok(c) => c,
                    Err(_) => continue,
                },
                priority: serde_json::from_value(serde_json::Value::String(report.priority))
                    .unwrap_or(domain::Priority::Normal),
                description: report.description,
                location: protocol::Location {
                    lon: report.lon,
                    lat: report.lat,
                },
                photos: report
                    .photos
                    .iter()
                    .filter_map(|p| domain::PhotoHash::parse(p).ok())
                    .collect(),
                reporter: me.id,
                assignee: None,
                self_resolved: report.self_resolved,
                reported_at: report.created_at,
                updated_at: report.created_at,
                due_at: None,
                overdue: false,
                escalation: 0,
                duplicate_of: None,
                resolution: None,
                conflicts: Vec::new(),
                rework_count: 0,
                department: None,
                parts: Vec::new(),
                part_of: None,
                report_in_due: None,
                source: domain::Source::App,
                external_ref: None,
            };
            if report.self_resolved && state == CaseState::Reported {
                case.state = CaseState::Resolved;
            }
            cases.push((case, pending));
        }
        Ok(cases)
    }

    /// One case of the local view.
    pub(crate) fn local_case(&self, id: &CaseId) -> Result<(CaseView, bool)> {
        self.local_cases()?
            .into_iter()
            .find(|(c, _)| c.id == *id)
            .ok_or_else(|| Error::NotFound(format!("case {id} is not on this device")))
    }

    pub(crate) fn detail_of(
        &self,
        case: &CaseView,
        pending: bool,
        names: &Names,
    ) -> CaseDetailInfo {
        let summary = summary(case, pending, names, now_ms());
        let evidence = case
            .resolution
            .iter()
            .flat_map(|r| {
                r.photos.iter().map(|p| EvidenceInfo {
                    sha256: p.clone(),
                    note: r.note.clone(),
                })
            })
            .collect();
        let conflict = (!case.conflicts.is_empty()).then(|| {
            case.conflicts
                .iter()
                .map(|c| {
                    format!(
                        "{} ({} photos, note: {:?}) from {}",
                        c.reason,
                        c.photos.len(),
                        c.note,
                        names.person(&c.by).unwrap_or_else(|| c.by.to_string())
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        });
        CaseDetailInfo {
            summary,
            audit: Vec::new(),
            evidence,
            conflict,
        }
    }
}

/// The summary of a case as the UI shows it.
pub(crate) fn summary(case: &CaseView, pending: bool, names: &Names, now: i64) -> CaseSummary {
    CaseSummary {
        id: case.id,
        state: case.state,
        category: case.category,
        category_name: names.category(&case.category),
        description: case.description.clone(),
        grid: case.grid,
        lon: case.location.lon,
        lat: case.location.lat,
        reported_at: case.reported_at,
        due_at: case.due_at,
        // The server's flag, or a deadline that has passed since the last pull.
        overdue: case.overdue
            || (case.state.awaits_handling() && case.due_at.is_some_and(|d| d < now)),
        assignee_name: case.assignee.as_ref().and_then(|a| names.person(a)),
        pending,
        photos: case.photos.clone(),
        escalation: escalation(case.escalation),
        department: case.department.clone(),
        department_name: case.department.as_deref().map(|d| names.organisation(d)),
        parts: case.parts.clone(),
        part_of: case.part_of,
        report_in_due: case.report_in_due,
    }
}

/// The escalation level of a case that has escalated (the wire's 1, 2, 3), else none.
pub(crate) fn escalation(level: u8) -> Option<EscalationLevel> {
    match level {
        0 => None,
        1 => Some(EscalationLevel::Community),
        2 => Some(EscalationLevel::Street),
        _ => Some(EscalationLevel::District),
    }
}

/// Lays one pending task action over the server's copy of its case.
fn overlay(case: &mut CaseView, entry: &OutboxEntry, me: Option<PersonId>) {
    if entry.name.starts_with("task.") {
        // Any step of the handler's reports a part's department in (报到).
        case.report_in_due = None;
    }
    match entry.name.as_str() {
        // Acknowledging keeps the state (the server records it in the audit).
        "task.start" => case.state = CaseState::InProgress,
        "task.resolve" => {
            case.state = CaseState::Resolved;
            case.resolution = Some(Resolution {
                by: me,
                at: Some(entry.created_at),
                photos: entry.args["photos"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| {
                                p.as_str().and_then(|p| domain::PhotoHash::parse(p).ok())
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                note: entry.args["note"].as_str().unwrap_or_default().to_string(),
            });
        }
        "task.return" => {
            case.state = CaseState::Accepted;
            case.assignee = None;
        }
        _ => {}
    }
}

/// The community a report outside every grid goes to: the reporter's own.
fn local_community(scope: &domain::Scope) -> Option<domain::CommunityCode> {
    match scope {
        domain::Scope::Grids(g) => g.first().map(domain::GridCode::community),
        domain::Scope::Community(c) => Some(*c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A department's part of a joint case, not yet reported in, escalated once.
    fn part() -> CaseView {
        serde_json::from_value(serde_json::json!({
            "id": "6f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70",
            "grid": "130302001001001",
            "community": "130302001001",
            "outside_grid": false,
            "state": "dispatched",
            "category": "0101",
            "priority": "normal",
            "description": "井盖破损",
            "location": {"lon": 121.6, "lat": 38.9},
            "photos": [],
            "reporter": "0f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e71",
            "assignee": "1f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e72",
            "self_resolved": false,
            "reported_at": 1_000,
            "updated_at": 2_000,
            "due_at": 5_000,
            "overdue": false,
            "escalation": 1,
            "duplicate_of": null,
            "resolution": null,
            "conflicts": [],
            "rework_count": 0,
            "department": "cg",
            "part_of": "2f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e73",
            "report_in_due": 5_000
        }))
        .unwrap()
    }

    fn names() -> Names {
        Names {
            categories: HashMap::new(),
            people: HashMap::new(),
            organisations: HashMap::from([("cg".to_string(), "城市管理局".to_string())]),
        }
    }

    #[test]
    fn a_part_shows_its_department_joint_case_report_in_and_escalation() {
        let case = part();
        let s = summary(&case, false, &names(), 1_000);
        assert_eq!(s.department.as_deref(), Some("cg"));
        assert_eq!(s.department_name.as_deref(), Some("城市管理局"));
        assert_eq!(s.part_of, case.part_of);
        assert_eq!(s.report_in_due, Some(5_000));
        assert_eq!(s.escalation, Some(EscalationLevel::Community));
        assert!(s.parts.is_empty());
        // Past its report-in time the part is overdue.
        assert!(summary(&case, false, &names(), 6_000).overdue);
        // A department no synced person names is shown by its code.
        let mut other = case.clone();
        other.department = Some("sz".into());
        other.escalation = 0;
        let s = summary(&other, false, &names(), 1_000);
        assert_eq!(s.department_name.as_deref(), Some("sz"));
        assert_eq!(s.escalation, None);
    }

    #[test]
    fn a_queued_acknowledgement_reports_the_part_in() {
        let mut case = part();
        let entry = OutboxEntry {
            mid: 1,
            name: "task.acknowledge".into(),
            args: serde_json::json!({"case_id": case.id.to_string()}),
            created_at: 3_000,
            state: OutboxState::Queued,
            reason: None,
        };
        overlay(&mut case, &entry, None);
        assert_eq!(case.report_in_due, None);
        assert_eq!(case.state, CaseState::Dispatched);
    }
}
