//! The server process is killed at random moments while a device pushes, 20 times, and
//! restarted each time; afterwards it holds every report exactly once, with photos.

use std::time::Duration;

use device::engine::CaptureReport;
use e2e::devices::{assert_all_on_server, photo, point_in_my_grid, signed_in, sync_until_drained};
use e2e::server::{PASSWORD, ServerProcess, WORKER_A};
use rand::Rng;

/// The child: a server on the given folder and port until killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "child process of the server kill test"]
async fn server_child() {
    e2e::server::child_main().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_server_during_pushes_loses_and_duplicates_nothing() {
    let data = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(data.path(), "kill_server::server_child").await;
    let (_dir, engine) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);
    let mut announced = Vec::new();
    let mut seed = 10_000u64;
    let mut cut = 0;
    for _round in 0..20 {
        // New work each round, so every push has something to carry.
        for _ in 0..15 {
            seed += 1;
            let shot = engine.prepare_photo_bytes(&photo(seed)).unwrap();
            let saved = engine
                .capture_report(CaptureReport {
                    category: "0101".parse().unwrap(),
                    priority: domain::Priority::Normal,
                    description: format!("server kill test #{seed}"),
                    lon,
                    lat,
                    photos: vec![shot.sha256],
                    self_resolved: false,
                    note: None,
                })
                .unwrap();
            announced.push(saved.id.to_string());
        }
        let syncing = {
            let engine = engine.clone();
            tokio::spawn(async move { engine.sync_now().await })
        };
        let wait = rand::rng().random_range(0..60);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        server.kill();
        // Fails or succeeds, depending on the moment of the kill.
        if syncing.await.unwrap().is_err() {
            cut += 1;
        }
        server.restart().await;
    }
    println!("server kill test: {cut} of 20 syncs cut by the kill");
    assert!(cut > 0, "no kill landed during a sync");
    sync_until_drained(&engine, 50).await.unwrap();
    assert_all_on_server(&engine, &announced).await;
    server.kill();
}
