//! A task acknowledged offline reads as acknowledged on the device before the
//! acknowledgement reaches the server (the synced case has no audit trail of its own).

use device::engine::{CaptureReport, DispatchAct, TaskAct, TaskAction};
use e2e::devices::{point_in_my_grid, signed_in, sync_until_drained};
use e2e::server::{DISPATCHER, PASSWORD, TestServer, WORKER_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_acknowledgement_shows_in_the_task_detail() {
    let server = TestServer::start().await;
    let (_a_dir, a) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    let (_d_dir, d) = signed_in(&server.url, DISPATCHER, PASSWORD).await;
    a.sync_now().await.unwrap();
    d.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&a);
    let case = a
        .capture_report(CaptureReport {
            category: "0101".into(),
            priority: "normal".into(),
            description: "blocked drain".into(),
            lon,
            lat,
            photos: vec![],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    sync_until_drained(&a, 5).await.unwrap();
    let act = |action: &str, assignee| DispatchAct {
        id: case.id,
        action: action.into(),
        reason: None,
        duplicate_of: None,
        assignee,
        deadline: None,
        passed: None,
        note: None,
    };
    let me = a.me().unwrap().unwrap().person_id;
    d.dispatch_act(act("accept", None)).await.unwrap();
    d.dispatch_act(act("dispatch", Some(me))).await.unwrap();
    a.sync_now().await.unwrap();
    let before = a.case_detail(&case.id).unwrap();
    assert_eq!(before.summary.state, "dispatched");
    assert!(
        before.audit.iter().all(|e| e.action != "acknowledge_task"),
        "not acknowledged yet: {:?}",
        before.audit
    );

    // Acknowledged without syncing: the queued acknowledgement shows in the detail.
    a.task_act(TaskAct {
        id: case.id,
        action: TaskAction::Acknowledge,
        note: None,
        photos: vec![],
        reason: None,
    })
    .unwrap();
    let after = a.case_detail(&case.id).unwrap();
    assert_eq!(
        after.summary.state, "dispatched",
        "acknowledging keeps the state"
    );
    let ack: Vec<_> = after
        .audit
        .iter()
        .filter(|e| e.action == "acknowledge_task")
        .collect();
    assert_eq!(ack.len(), 1, "{:?}", after.audit);
    assert_eq!(ack[0].actor_name.as_deref(), Some("王网格"));

    // Once it reached the server, the server's audit trail has it.
    sync_until_drained(&a, 5).await.unwrap();
    let online = d.case_detail_online(&case.id).await.unwrap();
    assert!(online.audit.iter().any(|e| e.action == "acknowledge_task"));
}
