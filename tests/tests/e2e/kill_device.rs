//! The device process is killed (SIGKILL) at random moments while it captures and syncs,
//! 50 times; afterwards the server holds every report the device announced as saved,
//! exactly once, with its photos.

use std::time::Duration;

use device::engine::CaptureReport;
use e2e::child::Child;
use e2e::devices::{
    assert_all_on_server, open, photo, point_in_my_grid, signed_in, sync_until_drained,
};
use e2e::server::{PASSWORD, TestServer, WORKER_A};
use rand::Rng;

const CHILD_DIR: &str = "WANGGE_E2E_DEVICE_DIR";

/// The child: captures reports with a photo, syncing after every few, until killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "child process of the device kill test"]
async fn device_child() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return;
    };
    let engine = open(std::path::Path::new(&dir));
    let (_, lon, lat) = point_in_my_grid(&engine);
    let mut rng_seed: u64 = rand::rng().random();
    for n in 0u64.. {
        rng_seed = rng_seed.wrapping_add(1);
        let shot = engine.prepare_photo_bytes(&photo(rng_seed)).unwrap();
        let saved = engine
            .capture_report(CaptureReport {
                category: "0101".parse().unwrap(),
                priority: domain::Priority::Normal,
                description: format!("kill test #{n}"),
                lon,
                lat,
                photos: vec![shot.sha256],
                self_resolved: false,
                note: None,
            })
            .unwrap();
        println!("saved {}", saved.id);
        if n % 3 == 2 {
            let _ = engine.sync_now().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_device_during_capture_and_sync_loses_and_duplicates_nothing() {
    let server = TestServer::start().await;
    let (dir, engine) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    drop(engine);
    let mut announced = Vec::new();
    for _round in 0..50 {
        let mut child = Child::spawn(
            "kill_device::device_child",
            &[(CHILD_DIR, dir.path().display().to_string())],
        );
        let wait = rand::rng().random_range(100..700);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        announced.extend(
            child
                .kill()
                .iter()
                .filter_map(|line| line.split_once("saved ").map(|(_, id)| id.to_string())),
        );
        let engine = open(dir.path());
        engine.store().integrity_check().unwrap();
    }
    assert!(
        announced.len() >= 50,
        "too few reports to mean much: {}",
        announced.len()
    );
    let engine = open(dir.path());
    sync_until_drained(&engine, 50).await.unwrap();
    assert_all_on_server(&engine, &announced).await;
    println!(
        "device kill test: {} reports announced over 50 kills",
        announced.len()
    );
}
