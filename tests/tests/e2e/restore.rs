//! The server is restored from a backup (trust finding 2): work it applied after the backup
//! is sent again by the devices that made it, from their outboxes, so after sync the
//! server holds every report exactly once, with its photos, and every queue drains; both
//! for a device still signed in with tokens older than the backup and for one whose device
//! record the backup never held (it signs in again). A desk that only reads rebuilds its
//! copy, even once the server's sequence has passed its cursor again.

use device::Engine;
use e2e::devices::{assert_all_on_server, photo, point_in_my_grid, signed_in, sync_until_drained};
use e2e::scenario::{report, with_photos};
use e2e::server::{DISPATCHER, PASSWORD, ServerProcess, WORKER_A, WORKER_B};

/// The child: a server on the given folder and port until killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "child process of the restore test"]
async fn server_child() {
    e2e::server::child_main().await;
}

/// Captures `n` reports with a photo each; returns their case ids.
fn capture(engine: &Engine, n: u64, seed: u64) -> Vec<String> {
    let (_, lon, lat) = point_in_my_grid(engine);
    (seed..seed + n)
        .map(|s| {
            let shot = engine.prepare_photo_bytes(&photo(s)).expect("a photo");
            let r = with_photos(
                report("0101", lon, lat, &format!("restore #{s}")),
                &[&shot.sha256],
            );
            engine.capture_report(r).expect("captured").id.to_string()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restore_from_backup_every_report_is_on_the_server_exactly_once() {
    let data = tempfile::tempdir().unwrap();
    let backup = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(data.path(), "restore::server_child").await;
    let (_a_dir, a) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    a.sync_now().await.unwrap();
    let (_desk_dir, desk) = signed_in(&server.url, DISPATCHER, PASSWORD).await;
    let mut from_a = capture(&a, 5, 1);
    sync_until_drained(&a, 10).await.unwrap();

    server.backup_to(&backup.path().join("data")).await;

    // After the backup: more work of A, and B's phone signs in for the first time.
    from_a.extend(capture(&a, 5, 100));
    sync_until_drained(&a, 10).await.unwrap();
    let (_b_dir, b) = signed_in(&server.url, WORKER_B, PASSWORD).await;
    b.sync_now().await.unwrap();
    let from_b = capture(&b, 4, 200);
    sync_until_drained(&b, 10).await.unwrap();
    desk.sync_now().await.unwrap();

    server.restore_from(&backup.path().join("data")).await;

    // A's tokens are older than the backup and still good; it captures one more report.
    from_a.extend(capture(&a, 1, 300));
    sync_until_drained(&a, 20)
        .await
        .expect("A's queue drains after the restore");
    assert_all_on_server(&a, &from_a).await;

    // The restored server never saw B's device: B has to sign in again, then it resends.
    let signed_out = b.sync_now().await.unwrap_err();
    assert_eq!(signed_out.code(), "signed_out", "{signed_out}");
    b.login(&server.url, WORKER_B, PASSWORD).await.unwrap();
    sync_until_drained(&b, 20)
        .await
        .expect("B's queue drains after signing in again");
    assert_all_on_server(&b, &from_b).await;

    // The desk's cursor is from the lost history; the resent work has taken the server's
    // sequence past it again. It still sees every report, once.
    desk.sync_now().await.unwrap();
    let cases: Vec<protocol::CaseView> = desk.store().server_entities("case").unwrap();
    let on_desk: std::collections::HashSet<String> =
        cases.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(
        on_desk.len(),
        cases.len(),
        "a case is listed twice on the desk"
    );
    for id in from_a.iter().chain(&from_b) {
        assert!(on_desk.contains(id), "report {id} is missing on the desk");
    }
    server.kill();
}
