//! The whole case loop through the API, auto-dispatch, reports outside every grid,
//! conflicts of offline work, merging duplicates, nearby cases, escalation and KPIs.

use protocol::Outcome;
use serde_json::json;

use crate::harness::{A1, A2, World, inside, report_cmd, sha256, task_cmd, upload};

#[tokio::test]
async fn the_whole_case_loop_through_the_api() {
    let w = World::start().await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;

    // 1. collect: a report with a photo, pushed from the device.
    let photo = upload(&worker, b"photo of a broken manhole cover").await;
    let id = domain::CaseId::new();
    let r = worker
        .push(&[report_cmd(
            id,
            "0101",
            "normal",
            inside(A1),
            vec![photo.clone()],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);

    // The dispatcher sees it in its grid, and as a possible duplicate nearby.
    let c = disp.case(id).await;
    assert_eq!(c["case"]["state"], "reported");
    assert_eq!(c["case"]["grid"], A1.0);
    assert_eq!(c["case"]["outside_grid"], false);
    let (lon, lat) = inside(A1);
    let near = disp
        .get(&format!(
            "/v1/cases/nearby?lon={lon}&lat={}&category=0101&radius_m=50",
            lat + 0.0001
        ))
        .await;
    assert_eq!(near.status, 200);
    assert_eq!(near.body["cases"][0]["case"]["id"], json!(id));

    // 2. file, 3. dispatch.
    assert_eq!(
        disp.act(id, json!({"action": "accept"})).await.body["state"],
        "accepted"
    );
    let r = disp
        .act(
            id,
            json!({"action": "dispatch", "worker": worker.person_id()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "dispatched");
    assert_eq!(r.body["assignee"], json!(worker.person_id()));

    // The worker's device learns of the task by pulling.
    let seen = crate::harness::apply_changes(&worker.pull_all().await);
    assert_eq!(
        seen[&("Case".to_string(), id.to_string())]["assignee"],
        json!(worker.person_id())
    );

    // 4. handle, 5. report back (offline, all in one push).
    let fix = upload(&worker, b"photo of the new cover").await;
    let r = worker
        .push(&[
            task_cmd("task.acknowledge", id, json!({})),
            task_cmd("task.start", id, json!({})),
            task_cmd(
                "task.resolve",
                id,
                json!({"photos": [fix], "note": "replaced"}),
            ),
        ])
        .await;
    assert!(
        r.results.iter().all(|x| x.outcome == Outcome::Applied),
        "{:?}",
        r.results
    );

    // 6. verify: fail sends it back for rework; the worker resolves again; pass; close.
    let r = disp
        .act(
            id,
            json!({"action": "verify", "pass": false, "note": "still loose"}),
        )
        .await;
    assert_eq!(r.body["state"], "dispatched");
    assert_eq!(r.body["rework_count"], 1);
    let r = worker
        .push(&[task_cmd(
            "task.resolve",
            id,
            json!({"photos": [fix], "note": "fixed tight"}),
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);
    assert_eq!(
        disp.act(id, json!({"action": "verify", "pass": true}))
            .await
            .body["state"],
        "verified"
    );
    assert_eq!(
        disp.act(id, json!({"action": "close"})).await.body["state"],
        "closed"
    );

    // The detail has every step in the audit trail and both photos present.
    let c = disp.case(id).await;
    let actions: Vec<&str> = c["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for step in [
        "report",
        "accept_case",
        "dispatch",
        "acknowledge_task",
        "start",
        "resolve",
        "verify",
        "close",
    ] {
        assert!(actions.contains(&step), "{step} missing from {actions:?}");
    }
    let photos = c["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2);
    assert!(photos.iter().all(|p| p["present"] == true));

    // 7. evaluate.
    let k = disp.get("/v1/kpis?level=community").await;
    assert_eq!(k.status, 200, "{}", k.body);
    let row = &k.body["rows"][0];
    assert_eq!(row["key"], "130302001001");
    assert_eq!(row["closed"], 1);
    assert_eq!(row["first_time"], 0, "it needed rework");

    // Reopen and the list filters.
    assert_eq!(
        disp.act(
            id,
            json!({"action": "reopen", "reason": "came loose again"})
        )
        .await
        .body["state"],
        "accepted"
    );
    let list = disp.get("/v1/cases?state=accepted&category=0101").await;
    assert_eq!(list.body["total"], 1);
    let list = disp.get("/v1/cases?state=closed").await;
    assert_eq!(list.body["total"], 0);
    w.stop().await;
}

#[tokio::test]
async fn small_street_problems_go_straight_to_the_grids_worker() {
    let w = World::start().await;
    let mut reporter = w.sign_in("reporter_a").await;
    let worker = w.sign_in("worker_a1").await;
    let id = domain::CaseId::new();
    let r = reporter
        .push(&[report_cmd(id, "5501", "normal", inside(A1), vec![])])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);
    let c = worker.case(id).await;
    assert_eq!(c["case"]["state"], "dispatched");
    // The reporter has no area, yet sees their own report.
    let own = crate::harness::apply_changes(&reporter.pull_all().await);
    assert!(own.contains_key(&("Case".to_string(), id.to_string())));
    assert_eq!(c["case"]["assignee"], json!(worker.person_id()));
    // An urgent one waits for a dispatcher.
    let id = domain::CaseId::new();
    reporter
        .push(&[report_cmd(id, "5501", "urgent", inside(A1), vec![])])
        .await;
    assert_eq!(worker.case(id).await["case"]["state"], "reported");
    w.stop().await;
}

#[tokio::test]
async fn a_report_outside_every_grid_goes_to_the_reporters_community() {
    let w = World::start().await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let id = domain::CaseId::new();
    let r = worker
        .push(&[report_cmd(id, "0101", "normal", (119.70, 39.99), vec![])])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);
    let c = disp.case(id).await;
    assert_eq!(c["case"]["outside_grid"], true);
    assert_eq!(c["case"]["grid"], json!(null));
    assert_eq!(c["case"]["community"], "130302001001");
    // Bad coordinates are rejected, not a server error.
    let r = worker
        .push(&[report_cmd(
            domain::CaseId::new(),
            "0101",
            "normal",
            (200.0, 95.0),
            vec![],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected);
    let r = worker
        .push(&[report_cmd(
            domain::CaseId::new(),
            "9999",
            "normal",
            inside(A1),
            vec![],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected);
    w.stop().await;
}

#[tokio::test]
async fn offline_work_on_a_reassigned_task_is_kept_as_a_conflict() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let a2 = w.sign_in("worker_a2").await;
    let disp = w.sign_in("disp_a").await;
    let id = a1.report("0101", inside(A1)).await;
    disp.act(id, json!({"action": "accept"})).await;
    disp.act(id, json!({"action": "dispatch", "worker": a1.person_id()}))
        .await;
    // While a1 is offline, the dispatcher gives the task to a2.
    let r = disp
        .act(id, json!({"action": "reassign", "worker": a2.person_id()}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = a1
        .push(&[
            task_cmd("task.start", id, json!({})),
            task_cmd(
                "task.resolve",
                id,
                json!({"photos": [sha256(b"x")], "note": "done before I knew"}),
            ),
        ])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected);
    assert!(
        r.results[0]
            .reason
            .as_deref()
            .unwrap()
            .starts_with("reassigned")
    );
    assert_eq!(r.results[1].outcome, Outcome::Conflict);
    let c = disp.case(id).await;
    assert_eq!(c["case"]["state"], "dispatched");
    assert_eq!(c["case"]["assignee"], json!(a2.person_id()));
    let conflicts = c["case"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["by"], json!(a1.person_id()));
    assert_eq!(conflicts[0]["note"], "done before I knew");
    w.stop().await;
}

#[tokio::test]
async fn duplicates_are_rejected_or_merged() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let first = a1.report("0101", inside(A1)).await;
    let second = a1.report("0101", inside(A1)).await;
    let third = a1.report("0101", inside(A1)).await;
    disp.act(first, json!({"action": "accept"})).await;
    let r = disp
        .act(second, json!({"action": "merge", "into": first}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "rejected");
    assert_eq!(r.body["duplicate_of"], json!(first));
    let r = disp
        .act(
            third,
            json!({"action": "reject", "reason": "same", "duplicate_of": first}),
        )
        .await;
    assert_eq!(r.body["duplicate_of"], json!(first));
    let c = disp.case(first).await;
    assert!(
        c["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "merge")
    );
    // A rejected case cannot be dispatched.
    let r = disp
        .act(
            second,
            json!({"action": "dispatch", "worker": a1.person_id()}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.code(), "illegal_transition");
    w.stop().await;
}

#[tokio::test]
async fn overdue_cases_escalate_on_the_server_clock() {
    let w = World::start_with(|c| c.access_token_ttl_secs = 30 * 24 * 3600).await;
    let mut a2 = w.sign_in("worker_a2").await;
    let street = w.sign_in("street_a").await;
    let id = domain::CaseId::new();
    a2.push(&[report_cmd(id, "0101", "urgent", inside(A2), vec![])])
        .await;
    assert_eq!(server::sweep_now(&w.state).await.unwrap(), 0);
    w.clock.advance_secs(3 * 24 * 3600);
    assert!(server::sweep_now(&w.state).await.unwrap() >= 1);
    let c = street.case(id).await;
    assert_eq!(c["case"]["overdue"], true);
    assert!(c["case"]["escalation"].as_u64().unwrap() >= 1);
    assert!(
        c["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "escalate")
    );
    let list = street.get("/v1/cases?overdue=true").await;
    assert_eq!(list.body["total"], 1);
    w.stop().await;
}

/// Trust finding 3: only a worker who held the task may leave evidence on it once it is no
/// longer theirs; others are refused with nothing written, and the evidence is bounded.
#[tokio::test]
async fn only_a_former_assignee_may_leave_conflict_evidence_within_limits() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut a2 = w.sign_in("worker_a2").await;
    let mut b1 = w.sign_in("worker_b1").await;
    let disp = w.sign_in("disp_a").await;
    let id = a1.report("0101", inside(A1)).await;
    disp.act(id, json!({"action": "accept"})).await;
    disp.act(id, json!({"action": "dispatch", "worker": a1.person_id()}))
        .await;
    disp.act(id, json!({"action": "reassign", "worker": a2.person_id()}))
        .await;
    let resolve = |note: &str, photos: Vec<String>| {
        task_cmd("task.resolve", id, json!({"photos": photos, "note": note}))
    };
    let conflicts = |c: &serde_json::Value| c["case"]["conflicts"].as_array().unwrap().len();

    // b1 never held the task: refused, nothing on the case.
    let r = b1.push(&[resolve("not mine", vec![sha256(b"b")])]).await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected, "{:?}", r.results);
    assert_eq!(conflicts(&disp.case(id).await), 0);

    // a1 held it: kept, but a note past the limit is refused whole.
    let long = "长".repeat(5_000);
    let raw = json!([{"mid": a1.next_mid, "name": "task.resolve", "at": 0,
        "args": {"case_id": id, "photos": [], "note": long}}]);
    a1.next_mid += 1;
    let r = a1.push_raw(raw).await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected, "{:?}", r.results);
    let r = a1
        .push(&[resolve("done before I knew", vec![sha256(b"a")])])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Conflict, "{:?}", r.results);
    assert_eq!(conflicts(&disp.case(id).await), 1);

    // Evidence from one person on one case is bounded: the third extra one is refused.
    for n in 0..3 {
        let r = a1.push(&[resolve(&format!("again {n}"), vec![])]).await;
        let want = if n < 2 {
            Outcome::Conflict
        } else {
            Outcome::Rejected
        };
        assert_eq!(r.results[0].outcome, want, "extra {n}: {:?}", r.results);
    }
    assert_eq!(conflicts(&disp.case(id).await), 3);
    // The current assignee is untouched by all of it.
    let r = a2.push(&[task_cmd("task.start", id, json!({}))]).await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    w.stop().await;
}
