//! An administrator moves a grid worker to another grid: after their phone's next sync it
//! holds the new grid and nothing of the old one (grid, buildings, cases they neither
//! reported nor hold); their open task
//! went where the administrator chose (handed to the worker who still covers the old grid);
//! the admin audit log shows the move.

use device::engine::CaptureReport;
use e2e::devices::{point_in_my_grid, sync_until_drained};
use e2e::scenario::Scenario;
use e2e::server::WORKER_A;
use serde_json::{Value, json};

/// Every entity of `kind` in the engine's copy of the server.
fn copy_of(engine: &device::Engine, kind: &str) -> Vec<Value> {
    engine
        .store()
        .server_entities::<Value>(kind)
        .expect("server copy")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moved_worker_keeps_nothing_of_the_old_grid_and_the_task_goes_where_chosen() {
    let s = Scenario::start().await;
    let (old_grid, lon, lat) = point_in_my_grid(&s.a);
    // worker.b (of the same grid) reports it, so worker.a sees it only as its assignee.
    let case =
        s.b.capture_report(CaptureReport {
            category: "0101".parse().expect("category"),
            priority: domain::Priority::Normal,
            description: "井盖缺失".into(),
            lon,
            lat,
            photos: vec![],
            self_resolved: false,
            note: None,
        })
        .expect("report");
    sync_until_drained(&s.b, 5).await.expect("sent");
    s.d.sync_now().await.expect("desk sync");
    s.desk().accept(case.id).await;
    s.desk().dispatch(case.id, Scenario::id_of(&s.a)).await;
    s.a.sync_now().await.expect("task arrives");
    assert!(s.a.tasks().expect("tasks").iter().any(|t| t.id == case.id));
    assert!(
        copy_of(&s.a, "grid")
            .iter()
            .any(|g| g["code"] == old_grid.as_str()),
        "before the move the phone holds its grid"
    );

    // The neighbouring grid of the seed (worker.c's), by the server's grid index.
    let index = s.server.state.grids();
    let new_grid = index
        .grids()
        .iter()
        .map(|g| g.code.to_string())
        .find(|g| *g != old_grid)
        .expect("another grid");
    let (http, token) = e2e::server::admin_token(&s.server.state, &s.server.url).await;
    let moved: Value = http
        .post(format!("{}/v1/admin/people/{WORKER_A}/move", s.server.url))
        .bearer_auth(&token)
        .json(&json!({"grids": [new_grid], "open_tasks": "hand_over"}))
        .send()
        .await
        .expect("move")
        .error_for_status()
        .expect("moved")
        .json()
        .await
        .expect("view");
    assert_eq!(moved["scope"]["code"][0], new_grid.as_str(), "{moved}");

    sync_until_drained(&s.a, 5)
        .await
        .expect("sync after the move");
    let grids: Vec<String> = copy_of(&s.a, "grid")
        .iter()
        .map(|g| g["code"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(grids.contains(&new_grid), "the new grid arrived: {grids:?}");
    assert!(
        !grids.contains(&old_grid),
        "the old grid is gone: {grids:?}"
    );
    for kind in ["building", "case"] {
        for e in copy_of(&s.a, kind) {
            assert_ne!(
                e["grid"].as_str(),
                Some(old_grid.as_str()),
                "a {kind} of the old grid stayed on the phone: {e}"
            );
        }
    }
    assert!(
        s.a.tasks().expect("tasks").is_empty(),
        "the task left with the grid"
    );
    assert_eq!(s.a.my_grids().expect("grids")[0].code.as_str(), new_grid);

    // Handed to worker.b, who still covers the old grid.
    s.b.sync_now().await.expect("b sync");
    let handed = s.b.tasks().expect("tasks");
    assert!(
        handed.iter().any(|t| t.id == case.id),
        "worker.b has the task"
    );

    let audit: Value = http
        .get(format!("{}/v1/admin/audit", s.server.url))
        .bearer_auth(&token)
        .send()
        .await
        .expect("audit")
        .json()
        .await
        .expect("entries");
    let entry = audit
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["action"] == "person.move")
        .unwrap_or_else(|| panic!("a move entry in {audit}"));
    assert_eq!(entry["subject"], WORKER_A);
    assert_eq!(entry["username"], "admin");
    assert_eq!(entry["before"]["scope"]["code"][0], old_grid.as_str());
    assert_eq!(entry["after"]["scope"]["code"][0], new_grid.as_str());
    assert_eq!(entry["after"]["handed_over"][0]["to"], "worker.b");
}
