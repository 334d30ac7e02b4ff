//! Risk warnings (风险预警) through the real server, a rule each: data that should fire it
//! does, with its reason; data just under the threshold does not.

use protocol::{Command, PatrolCheckin, PatrolId, PatrolStart};
use serde_json::Value;

use crate::harness::{A1, A2, Session, World, inside};

const DAY: i64 = 24 * 3600;

async fn world() -> World {
    World::start_with(|c| c.access_token_ttl_secs = 90 * 24 * 3600).await
}

/// The warnings of `kind` the session sees, by area.
async fn warnings(s: &Session, kind: &str) -> Vec<Value> {
    let r = s.get("/v1/warnings").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == kind)
        .cloned()
        .collect()
}

fn areas(ws: &[Value]) -> Vec<&str> {
    ws.iter().map(|w| w["area"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_same_problem_three_times_in_a_week_in_one_grid_is_a_warning() {
    let w = world().await;
    let mut worker = w.sign_in("worker_a1").await;
    let commander = w.sign_in("commander").await;
    worker.report("5305", inside(A1)).await;
    w.clock.advance_secs(8 * DAY);
    worker.report("5305", inside(A1)).await;
    worker.report("5305", inside(A1)).await;
    worker.report("5101", inside(A1)).await;
    // Three of 施工废弃料, but one more than a week ago; one of another category.
    assert!(warnings(&commander, "repeated").await.is_empty());
    worker.report("5305", inside(A1)).await;
    let fired = warnings(&commander, "repeated").await;
    assert_eq!(areas(&fired), [A1.0]);
    assert_eq!(
        (&fired[0]["category"], &fired[0]["count"]),
        (&"5305".into(), &3.into())
    );
    let why = fired[0]["why"].as_str().unwrap();
    assert!(why.contains("近7天") && why.contains("上报3次"), "{why}");
    // A worker reads no warnings.
    assert_eq!(worker.get("/v1/warnings").await.status, 403);
}

#[tokio::test]
async fn new_cases_well_above_the_usual_level_are_a_warning_for_the_grid_and_community() {
    let w = world().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut a2 = w.sign_in("worker_a2").await;
    let commander = w.sign_in("commander").await;
    // A2 usually has 3 a week (12 over the four weeks before); A1 none.
    for _ in 0..12 {
        a2.report("5101", inside(A2)).await;
    }
    w.clock.advance_secs(14 * DAY);
    for _ in 0..5 {
        a2.report("5102", inside(A2)).await;
    }
    for _ in 0..4 {
        a1.report("5102", inside(A1)).await;
    }
    // A1: 4 new, under the minimum of 5; A2: 5 new, under twice its usual 3.
    let fired = warnings(&commander, "rising").await;
    assert_eq!(
        areas(&fired),
        ["130302001001"],
        "only the community: {fired:?}"
    );
    a1.report("5102", inside(A1)).await;
    let fired = warnings(&commander, "rising").await;
    assert_eq!(areas(&fired), ["130302001001", A1.0]);
    let why = fired[1]["why"].as_str().unwrap();
    assert!(why.contains("新增5件"), "{why}");
}

#[tokio::test]
async fn a_case_about_to_miss_its_deadline_is_a_warning_until_it_is_late() {
    let w = World::start_with(|c| {
        c.access_token_ttl_secs = 90 * 24 * 3600;
        c.warnings.due_soon_minutes = 30;
    })
    .await;
    let mut worker = w.sign_in("worker_a1").await;
    let commander = w.sign_in("commander").await;
    let id = worker.report("5305", inside(A1)).await;
    let due = commander.case(id).await["case"]["due_at"].as_i64().unwrap();
    let left = (due - w.state.now_ms()) / 1000;
    assert!(left > 31 * 60, "the accept limit is over half an hour");
    w.clock.advance_secs(left - 31 * 60);
    assert!(
        warnings(&commander, "due_soon").await.is_empty(),
        "31 minutes left"
    );
    w.clock.advance_secs(2 * 60);
    let fired = warnings(&commander, "due_soon").await;
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0]["cases"][0], serde_json::json!(id));
    assert!(
        fired[0]["why"].as_str().unwrap().contains("29分钟"),
        "{fired:?}"
    );
    w.clock.advance_secs(30 * 60);
    assert!(
        warnings(&commander, "due_soon").await.is_empty(),
        "late now: overdue, not due soon"
    );
}

#[tokio::test]
async fn a_grid_nobody_walked_for_a_week_is_a_warning() {
    let w = world().await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    // Never walked: every grid of the community.
    let never = warnings(&disp, "no_patrol").await;
    assert_eq!(areas(&never), [A1.0, A2.0]);
    assert!(never[0]["why"].as_str().unwrap().contains("从未"));
    let patrol = PatrolId::new();
    let (lon, lat) = inside(A1);
    worker
        .push(&[
            Command::PatrolStart(PatrolStart { patrol_id: patrol }),
            Command::PatrolCheckin(PatrolCheckin {
                patrol_id: patrol,
                building: format!("{}-003", A1.0),
                unit: None,
                lon,
                lat,
                note: String::new(),
                checkin_id: Some(uuid::Uuid::now_v7()),
                placard_posted: false,
            }),
        ])
        .await;
    assert_eq!(areas(&warnings(&disp, "no_patrol").await), [A2.0]);
    w.clock.advance_secs(7 * DAY - 60);
    assert_eq!(
        areas(&warnings(&disp, "no_patrol").await),
        [A2.0],
        "just under a week"
    );
    w.clock.advance_secs(DAY);
    let fired = warnings(&disp, "no_patrol").await;
    assert_eq!(areas(&fired), [A1.0, A2.0]);
    assert!(
        fired[0]["why"].as_str().unwrap().contains("已7天"),
        "{fired:?}"
    );
}
