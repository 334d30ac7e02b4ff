//! A task acknowledged offline reads as acknowledged on the device before the
//! acknowledgement reaches the server (the synced case has no audit trail of its own).

use device::engine::{CaptureReport, TaskAct, TaskAction};
use domain::ActionKind;
use e2e::devices::{point_in_my_grid, signed_in, sync_until_drained};
use e2e::scenario::Desk;
use e2e::server::{DISPATCHER, PASSWORD, TestServer, WORKER_A};
use protocol::AuditAction;

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
            category: "0101".parse().unwrap(),
            priority: domain::Priority::Normal,
            description: "blocked drain".into(),
            lon,
            lat,
            photos: vec![],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    sync_until_drained(&a, 5).await.unwrap();
    let me = a.me().unwrap().unwrap().person_id;
    Desk(&d).accept(case.id).await;
    Desk(&d).dispatch(case.id, me).await;
    a.sync_now().await.unwrap();
    let before = a.case_detail(&case.id).unwrap();
    assert_eq!(before.summary.state, domain::CaseState::Dispatched);
    assert!(
        before
            .audit
            .iter()
            .all(|e| e.action != AuditAction::Loop(ActionKind::AcknowledgeTask)),
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
        after.summary.state,
        domain::CaseState::Dispatched,
        "acknowledging keeps the state"
    );
    let ack: Vec<_> = after
        .audit
        .iter()
        .filter(|e| e.action == AuditAction::Loop(ActionKind::AcknowledgeTask))
        .collect();
    assert_eq!(ack.len(), 1, "{:?}", after.audit);
    assert_eq!(ack[0].actor_name.as_deref(), Some("王网格"));

    // Once it reached the server, the server's audit trail has it.
    sync_until_drained(&a, 5).await.unwrap();
    let online = d.case_detail_online(&case.id).await.unwrap();
    assert!(
        online
            .audit
            .iter()
            .any(|e| e.action == AuditAction::Loop(ActionKind::AcknowledgeTask))
    );
}
