//! What encrypting the device store costs: the same day offline (captures, then one sync to
//! an in-process server on port 0) on an encrypted store and on an unencrypted one, in the
//! same process, alternating, reporting each figure as a ratio to the unencrypted run.
//!
//! `cargo xtask bench store` (→ `cargo bench -p e2e --bench store_at_rest`);
//! `STORE_BENCH_REPORTS` sets the reports per run (default 1,000), `STORE_BENCH_ROUNDS` the
//! rounds (default 3; the best of each is kept).

use std::time::{Duration, Instant};

use device::{Engine, EngineConfig};
use e2e::devices::{photo, point_in_my_grid, sync_until_drained, test_config};
use e2e::scenario::{report, with_photos};
use e2e::server::{PASSWORD, TestServer, WORKER_A};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One day offline: `reports` captures with a photo each, then one sync. Returns the time
/// of the captures (photo preparation excluded) and of the sync.
async fn day(server: &TestServer, encrypt: bool, reports: u64, seed: u64) -> (Duration, Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = EngineConfig {
        encrypt_store: encrypt,
        ..test_config()
    };
    let engine = Engine::open_with(dir.path(), config).expect("device opens");
    engine
        .login(&server.url, WORKER_A, PASSWORD)
        .await
        .expect("signs in");
    engine.sync_now().await.expect("first sync");
    let (_, lon, lat) = point_in_my_grid(&engine);
    let shots: Vec<_> = (0..reports)
        .map(|n| {
            engine
                .prepare_photo_bytes(&photo(seed + n))
                .expect("photo prepared")
                .sha256
        })
        .collect();
    let started = Instant::now();
    for (n, shot) in shots.iter().enumerate() {
        engine
            .capture_report(with_photos(
                report("0101", lon, lat, &format!("store bench #{n}")),
                &[shot],
            ))
            .expect("captured");
    }
    let capture = started.elapsed();
    let started = Instant::now();
    sync_until_drained(&engine, 20).await.expect("drained");
    (capture, started.elapsed())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let reports = env_number("STORE_BENCH_REPORTS", 1000);
    let rounds = env_number("STORE_BENCH_ROUNDS", 3);
    let server = TestServer::start().await;
    let mut best = [(Duration::MAX, Duration::MAX); 2];
    for round in 0..rounds {
        for (slot, encrypt) in [(0, false), (1, true)] {
            let seed = 1_000_000 * (round * 2 + slot as u64 + 1);
            let (capture, sync) = day(&server, encrypt, reports, seed).await;
            best[slot].0 = best[slot].0.min(capture);
            best[slot].1 = best[slot].1.min(sync);
        }
    }
    let [(plain_capture, plain_sync), (enc_capture, enc_sync)] = best;
    let per = |d: Duration| d.as_secs_f64() * 1e3 / reports as f64;
    println!("store at rest: {reports} reports per run, best of {rounds} rounds");
    println!(
        "  capture  unencrypted {:.3} ms/report  encrypted {:.3} ms/report  ratio {:.2}",
        per(plain_capture),
        per(enc_capture),
        enc_capture.as_secs_f64() / plain_capture.as_secs_f64()
    );
    println!(
        "  sync     unencrypted {:.2} s           encrypted {:.2} s           ratio {:.2}",
        plain_sync.as_secs_f64(),
        enc_sync.as_secs_f64(),
        enc_sync.as_secs_f64() / plain_sync.as_secs_f64()
    );
}
