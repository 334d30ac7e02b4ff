//! KPI report at 100,000 cases: one aggregate query in storage (`KpiRepo::case_kpis`, what
//! `GET /v1/kpis` runs now) beside the way it was done before (every case in scope loaded
//! and decoded, then grouped and counted by `domain::kpi::Kpi::over`) on the same SQLite
//! file in the same run; checks both agree, prints both times and their ratio.
//!
//! `cargo xtask bench kpis` (→ `cargo bench -p server --bench kpis`); `KPI_BENCH_KEEP=1` keeps
//! the database (its folder is printed); `KPI_BENCH_CASES` sets
//! the number of cases (default 100,000).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use domain::kpi::{Kpi, Period};
use domain::{CaseId, CaseState, GridCode, Person, PersonId, Role, Scope, Timestamp};
use protocol::{Command, KpiLevel};
use serde_json::json;
use server::store::{CaseQuery, CaseRecord};
use server::{AppState, Config, PasswordCost, Secret};

const COMMUNITY: &str = "130302001001";
const DAY: i64 = 24 * 3600 * 1000;

/// A real case made by the case loop, to copy.
async fn template(state: &AppState, grid: GridCode) -> CaseRecord {
    let person = Person::new(
        PersonId::random(),
        "bench worker",
        Role::FullTimeGridWorker,
        Scope::Grids(vec![grid]),
    )
    .expect("person");
    server::reference::import::create_person(
        state,
        "worker",
        "bench-password",
        person.clone(),
        None,
    )
    .await
    .expect("worker");
    let cmd = Command::parse(
        "report.create",
        &json!({"case_id": CaseId::new(), "category": "0101", "priority": "normal",
                "description": "井盖松动 loose cover", "lon": 119.605, "lat": 39.935, "photos": []}),
    )
    .expect("a valid command");
    let st = state.clone();
    state
        .write(move |tx| server::caseloop::apply_command(tx, &st, &person, cmd, 0).map(|_| ()))
        .await
        .expect("report");
    state
        .read(|tx| tx.case_list(&all()))
        .await
        .expect("list")
        .0
        .remove(0)
}

fn all() -> CaseQuery {
    CaseQuery {
        areas: vec![COMMUNITY.into()],
        limit: u32::MAX,
        ..CaseQuery::default()
    }
}

/// The `n`-th copy: another grid, time, state and handler, as a district's cases vary.
fn copy(t: &CaseRecord, n: i64, grids: &[GridCode], workers: &[PersonId]) -> CaseRecord {
    let mut r = t.clone();
    let c = &mut r.case;
    c.id = CaseId::new();
    c.grid = Some(grids[(n as usize) % grids.len()]);
    let reported = n * 90 * DAY / 100_000;
    c.reported_at = Timestamp::from_millis(reported);
    c.resolve_due = Timestamp::from_millis(reported + 3 * DAY);
    let states = [
        CaseState::Reported,
        CaseState::Accepted,
        CaseState::Dispatched,
        CaseState::Resolved,
        CaseState::Verified,
        CaseState::Closed,
        CaseState::Closed,
        CaseState::Rejected,
    ];
    c.state = states[(n as usize) % states.len()];
    let handled = !matches!(
        c.state,
        CaseState::Reported | CaseState::Accepted | CaseState::Rejected
    );
    c.accepted_at =
        (c.state != CaseState::Reported).then(|| Timestamp::from_millis(reported + 600_000));
    c.dispatched_at = handled.then(|| Timestamp::from_millis(reported + 1_200_000));
    c.assignee = handled.then(|| workers[(n as usize) % workers.len()]);
    c.resolved_at = matches!(
        c.state,
        CaseState::Resolved | CaseState::Verified | CaseState::Closed
    )
    .then(|| Timestamp::from_millis(reported + (n % 5) * DAY));
    c.resolved_by = c.resolved_at.and(c.assignee);
    c.rework_count = u32::from(n % 7 == 0);
    r
}

/// The way it was done before: load every case, group, count.
fn counted_in_rust(
    records: &[CaseRecord],
    period: &Period,
) -> BTreeMap<String, (u64, u64, Option<u64>)> {
    let mut groups: BTreeMap<String, Vec<&domain::Case>> = BTreeMap::new();
    for r in records {
        let key = r
            .case
            .grid
            .map(|g| g.as_str().to_string())
            .unwrap_or_default();
        groups.entry(key).or_default().push(&r.case);
    }
    groups
        .into_iter()
        .map(|(k, cases)| {
            let kpi = Kpi::over(cases.iter().copied(), period, period.end);
            let median = kpi.response.median.map(|d| d.as_millis() as u64);
            (k, (kpi.counts.due, kpi.counts.closed_on_time, median))
        })
        .collect()
}

fn best_of<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = f();
        best = best.min(started.elapsed());
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let cases: i64 = std::env::var("KPI_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        admin_password: Some(Secret::new("bench-password")),
        password_cost: PasswordCost::fast_for_tests(),
        sweep_interval_secs: 3600,
        ..Config::default()
    };
    let state = AppState::open(config).expect("state");
    server::reference::import::bootstrap_admin(
        &state,
        domain::DistrictCode::parse("130302").expect("code"),
    )
    .await
    .expect("admin");
    let grids: Vec<GridCode> = (1..=12)
        .map(|g| GridCode::parse(&format!("{COMMUNITY}{g:03}")).expect("grid"))
        .collect();
    let views = grids
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let x = 119.60 + i as f64 * 0.01;
            protocol::GridView {
                code: *g,
                community: g.community(),
                name: format!("grid {i}"),
                geometry: json!({"type": "Polygon", "coordinates": [[[x, 39.93], [x + 0.01, 39.93], [x + 0.01, 39.94], [x, 39.94], [x, 39.93]]]}),
            }
        })
        .collect();
    server::reference::import::import_grids(&state, views)
        .await
        .expect("grids");
    let t = template(&state, grids[0]).await;
    let workers: Vec<PersonId> = (0..40).map(|_| PersonId::random()).collect();
    let started = Instant::now();
    for chunk in (0..cases).collect::<Vec<_>>().chunks(10_000) {
        let records: Vec<CaseRecord> = chunk
            .iter()
            .map(|&n| copy(&t, n, &grids, &workers))
            .collect();
        state
            .write(move |tx| {
                for r in &records {
                    tx.case_put(r, false)?;
                }
                Ok(())
            })
            .await
            .expect("cases stored");
    }
    println!(
        "kpis: {cases} cases stored in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let period = Period::new(
        Timestamp::from_millis(30 * DAY),
        Timestamp::from_millis(60 * DAY),
    );
    let (from, to) = (period.start.millis(), period.end.millis());
    let rt = tokio::runtime::Handle::current();
    let (before, old) = tokio::task::block_in_place(|| {
        best_of(3, || {
            let records = rt
                .block_on(state.read(|tx| tx.case_list(&all())))
                .expect("list")
                .0;
            counted_in_rust(&records, &period)
        })
    });
    let (now, new) = tokio::task::block_in_place(|| {
        best_of(5, || {
            rt.block_on(state.read(move |tx| tx.case_kpis(&all(), KpiLevel::Grid, from, to, to)))
                .expect("kpis")
        })
    });
    let new: BTreeMap<String, (u64, u64, Option<u64>)> = new
        .into_iter()
        .map(|k| {
            (
                k.key,
                (k.counts.due, k.counts.closed_on_time, k.response_median_ms),
            )
        })
        .collect();
    assert_eq!(new, old, "the aggregate query counts what Kpi::over counts");
    println!(
        "kpis: grid level, one month of {cases} cases: load-and-count {:.1} ms, aggregate in storage {:.1} ms, ratio {:.3}",
        before.as_secs_f64() * 1e3,
        now.as_secs_f64() * 1e3,
        now.as_secs_f64() / before.as_secs_f64()
    );
    // `KPI_BENCH_KEEP=1` keeps the database for a look at the query plans.
    if std::env::var_os("KPI_BENCH_KEEP").is_some() {
        println!("kpis: the database is kept in {}", dir.keep().display());
    }
}
