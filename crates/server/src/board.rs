//! The district board (指挥平台): the grids of the caller's area, its open cases as points,
//! today's counts (China Standard Time) and the escalation list, read in one request.
//!
//! A joint case's parts (one department's task each) are drawn and counted once, as their
//! joint case; the escalation list shows parts too, since each escalates on its own.

use std::collections::HashMap;

use domain::{CaseState, PersonId, Timestamp};
use protocol::{
    BOARD_MAX_CASES, BoardCase, BoardCounts, BoardGrid, BoardView, CaseFilter, CaseView,
};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::CaseRecord;

const HOUR_MS: i64 = 3600 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// China Standard Time, the board's calendar.
const CST_OFFSET_MS: i64 = 8 * HOUR_MS;

/// The start of the CST calendar day holding `at`, unix ms.
pub fn day_start(at: i64) -> i64 {
    (at + CST_OFFSET_MS).div_euclid(DAY_MS) * DAY_MS - CST_OFFSET_MS
}

/// `GET /v1/board`: dispatchers and the command centre, in their own area.
pub async fn board(state: &AppState, caller: &Caller) -> Result<BoardView> {
    if !caller.role().is_dispatcher() {
        return Err(Error::forbidden(
            "the board is for dispatchers and the command centre",
        ));
    }
    let now = state.now();
    let at = now.millis();
    let start = day_start(at);
    let open = crate::queries::all_cases(
        state,
        caller,
        &CaseFilter {
            open: Some(true),
            ..CaseFilter::default()
        },
    )
    .await?;
    let mut today_q = crate::queries::case_query(caller, &CaseFilter::default())?;
    today_q.updated_from = Some(start);
    let touched = crate::queries::all_matching(state, today_q).await?;
    let areas = crate::access::visible_areas(caller.role(), &caller.person().scope);
    let (grids, categories, people) = state
        .read(move |tx| {
            let grids = tx.grids_all()?;
            let categories = tx.categories_all()?;
            let people = tx.persons_all()?;
            Ok((grids, categories, people))
        })
        .await?;
    let names = Names {
        categories: categories
            .into_iter()
            .map(|c| (c.code.to_string(), c.name_zh))
            .collect(),
        people: people
            .into_iter()
            .map(|(p, _)| (p.person.id, p.person.name))
            .collect(),
    };
    let grids = grids
        .into_iter()
        .filter(|g| {
            areas
                .iter()
                .any(|a| g.code.as_str().starts_with(a.as_str()))
        })
        .map(|g| BoardGrid {
            code: g.code.as_str().to_string(),
            community: g.community.as_str().to_string(),
            name: g.name,
            geometry: g.geometry,
        })
        .collect();
    let views: Vec<CaseView> = open
        .iter()
        .map(|r| crate::wire::case_view(r, now))
        .collect();
    let mut escalations: Vec<BoardCase> = views
        .iter()
        .filter(|v| v.overdue && v.escalation > 0)
        .map(|v| names.point(v))
        .collect();
    escalations.sort_by_key(|c| (std::cmp::Reverse(c.escalation), c.due_at));
    let mut cases: Vec<BoardCase> = views
        .iter()
        .filter(|v| v.part_of.is_none())
        .map(|v| names.point(v))
        .collect();
    let open_total = u32::try_from(cases.len()).unwrap_or(u32::MAX);
    cases.sort_by_key(|c| (!c.overdue, std::cmp::Reverse(c.reported_at)));
    cases.truncate(BOARD_MAX_CASES);
    Ok(BoardView {
        at,
        day_start: start,
        grids,
        today: counts(&touched, &views, start),
        cases,
        open_total,
        escalations,
    })
}

/// Today's counts from the cases changed since `start` and the open cases now.
fn counts(touched: &[CaseRecord], open: &[CaseView], start: i64) -> BoardCounts {
    let since = |t: Option<Timestamp>| t.is_some_and(|t| t.millis() >= start);
    let mut c = BoardCounts::default();
    for case in touched
        .iter()
        .map(|r| &r.case)
        .filter(|c| c.part_of.is_none())
    {
        let reported_today = case.reported_at.millis() >= start;
        c.reported += u32::from(reported_today);
        c.accepted += u32::from(since(case.accepted_at));
        c.accepted_within_hour += u32::from(
            reported_today
                && case
                    .accepted_at
                    .is_some_and(|a| a.millis() - case.reported_at.millis() <= HOUR_MS),
        );
        c.dispatched += u32::from(since(case.dispatched_at));
        c.resolved += u32::from(since(case.resolved_at));
        c.closed += u32::from(case.state == CaseState::Closed && since(case.closed_at));
    }
    for v in open.iter().filter(|v| v.overdue && v.part_of.is_none()) {
        c.overdue += 1;
        match v.escalation {
            0 => {}
            1 => c.overdue_community += 1,
            2 => c.overdue_street += 1,
            _ => c.overdue_district += 1,
        }
    }
    c
}

struct Names {
    categories: HashMap<String, String>,
    people: HashMap<PersonId, String>,
}

impl Names {
    fn point(&self, v: &CaseView) -> BoardCase {
        let category = v.category.to_string();
        BoardCase {
            id: v.id,
            state: v.state,
            category_name: self
                .categories
                .get(&category)
                .cloned()
                .unwrap_or_else(|| category.clone()),
            category,
            description: v.description.clone(),
            grid: v.grid.map(|g| g.as_str().to_string()),
            community: v.community.as_str().to_string(),
            lon: v.location.lon,
            lat: v.location.lat,
            reported_at: v.reported_at,
            due_at: v.due_at,
            overdue: v.overdue,
            escalation: v.escalation,
            source: v.source,
            assignee_name: v.assignee.and_then(|a| self.people.get(&a).cloned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_starts_at_midnight_in_china() {
        // 2026-12-07T16:00:00Z is midnight of the 8th in Beijing.
        let midnight = 1_796_659_200_000;
        assert_eq!(day_start(midnight), midnight);
        assert_eq!(day_start(midnight + 1), midnight);
        assert_eq!(day_start(midnight - 1), midnight - DAY_MS);
        assert_eq!(day_start(midnight + DAY_MS - 1), midnight);
    }
}
