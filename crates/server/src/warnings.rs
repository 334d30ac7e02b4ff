//! Risk warnings (风险预警), computed on request from the cases and patrols in the caller's
//! scope, each explaining why it fired (thresholds in `config::WarningThresholds`):
//! - **repeated** (重复发生): the same category in the same grid at least `repeat_count`
//!   times in the last `repeat_days` days;
//! - **rising** (异常上升): a grid or community with at least `rise_min` new cases in the last
//!   `rise_days` days and at least `rise_factor` times its mean per `rise_days` over the
//!   `rise_baseline_periods` periods before (new cases measure how many problems arise);
//! - **due soon** (即将超期): open cases whose deadline is less than `due_soon_minutes` away;
//! - **no patrol** (巡查空白): grids nobody has checked in at on a patrol for `patrol_days`
//!   days (or ever).

use std::collections::BTreeMap;

use domain::{CaseId, Role, Timestamp};
use protocol::{CaseFilter, Warning, WarningKind, WarningList};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::CaseRecord;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// `GET /v1/warnings`: every warning in the caller's scope now.
pub async fn warnings(state: &AppState, caller: &Caller) -> Result<WarningList> {
    if !(caller.role().is_dispatcher() || caller.role() == Role::Administrator) {
        return Err(Error::forbidden(
            "warnings are for dispatchers, the command centre and administrators",
        ));
    }
    let t = state.config().warnings;
    let now = state.now();
    let now_ms = now.millis();
    let history_days = i64::from(
        t.repeat_days
            .max(t.rise_days * (t.rise_baseline_periods + 1)),
    );
    let recent = crate::queries::all_cases(
        state,
        caller,
        &CaseFilter {
            from: Some(now_ms - history_days * DAY_MS),
            ..CaseFilter::default()
        },
    )
    .await?;
    let open = crate::queries::all_cases(
        state,
        caller,
        &CaseFilter {
            open: Some(true),
            ..CaseFilter::default()
        },
    )
    .await?;
    let visits: BTreeMap<String, i64> = state
        .read(|tx| tx.grid_visits())
        .await?
        .into_iter()
        .collect();
    let areas = crate::access::visible_areas(caller.role(), &caller.person().scope);
    let names = Names { state };
    let mut out = Vec::new();
    out.extend(repeated(&t, &names, &recent, now_ms));
    out.extend(rising(&t, &names, &recent, now_ms));
    out.extend(due_soon(&t, &names, &open, now));
    out.extend(no_patrol(&t, state, &areas, &visits, now_ms));
    out.sort_by(|a, b| (a.kind, &a.area, &a.category).cmp(&(b.kind, &b.area, &b.category)));
    Ok(WarningList {
        at: now_ms,
        warnings: out,
    })
}

struct Names<'a> {
    state: &'a AppState,
}

impl Names<'_> {
    /// A grid's or community's name (its code when unnamed).
    fn area(&self, code: &str) -> String {
        let h = self.state.hierarchy();
        let named = match code.len() {
            15 => domain::GridCode::parse(code)
                .ok()
                .and_then(|g| h.grid(&g).map(|g| g.name.clone())),
            12 => domain::CommunityCode::parse(code)
                .ok()
                .and_then(|c| h.community(&c).map(|c| c.name.clone())),
            _ => None,
        };
        named.unwrap_or_else(|| code.to_string())
    }

    fn category(&self, code: &domain::CategoryCode) -> String {
        self.state
            .catalogue()
            .get(code)
            .map(|c| c.name_zh.clone())
            .unwrap_or_else(|| code.to_string())
    }
}

fn warning(
    kind: WarningKind,
    area: String,
    area_name: String,
    category: Option<String>,
    cases: Vec<CaseId>,
    why: String,
    why_en: String,
) -> Warning {
    Warning {
        kind,
        area,
        area_name,
        category,
        count: u32::try_from(cases.len()).unwrap_or(u32::MAX),
        cases,
        why,
        why_en,
    }
}

fn repeated(
    t: &crate::config::WarningThresholds,
    names: &Names<'_>,
    cases: &[CaseRecord],
    now: i64,
) -> Vec<Warning> {
    let since = now - i64::from(t.repeat_days) * DAY_MS;
    let mut groups: BTreeMap<(String, domain::CategoryCode), Vec<CaseId>> = BTreeMap::new();
    for r in cases {
        let c = &r.case;
        if let (Some(grid), None) = (c.grid, c.part_of)
            && c.reported_at.millis() >= since
        {
            groups
                .entry((grid.as_str().to_string(), c.category))
                .or_default()
                .push(c.id);
        }
    }
    groups
        .into_iter()
        .filter(|(_, ids)| ids.len() >= t.repeat_count as usize)
        .map(|((grid, category), ids)| {
            let (name, cat) = (names.area(&grid), names.category(&category));
            let n = ids.len();
            warning(
                WarningKind::Repeated,
                grid,
                name.clone(),
                Some(category.to_string()),
                ids,
                format!(
                    "{name}近{}天“{cat}”上报{n}次，达到{}次的预警线",
                    t.repeat_days, t.repeat_count
                ),
                format!(
                    "{name}: {n} reports of {category} in {} days (the threshold is {})",
                    t.repeat_days, t.repeat_count
                ),
            )
        })
        .collect()
}

fn rising(
    t: &crate::config::WarningThresholds,
    names: &Names<'_>,
    cases: &[CaseRecord],
    now: i64,
) -> Vec<Warning> {
    let period = i64::from(t.rise_days.max(1)) * DAY_MS;
    let recent_from = now - period;
    let baseline_from = recent_from - i64::from(t.rise_baseline_periods) * period;
    // Per grid and per community: the recent cases, and the count in the baseline.
    let mut areas: BTreeMap<String, (Vec<CaseId>, u32)> = BTreeMap::new();
    for r in cases {
        let c = &r.case;
        if c.part_of.is_some() {
            continue;
        }
        let at = c.reported_at.millis();
        let mut keys = vec![c.community.as_str().to_string()];
        keys.extend(c.grid.map(|g| g.as_str().to_string()));
        for key in keys {
            let entry = areas.entry(key).or_default();
            if at >= recent_from {
                entry.0.push(c.id);
            } else if at >= baseline_from {
                entry.1 += 1;
            }
        }
    }
    let periods = f64::from(t.rise_baseline_periods.max(1));
    areas
        .into_iter()
        .filter_map(|(area, (recent, before))| {
            let usual = f64::from(before) / periods;
            let n = recent.len();
            let fires = n >= t.rise_min as usize && n as f64 >= t.rise_factor * usual.max(1.0);
            fires.then(|| {
                let name = names.area(&area);
                warning(
                    WarningKind::Rising,
                    area,
                    name.clone(),
                    None,
                    recent,
                    if before == 0 {
                        format!(
                            "{name}近{}天新增{n}件，此前{}天没有新增",
                            t.rise_days,
                            t.rise_days * t.rise_baseline_periods
                        )
                    } else {
                        format!(
                            "{name}近{}天新增{n}件，是此前每{}天平均{usual:.1}件的{:.1}倍",
                            t.rise_days,
                            t.rise_days,
                            n as f64 / usual
                        )
                    },
                    format!(
                        "{name}: {n} new cases in {} days, against a usual {usual:.1} per {} days",
                        t.rise_days, t.rise_days
                    ),
                )
            })
        })
        .collect()
}

fn due_soon(
    t: &crate::config::WarningThresholds,
    names: &Names<'_>,
    open: &[CaseRecord],
    now: Timestamp,
) -> Vec<Warning> {
    let window = i64::from(t.due_soon_minutes) * 60_000;
    open.iter()
        .filter_map(|r| {
            let c = &r.case;
            let d = domain::deadline::current_deadline(c)?;
            let left = d.due.millis() - now.millis();
            (left > 0 && left <= window).then(|| {
                let area = crate::store::case_area(c);
                let name = names.area(&area);
                let minutes = (left + 59_999) / 60_000;
                warning(
                    WarningKind::DueSoon,
                    area,
                    name.clone(),
                    Some(c.category.to_string()),
                    vec![c.id],
                    format!(
                        "{name}“{}”还有{minutes}分钟到期（{}）",
                        names.category(&c.category),
                        match d.kind {
                            domain::deadline::DeadlineKind::Accept => "受理",
                            domain::deadline::DeadlineKind::Resolve => "处置",
                            domain::deadline::DeadlineKind::ReportIn => "部门报到",
                        }
                    ),
                    format!("{name}: a {} case is due in {minutes} minutes", c.category),
                )
            })
        })
        .collect()
}

fn no_patrol(
    t: &crate::config::WarningThresholds,
    state: &AppState,
    areas: &[String],
    visits: &BTreeMap<String, i64>,
    now: i64,
) -> Vec<Warning> {
    let since = now - i64::from(t.patrol_days) * DAY_MS;
    let index = state.grids();
    index
        .grids()
        .iter()
        .filter(|g| {
            areas
                .iter()
                .any(|a| g.code.as_str().starts_with(a.as_str()))
        })
        .filter_map(|g| {
            let code = g.code.as_str().to_string();
            let last = visits.get(&code).copied();
            if last.is_some_and(|at| at >= since) {
                return None;
            }
            let name = g.name.clone().unwrap_or_else(|| code.clone());
            let (why, why_en) = match last {
                Some(at) => {
                    let days = (now - at) / DAY_MS;
                    (
                        format!("{name}已{days}天无人巡查签到（预警线{}天）", t.patrol_days),
                        format!(
                            "{name}: no patrol check-in for {days} days (the threshold is {})",
                            t.patrol_days
                        ),
                    )
                }
                None => (
                    format!("{name}从未有巡查签到"),
                    format!("{name}: never checked in at on a patrol"),
                ),
            };
            Some(warning(
                WarningKind::NoPatrol,
                code,
                name,
                None,
                Vec::new(),
                why,
                why_en,
            ))
        })
        .collect()
}
