//! The dispatcher's and supervisor's desk, online through the device's session: the review
//! queue, case lists, dispatch actions (accept, reject, merge, dispatch, reassign, 吹哨
//! whistle, verify, close, reopen), workers and departments, the overdue board, the district
//! board (指挥平台) and KPIs.

use domain::{CaseId, CaseState, EscalationLevel, PersonId, Role, Source};
use protocol::{
    CaseAction, CaseDetail, CaseFilter, CaseList, CaseView, KpiLevel, KpiQuery, KpiReport, KpiRow,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::view::{
    AuditInfo, CaseDetailInfo, CaseFilterInput, CaseSummary, Names, escalation, summary,
};
use super::{Engine, api, now_ms};
use crate::Result;

/// A case on the desk's lists: its summary, how it came in (随手拍, 窗口受理, 12345热线,
/// Open311, 上级任务) and the other system's reference (the 12345 ticket number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeskCase {
    #[serde(flatten)]
    #[ts(flatten)]
    pub case: CaseSummary,
    pub source: Source,
    pub external_ref: Option<String>,
}

impl std::ops::Deref for DeskCase {
    type Target = CaseSummary;
    fn deref(&self) -> &CaseSummary {
        &self.case
    }
}

fn desk_case(view: &CaseView, case: CaseSummary) -> DeskCase {
    DeskCase {
        case,
        source: view.source,
        external_ref: view.external_ref.clone(),
    }
}

/// A worker a dispatcher can assign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorkerInfo {
    pub person_id: PersonId,
    pub name: String,
    pub role: Role,
    pub grids: Vec<String>,
    /// A department handler's organisation, by name (its code when the name is unknown).
    pub organisation: Option<String>,
    /// That organisation's code (what a whistle calls), for a department handler.
    pub organisation_code: Option<String>,
}

/// What KPI rows are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KpiGroup {
    Grid,
    Community,
    Street,
    Worker,
    /// Per department, street office or property company of the handler.
    Department,
    /// Per category: the key its four-digit code, the name the catalogue's Chinese name
    /// (empty when the catalogue has no such code).
    Category,
}

/// One row of KPIs. Rates are percentages (0..100); `None` when nothing counts yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KpiRowView {
    pub key: String,
    pub name: String,
    pub due: u64,
    pub closed: u64,
    pub closed_on_time: u64,
    pub dispatched: u64,
    pub handled: u64,
    pub closing_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub handling_rate: Option<f64>,
    pub first_time_rate: Option<f64>,
    /// Report → acceptance (响应) and report → resolution by a handler (处置), mean and
    /// median minutes over the cases reported in the period; `None` when none counts.
    pub response_mean_minutes: Option<f64>,
    pub response_median_minutes: Option<f64>,
    pub resolution_mean_minutes: Option<f64>,
    pub resolution_median_minutes: Option<f64>,
    /// 吹哨报到 (departments and handlers): parts of joint cases given to them, how many
    /// reported in (报到) by their deadline, that share as a percentage, and the mean
    /// minutes from being called to reporting in.
    pub called: u64,
    pub reported_in_on_time: u64,
    pub report_in_rate: Option<f64>,
    pub report_in_mean_minutes: Option<f64>,
}

impl From<KpiRow> for KpiRowView {
    /// The server's fractions as percentages rounded to two decimals.
    fn from(r: KpiRow) -> Self {
        let pct = |r: Option<f64>| r.map(|r| (r * 10000.0).round() / 100.0);
        KpiRowView {
            key: r.key,
            name: r.name,
            due: r.due,
            closed: r.closed,
            closed_on_time: r.closed_on_time,
            dispatched: r.dispatched,
            handled: r.handled,
            closing_rate: pct(r.closing_rate),
            on_time_rate: pct(r.on_time_rate),
            handling_rate: pct(r.handling_rate),
            first_time_rate: pct(r.first_time_rate),
            response_mean_minutes: r.response_mean_minutes,
            response_median_minutes: r.response_median_minutes,
            resolution_mean_minutes: r.resolution_mean_minutes,
            resolution_median_minutes: r.resolution_median_minutes,
            called: r.called,
            reported_in_on_time: r.reported_in_on_time,
            report_in_rate: pct(r.report_in_rate),
            report_in_mean_minutes: r.report_in_mean_minutes,
        }
    }
}

impl Engine {
    /// Reports waiting to be accepted or rejected.
    pub async fn review_queue(&self) -> Result<Vec<DeskCase>> {
        self.case_list(CaseFilterInput {
            state: Some(CaseState::Reported),
            ..CaseFilterInput::default()
        })
        .await
    }

    /// Cases in the person's area matching a filter, from the server.
    pub async fn case_list(&self, filter: CaseFilterInput) -> Result<Vec<DeskCase>> {
        let query = CaseFilter {
            limit: Some(500),
            ..server_filter(filter)
        };
        let list = self.fetch_cases(&query).await?;
        let names = self.names()?;
        let now = now_ms();
        Ok(list
            .cases
            .iter()
            .map(|c| desk_case(c, summary(c, false, &names, now)))
            .collect())
    }

    /// Open overdue cases with their escalation level.
    pub async fn overdue_board(&self) -> Result<Vec<DeskCase>> {
        let query = CaseFilter {
            open: Some(true),
            overdue: Some(true),
            limit: Some(500),
            ..CaseFilter::default()
        };
        let list = self.fetch_cases(&query).await?;
        let names = self.names()?;
        let now = now_ms();
        Ok(list
            .cases
            .iter()
            .map(|c| {
                let mut s = summary(c, false, &names, now);
                s.escalation = Some(escalation(c.escalation).unwrap_or(EscalationLevel::None));
                desk_case(c, s)
            })
            .collect())
    }

    /// The district board (指挥平台, `GET /v1/board`): the grids of the person's area with
    /// their outlines, the open cases as points, today's counts and the escalation list.
    pub async fn board(&self) -> Result<protocol::BoardView> {
        let response = self
            .authed("board", &[], |client, server, token| {
                client.get(format!("{server}/v1/board")).bearer_auth(token)
            })
            .await?;
        api::json(response).await
    }

    /// Applies a dispatcher's action on the server and returns the case as it now is.
    pub async fn dispatch_act(&self, id: CaseId, action: &CaseAction) -> Result<CaseDetailInfo> {
        let response = self
            .authed("case_action", &[], |client, server, token| {
                client
                    .post(format!("{server}/v1/cases/{id}/actions"))
                    .bearer_auth(token)
                    .json(&action)
            })
            .await?;
        // The server answers with the case; the detail adds its audit trail.
        let case: protocol::CaseView = api::json(response).await?;
        match self.case_detail_online(&case.id).await {
            Ok(detail) => Ok(detail),
            Err(_) => Ok(self.detail_of(&case, false, &self.names()?)),
        }
    }

    /// A case with its audit trail, from the server.
    pub async fn case_detail_online(&self, id: &CaseId) -> Result<CaseDetailInfo> {
        let response = self
            .authed("case_detail", &[], |client, server, token| {
                client
                    .get(format!("{server}/v1/cases/{id}"))
                    .bearer_auth(token)
            })
            .await?;
        let detail: CaseDetail = api::json(response).await?;
        Ok(self.online_detail(&detail, &self.names()?))
    }

    /// Who this device knows (synced people) a case of one grid or community can go to:
    /// the grid workers of that grid or community, then the department handlers whose
    /// organisation serves the place (by organisation and name).
    pub fn workers(&self, grid: Option<&str>, community: Option<&str>) -> Result<Vec<WorkerInfo>> {
        let place = community.or(grid.map(|g| g.get(..12).unwrap_or(g)));
        let mut workers = Vec::new();
        let mut handlers = Vec::new();
        for p in self.people()? {
            if p.role.is_grid_worker() {
                let grids: Vec<String> = match &p.scope {
                    domain::Scope::Grids(g) => g.iter().map(ToString::to_string).collect(),
                    _ => Vec::new(),
                };
                let in_grid = grid.is_none_or(|g| grids.iter().any(|x| x == g));
                let in_community = community.is_none_or(|c| grids.iter().any(|x| x.starts_with(c)));
                if in_grid && in_community {
                    workers.push(WorkerInfo {
                        person_id: p.id,
                        name: p.name,
                        role: p.role,
                        grids,
                        organisation: None,
                        organisation_code: None,
                    });
                }
            } else if p.role == Role::DepartmentHandler {
                let serves = match &p.scope {
                    domain::Scope::Community(c) => c.as_str(),
                    domain::Scope::Street(s) => s.as_str(),
                    domain::Scope::District(d) => d.as_str(),
                    domain::Scope::Grids(_) => continue,
                };
                if place.is_none_or(|at| at.starts_with(serves)) {
                    let code = p.organisation.map(String::from);
                    let org = p.organisation_name.or(code.clone());
                    handlers.push(WorkerInfo {
                        person_id: p.id,
                        name: p.name,
                        role: p.role,
                        grids: Vec::new(),
                        organisation: org,
                        organisation_code: code,
                    });
                }
            }
        }
        handlers.sort_by(|a, b| (&a.organisation, &a.name).cmp(&(&b.organisation, &b.name)));
        workers.extend(handlers);
        Ok(workers)
    }

    /// KPIs grouped by grid, community, street, worker, department or category over cases
    /// reported in `[from, to)` (unix ms).
    pub async fn kpis(
        &self,
        group: KpiGroup,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<Vec<KpiRowView>> {
        let query = KpiQuery {
            level: match group {
                KpiGroup::Grid => KpiLevel::Grid,
                KpiGroup::Community => KpiLevel::Community,
                KpiGroup::Street => KpiLevel::Street,
                KpiGroup::Worker => KpiLevel::Worker,
                KpiGroup::Department => KpiLevel::Department,
                KpiGroup::Category => KpiLevel::Category,
            },
            from,
            to,
        };
        let response = self
            .authed("kpis", &[], |client, server, token| {
                client
                    .get(format!("{server}/v1/kpis"))
                    .bearer_auth(token)
                    .query(&query)
            })
            .await?;
        let report: KpiReport = api::json(response).await?;
        Ok(report.rows.into_iter().map(KpiRowView::from).collect())
    }

    async fn fetch_cases(&self, query: &CaseFilter) -> Result<CaseList> {
        let response = self
            .authed("cases", &[], |client, server, token| {
                client
                    .get(format!("{server}/v1/cases"))
                    .bearer_auth(token)
                    .query(query)
            })
            .await?;
        api::json(response).await
    }

    fn online_detail(&self, detail: &CaseDetail, names: &Names) -> CaseDetailInfo {
        let mut info = self.detail_of(&detail.case, false, names);
        info.audit = detail
            .audit
            .iter()
            .map(|a| AuditInfo {
                at: a.at,
                actor_name: a.actor.as_ref().and_then(|p| names.person(p)),
                action: a.action,
                from: a.from,
                to: a.to,
            })
            .collect();
        info
    }
}

/// The server's case-list filter for the UI's.
pub(super) fn server_filter(filter: CaseFilterInput) -> CaseFilter {
    CaseFilter {
        area: filter
            .grid
            .map(|g| g.to_string())
            .or(filter.community.map(|c| c.to_string())),
        state: filter.state,
        category: filter.category,
        overdue: filter.overdue,
        source: filter.source,
        from: filter.from,
        to: filter.to,
        ..CaseFilter::default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_desks_filter_becomes_the_servers_with_source_and_period() {
        let f = server_filter(CaseFilterInput {
            community: Some(domain::CommunityCode::parse("130302001001").unwrap()),
            overdue: Some(true),
            source: Some(Source::Hotline),
            from: Some(1_000),
            to: Some(2_000),
            ..CaseFilterInput::default()
        });
        assert_eq!(f.area.as_deref(), Some("130302001001"));
        assert_eq!((f.overdue, f.source), (Some(true), Some(Source::Hotline)));
        assert_eq!((f.from, f.to), (Some(1_000), Some(2_000)));
        // A grid narrows a community.
        let f = server_filter(CaseFilterInput {
            grid: Some(domain::GridCode::parse("130302001001002").unwrap()),
            community: Some(domain::CommunityCode::parse("130302001001").unwrap()),
            ..CaseFilterInput::default()
        });
        assert_eq!(f.area.as_deref(), Some("130302001001002"));
    }

    #[test]
    fn kpi_rows_carry_the_whistle_counts_and_minutes_with_rates_as_percentages() {
        let row: KpiRow = serde_json::from_value(serde_json::json!({
            "key": "cg", "name": "城市管理局", "reported": 4, "due": 4, "closed": 3,
            "closed_on_time": 2, "dispatched": 4, "handled": 3, "first_time": 3,
            "closing_rate": 0.75, "on_time_rate": 0.6667, "handling_rate": 0.75,
            "first_time_rate": 1.0, "called": 3, "reported_in_on_time": 2,
            "report_in_rate": 0.666_666, "report_in_mean_minutes": 12.5,
            "response_mean_minutes": 42.5, "response_median_minutes": 30.0,
            "resolution_mean_minutes": 1_500.25, "resolution_median_minutes": 960.0
        }))
        .unwrap();
        let view = KpiRowView::from(row);
        assert_eq!((view.called, view.reported_in_on_time), (3, 2));
        assert_eq!(view.report_in_rate, Some(66.67));
        assert_eq!(view.report_in_mean_minutes, Some(12.5));
        assert_eq!(view.closing_rate, Some(75.0));
        // Minutes pass through as the server counts them.
        assert_eq!(
            (view.response_mean_minutes, view.response_median_minutes),
            (Some(42.5), Some(30.0))
        );
        assert_eq!(
            (view.resolution_mean_minutes, view.resolution_median_minutes),
            (Some(1_500.25), Some(960.0))
        );
        // A server without the whistle counts or the minutes: none called, no rate, no
        // minutes.
        let old: KpiRow = serde_json::from_value(serde_json::json!({
            "key": "cg", "name": "城市管理局", "reported": 0, "due": 0, "closed": 0,
            "closed_on_time": 0, "dispatched": 0, "handled": 0, "first_time": 0,
            "closing_rate": null, "on_time_rate": null, "handling_rate": null,
            "first_time_rate": null
        }))
        .unwrap();
        let view = KpiRowView::from(old);
        assert_eq!((view.called, view.report_in_rate), (0, None));
        assert_eq!(
            (view.response_mean_minutes, view.response_median_minutes),
            (None, None)
        );
        assert_eq!(
            (view.resolution_mean_minutes, view.resolution_median_minutes),
            (None, None)
        );
    }
}
