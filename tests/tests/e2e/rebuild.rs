//! A pull cursor older than the server keeps (410 Gone): the device rebuilds its copy of
//! the server's state and keeps its own reports, outbox and photos.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use device::engine::{CaptureReport, RequestObserver};
use e2e::devices::{photo, point_in_my_grid, signed_in, sync_until_drained, test_config};
use e2e::scenario::Desk;
use e2e::server::{DISPATCHER, PASSWORD, TestServer, WORKER_A, WORKER_C};

/// Counts pulls the server refused.
#[derive(Default)]
struct RefusedPulls(AtomicU32);

impl RequestObserver for RefusedPulls {
    fn observe(&self, endpoint: &'static str, _elapsed: Duration, ok: bool) {
        if endpoint == "pull" && !ok {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gone_cursor_rebuilds_the_server_copy_and_keeps_local_work() {
    let server = TestServer::start().await;
    let (_a_dir, a) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    let (_d_dir, d) = signed_in(&server.url, DISPATCHER, PASSWORD).await;
    let refused = Arc::new(RefusedPulls::default());
    let b_dir = tempfile::tempdir().unwrap();
    let mut config = test_config();
    config.observer = Some(refused.clone());
    let b = device::Engine::open_with(b_dir.path(), config).unwrap();
    b.login(&server.url, WORKER_C, PASSWORD).await.unwrap();
    for engine in [&a, &b, &d] {
        engine.sync_now().await.unwrap();
    }
    let (_, lon, lat) = point_in_my_grid(&a);
    let case = a
        .capture_report(CaptureReport {
            category: "0101".parse().unwrap(),
            priority: domain::Priority::Normal,
            description: "for B, then not".into(),
            lon,
            lat,
            photos: vec![],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    sync_until_drained(&a, 5).await.unwrap();
    Desk(&d).accept(case.id).await;
    let worker_b = b.me().unwrap().unwrap().person_id;
    let worker_a = a.me().unwrap().unwrap().person_id;
    Desk(&d).dispatch(case.id, worker_b).await;
    b.sync_now().await.unwrap();
    assert!(b.tasks().unwrap().iter().any(|t| t.id == case.id));

    // B (a worker of the next grid, C in the seed) goes offline for weeks and reports something with a photo there.
    let shot = b.prepare_photo_bytes(&photo(4242)).unwrap();
    let own = b
        .capture_report(CaptureReport {
            category: "0101".parse().unwrap(),
            priority: domain::Priority::Normal,
            description: "seen while offline".into(),
            lon,
            lat,
            photos: vec![shot.sha256.clone()],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    // Meanwhile the task leaves B (a `remove` for B's device), and after the retention
    // period the server compacts it away: B's cursor is now older than what it keeps.
    Desk(&d).reassign(case.id, worker_a).await;
    server.clock.advance_secs(40 * 24 * 3600);
    server::sweep_now(&server.state).await.unwrap();

    let sent = sync_until_drained(&b, 5).await.unwrap();
    assert_eq!(sent.applied, 1, "B's own report went out: {sent:?}");
    assert!(
        refused.0.load(Ordering::SeqCst) >= 1,
        "the server answered 410 at least once"
    );
    assert!(b.server_has_photo(&shot.sha256).await.unwrap());
    assert!(
        b.tasks().unwrap().iter().all(|t| t.id != case.id),
        "the rebuilt copy no longer holds the reassigned task"
    );
    assert!(
        b.my_reports().unwrap().iter().any(|r| r.id == own.id),
        "B's report is kept"
    );
    assert!(
        b.photo_data_url(&shot.sha256, true)
            .await
            .unwrap()
            .starts_with("data:image/jpeg;base64,")
    );
    assert!(
        !b.categories().unwrap().is_empty(),
        "reference data came back"
    );
}
