//! The device store at rest (trust finding 9): after sign-in, capture and sync, the store
//! file cannot be read by `sqlite3` without its key, neither it nor its journal holds the
//! refresh token or a captured description in the clear, and the refresh token is not in
//! the store at all; the device opens again with its key and goes on syncing.

use std::path::Path;
use std::process::Command;

use e2e::devices::{open, point_in_my_grid, signed_in, sync_until_drained};
use e2e::scenario::report;
use e2e::server::{PASSWORD, TestServer, WORKER_A};

/// Every byte of the store's files (the database and its write-ahead log).
fn store_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for name in ["wangge.db", "wangge.db-wal"] {
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            all.extend(bytes);
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_is_unreadable_without_its_key_and_holds_no_refresh_token() {
    let server = TestServer::start().await;
    let (dir, engine) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);
    let secret_text = "门牌 17 号楼道堆放杂物 (a resident's words, kept private)";
    engine
        .capture_report(report("0101", lon, lat, secret_text))
        .unwrap();
    sync_until_drained(&engine, 10).await.unwrap();

    let refresh = engine
        .store()
        .meta("session")
        .unwrap()
        .expect("a session is stored");
    assert!(
        !refresh.contains("refresh_token"),
        "the stored session names a refresh token: {refresh}"
    );
    let vault_token =
        std::fs::read_to_string(dir.path().join("keys").join("refresh-token")).unwrap();
    assert_eq!(vault_token.len(), 64, "the refresh token is in the vault");
    drop(engine);

    let bytes = store_bytes(dir.path());
    assert!(
        !bytes.starts_with(b"SQLite format 3\0"),
        "the store is a plain SQLite file"
    );
    assert!(
        !contains(&bytes, vault_token.as_bytes()),
        "the refresh token is in the store"
    );
    assert!(
        !contains(&bytes, "楼道堆放杂物".as_bytes()),
        "a captured description is readable in the store's files"
    );

    let sqlite3 = Command::new("sqlite3")
        .arg(dir.path().join("wangge.db"))
        .arg("SELECT count(*) FROM outbox;")
        .output()
        .expect("sqlite3 runs (Debian's sqlite3 package)");
    let said = String::from_utf8_lossy(&sqlite3.stderr);
    assert!(
        !sqlite3.status.success() && said.contains("not a database"),
        "sqlite3 read the store without its key: {} {said}",
        String::from_utf8_lossy(&sqlite3.stdout)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "the device folder is its owner's only");
    }

    // With its key the device opens again, still signed in, and refreshes through the vault.
    let again = open(dir.path());
    assert!(again.me().unwrap().is_some(), "still signed in");
    server.clock.advance_secs(24 * 3600);
    again
        .sync_now()
        .await
        .expect("syncs after the access token expired (refresh from the vault)");
    assert_eq!(again.store().reports().unwrap().len(), 1);
}
