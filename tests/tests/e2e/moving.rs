//! A district moves off the embedded store under a signed-in phone (`wangge admin
//! migrate`, `server::moving`): the worker's phone and the dispatcher's desk sign in and
//! sync against the service on SQLite; the service stops; the move copies it into a private
//! PostgreSQL (and its photos into a private s3s-fs with `WANGGE_TEST_S3=1`); the service
//! starts on the new stores on the same port. The phone captures another report and syncs:
//! no sign-in, no rebuild (no 410), its refresh token good, the push applied, its earlier
//! cases and photos still there; the desk sees both reports. Needs `WANGGE_TEST_POSTGRES=1`.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use device::engine::RequestObserver;
use e2e::devices::{
    assert_all_on_server, photo, point_in_my_grid, sync_until_drained, test_config,
};
use e2e::scenario::{Desk, report, with_photos};
use e2e::server::{DISPATCHER, PASSWORD, WORKER_A, open_seeded_tuned};
use server::{AppState, Config, Secret};

#[path = "../../../crates/server/src/store/postgres/test_server.rs"]
#[allow(dead_code)]
mod pg_server;

#[path = "../../../crates/server/src/photo_files/s3_test_server.rs"]
#[allow(dead_code)]
mod s3_server;

/// Every request a device made, by endpoint, and whether it succeeded.
#[derive(Default)]
struct Requests(Mutex<Vec<(&'static str, bool)>>);

impl RequestObserver for Requests {
    fn observe(&self, endpoint: &'static str, _elapsed: Duration, ok: bool) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((endpoint, ok));
    }
}

impl Requests {
    fn take(&self) -> Vec<(&'static str, bool)> {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// A running service: stop it to close its storage.
struct Running {
    state: AppState,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

/// Serves `state` on `addr` (port 0: any).
async fn serve(state: AppState, addr: SocketAddr) -> (Running, SocketAddr) {
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = state.clone();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.await;
        };
        server::serve::run(listener, running, shutdown)
            .await
            .expect("the service ran");
    });
    (Running { state, stop, task }, addr)
}

impl Running {
    /// Stops the service and closes its storage (the move refuses a database still open).
    async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.expect("the service stopped");
        drop(self.state);
    }
}

/// Short-lived access tokens, so the phone's first call after the move has to refresh.
fn tune(config: &mut Config) {
    config.access_token_ttl_secs = 2;
}

/// The new service's settings: data in PostgreSQL at `url`, photos in `s3` if there is
/// one, else in `folder`.
fn target(url: String, s3: Option<&s3_server::TestS3>, folder: &Path) -> Config {
    let mut to = e2e::server::config(folder);
    tune(&mut to);
    to.database_url = Some(Secret::new(url));
    if let Some(s3) = s3 {
        to.blob_url = Some(format!("s3://{}/haigang", s3_server::BUCKET));
        to.s3_endpoint = Some(s3.endpoint());
        to.s3_access_key_id = Some(s3_server::ACCESS_KEY.into());
        to.s3_secret_access_key = Some(Secret::new(s3_server::SECRET_KEY));
        to.s3_allow_http = true;
    }
    to
}

fn env_is(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v == "1")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_keeps_syncing_after_its_district_moves_to_postgres() {
    if !env_is("WANGGE_TEST_POSTGRES") {
        eprintln!(
            "skipped: moving a district needs PostgreSQL; set WANGGE_TEST_POSTGRES=1 (cargo \
             xtask test does) to run it against a private server"
        );
        return;
    }
    let on_s3 = env_is("WANGGE_TEST_S3");
    let old = tempfile::tempdir().unwrap();
    let clock = Arc::new(server::clock::SystemClock);
    let state = open_seeded_tuned(old.path(), clock.clone(), tune).await;
    let (service, addr) = serve(state, "127.0.0.1:0".parse().unwrap()).await;
    let url = format!("http://{addr}");

    let requests = Arc::new(Requests::default());
    let phone_dir = tempfile::tempdir().unwrap();
    let mut config = test_config();
    config.observer = Some(requests.clone());
    let phone = device::Engine::open_with(phone_dir.path(), config).unwrap();
    phone.login(&url, WORKER_A, PASSWORD).await.unwrap();
    let (_desk_dir, desk) = e2e::devices::signed_in(&url, DISPATCHER, PASSWORD).await;
    phone.sync_now().await.unwrap();

    // Before the move: a report with a photo, accepted and dispatched back to the worker.
    let (_, lon, lat) = point_in_my_grid(&phone);
    let shot = phone.prepare_photo_bytes(&photo(1)).unwrap();
    let first = phone
        .capture_report(with_photos(
            report("0101", lon, lat, "before the move"),
            &[&shot.sha256],
        ))
        .unwrap();
    sync_until_drained(&phone, 10).await.unwrap();
    Desk(&desk).accept(first.id).await;
    let me = phone.me().unwrap().unwrap().person_id;
    Desk(&desk).dispatch(first.id, me).await;
    phone.sync_now().await.unwrap();
    desk.sync_now().await.unwrap();
    assert!(phone.tasks().unwrap().iter().any(|t| t.id == first.id));
    let cursor_before = phone.store().pull_cursor().unwrap();
    service.stop().await;

    // The move.
    let pg = pg_server::TestServer::start();
    let s3 = on_s3.then(s3_server::TestS3::start);
    let new = tempfile::tempdir().unwrap();
    let to = target(pg.database(), s3.as_ref(), new.path());
    let moved = server::moving::run(server::moving::Plan {
        from: old.path().to_path_buf(),
        to: to.clone(),
        replace: false,
    })
    .await
    .expect("the move ran");
    eprintln!("{moved}");
    assert!(moved.ok(), "{moved}");
    assert_eq!(moved.photos.verified, 1, "{moved}");

    // The service on the new stores, on the same port; the phone's access token has
    // expired meanwhile.
    let state = AppState::open_with_clock(to, clock).expect("the new service opens");
    assert_eq!(
        matches!(state.blobs(), server::photo_files::PhotoStore::Objects(_)),
        on_s3
    );
    let (service, again) = serve(state, addr).await;
    assert_eq!(again, addr);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    requests.take();

    // The phone captures another report and syncs: no sign-in, no 410, pushes applied.
    let shot = phone.prepare_photo_bytes(&photo(2)).unwrap();
    let second = phone
        .capture_report(with_photos(
            report("0101", lon, lat, "after the move"),
            &[&shot.sha256],
        ))
        .unwrap();
    let synced = sync_until_drained(&phone, 10)
        .await
        .expect("the phone syncs against the moved district");
    assert_eq!((synced.applied, synced.rejected), (1, 0), "{synced:?}");
    assert_eq!(synced.photos_uploaded, 1);
    let made = requests.take();
    assert!(
        made.iter().any(|(e, ok)| *e == "refresh" && *ok),
        "its refresh token works on the new service: {made:?}"
    );
    assert!(
        !made.iter().any(|(e, _)| e.starts_with("sessions")),
        "no sign-in: {made:?}"
    );
    // The first call met the expired access token (401); everything after the refresh
    // succeeded, and no pull was refused (a 410 would have rebuilt the phone's copy).
    let refreshed = made
        .iter()
        .position(|(e, ok)| *e == "refresh" && *ok)
        .unwrap_or(made.len());
    assert!(
        made[refreshed..].iter().all(|(_, ok)| *ok),
        "a request failed after the refresh: {made:?}"
    );
    assert!(
        made.iter().filter(|(e, _)| *e == "pull").all(|(_, ok)| *ok),
        "a pull was refused: {made:?}"
    );
    assert!(phone.store().pull_cursor().unwrap() > cursor_before);
    assert!(phone.tasks().unwrap().iter().any(|t| t.id == first.id));
    assert_all_on_server(&phone, &[first.id.to_string(), second.id.to_string()]).await;

    // The dispatcher's desk, signed in before the move too, sees both reports.
    desk.sync_now().await.expect("the desk syncs");
    let cases: Vec<protocol::CaseView> = desk.store().server_entities("case").unwrap();
    for id in [first.id, second.id] {
        assert!(
            cases.iter().any(|c| c.id == id),
            "report {id} is missing on the desk"
        );
    }
    service.stop().await;
}
