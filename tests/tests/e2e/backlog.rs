//! A day offline: 1,000 queued reports with photos sync completely. Prints the time and the
//! bytes sent.

use std::time::Instant;

use device::engine::CaptureReport;
use e2e::devices::{assert_all_on_server, photo, point_in_my_grid, signed_in, sync_until_drained};
use e2e::server::{PASSWORD, TestServer, WORKER_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_queued_reports_with_photos_sync_completely() {
    let server = TestServer::start().await;
    let (_dir, engine) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);
    let mut announced = Vec::new();
    for n in 0..1000u64 {
        let shot = engine.prepare_photo_bytes(&photo(90_000 + n)).unwrap();
        let saved = engine
            .capture_report(CaptureReport {
                category: "0101".parse().unwrap(),
                priority: domain::Priority::Normal,
                description: format!("backlog #{n}"),
                lon,
                lat,
                photos: vec![shot.sha256],
                self_resolved: false,
                note: None,
            })
            .unwrap();
        announced.push(saved.id.to_string());
    }
    let status = engine.sync_status();
    assert_eq!(status.queued, 1000);
    assert_eq!(status.queued_photos, 1000);
    let started = Instant::now();
    let sent = sync_until_drained(&engine, 20).await.unwrap();
    let elapsed = started.elapsed();
    println!(
        "backlog: 1000 reports, {} photos ({} photo bytes), {} bytes sent in {:.2} s",
        sent.photos_uploaded,
        sent.photo_bytes,
        sent.bytes_sent,
        elapsed.as_secs_f64()
    );
    assert_eq!(sent.applied, 1000);
    assert_eq!(sent.photos_uploaded, 1000);
    assert_all_on_server(&engine, &announced).await;
}
