//! Real devices for end-to-end tests: an engine in a temporary folder, sign-in, syncing
//! until everything is sent, generated photos, and points inside a person's grid.

use std::path::Path;
use std::time::Duration;

use device::engine::SyncReport;
use device::{Engine, EngineConfig};

/// Settings for tests: short timeouts so faults are noticed quickly.
pub fn test_config() -> EngineConfig {
    EngineConfig {
        request_timeout: Duration::from_secs(5),
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(500),
        device_name: "e2e test device".into(),
        ..EngineConfig::default()
    }
}

/// A device in `dir` with test settings.
pub fn open(dir: &Path) -> Engine {
    Engine::open_with(dir, test_config()).expect("device store opens")
}

/// A device in a fresh temporary folder, signed in.
pub async fn signed_in(
    server: &str,
    username: &str,
    password: &str,
) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = open(dir.path());
    engine
        .login(server, username, password)
        .await
        .unwrap_or_else(|e| panic!("{username} signs in: {e}"));
    (dir, engine)
}

/// Syncs until nothing is queued (no mutation, no photo), retrying failures with a short
/// backoff; gives up after `attempts` cycles. Returns the totals of every cycle.
pub async fn sync_until_drained(engine: &Engine, attempts: u32) -> Result<SyncReport, String> {
    let mut total = SyncReport::default();
    let mut last_error = String::new();
    for attempt in 0..attempts {
        match engine.sync_now().await {
            Ok(report) => {
                total.pushed += report.pushed;
                total.applied += report.applied;
                total.rejected += report.rejected;
                total.conflicts += report.conflicts;
                total.photos_uploaded += report.photos_uploaded;
                total.photo_bytes += report.photo_bytes;
                total.pulled += report.pulled;
                total.bytes_sent += report.bytes_sent;
                let status = engine.sync_status();
                if status.queued == 0 && status.queued_photos == 0 {
                    return Ok(total);
                }
            }
            Err(e) => {
                last_error = e.to_string();
                let wait = 20u64 * u64::from(attempt.min(10) + 1);
                tokio::time::sleep(Duration::from_millis(wait)).await;
            }
        }
    }
    Err(format!(
        "not drained after {attempts} attempts; last error: {last_error}"
    ))
}

/// A unique PNG (a gradient with a tint from `seed` and noise).
pub fn photo(seed: u64) -> Vec<u8> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let tint: [u8; 3] = rng.random();
    let img = image::ImageBuffer::from_fn(320, 240, |x, y| {
        let noise: u8 = rng.random_range(0..16);
        image::Rgb([
            ((x * 255 / 320) as u8)
                .wrapping_add(tint[0])
                .wrapping_add(noise),
            ((y * 255 / 240) as u8).wrapping_add(tint[1]),
            (((x + y) * 255 / 560) as u8).wrapping_add(tint[2]),
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("PNG encodes");
    out.into_inner()
}

/// A point inside one of the signed-in person's grids, found with the device's own
/// `locate`: the centroid of the first ring's vertices, else points between it and the
/// vertices.
pub fn point_in_my_grid(engine: &Engine) -> (String, f64, f64) {
    let grids = engine.my_grids().expect("grids");
    for grid in &grids {
        let ring = first_ring(&grid.geometry);
        if ring.is_empty() {
            continue;
        }
        let n = ring.len() as f64;
        let cx = ring.iter().map(|p| p.0).sum::<f64>() / n;
        let cy = ring.iter().map(|p| p.1).sum::<f64>() / n;
        let mut candidates = vec![(cx, cy)];
        for p in &ring {
            candidates.push(((cx + p.0) / 2.0, (cy + p.1) / 2.0));
            candidates.push(((3.0 * cx + p.0) / 4.0, (3.0 * cy + p.1) / 4.0));
        }
        for (lon, lat) in candidates {
            let located = engine.locate(lon, lat).expect("locate");
            if located.grid.as_deref() == Some(grid.code.as_str())
                && located.distance_m == Some(0.0)
            {
                return (grid.code.clone(), lon, lat);
            }
        }
    }
    panic!("no point found inside any of {} grids", grids.len());
}

fn first_ring(geometry: &serde_json::Value) -> Vec<(f64, f64)> {
    let coords = &geometry["coordinates"];
    let ring = match geometry["type"].as_str() {
        Some("Polygon") => &coords[0],
        Some("MultiPolygon") => &coords[0][0],
        _ => return Vec::new(),
    };
    ring.as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// After a sync: the server holds every announced report exactly once, and every report
/// this device saved, with all photos; no mutation was refused. Checked through the
/// reporter's own pull (the server sends a person their own reports) and photo HEADs.
pub async fn assert_all_on_server(engine: &Engine, announced: &[String]) {
    engine.sync_now().await.expect("a final sync (pull)");
    let me = engine.me().expect("me").expect("signed in").person_id;
    let (saved, server_cases, refused) = {
        let store = engine.store();
        let saved = store.reports().expect("reports");
        let cases: Vec<protocol::CaseView> = store.server_entities("case").expect("server copy");
        let refused = store.outbox_rejected(i64::MAX).expect("outbox");
        (saved, cases, refused)
    };
    assert!(refused.is_empty(), "refused: {refused:?}");
    let mine: Vec<&protocol::CaseView> = server_cases.iter().filter(|c| c.reporter == me).collect();
    let ids: std::collections::HashSet<String> = mine.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids.len(), mine.len(), "a case is listed twice");
    assert_eq!(
        mine.len(),
        saved.len(),
        "the server holds {} reports of this person, the device saved {}",
        mine.len(),
        saved.len()
    );
    for id in announced {
        assert!(
            ids.contains(id),
            "announced report {id} is not on the server"
        );
    }
    for report in &saved {
        let id = report.case_id.to_string();
        assert!(ids.contains(&id), "saved report {id} is not on the server");
        let case = mine.iter().find(|c| c.id.to_string() == id).expect("case");
        let photos: Vec<String> = case.photos.iter().map(ToString::to_string).collect();
        assert_eq!(photos, report.photos, "photos of {id}");
        for sha in &case.photos {
            assert!(
                engine.server_has_photo(sha).await.expect("HEAD photo"),
                "photo {sha} of {id} is missing on the server"
            );
        }
    }
}
