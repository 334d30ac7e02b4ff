//! The background sync loop the app runs: it reports `offline` while the network fails,
//! keeps retrying on its own, and drains the queue once the network is back; every change
//! of state reaches subscribers.

use std::time::Duration;

use device::SyncState;
use device::engine::CaptureReport;
use e2e::devices::{point_in_my_grid, signed_in};
use e2e::proxy::{FaultProxy, Faults};
use e2e::server::{PASSWORD, TestServer, WORKER_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_loop_rides_out_an_outage_and_drains_the_queue() {
    let server = TestServer::start().await;
    let proxy = FaultProxy::start(
        server.addr,
        Faults {
            reset_request: 1.0,
            stall: 0.0,
            stall_for: Duration::ZERO,
            drop_response: 1.0,
        },
    )
    .await
    .unwrap();
    proxy.set_faults(false);
    let (_dir, engine) = signed_in(&proxy.url(), WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);

    // The network goes down (every connection is cut) and the loop starts.
    proxy.set_faults(true);
    let mut status = engine.subscribe();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let looping = {
        let engine = engine.clone();
        tokio::spawn(async move {
            engine
                .run_sync(async {
                    let _ = stopped.await;
                })
                .await;
        })
    };
    for n in 0..3 {
        engine
            .capture_report(CaptureReport {
                category: "0101".parse().unwrap(),
                priority: domain::Priority::Normal,
                description: format!("during the outage #{n}"),
                lon,
                lat,
                photos: vec![],
                self_resolved: false,
                note: None,
            })
            .unwrap();
    }
    let offline = tokio::time::timeout(
        Duration::from_secs(60),
        status.wait_for(|s| s.state == SyncState::Offline),
    )
    .await
    .expect("the loop notices the outage")
    .unwrap()
    .clone();
    assert_eq!(offline.queued, 3, "nothing is lost while offline");
    assert!(offline.reason.is_some(), "the UI is told why");

    // The network comes back; the loop is still trying and drains the queue.
    proxy.set_faults(false);
    engine.nudge();
    let drained = tokio::time::timeout(
        Duration::from_secs(60),
        status.wait_for(|s| s.state == SyncState::Idle && s.queued == 0),
    )
    .await
    .expect("the loop recovers on its own")
    .unwrap()
    .clone();
    assert!(drained.last_sync_at.is_some());
    assert!(drained.rejected.is_empty());
    let _ = stop.send(());
    looping.await.unwrap();
    assert_eq!(
        engine
            .my_reports()
            .unwrap()
            .iter()
            .filter(|r| !r.pending)
            .count(),
        3
    );
}
