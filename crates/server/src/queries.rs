//! Read APIs for dispatchers and supervisors: case lists with filters, case detail with
//! photos and audit trail, nearby duplicates, and KPIs per level and period. Every read
//! is limited to what the caller may see.

use std::collections::BTreeMap;

use domain::kpi::Kpi;
use domain::{CaseId, Role};
use protocol::{
    CaseDetail, CaseFilter, CaseList, KpiLevel, KpiQuery, KpiReport, KpiRow, NearbyCase,
    NearbyCases, NearbyQuery, PhotoRef,
};

use crate::access::visible_areas;
use crate::caseloop::visible_case;
use crate::error::{Error, Result};
use crate::photo_files::BlobStatus;
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::{CaseQuery, CaseRecord};
use crate::wire;

fn is_code(s: &str) -> bool {
    matches!(s.len(), 6 | 9 | 12 | 15) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The area prefixes of a query: the caller's own, narrowed to `area` when given (which
/// must lie inside them).
fn query_areas(caller: &Caller, area: Option<&str>) -> Result<(Vec<String>, bool)> {
    let mine = visible_areas(caller.role(), &caller.person().scope);
    let Some(area) = area else {
        return Ok((mine, true));
    };
    if !is_code(area) {
        return Err(Error::bad_request(
            "bad_area",
            "area must be a 6, 9, 12 or 15 digit code",
        ));
    }
    if mine.iter().any(|m| area.starts_with(m.as_str())) {
        Ok((vec![area.to_string()], false))
    } else if mine.iter().any(|m| m.starts_with(area)) {
        // A wider area than the caller's: their own part of it.
        Ok((mine, false))
    } else {
        Err(Error::forbidden("that area is outside your scope"))
    }
}

fn base_query(caller: &Caller, area: Option<&str>) -> Result<CaseQuery> {
    let (areas, include_personal) = query_areas(caller, area)?;
    let personal = include_personal
        && matches!(
            caller.role(),
            Role::FullTimeGridWorker
                | Role::PartTimeGridWorker
                | Role::InformationReporter
                | Role::DepartmentHandler
        );
    Ok(CaseQuery {
        areas,
        person: personal.then(|| caller.id()),
        ..CaseQuery::default()
    })
}

/// The storage query of a case list's filters within the caller's scope (the exports read
/// the same).
pub fn case_query(caller: &Caller, f: &CaseFilter) -> Result<CaseQuery> {
    let mut q = base_query(caller, f.area.as_deref())?;
    q.state = f.state;
    q.category = f.category;
    q.open = f.open;
    q.overdue = f.overdue;
    q.source = f.source;
    q.reported_from = f.from;
    q.reported_to = f.to;
    q.limit = f.limit.unwrap_or(100).clamp(1, 1000);
    q.offset = f.offset.unwrap_or(0);
    Ok(q)
}

/// The most cases one read of every page holds (an export, the warnings' history); a
/// larger one is refused, to be narrowed by its filters.
pub const MAX_ROWS: u64 = 100_000;

/// The case list's cases for `filter`, every page, in the list's order; refused when more
/// than [`MAX_ROWS`] match.
pub async fn all_cases(
    state: &AppState,
    caller: &Caller,
    filter: &CaseFilter,
) -> Result<Vec<CaseRecord>> {
    all_matching(state, case_query(caller, filter)?).await
}

/// Every case a storage query matches, every page; refused when more than [`MAX_ROWS`]
/// match.
pub async fn all_matching(state: &AppState, mut q: CaseQuery) -> Result<Vec<CaseRecord>> {
    state
        .read(move |tx| {
            q.limit = 1000;
            q.offset = 0;
            let mut all = Vec::new();
            loop {
                let (page, total) = tx.case_list(&q)?;
                if total > MAX_ROWS {
                    return Err(Error::unprocessable(
                        "too_many_cases",
                        format!(
                            "{total} cases match: at most {MAX_ROWS} are read at once; narrow the \
                             area, state, category or period"
                        ),
                    ));
                }
                let n = page.len();
                all.extend(page);
                if n == 0 || all.len() as u64 >= total {
                    return Ok(all);
                }
                q.offset += 1000;
            }
        })
        .await
}

pub async fn list_cases(state: &AppState, caller: &Caller, f: CaseFilter) -> Result<CaseList> {
    let q = case_query(caller, &f)?;
    let now = state.now();
    let (records, total) = state.read(move |tx| tx.case_list(&q)).await?;
    Ok(CaseList {
        cases: records.iter().map(|r| wire::case_view(r, now)).collect(),
        total,
    })
}

pub async fn case_detail(state: &AppState, caller: &Caller, id: CaseId) -> Result<CaseDetail> {
    let person = caller.person().clone();
    let (record, audit) = state
        .read(move |tx| {
            let record = visible_case(tx, &person, id)?;
            let audit = tx.audit_list(id)?;
            Ok((record, audit))
        })
        .await?;
    let mut photos = Vec::new();
    for hash in wire::case_photos(&record) {
        let present = matches!(state.blobs().status(&hash).await?, BlobStatus::Complete(_));
        photos.push(PhotoRef { hash, present });
    }
    Ok(CaseDetail {
        case: wire::case_view(&record, state.now()),
        photos,
        audit,
    })
}

/// Metres between two WGS-84 points (haversine).
fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6_371_008.8_f64;
    let (lat1, lat2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

pub async fn nearby(state: &AppState, caller: &Caller, q: NearbyQuery) -> Result<NearbyCases> {
    if domain::Location::new(q.lon, q.lat).is_err() {
        return Err(Error::bad_request(
            "bad_location",
            "longitude -180..180, latitude -90..90",
        ));
    }
    let radius = q.radius_m.unwrap_or(100.0);
    if !(radius.is_finite() && radius > 0.0 && radius <= 5000.0) {
        return Err(Error::bad_request(
            "bad_radius",
            "radius_m must be in (0, 5000]",
        ));
    }
    let category = domain::CategoryCode::parse(&q.category)
        .map_err(|e| Error::bad_request("bad_category", e.to_string()))?;
    let dlat = radius / 111_000.0;
    let dlon = radius / (111_000.0 * q.lat.to_radians().cos().abs().max(0.01));
    let person = caller.person().clone();
    let here = (q.lon, q.lat);
    let cat = category.to_string();
    let records: Vec<CaseRecord> = state
        .read(move |tx| {
            tx.cases_open_in_box(
                &cat,
                (q.lon - dlon, q.lat - dlat),
                (q.lon + dlon, q.lat + dlat),
            )
        })
        .await?;
    let now = state.now();
    let mut cases: Vec<NearbyCase> = records
        .iter()
        .filter(|r| domain::people::can_see(&person, &r.case))
        .map(|r| NearbyCase {
            distance_m: distance_m(here, (r.case.location.lon, r.case.location.lat)),
            case: wire::case_view(r, now),
        })
        .filter(|c| c.distance_m <= radius)
        .collect();
    cases.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
    Ok(NearbyCases { cases })
}

pub async fn kpis(state: &AppState, caller: &Caller, q: KpiQuery) -> Result<KpiReport> {
    if !(caller.role().is_dispatcher() || caller.role() == Role::Administrator) {
        return Err(Error::forbidden(
            "KPIs are for dispatchers, the command centre and administrators",
        ));
    }
    let from = q.from.unwrap_or(i64::MIN);
    let to = q.to.unwrap_or(i64::MAX);
    if from >= to {
        return Err(Error::unprocessable("bad_period", "from must be before to"));
    }
    let scope = base_query(caller, None)?;
    let level = q.level;
    let now = state.now_ms();
    // One aggregate query in storage; only the workers' or departments' names are looked up.
    let (groups, people, disputes) = state
        .read(move |tx| {
            let groups = tx.case_kpis(&scope, level, from, to, now)?;
            // 矛盾纠纷化解率 from the dispute categories' rows.
            let by_category = if level == KpiLevel::Category {
                groups.clone()
            } else {
                tx.case_kpis(&scope, KpiLevel::Category, from, to, now)?
            };
            let disputes = by_category
                .iter()
                .filter(|g| {
                    domain::CategoryCode::parse(&g.key)
                        .is_ok_and(|c| c.major() == domain::category::MajorCode::DISPUTES)
                })
                .fold((0, 0), |(closed, due), g| {
                    (closed + g.counts.closed, due + g.counts.due)
                });
            let mut people = BTreeMap::new();
            if level == KpiLevel::Department {
                for o in tx.organisations_all()? {
                    people.insert(o.code.to_string(), o.name);
                }
            }
            if level == KpiLevel::Worker {
                for g in &groups {
                    if let Ok(p) = domain::PersonId::parse(&g.key)
                        && let Some(rec) = tx.person_get(p)?
                    {
                        people.insert(g.key.clone(), rec.person.name);
                    }
                }
            }
            Ok((groups, people, disputes))
        })
        .await?;
    let hierarchy = state.hierarchy();
    let catalogue = state.catalogue();
    let mut rows = Vec::with_capacity(groups.len());
    for group in groups {
        let key = match level {
            KpiLevel::Grid if group.key.len() == 12 => format!("{} (outside grids)", group.key),
            _ => group.key.clone(),
        };
        let kpi = Kpi::from_counts(group.counts);
        let name = match q.level {
            KpiLevel::Grid => domain::GridCode::parse(&key)
                .map(|g| hierarchy.grid_name(&g))
                .unwrap_or_default(),
            KpiLevel::Community => domain::CommunityCode::parse(&key)
                .map(|c| hierarchy.community_name(&c))
                .unwrap_or_default(),
            KpiLevel::Street => domain::StreetCode::parse(&key)
                .map(|s| hierarchy.street_name(&s))
                .unwrap_or_default(),
            KpiLevel::District => domain::DistrictCode::parse(&key)
                .map(|d| hierarchy.district_name(&d))
                .unwrap_or_default(),
            KpiLevel::Worker | KpiLevel::Department => {
                people.get(&key).cloned().unwrap_or_default()
            }
            KpiLevel::Category => domain::CategoryCode::parse(&key)
                .ok()
                .and_then(|c| catalogue.get(&c).map(|c| c.name_zh.clone()))
                .unwrap_or_default(),
        };
        let mean = |sum: u64, n: u64| {
            (n > 0).then(|| domain::kpi::minutes(std::time::Duration::from_millis(sum / n)))
        };
        let median =
            |ms: Option<u64>| ms.map(|m| domain::kpi::minutes(std::time::Duration::from_millis(m)));
        rows.push(KpiRow {
            key,
            name,
            reported: group.reported,
            due: kpi.counts.due,
            closed: kpi.counts.closed,
            closed_on_time: kpi.counts.closed_on_time,
            dispatched: kpi.counts.dispatched,
            handled: kpi.counts.handled,
            first_time: kpi.counts.closed_first_time,
            closing_rate: kpi.closing_rate.fraction(),
            on_time_rate: kpi.on_time_closing_rate.fraction(),
            handling_rate: kpi.handling_rate.fraction(),
            first_time_rate: kpi.first_time_completion.fraction(),
            called: kpi.counts.called,
            reported_in_on_time: kpi.counts.reported_in_on_time,
            report_in_rate: kpi.report_in_on_time.fraction(),
            report_in_mean_minutes: kpi.mean_report_in().map(domain::kpi::minutes),
            response_mean_minutes: mean(kpi.counts.response_ms, kpi.counts.response_n),
            response_median_minutes: median(group.response_median_ms),
            resolution_mean_minutes: mean(kpi.counts.resolution_ms, kpi.counts.resolution_n),
            resolution_median_minutes: median(group.resolution_median_ms),
        });
    }
    Ok(KpiReport {
        level: q.level,
        from,
        to,
        rows,
        dispute_resolution_rate: domain::kpi::Rate::new(disputes.0, disputes.1).fraction(),
    })
}
