//! Offline work meets a reassignment: the evidence is kept on the case as a conflict for the
//! dispatcher, and nothing is lost.

use device::engine::{CaptureReport, TaskAct, TaskAction};
use e2e::devices::{photo, point_in_my_grid, signed_in, sync_until_drained};
use e2e::scenario::Desk;
use e2e::server::{DISPATCHER, PASSWORD, TestServer, WORKER_A, WORKER_B};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_resolve_after_a_reassignment_becomes_a_conflict_with_the_evidence() {
    let server = TestServer::start().await;
    let (_a_dir, a) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    let (_b_dir, b) = signed_in(&server.url, WORKER_B, PASSWORD).await;
    let (_d_dir, d) = signed_in(&server.url, DISPATCHER, PASSWORD).await;
    for engine in [&a, &b, &d] {
        engine.sync_now().await.expect("first sync");
    }
    let (_, lon, lat) = point_in_my_grid(&a);
    let report = a
        .capture_report(CaptureReport {
            category: "0101".parse().unwrap(),
            priority: domain::Priority::High,
            description: "broken manhole cover".into(),
            lon,
            lat,
            photos: vec![],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    sync_until_drained(&a, 20).await.unwrap();
    Desk(&d).accept(report.id).await;
    let worker_a = a.me().unwrap().unwrap().person_id;
    let worker_b = b.me().unwrap().unwrap().person_id;
    Desk(&d).dispatch(report.id, worker_b).await;
    b.sync_now().await.unwrap();
    assert!(b.tasks().unwrap().iter().any(|t| t.id == report.id));

    // B, offline, resolves with a photo; meanwhile the dispatcher gives the task to A.
    let evidence = b.prepare_photo_bytes(&photo(7)).unwrap();
    b.task_act(TaskAct {
        id: report.id,
        action: TaskAction::Resolve,
        note: Some("fixed the cover".into()),
        photos: vec![evidence.sha256.clone()],
        reason: None,
    })
    .unwrap();
    Desk(&d).reassign(report.id, worker_a).await;

    let sent = sync_until_drained(&b, 20).await.unwrap();
    assert_eq!(
        sent.conflicts, 1,
        "the resolve comes back as a conflict: {sent:?}"
    );
    let status = b.sync_status();
    assert!(
        status
            .rejected
            .iter()
            .any(|r| r.name == "task.resolve" && !r.reason.is_empty()),
        "B is shown why: {:?}",
        status.rejected
    );
    assert!(
        b.server_has_photo(&evidence.sha256).await.unwrap(),
        "the photo arrived"
    );
    assert!(
        b.tasks().unwrap().iter().all(|t| t.id != report.id),
        "no longer B's task"
    );

    let detail = d.case_detail_online(&report.id).await.unwrap();
    assert_eq!(
        detail.summary.state,
        domain::CaseState::Dispatched,
        "A still has to do it"
    );
    let conflict = detail.conflict.expect("the evidence is kept as a conflict");
    assert!(conflict.contains("fixed the cover"), "{conflict}");
    assert!(conflict.contains("1 photos"), "{conflict}");
}
