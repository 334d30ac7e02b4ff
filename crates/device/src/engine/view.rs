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
    /// How far an overdue case has escalated (overdue board only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub escalation: Option<EscalationLevel>,
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
}

/// Category and person names, looked up once per call.
pub(crate) struct Names {
    categories: HashMap<CategoryCode, String>,
    people: HashMap<PersonId, String>,
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
}

impl Engine {
    pub(crate) fn names(&self) -> Result<Names> {
        let categories = self
            .categories()?
            .into_iter()
            .map(|c| (c.code, c.name_zh))
            .collect();
        let mut people: HashMap<PersonId, String> = self
            .people()?
            .into_iter()
            .map(|p: PersonView| (p.id, p.name))
            .collect();
        if let Some(session) = self.session_opt()? {
            people.insert(session.person.id, session.person.name);
        }
        Ok(Names { categories, people })
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
        escalation: None,
    }
}

/// Lays one pending task action over the server's copy of its case.
fn overlay(case: &mut CaseView, entry: &OutboxEntry, me: Option<PersonId>) {
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
