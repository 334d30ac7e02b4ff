//! A fault-injecting proxy between device and server (resets mid-request, stalls, dropped
//! answers): sync converges with nothing lost or duplicated.

use std::sync::atomic::Ordering;
use std::time::Duration;

use device::engine::CaptureReport;
use e2e::devices::{
    assert_all_on_server, open, photo, point_in_my_grid, signed_in, sync_until_drained,
};
use e2e::proxy::{FaultProxy, Faults};
use e2e::server::{PASSWORD, TestServer, WORKER_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_through_a_faulty_network_converges() {
    let server = TestServer::start().await;
    let proxy = FaultProxy::start(
        server.addr,
        Faults {
            reset_request: 0.08,
            stall: 0.05,
            stall_for: Duration::from_millis(1500),
            drop_response: 0.08,
        },
    )
    .await
    .unwrap();
    // Sign in directly, then talk only through the proxy.
    proxy.set_faults(false);
    let (dir, engine) = signed_in(&proxy.url(), WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    drop(engine);
    let mut config = e2e::devices::test_config();
    config.push_batch = 10;
    config.upload_chunk = 16 * 1024;
    config.request_timeout = Duration::from_secs(1);
    let engine = device::Engine::open_with(dir.path(), config).unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);
    let mut announced = Vec::new();
    for n in 0..60u64 {
        let shot = engine.prepare_photo_bytes(&photo(50_000 + n)).unwrap();
        let saved = engine
            .capture_report(CaptureReport {
                category: "0101".parse().unwrap(),
                priority: domain::Priority::Normal,
                description: format!("proxy test #{n}"),
                lon,
                lat,
                photos: vec![shot.sha256],
                self_resolved: false,
                note: None,
            })
            .unwrap();
        announced.push(saved.id.to_string());
    }
    proxy.set_faults(true);
    let result = sync_until_drained(&engine, 400).await;
    let counts = &proxy.counts;
    println!(
        "proxy: {} connections, {} resets, {} stalls, {} dropped answers",
        counts.connections.load(Ordering::Relaxed),
        counts.resets.load(Ordering::Relaxed),
        counts.stalls.load(Ordering::Relaxed),
        counts.dropped_responses.load(Ordering::Relaxed)
    );
    result.unwrap();
    assert!(
        counts.resets.load(Ordering::Relaxed) > 0,
        "no reset was injected"
    );
    assert!(
        counts.dropped_responses.load(Ordering::Relaxed) > 0,
        "no answer was dropped"
    );
    proxy.set_faults(false);
    drop(engine);
    let engine = open(dir.path());
    assert_all_on_server(&engine, &announced).await;
}
