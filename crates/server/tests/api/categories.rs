//! Administrators change one category at a time: its time limits reach the next report's
//! deadline, its routing the next report's dispatch, retiring it refuses new reports while
//! the cases that have it keep it, a new code needs every field, and every wrong field is
//! named. Each change is in the admin audit log.

use protocol::Outcome;
use serde_json::json;

use crate::harness::{A1, World, inside, report_cmd};

#[tokio::test]
async fn a_category_changed_by_hand_rules_the_next_report() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;

    let r = admin
        .put(
            "/v1/admin/categories/0106",
            json!({"normal_accept_min": 30, "name_en": "Manhole cover"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["accept_minutes"][2], 30);
    assert_eq!(r.body["name_en"], "Manhole cover");
    let first = worker.report("0106", inside(A1)).await;
    let c = disp.case(first).await;
    let due = c["case"]["due_at"].as_i64().unwrap() - c["case"]["reported_at"].as_i64().unwrap();
    assert_eq!(due, 30 * 60_000, "{c}");
    assert_eq!(c["case"]["state"], "reported");

    // Routed to the grid's worker: the next report is dispatched to them at once.
    let r = admin
        .put("/v1/admin/categories/0106", json!({"routing": "网格员"}))
        .await;
    assert_eq!(r.body["routing"], "grid_worker", "{}", r.body);
    let second = worker.report("0106", inside(A1)).await;
    let c = disp.case(second).await;
    assert_eq!(c["case"]["state"], "dispatched", "{c}");

    // Retired: no new report takes it; the cases that have it keep it.
    let r = admin
        .put("/v1/admin/categories/0106", json!({"retired": true}))
        .await;
    assert_eq!(r.body["retired"], true);
    let id = domain::CaseId::new();
    let pushed = worker
        .push(&[report_cmd(id, "0106", "normal", inside(A1), vec![])])
        .await;
    assert_eq!(
        pushed.results[0].outcome,
        Outcome::Rejected,
        "{:?}",
        pushed.results
    );
    assert_eq!(disp.case(first).await["case"]["category"], "0106");

    // Unchanged: the same form again writes nothing.
    let r = admin
        .put("/v1/admin/categories/0106", json!({"retired": true}))
        .await;
    assert_eq!(r.status, 200);
    let puts = admin.audit_of("category.put").await;
    assert_eq!(puts.len(), 3, "{puts:?}");
    assert_eq!(puts[2]["before"]["accept_minutes"][2], 60);
    assert_eq!(puts[2]["after"]["accept_minutes"][2], 30);
    assert_eq!(puts[0]["after"]["retired"], true);
    w.stop().await;
}

#[tokio::test]
async fn a_wrong_category_form_names_each_field_and_changes_nothing() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let before = admin.get("/v1/admin/audit").await.body;
    // A new code needs every field.
    let r = admin
        .put("/v1/admin/categories/0199", json!({"name_zh": "新类别"}))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (422, "invalid_category"),
        "{}",
        r.body
    );
    // Limits that are not positive, a routing that does not exist, a code that is not one.
    let r = admin
        .put(
            "/v1/admin/categories/0106",
            json!({"normal_accept_min": 0, "routing": "somewhere"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (422, "invalid_category"));
    let message = r.body["message"].as_str().unwrap_or_default().to_string();
    let (zh, en) = message.split_once('\n').unwrap_or_default();
    for said in [zh, en] {
        assert!(said.contains("normal_accept_min:"), "{message}");
        assert!(said.contains("routing:"), "{message}");
    }
    assert!(
        zh.contains("routing: 未知的派遣方式“somewhere”"),
        "{message}"
    );
    assert!(
        en.contains("routing: unknown routing \"somewhere\""),
        "{message}"
    );
    let r = admin
        .put("/v1/admin/categories/01x6", json!({"name_zh": "x"}))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(admin.get("/v1/admin/audit").await.body, before);

    // A new code with every field is added, and reaches the catalogue devices pull.
    let full = json!({
        "major_name_zh": "公用设施", "name_zh": "智能井盖", "name_en": "Smart manhole cover",
        "routing": "community_queue",
        "urgent_accept_min": 10, "urgent_resolve_min": 120,
        "high_accept_min": 30, "high_resolve_min": 480,
        "normal_accept_min": 60, "normal_resolve_min": 1440,
    });
    let r = admin.put("/v1/admin/categories/0199", full).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let changes = admin.pull_all().await;
    let pulled = serde_json::to_string(&changes).unwrap();
    assert!(
        pulled.contains("智能井盖"),
        "the new category is not on the feed"
    );
    w.stop().await;
}

/// A category routed to a department by hand names a stored organisation; its reports then
/// go straight to that department's handler.
#[tokio::test]
async fn a_category_routed_to_a_department_names_a_stored_one() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;

    let r = admin
        .put(
            "/v1/admin/categories/0106",
            json!({"routing": "department", "department": "sz"}),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (422, "invalid_category"),
        "{}",
        r.body
    );
    let said = r.body["message"].as_str().unwrap_or_default();
    assert!(said.contains("department") && said.contains("sz"), "{said}");
    let r = admin
        .put(
            "/v1/admin/categories/0106",
            json!({"routing": "department"}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);

    for (kind, file) in [
        (
            "organisations",
            "code,name,kind,area\nsz,区市政工程处,专业部门,130302\n",
        ),
        (
            "people",
            "username,name,role,area\nsz.wang,王师傅,部门处置员,sz\n",
        ),
    ] {
        server::reference::imports::import_by_service(&w.state, kind, "f.csv", file.as_bytes())
            .await
            .unwrap();
    }
    let r = admin
        .put(
            "/v1/admin/categories/0106",
            json!({"routing": "专业部门", "department": "sz"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (r.body["routing"].as_str(), r.body["department"].as_str()),
        (Some("department"), Some("sz"))
    );

    let id = worker.report("0106", inside(A1)).await;
    let c = disp.case(id).await;
    assert_eq!(c["case"]["state"], "dispatched", "{c}");
    let handler = w
        .state
        .read(|tx| tx.person_by_username("sz.wang"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c["case"]["assignee"], handler.person.id.to_string(), "{c}");
}
