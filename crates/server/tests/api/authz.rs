//! Authorization, table-driven: every role tries to see and act on a case in its
//! scope and one outside it. Nobody acts outside their scope or sees another grid's
//! cases.

use serde_json::json;

use crate::harness::{A1, B1, World, inside};

/// (user, see A1 case, see B1 case, accept A1 case, accept B1 case, KPIs, device list,
/// import a hierarchy (dry run)) as HTTP statuses.
type Row = (&'static str, u16, u16, u16, u16, u16, u16, u16);
const TABLE: &[Row] = &[
    ("worker_a1", 200, 404, 403, 404, 403, 403, 403),
    ("worker_b1", 404, 200, 404, 403, 403, 403, 403),
    ("reporter_a", 404, 404, 404, 404, 403, 403, 403),
    ("disp_a", 200, 404, 200, 404, 200, 403, 403),
    ("disp_c", 404, 404, 404, 404, 200, 403, 403),
    ("disp_b", 404, 200, 404, 200, 200, 403, 403),
    ("street_a", 200, 404, 200, 404, 200, 403, 403),
    ("street_b", 404, 200, 404, 200, 200, 403, 403),
    ("commander", 200, 200, 200, 200, 200, 403, 403),
    ("admin", 200, 200, 403, 403, 200, 200, 200),
];

/// A one-district hierarchy table.
const DISTRICT_CSV: &str = "level,code,name,parent_code\ndistrict,130302,海港区,1303\n";

#[tokio::test]
async fn every_role_in_and_out_of_scope() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut b1 = w.sign_in("worker_b1").await;
    for &(user, see_a, see_b, accept_a, accept_b, kpis, devices, import) in TABLE {
        let case_a = a1.report("0101", inside(A1)).await;
        let case_b = b1.report("0101", inside(B1)).await;
        let s = w.sign_in(user).await;
        assert_eq!(
            s.get(&format!("/v1/cases/{case_a}")).await.status,
            see_a,
            "{user} sees A"
        );
        assert_eq!(
            s.get(&format!("/v1/cases/{case_b}")).await.status,
            see_b,
            "{user} sees B"
        );

        // Lists and the change feed never show what the table says is hidden.
        let list = s.get("/v1/cases?limit=1000").await;
        assert_eq!(list.status, 200);
        let ids: Vec<_> = list.body["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].clone())
            .collect();
        assert_eq!(ids.contains(&json!(case_a)), see_a == 200, "{user} lists A");
        assert_eq!(ids.contains(&json!(case_b)), see_b == 200, "{user} lists B");
        let feed = crate::harness::apply_changes(&s.pull_all().await);
        assert_eq!(
            feed.contains_key(&("Case".into(), case_a.to_string())),
            see_a == 200,
            "{user} pulls A"
        );
        assert_eq!(
            feed.contains_key(&("Case".into(), case_b.to_string())),
            see_b == 200,
            "{user} pulls B"
        );

        let r = s.act(case_a, json!({"action": "accept"})).await;
        assert_eq!(r.status, accept_a, "{user} accepts A: {}", r.body);
        let r = s.act(case_b, json!({"action": "accept"})).await;
        assert_eq!(r.status, accept_b, "{user} accepts B: {}", r.body);
        if r.status != 200 {
            r.code();
        }
        assert_eq!(
            s.get("/v1/kpis?level=grid").await.status,
            kpis,
            "{user} reads KPIs"
        );
        assert_eq!(
            s.get("/v1/devices").await.status,
            devices,
            "{user} lists devices"
        );
        let imported = s
            .http
            .post(s.url("/v1/admin/import/hierarchy?dry_run=true&file_name=d.csv"))
            .bearer_auth(&s.tokens.access_token)
            .body(DISTRICT_CSV)
            .send()
            .await
            .unwrap();
        assert_eq!(
            imported.status().as_u16(),
            import,
            "{user} imports a hierarchy"
        );
        // KPIs count only cases in the reader's scope.
        if kpis == 200 {
            let rows = s.get("/v1/kpis?level=grid").await.body["rows"].clone();
            let keys: Vec<_> = rows
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["key"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(
                keys.contains(&A1.0.to_string()),
                see_a == 200,
                "{user} KPIs of A1: {keys:?}"
            );
            assert_eq!(
                keys.contains(&B1.0.to_string()),
                see_b == 200,
                "{user} KPIs of B1: {keys:?}"
            );
        }
        // A case the actor could not accept is unchanged.
        let state_b = b1.case(case_b).await["case"]["state"].clone();
        assert_eq!(
            state_b,
            if accept_b == 200 {
                "accepted"
            } else {
                "reported"
            },
            "{user}"
        );
    }
    w.stop().await;
}

#[tokio::test]
async fn dispatchers_assign_only_their_own_workers_and_workers_act_only_on_their_tasks() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut b1 = w.sign_in("worker_b1").await;
    let disp_a = w.sign_in("disp_a").await;
    let id = a1.report("0101", inside(A1)).await;
    disp_a.act(id, json!({"action": "accept"})).await;
    let r = disp_a
        .act(id, json!({"action": "dispatch", "worker": b1.person_id()}))
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = disp_a
        .act(id, json!({"action": "dispatch", "worker": a1.person_id()}))
        .await;
    assert_eq!(r.status, 200);
    // Another worker cannot act on a1's task, even by pushing.
    let r = b1
        .push(&[crate::harness::task_cmd("task.start", id, json!({}))])
        .await;
    assert_eq!(r.results[0].outcome, protocol::Outcome::Rejected);
    // Workers do not verify or close; KPIs are not theirs.
    assert_eq!(a1.act(id, json!({"action": "close"})).await.status, 403);
    assert_eq!(a1.get("/v1/kpis?level=grid").await.status, 403);
    // An area outside one's scope is refused, not silently emptied.
    let r = disp_a.get("/v1/cases?area=130302002005").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "forbidden");
    w.stop().await;
}

/// (user, enroll worker_a1's phone, enroll worker_b1's phone, list people, read the admin
/// audit log, move a worker, deactivate someone, create a person, edit a person, change a
/// category, import each kind) as HTTP statuses: only
/// administrators administer; a community dispatcher enrolls their own community's workers
/// and no one else's.
type AdminRow = (
    &'static str,
    u16,
    u16,
    u16,
    u16,
    u16,
    u16,
    u16,
    u16,
    u16,
    u16,
);
#[rustfmt::skip]
const ADMIN_TABLE: &[AdminRow] = &[
    ("worker_a1", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("reporter_a", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("disp_a", 201, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("disp_c", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("disp_b", 403, 201, 403, 403, 403, 403, 403, 403, 403, 403),
    ("street_a", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("commander", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    // Administrators: the move and the new person name an unknown grid and the category
    // form a zero limit (422), the deactivation and the edit an unknown person (404), so
    // the table leaves the world as it was; each import is a dry run.
    ("admin", 201, 201, 200, 200, 422, 404, 422, 404, 422, 200),
];

/// A dry-run file of each kind that an administrator's import accepts on the test world.
const IMPORTS: &[(&str, &str)] = &[
    (
        "hierarchy",
        "level,code,name,parent_code\ndistrict,130302,海港区,1303\n",
    ),
    ("grids", r#"{"type":"FeatureCollection","features":[]}"#),
    ("buildings", "code,name,lon,lat\n"),
    ("people", "username,name,role,area\n"),
    ("categories", "code,normal_resolve_min\n0101,4320\n"),
];

#[tokio::test]
async fn only_administrators_administer_and_dispatchers_enroll_their_own_workers() {
    let w = World::start().await;
    for &(
        user,
        enroll_a1,
        enroll_b1,
        people,
        audit,
        moved,
        deactivated,
        created,
        edited,
        category,
        import,
    ) in ADMIN_TABLE
    {
        let s = w.sign_in(user).await;
        let enroll = |who: &'static str| s.post("/v1/admin/enrollments", json!({"username": who}));
        assert_eq!(
            enroll("worker_a1").await.status,
            enroll_a1,
            "{user} enrolls worker_a1"
        );
        assert_eq!(
            enroll("worker_b1").await.status,
            enroll_b1,
            "{user} enrolls worker_b1"
        );
        assert_eq!(
            s.get("/v1/admin/people").await.status,
            people,
            "{user} lists people"
        );
        assert_eq!(
            s.get("/v1/admin/audit").await.status,
            audit,
            "{user} reads the audit log"
        );
        let r = s
            .post(
                "/v1/admin/people/worker_a1/move",
                json!({"grids": ["130302009009009"], "open_tasks": "keep"}),
            )
            .await;
        assert_eq!(r.status, moved, "{user} moves a worker: {}", r.body);
        let r = s
            .post("/v1/admin/people/nobody/deactivate", json!({}))
            .await;
        assert_eq!(r.status, deactivated, "{user} deactivates: {}", r.body);
        let r = s
            .post(
                "/v1/admin/people",
                json!({"username": "new.one", "name": "新人", "role": "full_time_grid_worker",
                       "area": "130302009009009"}),
            )
            .await;
        assert_eq!(r.status, created, "{user} creates a person: {}", r.body);
        let r = s
            .patch("/v1/admin/people/nobody", json!({"name": "x"}))
            .await;
        assert_eq!(r.status, edited, "{user} edits a person: {}", r.body);
        let r = s
            .put("/v1/admin/categories/0101", json!({"normal_accept_min": 0}))
            .await;
        assert_eq!(r.status, category, "{user} changes a category: {}", r.body);
        for (kind, file) in IMPORTS {
            let r = s
                .http
                .post(s.url(&format!(
                    "/v1/admin/import/{kind}?dry_run=true&file_name={kind}"
                )))
                .bearer_auth(&s.tokens.access_token)
                .body(*file)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            assert_eq!(
                status,
                import,
                "{user} imports {kind}: {}",
                r.text().await.unwrap()
            );
        }
    }
    w.stop().await;
}
