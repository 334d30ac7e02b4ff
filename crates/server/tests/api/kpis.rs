//! KPIs (trust finding 14 moved them into one aggregate query in storage): for cases
//! taken through every step of the loop at different times, `/v1/kpis` at every level and
//! for several periods says exactly what the domain's `Kpi::over` says of the same cases.

use std::collections::BTreeMap;

use domain::kpi::{Kpi, Period};
use domain::{Case, Timestamp};
use protocol::Outcome;
use serde_json::{Value, json};
use server::store::CaseQuery;

use crate::harness::{A1, A2, Session, World, inside, report_cmd, task_cmd, upload};

async fn resolve(worker: &mut Session, id: domain::CaseId, n: usize) {
    let fix = upload(worker, format!("fixed #{n}").as_bytes()).await;
    let r = worker
        .push(&[
            task_cmd("task.acknowledge", id, json!({})),
            task_cmd("task.start", id, json!({})),
            task_cmd("task.resolve", id, json!({"photos": [fix], "note": "done"})),
        ])
        .await;
    assert!(
        r.results.iter().all(|x| x.outcome == Outcome::Applied),
        "{:?}",
        r.results
    );
}

/// The counts and times of a KPI row besides `reported`.
const COUNTED: [&str; 10] = [
    "due",
    "closed",
    "closed_on_time",
    "dispatched",
    "handled",
    "first_time",
    "response_mean_minutes",
    "response_median_minutes",
    "resolution_mean_minutes",
    "resolution_median_minutes",
];

/// The reference: the cases grouped as the level says, counted by `Kpi::over`.
fn expected(
    cases: &[Case],
    level: &str,
    period: &Period,
    now: Timestamp,
) -> BTreeMap<String, Value> {
    let mut groups: BTreeMap<String, Vec<&Case>> = BTreeMap::new();
    for c in cases {
        let key = match level {
            "grid" => match &c.grid {
                Some(g) => g.as_str().to_string(),
                None => c.community.as_str().to_string(),
            },
            "community" => c.community.as_str().to_string(),
            "street" => c.community.street().as_str().to_string(),
            "district" => c.community.district().as_str().to_string(),
            "category" => c.category.to_string(),
            _ => match c.assignee.or(c.resolved_by) {
                Some(p) => p.to_string(),
                None => continue,
            },
        };
        groups.entry(key).or_default().push(c);
    }
    groups
        .into_iter()
        .map(|(key, cases)| {
            let k = Kpi::over(cases.iter().copied(), period, now);
            let reported = cases
                .iter()
                .filter(|c| period.contains(c.reported_at))
                .count();
            let row = json!({
                "reported": reported, "due": k.counts.due, "closed": k.counts.closed,
                "closed_on_time": k.counts.closed_on_time, "dispatched": k.counts.dispatched,
                "handled": k.counts.handled, "first_time": k.counts.closed_first_time,
                "response_mean_minutes": k.response.mean.map(domain::kpi::minutes),
                "response_median_minutes": k.response.median.map(domain::kpi::minutes),
                "resolution_mean_minutes": k.resolution.mean.map(domain::kpi::minutes),
                "resolution_median_minutes": k.resolution.median.map(domain::kpi::minutes),
            });
            (key, row)
        })
        .collect()
}

/// The clock moves weeks on; the sessions outlast it.
async fn world() -> World {
    World::start_with(|c| {
        c.access_token_ttl_secs = 365 * 24 * 3600;
        c.refresh_token_ttl_secs = 365 * 24 * 3600;
    })
    .await
}

/// `count` cases in two grids, spread over days, each taken to another step of the loop
/// (reported, accepted, rejected, dispatched, resolved late or on time, verified, closed,
/// closed after rework). Returns the street dispatcher, who sees them all.
async fn take_cases_through_the_loop(w: &World, count: usize) -> Session {
    let mut a1 = w.sign_in("worker_a1").await;
    let mut a2 = w.sign_in("worker_a2").await;
    let disp = w.sign_in("disp_a").await;
    let street = w.sign_in("street_a").await;
    for n in 0..count {
        // Spread over two days, so deadlines fall on both sides of the periods below.
        w.clock.advance_secs(2 * 3600);
        let (worker, at) = if n % 2 == 0 {
            (&mut a1, inside(A1))
        } else {
            (&mut a2, inside(A2))
        };
        let id = domain::CaseId::new();
        let category = if n % 3 == 0 { "0101" } else { "0201" };
        let r = worker
            .push(&[report_cmd(id, category, "normal", at, vec![])])
            .await;
        assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);
        let stage = n % 8;
        if stage == 0 {
            continue;
        }
        if stage == 2 {
            let r = disp
                .act(id, json!({"action": "reject", "reason": "not ours"}))
                .await;
            assert_eq!(r.body["state"], "rejected", "{}", r.body);
            continue;
        }
        // Accepted 5, 10 or 15 minutes after the report: response times to count.
        w.clock.advance_secs(300 * (n as i64 % 3 + 1));
        let _ = disp.act(id, json!({"action": "accept"})).await;
        if stage == 1 {
            continue;
        }
        let r = disp
            .act(
                id,
                json!({"action": "dispatch", "worker": worker.person_id()}),
            )
            .await;
        assert_eq!(r.body["state"], "dispatched", "{}", r.body);
        if stage == 3 {
            continue;
        }
        w.clock
            .advance_secs(if n % 5 == 0 { 7 * 24 * 3600 } else { 600 });
        resolve(worker, id, n).await;
        if stage == 4 {
            continue;
        }
        if stage == 7 {
            let r = disp
                .act(
                    id,
                    json!({"action": "verify", "pass": false, "note": "again"}),
                )
                .await;
            assert_eq!(r.body["state"], "dispatched", "{}", r.body);
            resolve(worker, id, 100 + n).await;
        }
        let r = disp
            .act(id, json!({"action": "verify", "pass": true}))
            .await;
        assert_eq!(r.body["state"], "verified", "{}", r.body);
        if stage == 5 {
            continue;
        }
        let r = disp.act(id, json!({"action": "close"})).await;
        assert_eq!(r.body["state"], "closed", "{}", r.body);
    }
    street
}

#[tokio::test]
async fn kpis_count_exactly_what_the_domain_counts() {
    let w = world().await;
    let start = w.state.now_ms();
    let street = take_cases_through_the_loop(&w, 24).await;
    let end = w.state.now_ms();
    let cases: Vec<Case> = w
        .state
        .read(|tx| {
            tx.case_list(&CaseQuery {
                areas: vec!["130302001".into()],
                limit: u32::MAX,
                ..CaseQuery::default()
            })
        })
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|r| r.case)
        .collect();
    assert_eq!(cases.len(), 24);
    let middle = start + (end - start) / 2;
    let periods = [
        (None, None),
        (Some(start), Some(middle)),
        (Some(middle), Some(end + 30 * 24 * 3600 * 1000)),
    ];
    for level in [
        "grid",
        "community",
        "street",
        "district",
        "worker",
        "category",
    ] {
        for (from, to) in periods {
            let mut path = format!("/v1/kpis?level={level}");
            if let Some(f) = from {
                path.push_str(&format!("&from={f}"));
            }
            if let Some(t) = to {
                path.push_str(&format!("&to={t}"));
            }
            let r = street.get(&path).await;
            assert_eq!(r.status, 200, "{path}: {}", r.body);
            let period = Period::new(
                Timestamp::from_millis(from.unwrap_or(i64::MIN)),
                Timestamp::from_millis(to.unwrap_or(i64::MAX)),
            );
            let want = expected(&cases, level, &period, w.state.now());
            let got: BTreeMap<String, Value> = r.body["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| {
                    let picked: serde_json::Map<String, Value> = std::iter::once(&"reported")
                        .chain(COUNTED.iter())
                        .map(|f| ((*f).to_string(), row[*f].clone()))
                        .collect();
                    (
                        row["key"].as_str().unwrap().to_string(),
                        Value::Object(picked),
                    )
                })
                .collect();
            assert_eq!(got, want, "{path}");
        }
    }
    // Something was counted in each column, so the comparison is not of zeros.
    let all = expected(&cases, "district", &Period::ALL, w.state.now());
    let row = all.values().next().unwrap();
    for field in COUNTED {
        assert!(
            row[field].as_f64().unwrap() > 0.0,
            "no case counts as {field}: {row}"
        );
    }
    w.stop().await;
}

/// Migration 0007 fills the KPI columns of cases stored before it, from their documents.
#[tokio::test]
async fn cases_stored_before_the_kpi_columns_count_after_the_upgrade() {
    let w = world().await;
    if w.state.config().database_url.is_some() {
        // An upgrade of the embedded store's file: PostgreSQL's schema began with the columns.
        return;
    }
    let street = take_cases_through_the_loop(&w, 16).await;
    let counted = street.get("/v1/kpis?level=grid").await.body["rows"].clone();
    let db = w.state.config().data_dir.join("wangge.sqlite3");
    let sqlite3 = |sql: &str| {
        let out = std::process::Command::new("sqlite3")
            .arg(&db)
            .arg(sql)
            .output()
            .expect("sqlite3 runs (Debian's sqlite3 package)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // As a store from before the upgrade: the columns as the migration's ALTERs add them.
    sqlite3(
        "UPDATE cases SET resolve_due = 0, resolved_at = NULL, dispatched_at = NULL, \
         first_time = 1, resolved_by = NULL",
    );
    let blank = street.get("/v1/kpis?level=grid").await.body["rows"].clone();
    assert_ne!(blank, counted, "the report does not read the KPI columns");
    let migration = include_str!("../../migrations/0007_kpi_columns.sql");
    let backfill = &migration[migration.find("UPDATE cases").expect("the backfill")..];
    sqlite3(backfill);
    let again = street.get("/v1/kpis?level=grid").await.body["rows"].clone();
    assert_eq!(again, counted, "the backfill restores what the cases say");
    w.stop().await;
}

/// 矛盾纠纷化解率: closed over due among the dispute categories (57xx), at any level.
#[tokio::test]
async fn the_dispute_resolution_rate_counts_the_dispute_categories_only() {
    let w = world().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let street = w.sign_in("street_a").await;
    let before = street.get("/v1/kpis?level=grid").await;
    assert_eq!(
        before.body["dispute_resolution_rate"],
        Value::Null,
        "none due"
    );
    let settled = a1.report("5701", inside(A1)).await;
    let pending = a1.report("5701", inside(A1)).await;
    let other = a1.report("5305", inside(A1)).await;
    for id in [settled, pending, other] {
        assert_eq!(disp.act(id, json!({"action": "accept"})).await.status, 200);
    }
    let r = disp
        .act(
            settled,
            json!({"action": "dispatch", "worker": a1.person_id()}),
        )
        .await;
    assert_eq!(r.body["state"], "dispatched", "{}", r.body);
    resolve(&mut a1, settled, 1).await;
    disp.act(settled, json!({"action": "verify", "pass": true}))
        .await;
    assert_eq!(
        disp.act(settled, json!({"action": "close"})).await.body["state"],
        "closed"
    );
    for level in ["grid", "worker", "category"] {
        let r = street.get(&format!("/v1/kpis?level={level}")).await;
        assert_eq!(
            r.body["dispute_resolution_rate"], 0.5,
            "{level}: {}",
            r.body
        );
    }
    let by_category = street.get("/v1/kpis?level=category").await;
    let dispute = by_category.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "5701")
        .unwrap()
        .clone();
    assert_eq!(
        (&dispute["due"], &dispute["closed"]),
        (&json!(2), &json!(1))
    );
    assert!(!dispute["name"].as_str().unwrap().is_empty());
}
