//! 街道吹哨，部门报到 through the real server: a street dispatcher calls three departments to
//! one case; two report in on time, one late and is escalated by the sweep; the case
//! resolves only when every part is done, its verification and closing carry to the parts,
//! and the department KPIs count each part while the area counts the case once.

use domain::{Person, PersonId};
use protocol::Outcome;
use serde_json::{Value, json};

use crate::harness::{A1, PASSWORD, Session, World, inside, task_cmd, upload};

const DEPARTMENTS: &str = "code,name,kind,area\n\
    cg,区城市管理局,专业部门,130302\n\
    sz,区市政工程管理处,专业部门,130302\n\
    gs,区供水公司,专业部门,130302\n";

/// The three departments stored, each with one handler signed in.
async fn departments(w: &World) -> Vec<Session> {
    server::reference::imports::import_by_service(
        &w.state,
        "organisations",
        "orgs.csv",
        DEPARTMENTS.as_bytes(),
    )
    .await
    .unwrap();
    let mut handlers = Vec::new();
    for code in ["cg", "sz", "gs"] {
        let org = w
            .state
            .organisations()
            .iter()
            .find(|o| o.code.as_str() == code)
            .unwrap()
            .clone();
        let name = format!("{code}.handler");
        let person = Person::handler(PersonId::random(), name.clone(), &org).unwrap();
        server::reference::import::create_person(&w.state, &name, PASSWORD, person, None)
            .await
            .unwrap();
        handlers.push(w.sign_in(&name).await);
    }
    handlers
}

fn applied(r: &protocol::PushResponse) {
    assert!(
        r.results.iter().all(|x| x.outcome == Outcome::Applied),
        "{:?}",
        r.results
    );
}

fn parts(case: &Value) -> Vec<domain::CaseId> {
    case["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn three_departments_called_one_late_and_escalated_the_case_resolves_when_all_are_done() {
    let w = World::start_with(|c| c.access_token_ttl_secs = 30 * 24 * 3600).await;
    let handlers = departments(&w).await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let street = w.sign_in("street_a").await;
    // 5305 施工废弃料: the community's queue receives it.
    let id = worker.report("5305", inside(A1)).await;
    assert_eq!(disp.act(id, json!({"action": "accept"})).await.status, 200);

    let whistle = json!({
        "action": "whistle", "departments": ["cg", "sz", "gs"], "report_in_minutes": 30,
        "due_at": w.state.now_ms() + 24 * 3600 * 1000,
    });
    // The community does not blow the street's whistle; nor is a department called twice
    // or one that does not exist.
    let r = disp.act(id, whistle.clone()).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let twice = json!({"action": "whistle", "departments": ["cg", "cg"]});
    assert_eq!(street.act(id, twice).await.code(), "invalid_whistle");
    let unknown = json!({"action": "whistle", "departments": ["cg", "xx"]});
    assert_eq!(street.act(id, unknown).await.code(), "unknown_department");

    let r = street.act(id, whistle).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (&r.body["state"], &r.body["assignee"]),
        (&json!("dispatched"), &Value::Null)
    );
    let part_ids = parts(&r.body);
    assert_eq!(part_ids.len(), 3);

    // Each department's handler has its part as a task on their phone.
    let mut part_of = Vec::new();
    for (h, code) in handlers.iter().zip(["cg", "sz", "gs"]) {
        let seen = crate::harness::apply_changes(&h.pull_all().await);
        let mine: Vec<&Value> = seen
            .iter()
            .filter(|((kind, _), v)| kind == "Case" && v["assignee"] == json!(h.person_id()))
            .map(|(_, v)| v)
            .collect();
        assert_eq!(mine.len(), 1, "{code}: {seen:?}");
        assert_eq!(mine[0]["department"], code);
        assert_eq!(mine[0]["part_of"], json!(id));
        assert!(mine[0]["report_in_due"].is_i64());
        part_of.push(
            mine[0]["id"]
                .as_str()
                .unwrap()
                .parse::<domain::CaseId>()
                .unwrap(),
        );
    }
    assert_eq!(part_of, part_ids);

    // 城管 and 市政 report in within the half hour; 供水 does not.
    let mut hs = handlers;
    for (h, part) in hs.iter_mut().zip(&part_ids).take(2) {
        applied(
            &h.push(&[task_cmd("task.acknowledge", *part, json!({}))])
                .await,
        );
    }
    // 报到及时率 while 供水 is still inside its half hour: it is not late yet, so it counts
    // for neither side; the two that reported in are on time.
    let rate = |rows: &Value, code: &str| {
        let row = rows["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == code)
            .unwrap_or_else(|| panic!("{code}: {rows}"))
            .clone();
        (row["called"].clone(), row["report_in_rate"].clone())
    };
    let early = street.get("/v1/kpis?level=department").await.body;
    assert_eq!(rate(&early, "cg"), (json!(1), json!(1.0)), "{early}");
    assert_eq!(rate(&early, "gs"), (json!(0), Value::Null), "{early}");
    w.clock.advance_secs(31 * 60);
    assert!(server::sweep_now(&w.state).await.unwrap() >= 1);
    // Past its window without reporting in: late.
    let after = street.get("/v1/kpis?level=department").await.body;
    assert_eq!(rate(&after, "gs"), (json!(1), json!(0.0)), "{after}");
    let late = street.case(part_ids[2]).await;
    assert_eq!(
        (&late["case"]["overdue"], &late["case"]["escalation"]),
        (&json!(true), &json!(1)),
        "{late}"
    );
    for on_time in &part_ids[..2] {
        let c = street.case(*on_time).await;
        assert_eq!(
            (&c["case"]["overdue"], &c["case"]["escalation"]),
            (&json!(false), &json!(0))
        );
    }
    // Still not there a window later: it goes up to the street.
    w.clock.advance_secs(30 * 60);
    server::sweep_now(&w.state).await.unwrap();
    assert_eq!(street.case(part_ids[2]).await["case"]["escalation"], 2);
    let overdue = street.get("/v1/cases?overdue=true").await;
    assert!(
        overdue.body["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == json!(part_ids[2])),
        "{}",
        overdue.body
    );

    // Two parts done: the case still waits.
    for (i, h) in hs.iter_mut().enumerate().take(2) {
        let photo = upload(h, format!("fixed by department {i}").as_bytes()).await;
        applied(
            &h.push(&[
                task_cmd("task.start", part_ids[i], json!({})),
                task_cmd(
                    "task.resolve",
                    part_ids[i],
                    json!({"photos": [photo], "note": "已处置"}),
                ),
            ])
            .await,
        );
    }
    assert_eq!(street.case(id).await["case"]["state"], "dispatched");

    // 供水 reports in late and finishes: now the case is resolved, with every part's photo.
    let photo = upload(&hs[2], b"water main repaired").await;
    applied(
        &hs[2]
            .push(&[
                task_cmd("task.acknowledge", part_ids[2], json!({})),
                task_cmd(
                    "task.resolve",
                    part_ids[2],
                    json!({"photos": [photo], "note": "管道已修复"}),
                ),
            ])
            .await,
    );
    let joint = street.case(id).await;
    assert_eq!(joint["case"]["state"], "resolved", "{joint}");
    assert_eq!(
        joint["case"]["resolution"]["photos"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // The street verifies and closes the case; its parts follow.
    let r = street
        .act(id, json!({"action": "verify", "pass": true}))
        .await;
    assert_eq!(r.body["state"], "verified", "{}", r.body);
    assert_eq!(
        street.act(id, json!({"action": "close"})).await.body["state"],
        "closed"
    );
    for part in &part_ids {
        assert_eq!(street.case(*part).await["case"]["state"], "closed");
    }

    // Per department, each part is that department's handled case; per area, the joint
    // case counts once.
    let k = w.sign_in("commander").await;
    let depts = k.get("/v1/kpis?level=department").await;
    let rows = depts.body["rows"].as_array().unwrap();
    for code in ["cg", "sz", "gs"] {
        let row = rows
            .iter()
            .find(|r| r["key"] == code)
            .unwrap_or_else(|| panic!("{code}: {rows:?}"));
        assert_eq!(
            (&row["dispatched"], &row["handled"]),
            (&json!(1), &json!(1)),
            "{row}"
        );
        // Which departments answered the whistle, and how fast.
        let on_time = if code == "gs" { 0 } else { 1 };
        assert_eq!(
            (
                &row["called"],
                &row["reported_in_on_time"],
                &row["report_in_rate"]
            ),
            (&json!(1), &json!(on_time), &json!(f64::from(on_time))),
            "{row}"
        );
        let minutes = row["report_in_mean_minutes"].as_f64().unwrap();
        assert!(
            if code == "gs" {
                minutes >= 61.0
            } else {
                minutes < 1.0
            },
            "{row}"
        );
    }
    let grids = k.get("/v1/kpis?level=grid").await;
    let a1 = grids.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == A1.0)
        .unwrap()
        .clone();
    assert_eq!(a1["reported"], 1, "{a1}");
}
