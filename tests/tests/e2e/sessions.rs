//! Sync keeps going across session trouble and refused work: an access token that expired
//! while offline is refreshed without losing anything, and a mutation the server refuses is
//! shown with its reason without holding back the rest.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use device::engine::{CaptureReport, RequestObserver};
use e2e::devices::{point_in_my_grid, signed_in, sync_until_drained};
use e2e::server::{PASSWORD, TestServer, WORKER_A};

/// Counts sign-in refreshes.
#[derive(Default)]
struct Refreshes(AtomicU32);

impl RequestObserver for Refreshes {
    fn observe(&self, endpoint: &'static str, _elapsed: Duration, ok: bool) {
        if endpoint == "refresh" && ok {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn report(category: &str, lon: f64, lat: f64, n: u32) -> CaptureReport {
    CaptureReport {
        category: category.parse().expect("a category code"),
        priority: domain::Priority::Normal,
        description: format!("report #{n}"),
        lon,
        lat,
        photos: vec![],
        self_resolved: false,
        note: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_access_token_that_expired_offline_is_refreshed_and_nothing_is_lost() {
    let server = TestServer::start().await;
    let refreshes = Arc::new(Refreshes::default());
    let dir = tempfile::tempdir().unwrap();
    let mut config = e2e::devices::test_config();
    config.observer = Some(refreshes.clone());
    let engine = device::Engine::open_with(dir.path(), config).unwrap();
    engine.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    engine.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);
    for n in 0..5 {
        engine.capture_report(report("0101", lon, lat, n)).unwrap();
    }
    // A day offline: the access token (15 minutes) has long expired.
    server.clock.advance_secs(24 * 3600);
    let sent = sync_until_drained(&engine, 5).await.unwrap();
    assert_eq!(sent.applied, 5, "{sent:?}");
    assert_eq!(
        refreshes.0.load(Ordering::SeqCst),
        1,
        "refreshed once, on the first 401"
    );
    assert!(engine.me().unwrap().is_some(), "still signed in");
    // And the new tokens work for the next cycle too.
    engine.capture_report(report("0101", lon, lat, 5)).unwrap();
    assert_eq!(sync_until_drained(&engine, 5).await.unwrap().applied, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_mutation_shows_its_reason_and_does_not_block_the_rest() {
    let server = TestServer::start().await;
    let (_dir, engine) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);
    engine.capture_report(report("0101", lon, lat, 0)).unwrap();
    // Well-formed, but no such category on the server.
    let poison = engine.capture_report(report("9999", lon, lat, 1)).unwrap();
    engine.capture_report(report("0101", lon, lat, 2)).unwrap();
    let sent = sync_until_drained(&engine, 5).await.unwrap();
    assert_eq!((sent.applied, sent.rejected), (2, 1), "{sent:?}");
    let status = engine.sync_status();
    assert_eq!(status.queued, 0, "the queue is drained");
    let refused = &status.rejected;
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].name, "report.create");
    assert!(!refused[0].reason.is_empty(), "a reason is shown");
    let mine = engine.my_reports().unwrap();
    let shown = mine.iter().find(|r| r.id == poison.id).unwrap();
    assert_eq!(shown.state, domain::CaseState::Rejected);
    assert!(!shown.pending);
    assert_eq!(
        mine.iter()
            .filter(|r| r.state != domain::CaseState::Rejected)
            .count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_hands_in_its_unsent_work_and_sends_it_if_found_again() {
    let server = TestServer::start().await;
    let (_dir, engine) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    engine.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&engine);
    engine.capture_report(report("0101", lon, lat, 0)).unwrap();
    sync_until_drained(&engine, 5).await.unwrap();
    for n in 1..3 {
        engine.capture_report(report("0101", lon, lat, n)).unwrap();
    }
    // The phone is reported lost and revoked while it holds unsent work.
    let old = engine.me().unwrap().unwrap().device_id;
    let now = server.state.now_ms();
    server
        .state
        .write(move |tx| tx.device_revoke(old, now))
        .await
        .unwrap();
    let err = engine.sync_now().await.unwrap_err();
    assert_eq!(err.code(), "signed_out", "{err}");
    assert!(err.to_string().contains("revoked"), "{err}");
    // Its two unsent reports are kept, answered rejected (the administrator has them; see
    // lost_phone.rs), and nothing waits to be sent under anyone's name.
    let status = engine.sync_status();
    assert_eq!(status.queued, 0);
    let outbox = engine.store().outbox_all().unwrap();
    assert_eq!(outbox.len(), 2, "the unsent work is kept: {outbox:?}");
    assert!(
        outbox
            .iter()
            .all(|e| e.state == device::OutboxState::Rejected)
    );

    // Found again: its person signs in, the server holds nothing of that work beyond the
    // first report, so the kept work goes out under the new device.
    assert_eq!(engine.sync_status().state, device::SyncState::SignedOut);
    let me = engine.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    assert_ne!(me.device_id, old);
    let after = engine.sync_status();
    assert_eq!(after.state, device::SyncState::Idle, "signed in again");
    assert_eq!(after.reason, None);
    assert_eq!(engine.session_ended_reason().unwrap(), None);
    let sent = sync_until_drained(&engine, 5).await.unwrap();
    assert_eq!(sent.applied, 2, "{sent:?}");
}

/// Trust finding 14: a password never goes over plain HTTP to another machine, unless
/// that server is named in the device's settings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_is_only_for_this_machine_and_named_servers() {
    let dir = tempfile::tempdir().unwrap();
    let phone = e2e::devices::open(dir.path());
    let err = phone
        .login("http://192.0.2.10:8080", WORKER_A, PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid", "refused before any request: {err}");
    assert!(err.to_string().contains("https://"), "{err}");

    // Named in the settings: the sign-in is attempted (and the address is unreachable).
    let named = tempfile::tempdir().unwrap();
    let config = device::EngineConfig {
        plain_http_hosts: vec!["192.0.2.10".into()],
        request_timeout: Duration::from_millis(300),
        ..e2e::devices::test_config()
    };
    let phone = device::Engine::open_with(named.path(), config).unwrap();
    let err = phone
        .login("http://192.0.2.10:8080", WORKER_A, PASSWORD)
        .await
        .unwrap_err();
    assert_ne!(err.code(), "invalid", "{err}");

    // This machine is always fine.
    let server = TestServer::start().await;
    let local = tempfile::tempdir().unwrap();
    let phone = e2e::devices::open(local.path());
    phone.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
}

/// Who the device says is signed in names their community and street once the areas are
/// synced (by code before).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn me_names_the_community_and_street_once_synced() {
    let server = TestServer::start().await;
    let (_dir, engine) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    sync_until_drained(&engine, 5).await.unwrap();
    let me = engine.me().unwrap().unwrap();
    let hierarchy = domain::fixtures::haigang();
    let community: domain::CommunityCode = me.community.as_deref().unwrap().parse().unwrap();
    let expected = hierarchy.community(&community).unwrap();
    assert_eq!(me.community_name.as_deref(), Some(expected.name.as_str()));
    let street = hierarchy.street(&community.street()).unwrap();
    assert_eq!(me.street_name.as_deref(), Some(street.name.as_str()));
}
