//! 由上至下指派任务: the dispatcher sends a task with no report behind it to the grid
//! worker; the worker's phone gets it, the worker does it offline with a photo, and once
//! the phone is back online the dispatcher verifies and closes it. The case says it came
//! as a task.

use device::engine::{TaskAct, TaskAction};
use e2e::devices::{photo, sync_until_drained};
use e2e::scenario::Scenario;
use e2e::server::{DISPATCHER, PASSWORD};
use serde_json::{Value, json};

/// Signs in over the API as `user`: a bearer token.
async fn token(http: &reqwest::Client, url: &str, user: &str) -> String {
    let tokens: Value = http
        .post(format!("{url}/v1/sessions"))
        .json(&json!({"username": user, "password": PASSWORD, "device_name": "desk browser"}))
        .send()
        .await
        .expect("sign-in sent")
        .json()
        .await
        .expect("tokens");
    tokens["access_token"]
        .as_str()
        .expect("a token")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_from_above_is_done_offline_with_evidence_verified_and_closed() {
    let world = Scenario::start().await;
    let (a, desk) = (&world.a, world.desk());
    let grid = a.my_grids().expect("grids")[0].code.to_string();
    let http = reqwest::Client::new();
    let bearer = token(&http, &world.server.url, DISPATCHER).await;
    let sent = http
        .post(format!("{}/v1/tasks", world.server.url))
        .bearer_auth(&bearer)
        .json(&json!({"grids": [grid], "category": "5305",
                      "description": "核查本网格施工废弃料堆放点，清理后拍照"}))
        .send()
        .await
        .expect("task sent");
    assert_eq!(sent.status(), 201);
    let sent: Value = sent.json().await.expect("the tasks");
    let id: domain::CaseId = sent[0]["id"]
        .as_str()
        .expect("an id")
        .parse()
        .expect("a case id");

    // The phone picks it up, then works with no network: acknowledge, resolve with a photo.
    a.sync_now().await.expect("A syncs");
    let tasks = a.tasks().expect("tasks");
    assert!(tasks.iter().any(|t| t.id == id), "the task is on the phone");
    a.task_act(TaskAct {
        id,
        action: TaskAction::Acknowledge,
        note: None,
        photos: vec![],
        reason: None,
    })
    .expect("acknowledged offline");
    let evidence = a.prepare_photo_bytes(&photo(3)).expect("photo");
    let done = a
        .task_act(TaskAct {
            id,
            action: TaskAction::Resolve,
            note: Some("已核查，堆放点已清理".into()),
            photos: vec![evidence.sha256.clone()],
            reason: None,
        })
        .expect("resolved offline");
    assert!(done.pending, "saved on the phone, not yet sent");

    // Back online: the dispatcher sees the evidence, verifies and closes.
    let sent = sync_until_drained(a, 20).await.expect("A syncs");
    assert_eq!(sent.rejected + sent.conflicts, 0);
    assert!(a.server_has_photo(&evidence.sha256).await.expect("asked"));
    let detail = world.d.case_detail_online(&id).await.expect("detail");
    assert_eq!(detail.summary.state, domain::CaseState::Resolved);
    assert!(detail.evidence.iter().any(|e| e.sha256 == evidence.sha256));
    desk.verify(id, true, "现场核查已清理").await;
    assert_eq!(
        desk.close(id).await.summary.state,
        domain::CaseState::Closed
    );
    let closed: Value = http
        .get(format!("{}/v1/cases/{id}", world.server.url))
        .bearer_auth(&bearer)
        .send()
        .await
        .expect("detail")
        .json()
        .await
        .expect("json");
    assert_eq!(closed["case"]["source"], "task");
}
