//! The OpenAPI document is served, and it is true: every documented operation is
//! routed (and the router's routes come from the same `routes!` lists as the document,
//! so nothing is routed undocumented), and answers have the documented statuses.

use serde_json::Value;

use crate::harness::World;

#[tokio::test]
async fn every_documented_operation_is_routed_with_documented_statuses() {
    let w = World::start().await;
    let s = w.sign_in("commander").await;
    let doc: Value = w
        .http
        .get(w.url("/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"].as_str().unwrap().chars().next(), Some('3'));
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let concrete = path
                .replace("{id}", &domain::CaseId::new().to_string())
                .replace("{hash}", &"b".repeat(64));
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = w
                .http
                .request(m, w.url(&concrete))
                .bearer_auth(&s.tokens.access_token)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            if path.ends_with("/events") {
                assert_eq!(status, 200);
                assert_eq!(r.headers()["content-type"], "text/event-stream");
                continue;
            }
            let body = r.text().await.unwrap_or_default();
            assert!(
                !body.contains("no such route"),
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                status, 405,
                "{method} {path} is documented but not routed for that method"
            );
            assert!(status < 500, "{method} {path}: {status} {body}");
            let documented = op["responses"].as_object().unwrap();
            assert!(
                documented.contains_key(&status.to_string()),
                "{method} {path} answered {status}, documented: {:?}",
                documented.keys().collect::<Vec<_>>()
            );
        }
    }
    assert!(operations >= 18, "only {operations} operations documented");
    for name in [
        "SignIn",
        "PushRequest",
        "PullResponse",
        "CaseView",
        "ReportCreate",
        "ErrorBody",
        "CaseAction",
    ] {
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "schema {name} missing"
        );
    }
    w.stop().await;
}

/// The keys of a JSON object.
fn keys(v: &Value) -> std::collections::BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn answers_match_their_schemas() {
    use protocol::{
        CaseDetail, CaseList, CaseView, EntityKind, KpiReport, Me, NearbyCases, PullResponse,
    };
    let w = World::start().await;
    let doc: Value = w
        .http
        .get(w.url("/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schema = |name: &str| doc["components"]["schemas"][name].clone();
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let admin = w.sign_in("admin").await;
    let id = worker
        .report("0101", crate::harness::inside(crate::harness::A1))
        .await;
    let patrol = protocol::PatrolId::new();
    worker
        .push(&[
            protocol::Command::parse("patrol.start", &serde_json::json!({"patrol_id": patrol})).unwrap(),
            protocol::Command::parse(
                "patrol.checkin",
                &serde_json::json!({"patrol_id": patrol, "building": "3号楼", "unit": "2", "lon": 119.605, "lat": 39.935}),
            )
            .unwrap(),
        ])
        .await;

    // Every response body parses as its documented type…
    let list: CaseList = serde_json::from_value(disp.get("/v1/cases").await.body).unwrap();
    let detail: CaseDetail =
        serde_json::from_value(disp.get(&format!("/v1/cases/{id}")).await.body).unwrap();
    let _: KpiReport =
        serde_json::from_value(disp.get("/v1/kpis?level=worker").await.body).unwrap();
    let _: Me = serde_json::from_value(worker.get("/v1/me").await.body).unwrap();
    let _: Vec<protocol::DeviceView> =
        serde_json::from_value(admin.get("/v1/devices").await.body).unwrap();
    let _: NearbyCases = serde_json::from_value(
        disp.get("/v1/cases/nearby?lon=119.605&lat=39.935&category=0101")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(list.cases[0].id, id);
    assert_eq!(detail.case.id, id);

    // …and its objects have exactly the documented properties.
    let raw = disp.get(&format!("/v1/cases/{id}")).await.body;
    assert_eq!(keys(&raw["case"]), keys(&schema("CaseView")["properties"]));
    assert_eq!(keys(&raw), keys(&schema("CaseDetail")["properties"]));
    assert_eq!(
        keys(&raw["audit"][0]),
        keys(&schema("AuditView")["properties"])
    );

    // Pulled entities parse as the views the pull schema names, by entity.
    for session in [&worker, &disp] {
        let page: PullResponse =
            serde_json::from_value(session.get("/v1/pull?limit=1000").await.body).unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for c in page.changes {
            let Some(data) = c.data else { continue };
            kinds.insert(c.entity.as_str());
            let name = match c.entity {
                EntityKind::Case => {
                    let _: CaseView = serde_json::from_value(data.clone()).unwrap();
                    "CaseView"
                }
                EntityKind::Category => {
                    let _: protocol::CategoryView = serde_json::from_value(data.clone()).unwrap();
                    "CategoryView"
                }
                EntityKind::Grid => {
                    let _: protocol::GridView = serde_json::from_value(data.clone()).unwrap();
                    "GridView"
                }
                EntityKind::Person => {
                    let _: protocol::PersonView = serde_json::from_value(data.clone()).unwrap();
                    "PersonView"
                }
                EntityKind::Building => {
                    let _: protocol::BuildingView = serde_json::from_value(data.clone()).unwrap();
                    "BuildingView"
                }
                EntityKind::Area => {
                    let _: protocol::AreaView = serde_json::from_value(data.clone()).unwrap();
                    "AreaView"
                }
                EntityKind::Patrol => {
                    let p: protocol::PatrolView = serde_json::from_value(data.clone()).unwrap();
                    assert_eq!(
                        p.checkins[0]
                            .grid
                            .map(|g| g.as_str().to_string())
                            .as_deref(),
                        Some(crate::harness::A1.0)
                    );
                    "PatrolView"
                }
            };
            assert_eq!(keys(&data), keys(&schema(name)["properties"]), "{name}");
        }
        assert!(
            kinds.contains("case")
                && kinds.contains("category")
                && kinds.contains("grid")
                && kinds.contains("area"),
            "{kinds:?}"
        );
    }
    w.stop().await;
}
