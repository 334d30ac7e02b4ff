//! Two workers and a dispatcher go through the whole loop; one worker is offline for all
//! of their part and syncs afterwards.

use device::engine::{CaptureReport, TaskAct, TaskAction};
use e2e::devices::{photo, point_in_my_grid, sync_until_drained};
use e2e::scenario::Scenario;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_and_a_dispatcher_close_the_loop_one_worker_offline() {
    let world = Scenario::start().await;
    let (a, b, d, desk) = (&world.a, &world.b, &world.d, world.desk());

    // 1. Worker A reports a problem with a photo; the grid is found on the device.
    let (grid, lon, lat) = point_in_my_grid(a);
    let shot = a.prepare_photo_bytes(&photo(1)).unwrap();
    let report = a
        .capture_report(CaptureReport {
            category: "0101".parse().unwrap(),
            priority: domain::Priority::Normal,
            description: "垃圾堆放 at the gate".into(),
            lon,
            lat,
            photos: vec![shot.sha256.clone()],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    assert_eq!(report.grid.map(|g| g.to_string()), Some(grid.clone()));
    assert!(report.pending, "not sent yet");
    let sent = sync_until_drained(a, 20).await.unwrap();
    assert_eq!((sent.applied, sent.photos_uploaded), (1, 1));
    assert!(a.server_has_photo(&shot.sha256).await.unwrap());
    let mine = a.my_reports().unwrap();
    assert!(mine.iter().any(|r| r.id == report.id && !r.pending));

    // 2. The dispatcher accepts it and dispatches it to worker B.
    let queue = d.review_queue().await.unwrap();
    assert!(
        queue.iter().any(|c| c.id == report.id),
        "the report is in the review queue"
    );
    desk.accept(report.id).await;
    let worker_b = Scenario::id_of(b);
    let dispatched = desk.dispatch(report.id, worker_b).await;
    assert_eq!(dispatched.summary.state, domain::CaseState::Dispatched);

    // 3. Worker B syncs once, then goes offline and does the whole job there.
    b.sync_now().await.unwrap();
    let tasks = b.tasks().unwrap();
    let task = tasks
        .iter()
        .find(|t| t.id == report.id)
        .expect("B has the task");
    assert_eq!(task.state, domain::CaseState::Dispatched);
    assert!(task.due_at.is_some(), "a dispatched task has a deadline");
    for action in [TaskAction::Acknowledge, TaskAction::Start] {
        b.task_act(TaskAct {
            id: report.id,
            action,
            note: None,
            photos: vec![],
            reason: None,
        })
        .unwrap();
    }
    let evidence = b.prepare_photo_bytes(&photo(2)).unwrap();
    let resolved = b
        .task_act(TaskAct {
            id: report.id,
            action: TaskAction::Resolve,
            note: Some("cleared and swept".into()),
            photos: vec![evidence.sha256.clone()],
            reason: None,
        })
        .unwrap();
    assert_eq!(resolved.state, domain::CaseState::Resolved);
    assert!(resolved.pending);
    // The server has seen none of it.
    let before = d.case_detail_online(&report.id).await.unwrap();
    assert_eq!(before.summary.state, domain::CaseState::Dispatched);

    // 4. B comes back online and syncs.
    let sent = sync_until_drained(b, 20).await.unwrap();
    assert_eq!(sent.applied, 3, "acknowledge, start and resolve applied");
    assert_eq!(sent.rejected + sent.conflicts, 0);
    assert!(b.server_has_photo(&evidence.sha256).await.unwrap());
    let after = d.case_detail_online(&report.id).await.unwrap();
    assert_eq!(after.summary.state, domain::CaseState::Resolved);
    assert!(
        after
            .evidence
            .iter()
            .any(|e| e.sha256 == evidence.sha256 && e.note == "cleared and swept"),
        "B's evidence is on the case: {:?}",
        after.evidence
    );
    assert!(!after.audit.is_empty(), "the audit trail records the steps");

    // 5. The dispatcher verifies and closes; A sees the case closed.
    desk.verify(report.id, true, "checked on site").await;
    let closed = desk.close(report.id).await;
    assert_eq!(closed.summary.state, domain::CaseState::Closed);
    a.sync_now().await.unwrap();
    let mine = a.my_reports().unwrap();
    let seen = mine.iter().find(|r| r.id == report.id).unwrap();
    assert_eq!(seen.state, domain::CaseState::Closed);
    b.sync_now().await.unwrap();
    assert!(
        b.tasks().unwrap().iter().all(|t| t.id != report.id),
        "no longer B's task"
    );
}
