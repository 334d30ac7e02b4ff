//! Several replicas on one PostgreSQL database (and one bucket) behave as one service: a
//! device's event stream on one hears of changes made through another, reference data
//! (categories, grids) changed through one is used by another, exactly one replica sweeps
//! and another takes over when it is gone, sign-in failures through one throttle the next
//! try through another, and `/v1/health` says not ready while PostgreSQL is down.
//! Only with `WANGGE_TEST_POSTGRES=1` (`cargo xtask test` runs them so); otherwise each
//! test says it was skipped and passes.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{A1, A2, Backing, PASSWORD, Reply, Session, World, inside, report_cmd};

/// A guard against hanging forever, not a timing assertion.
const GUARD: Duration = Duration::from_secs(30);

/// Two replicas on one database and bucket, or `None` (with a message) when the tests do
/// not run on PostgreSQL.
async fn two_replicas(
    test: &str,
    tune: impl FnOnce(&mut server::Config),
) -> Option<(World, World)> {
    if !Backing::from_env().postgres {
        eprintln!("{test}: skipped (set WANGGE_TEST_POSTGRES=1 to run it on PostgreSQL)");
        return None;
    }
    let shared = Backing {
        postgres: true,
        s3: true,
    };
    let first = World::start_on(shared, tune).await;
    let second = first.replica().await;
    Some((first, second))
}

/// Reads `events` until a pull hint arrives; false if the stream ends first.
async fn next_hint(events: &mut reqwest::Response) -> bool {
    let mut seen = String::new();
    while !seen.contains("event: pull") {
        match tokio::time::timeout(GUARD, events.chunk()).await {
            Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(_) => return false,
            Err(_) => panic!("no hint within {GUARD:?}"),
        }
    }
    true
}

async fn open_events(w: &World, s: &Session) -> reqwest::Response {
    let mut events = w
        .http
        .get(w.url("/v1/events"))
        .bearer_auth(&s.tokens.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    assert!(next_hint(&mut events).await, "the hint on connect");
    events
}

#[tokio::test]
async fn a_stream_on_one_replica_hears_of_a_report_pushed_through_another() {
    let Some((first, second)) = two_replicas(
        "a_stream_on_one_replica_hears_of_a_report_pushed_through_another",
        |_| {},
    )
    .await
    else {
        return;
    };
    let disp = second.sign_in("disp_a").await;
    let mut events = open_events(&second, &disp).await;
    let mut worker = first.sign_in("worker_a1").await;
    let pushed = Instant::now();
    let id = worker.report("0101", inside(A1)).await;
    assert!(next_hint(&mut events).await);
    eprintln!(
        "hinted on the other replica {:?} after the push",
        pushed.elapsed()
    );
    // The stream's pull on its own replica finds the report.
    let changes = disp.pull_all().await;
    assert!(changes.iter().any(|c| c.id == id.to_string()));

    // Revoking the device through the first replica wakes its stream on the second, which
    // ends at once (without the hint it would end only at its next 15 s re-check).
    let admin = first.sign_in("admin").await;
    let device = disp.tokens.device_id;
    let r = admin
        .post(&format!("/v1/devices/{device}/revoke"), json!({}))
        .await;
    assert!(r.status < 300, "{}", r.body);
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(
        ended.is_ok(),
        "the revoked device's stream on the other replica ends"
    );
    second.stop().await;
    first.stop().await;
}

/// The escalation levels a case's audit records, in order.
fn escalations(case: &Value) -> Vec<String> {
    case["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "escalate")
        .map(|a| {
            let detail = a["detail"].to_string();
            let level = detail
                .split("escalated to ")
                .nth(1)
                .unwrap_or_else(|| panic!("no level in {detail}"));
            level.split(['"', '\\']).next().unwrap().to_owned()
        })
        .collect()
}

/// Every case escalated, and to each level once.
async fn escalated_once_each(reader: &Session, cases: &[domain::CaseId]) -> bool {
    for id in cases {
        let levels = escalations(&reader.case(*id).await);
        let mut distinct = levels.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            levels.len(),
            "{id} escalated twice: {levels:?}"
        );
        if levels.is_empty() {
            return false;
        }
    }
    true
}

/// Waits (on real time: the sweeps run every second) until every case has escalated.
async fn wait_escalated(reader: &Session, cases: &[domain::CaseId]) -> Duration {
    let start = Instant::now();
    while !escalated_once_each(reader, cases).await {
        assert!(start.elapsed() < GUARD, "not escalated within {GUARD:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    start.elapsed()
}

async fn report_urgent(worker: &mut Session, n: usize) -> Vec<domain::CaseId> {
    let mut ids = Vec::new();
    for _ in 0..n {
        let id = domain::CaseId::new();
        let r = worker
            .push(&[report_cmd(id, "0101", "urgent", inside(A2), vec![])])
            .await;
        assert_eq!(r.results[0].outcome, protocol::Outcome::Applied);
        ids.push(id);
    }
    ids
}

/// Moves the clock to a minute past the latest of `cases`' due times: each becomes
/// overdue, escalating to the community (the first level) and no further.
async fn make_overdue(w: &World, reader: &Session, cases: &[domain::CaseId]) {
    let mut latest = 0;
    for id in cases {
        latest = latest.max(reader.case(*id).await["case"]["due_at"].as_i64().unwrap());
    }
    w.clock
        .advance_secs((latest - w.state.now_ms()) / 1000 + 60);
}

#[tokio::test]
async fn one_replica_sweeps_at_a_time_and_another_takes_over_from_a_dropped_leader() {
    let Some((first, second)) = two_replicas(
        "one_replica_sweeps_at_a_time_and_another_takes_over_from_a_dropped_leader",
        |c| {
            c.sweep_interval_secs = 1;
            c.access_token_ttl_secs = 30 * 24 * 3600;
        },
    )
    .await
    else {
        return;
    };
    let mut worker = first.sign_in("worker_a2").await;
    let readers = [
        first.sign_in("street_a").await,
        second.sign_in("street_a").await,
    ];
    let mut cases = report_urgent(&mut worker, 3).await;

    // Two sweeps at once (as if both thought they led, beside the leader's own every
    // second): each case escalates once.
    make_overdue(&first, &readers[0], &cases).await;
    let (a, b) = tokio::join!(
        server::sweep_now(&first.state),
        server::sweep_now(&second.state)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    eprintln!("two sweeps at once escalated {a} and {b} of 3 cases");
    assert!(a + b <= 3);
    wait_escalated(&readers[0], &cases).await;

    // Exactly one replica leads, and only it sweeps.
    let leads = [
        first.state.leads().await.unwrap(),
        second.state.leads().await.unwrap(),
    ];
    assert_eq!(
        leads.iter().filter(|l| **l).count(),
        1,
        "one leader: {leads:?}"
    );
    let sweeps = tokio::join!(
        server::maintenance::sweep_if_leader(&first.state),
        server::maintenance::sweep_if_leader(&second.state)
    );
    let ran = [sweeps.0.unwrap(), sweeps.1.unwrap()];
    assert_eq!(
        ran.iter().map(Option::is_some).collect::<Vec<_>>(),
        leads,
        "only the leader sweeps: {ran:?}"
    );

    // The leader goes (its state dropped, so its lock's connection closes) with new cases
    // about to be overdue; only the other is left to escalate them, and it takes over
    // within a sweep interval or so.
    let (leader, survivor, reader) = if leads[0] {
        (first, second, &readers[1])
    } else {
        (second, first, &readers[0])
    };
    worker.base = survivor.base.clone();
    let fresh = report_urgent(&mut worker, 3).await;
    leader.stop().await;
    let stopped = Instant::now();
    make_overdue(&survivor, reader, &fresh).await;
    wait_escalated(reader, &fresh).await;
    eprintln!(
        "the survivor escalated the new cases {:?} after the leader stopped \
         (sweep interval 1 s)",
        stopped.elapsed()
    );
    assert!(
        survivor.state.leads().await.unwrap(),
        "the survivor leads now"
    );
    cases.extend(fresh);
    assert!(escalated_once_each(reader, &cases).await);
    survivor.stop().await;
}

#[tokio::test]
async fn sign_in_failures_through_one_replica_throttle_the_next_try_through_another() {
    let Some((first, second)) = two_replicas(
        "sign_in_failures_through_one_replica_throttle_the_next_try_through_another",
        |_| {},
    )
    .await
    else {
        return;
    };
    let attempt = |w: &World, password: &str| {
        let request = w
            .http
            .post(w.url("/v1/sessions"))
            .json(&json!({"username": "worker_a1", "password": password, "device_name": "x"}));
        async move { Reply::from(request.send().await.unwrap()).await }
    };
    // Ten failures for a name from one address, and the next try must wait.
    for _ in 0..10 {
        assert_eq!(attempt(&first, "guess").await.status, 401);
    }
    let r = attempt(&second, PASSWORD).await;
    assert_eq!(r.status, 429, "the other replica counts them: {}", r.body);
    assert_eq!(r.code(), "too_many_requests");
    // Once the wait is over, the right password signs in, on either.
    first.clock.advance_secs(16 * 60);
    assert_eq!(attempt(&second, PASSWORD).await.status, 201);
    second.stop().await;
    first.stop().await;
}

async fn health(w: &World) -> Reply {
    Reply::from(w.http.get(w.url("/v1/health")).send().await.unwrap()).await
}

#[tokio::test]
async fn health_says_not_ready_while_postgresql_is_down() {
    let Some((first, second)) =
        two_replicas("health_says_not_ready_while_postgresql_is_down", |_| {}).await
    else {
        return;
    };
    assert_eq!(health(&first).await.status, 200);
    assert_eq!(health(&second).await.status, 200);
    first.stop_postgres().await;
    for w in [&first, &second] {
        let asked = Instant::now();
        let r = health(w).await;
        assert_eq!(r.status, 503, "{}", r.body);
        assert_eq!(r.code(), "storage_unavailable");
        eprintln!("503 in {:?}", asked.elapsed());
    }
    first.restart_postgres().await;
    let start = Instant::now();
    while health(&second).await.status != 200 {
        assert!(start.elapsed() < GUARD, "not ready again within {GUARD:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(health(&first).await.status, 200);
    // And it serves again: the pool replaced its dropped connections.
    let mut worker = second.sign_in("worker_a1").await;
    worker.report("0101", inside(A1)).await;
    second.stop().await;
    first.stop().await;
}

/// Waits (real time) until `done`.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < GUARD, "{what}: not within {GUARD:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    start.elapsed()
}

#[tokio::test]
async fn reference_data_changed_through_one_replica_is_used_by_another() {
    let Some((first, second)) = two_replicas(
        "reference_data_changed_through_one_replica_is_used_by_another",
        |_| {},
    )
    .await
    else {
        return;
    };
    // A category retired through the first: the second refuses new reports of it.
    let admin = first.sign_in("admin").await;
    let r = admin
        .put("/v1/admin/categories/0106", json!({"retired": true}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let code = domain::CategoryCode::parse("0106").unwrap();
    let took = eventually("the second's catalogue has it retired", || {
        second
            .state
            .catalogue()
            .get(&code)
            .is_some_and(|c| c.retired)
    })
    .await;
    eprintln!("a retired category reached the other replica's catalogue in {took:?}");
    let mut reporter = second.sign_in("reporter_a").await;
    let pushed = reporter
        .push(&[report_cmd(
            domain::CaseId::new(),
            "0106",
            "normal",
            inside(A1),
            vec![],
        )])
        .await;
    assert_eq!(pushed.results[0].outcome, protocol::Outcome::Rejected);

    // A grid stored through the first: a report through the second lands in it.
    let (lon, lat) = (119.63, 39.93);
    let grid = domain::GridCode::parse("130302001001003").unwrap();
    let geometry = json!({"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.01, lat],
        [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]]});
    server::reference::import::import_grids(
        &first.state,
        vec![protocol::GridView {
            code: grid,
            community: grid.community(),
            name: "grid 3".into(),
            geometry,
        }],
    )
    .await
    .unwrap();
    eventually("the second's grid index has it", || {
        second.state.grids().locate(lon + 0.005, lat + 0.005) == Some(&grid)
    })
    .await;
    let id = reporter.report("0101", (lon + 0.005, lat + 0.005)).await;
    let disp = first.sign_in("disp_a").await;
    assert_eq!(disp.case(id).await["case"]["grid"], grid.as_str());
    second.stop().await;
    first.stop().await;
}
