//! Push and pull: replays answer the stored outcome, gaps stop, poison entries do not
//! block, pulls are scoped and paged, `remove` when a task leaves someone's scope.

use protocol::{ChangeKind, EntityKind, Outcome};
use serde_json::json;

use crate::harness::{A1, B1, World, apply_changes, inside, report_cmd};

#[tokio::test]
async fn replayed_out_of_order_and_poison_mutations() {
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let ids: Vec<_> = (0..5).map(|_| domain::CaseId::new()).collect();
    let m = |mid: u64, i: usize| {
        report_cmd(ids[i], "0101", "normal", inside(A1), vec![]).to_mutation(mid, 0)
    };

    let r = s.push_raw(json!([m(1, 0), m(2, 1)])).await;
    assert_eq!(r.last_mid, 2);
    assert!(r.results.iter().all(|x| x.outcome == Outcome::Applied));

    // The answer was lost: the device sends 2 again with 3.
    let r = s.push_raw(json!([m(2, 1), m(3, 2)])).await;
    assert_eq!(r.last_mid, 3);
    assert_eq!(r.results.len(), 2);
    assert_eq!(r.results[0].outcome, Outcome::Applied);

    // Out of order inside a batch is fine; a gap stops.
    let r = s.push_raw(json!([m(5, 4)])).await;
    assert_eq!(r.last_mid, 3);
    assert!(r.results.is_empty());

    // A poison entry (unknown name) is rejected and does not block the next one.
    let poison = json!({"mid": 4, "name": "case.explode", "args": {}, "at": 0});
    let r = s.push_raw(json!([m(5, 4), poison])).await;
    assert_eq!(r.last_mid, 5);
    assert_eq!(r.results[0].mid, 4);
    assert_eq!(r.results[0].outcome, Outcome::Rejected);
    assert!(
        r.results[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("unknown mutation")
    );
    assert_eq!(r.results[1].outcome, Outcome::Applied);

    // Replaying the poison answers the same stored rejection.
    let r = s
        .push_raw(json!([
            json!({"mid": 4, "name": "case.explode", "args": {}, "at": 0})
        ]))
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected);
    assert_eq!(r.last_mid, 5);

    // Each case exists once, however often its create was sent.
    let cases = s.get("/v1/cases").await;
    let listed: Vec<_> = cases.body["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    for id in [0, 1, 2, 4] {
        assert_eq!(listed.iter().filter(|x| **x == json!(ids[id])).count(), 1);
    }
    assert!(
        !listed.contains(&json!(ids[3])),
        "mid 4 was the poison, not a report"
    );

    // Another device's id is refused.
    let other = w.sign_in("worker_a1").await;
    let r = s
        .post(
            "/v1/push",
            json!({"device_id": other.tokens.device_id, "schema": 1, "mutations": []}),
        )
        .await;
    assert_eq!(r.status, 403);
    w.stop().await;
}

#[tokio::test]
async fn pull_is_scoped_paged_and_resumable() {
    let w = World::start().await;
    let mut a = w.sign_in("worker_a1").await;
    let mut b = w.sign_in("worker_b1").await;
    let case_a = a.report("0101", inside(A1)).await;
    let case_b = b.report("0101", inside(B1)).await;

    let seen_a = apply_changes(&a.pull_all().await);
    let seen_b = apply_changes(&b.pull_all().await);
    let has =
        |seen: &std::collections::BTreeMap<(String, String), serde_json::Value>,
         id: domain::CaseId| { seen.contains_key(&("Case".to_string(), id.to_string())) };
    assert!(has(&seen_a, case_a) && !has(&seen_a, case_b));
    assert!(has(&seen_b, case_b) && !has(&seen_b, case_a));
    // Reference data: categories for everyone, only their own grid.
    assert!(seen_a.keys().any(|(e, _)| e == "Category"));
    let grids: Vec<_> = seen_a
        .keys()
        .filter(|(e, _)| e == "Grid")
        .map(|(_, id)| id.clone())
        .collect();
    assert_eq!(grids, vec![A1.0.to_string()]);
    // A dispatcher gets the workers of their community's grids, and only those.
    let disp = w.sign_in("disp_a").await;
    let people: Vec<_> = apply_changes(&disp.pull_all().await)
        .into_iter()
        .filter(|((e, _), _)| e == "Person")
        .map(|(_, p)| p["username"].as_str().unwrap().to_string())
        .collect();
    assert!(people.contains(&"worker_a1".to_string()) && people.contains(&"worker_a2".to_string()));
    assert!(!people.contains(&"worker_b1".to_string()), "{people:?}");

    // Resume from a cursor: only what is new.
    let (_, cursor) = a.pull_from(0).await;
    let case_2 = a.report("0101", inside(A1)).await;
    let (new, _) = a.pull_from(cursor).await;
    assert!(new.iter().all(|c| c.seq > cursor));
    assert!(
        new.iter()
            .any(|c| c.entity == EntityKind::Case && c.id == case_2.to_string())
    );
    assert!(!new.iter().any(|c| c.id == case_a.to_string()));
    w.stop().await;
}

#[tokio::test]
async fn a_task_that_leaves_a_workers_scope_is_removed_from_their_device() {
    let w = World::start().await;
    let mut a2 = w.sign_in("worker_a2").await;
    let a1 = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let id = a2.report("0101", inside(crate::harness::A2)).await;
    assert_eq!(disp.act(id, json!({"action": "accept"})).await.status, 200);
    let r = disp
        .act(id, json!({"action": "dispatch", "worker": a1.person_id()}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (changes, cursor) = a1.pull_from(0).await;
    assert!(apply_changes(&changes).contains_key(&("Case".into(), id.to_string())));

    let r = disp
        .act(id, json!({"action": "reassign", "worker": a2.person_id()}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (changes, _) = a1.pull_from(cursor).await;
    let gone = changes
        .iter()
        .find(|c| c.id == id.to_string())
        .expect("a change for the case");
    assert_eq!(gone.kind, ChangeKind::Remove);
    // A fresh device of the same worker never sees it at all.
    let fresh = w.sign_in("worker_a1").await;
    assert!(!apply_changes(&fresh.pull_all().await).contains_key(&("Case".into(), id.to_string())));
    w.stop().await;
}

#[tokio::test]
async fn a_compacted_cursor_gets_410_and_a_fresh_pull_still_works() {
    let w = World::start_with(|c| c.change_retention_secs = 60).await;
    let mut a2 = w.sign_in("worker_a2").await;
    let a1 = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let (_, old_cursor) = a1.pull_from(0).await;
    let id = a2.report("0101", inside(crate::harness::A2)).await;
    disp.act(id, json!({"action": "accept"})).await;
    disp.act(id, json!({"action": "dispatch", "worker": a1.person_id()}))
        .await;
    disp.act(id, json!({"action": "reassign", "worker": a2.person_id()}))
        .await;
    w.clock.advance_secs(120);
    server::sweep_now(&w.state).await.unwrap();
    let r = a1.get(&format!("/v1/pull?cursor={old_cursor}")).await;
    assert_eq!(r.status, 410);
    assert_eq!(r.code(), "cursor_gone");
    let r = a1.get("/v1/pull?cursor=0").await;
    assert_eq!(r.status, 200);
    // A cursor from beyond the server's log (its data was restored or reset) is gone too.
    let r = a1.get("/v1/pull?cursor=999999999").await;
    assert_eq!(r.status, 410);
    w.stop().await;
}

#[tokio::test]
async fn events_hint_pull_now_and_end_on_shutdown() {
    let w = World::start().await;
    let disp = w.sign_in("disp_a").await;
    let mut worker = w.sign_in("worker_a1").await;
    let mut events = w
        .http
        .get(w.url("/v1/events"))
        .bearer_auth(&disp.tokens.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    // A guard against hanging forever, not a timing assertion.
    let guard = std::time::Duration::from_secs(30);
    let mut seen = String::new();
    while !seen.contains("event: pull") {
        let chunk = tokio::time::timeout(guard, events.chunk())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    // Something new: the hint comes again.
    worker.report("0101", inside(A1)).await;
    let mut next = String::new();
    while !next.contains("event: pull") {
        let chunk = tokio::time::timeout(guard, events.chunk())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        next.push_str(&String::from_utf8_lossy(&chunk));
    }
    // Unauthenticated streams are refused.
    let r = w.http.get(w.url("/v1/events")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    // Shutdown completes with the stream still open: the stream ends.
    w.stop().await;
    let end = tokio::time::timeout(guard, async {
        loop {
            match events.chunk().await {
                Ok(Some(_)) => continue,
                _ => return,
            }
        }
    })
    .await;
    assert!(end.is_ok(), "the event stream ended with the server");
}

/// Trust finding 12: a replay is answered from the stored outcome only when it is the same
/// mutation; another name or other arguments under a known mid, or a mid whose outcome the
/// server no longer remembers, are refused loudly, never marked applied.
#[tokio::test]
async fn a_replay_that_is_not_the_same_mutation_is_refused() {
    // A short retention window, so the clock can pass it while the access token holds.
    let w = World::start_with(|c| c.change_retention_secs = 60).await;
    let s = w.sign_in("worker_a1").await;
    let id = domain::CaseId::new();
    let original = report_cmd(id, "0101", "normal", inside(A1), vec![]).to_mutation(1, 0);
    let r = s.push_raw(json!([original.clone()])).await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);

    // The same mutation again: its stored outcome.
    let r = s.push_raw(json!([original.clone()])).await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);

    // Another name under mid 1.
    let other_name = json!({"mid": 1, "name": "task.start", "args": {"case_id": id}, "at": 0});
    let r = s.push_raw(json!([other_name])).await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected, "{:?}", r.results);
    let reason = r.results[0].reason.clone().unwrap_or_default();
    assert!(reason.contains("replay_mismatch"), "{reason}");

    // The same name with other arguments under mid 1.
    let mut other_args = serde_json::to_value(&original).unwrap();
    other_args["args"]["description"] = json!("not what was sent first");
    let r = s.push_raw(json!([other_args])).await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected, "{:?}", r.results);
    assert!(
        r.results[0]
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("replay_mismatch")
    );
    assert_eq!(r.last_mid, 1, "nothing moved");

    // Past the retention window the outcome is forgotten: a replay is not called applied.
    w.clock.advance_secs(120);
    server::sweep_now(&w.state).await.unwrap();
    let r = s.push_raw(json!([original])).await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected, "{:?}", r.results);
    assert!(
        r.results[0]
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("outcome_forgotten")
    );
}

/// Trust finding 11: a check-in keeps the server's receive time beside the phone's, and a
/// phone time that cannot be right is flagged (the check-in itself is kept).
#[tokio::test]
async fn check_ins_carry_the_server_time_and_an_implausible_phone_time_is_flagged() {
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let patrol = protocol::PatrolId::new();
    let now = w.state.now_ms();
    let (lon, lat) = inside(A1);
    let day = 24 * 3600 * 1000;
    let checkin = |mid: u64, building: &str, at: i64| {
        json!({"mid": mid, "name": "patrol.checkin", "at": at, "args": {
            "patrol_id": patrol, "building": building, "lon": lon, "lat": lat}})
    };
    let r = s
        .push_raw(json!([
            {"mid": 1, "name": "patrol.start", "args": {"patrol_id": patrol}, "at": now},
            checkin(2, "1号楼", now - 60_000),
            checkin(3, "2号楼", now + 2 * day),
            checkin(4, "3号楼", now - 90 * day),
        ]))
        .await;
    assert!(
        r.results.iter().all(|x| x.outcome == Outcome::Applied),
        "{:?}",
        r.results
    );
    let changes = s.pull_all().await;
    let view = changes
        .iter()
        .find(|c| c.entity == EntityKind::Patrol)
        .and_then(|c| c.data.clone())
        .expect("the patrol is in the feed");
    let checkins = view["checkins"].as_array().unwrap();
    assert_eq!(checkins.len(), 3);
    for c in checkins {
        assert_eq!(c["received_at"], json!(now), "server time kept: {c}");
    }
    assert_eq!(
        checkins[0]["clock_suspect"],
        json!(false),
        "{}",
        checkins[0]
    );
    assert_eq!(
        checkins[1]["clock_suspect"],
        json!(true),
        "two days ahead: {}",
        checkins[1]
    );
    assert_eq!(
        checkins[2]["clock_suspect"],
        json!(true),
        "ninety days late: {}",
        checkins[2]
    );
}

/// Reads the stream until it ends; `false` if it is still open after `guard`.
async fn ends_within(events: &mut reqwest::Response, guard: std::time::Duration) -> bool {
    tokio::time::timeout(guard, async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await
    .is_ok()
}

async fn open_events(w: &World, token: &str) -> reqwest::Response {
    let mut events = w
        .http
        .get(w.url("/v1/events"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    // The hint on connect.
    let chunk = events.chunk().await.unwrap().unwrap_or_default();
    assert!(String::from_utf8_lossy(&chunk).contains("event: pull"));
    events
}

/// Trust finding 10: an event stream is re-checked: revoking its device closes it at once,
/// its access token's expiry closes it, and a device holds only a few at a time.
#[tokio::test]
async fn event_streams_close_on_revocation_and_expiry_and_are_few_per_device() {
    // A guard against hanging forever, not a timing assertion.
    let guard = std::time::Duration::from_secs(10);
    let w = World::start().await;
    let mut worker = w.sign_in("worker_a1").await;
    let admin = w.sign_in("admin").await;

    // Revocation.
    let phone = w.sign_in("worker_a2").await;
    let mut events = open_events(&w, &phone.tokens.access_token).await;
    let device = phone.tokens.device_id;
    let r = admin
        .post(&format!("/v1/devices/{device}/revoke"), json!({}))
        .await;
    assert!(r.status < 300, "{}", r.body);
    assert!(
        ends_within(&mut events, guard).await,
        "revoking closes the stream"
    );

    // Expiry: past the access token's lifetime the next wake-up ends the stream.
    let mut events = open_events(&w, &worker.tokens.access_token).await;
    let ttl = i64::try_from(w.state.config().access_token_ttl_secs).unwrap();
    w.clock.advance_secs(ttl + 1);
    // Something new wakes the stream: the worker signs in afresh and reports.
    worker.tokens = w.sign_in("worker_a1").await.tokens;
    worker.report("0101", inside(A1)).await;
    assert!(
        ends_within(&mut events, guard).await,
        "an expired token's stream ends"
    );

    // At most a few streams per device.
    let s2 = w.sign_in("disp_a").await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(open_events(&w, &s2.tokens.access_token).await);
    }
    let r = w
        .http
        .get(w.url("/v1/events"))
        .bearer_auth(&s2.tokens.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "a fourth stream of one device");
    drop(open);
    w.stop().await;
}

/// Trust finding 7: a check-in sent again under a new device id (the phone signed in
/// again while it was being sent) is the same check-in, by its own id.
#[tokio::test]
async fn a_check_in_sent_again_from_a_new_device_is_kept_once() {
    let w = World::start().await;
    let first = w.sign_in("worker_a1").await;
    let patrol = protocol::PatrolId::new();
    let visit = uuid::Uuid::now_v7();
    let (lon, lat) = inside(A1);
    let now = w.state.now_ms();
    let checkin = |mid: u64| {
        json!({"mid": mid, "name": "patrol.checkin", "at": now, "args": {
            "patrol_id": patrol, "building": "1号楼", "lon": lon, "lat": lat,
            "checkin_id": visit}})
    };
    let r = first
        .push_raw(json!([
            {"mid": 1, "name": "patrol.start", "args": {"patrol_id": patrol}, "at": now},
            checkin(2),
        ]))
        .await;
    assert!(
        r.results.iter().all(|x| x.outcome == Outcome::Applied),
        "{:?}",
        r.results
    );
    // Signed in again: a new device id, its mids start at 1, the check-in goes out again.
    let again = w.sign_in("worker_a1").await;
    let r = again.push_raw(json!([checkin(1)])).await;
    assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);
    let changes = again.pull_all().await;
    let view = changes
        .iter()
        .find(|c| c.entity == EntityKind::Patrol)
        .and_then(|c| c.data.clone())
        .expect("the patrol is in the feed");
    assert_eq!(view["checkins"].as_array().unwrap().len(), 1, "{view}");
}

/// Trust finding 5: the server holds every text to its limit, in pushes and desk actions.
#[tokio::test]
async fn texts_past_their_limits_are_refused() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let long = "长".repeat(2_001);
    let id = domain::CaseId::new();
    let mut big = serde_json::to_value(
        report_cmd(id, "0101", "normal", inside(A1), vec![]).to_mutation(1, 0),
    )
    .unwrap();
    big["args"]["description"] = json!(long);
    let r = a1.push_raw(json!([big])).await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected, "{:?}", r.results);
    assert!(
        r.results[0]
            .reason
            .as_deref()
            .unwrap_or_default()
            .starts_with("too_large")
    );
    assert_eq!(r.last_mid, 1, "refused on its own, the queue moves on");
    a1.next_mid = 2;
    let case = a1.report("0101", inside(A1)).await;
    let r = disp
        .act(
            case,
            json!({"action": "reject", "reason": "长".repeat(501)}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.code(), "too_large");
}
