//! The real sync server for the window test, in this process: the server crate's `run` on
//! a bound listener with a shutdown signal, so the test can stop it (the app goes offline)
//! and start it again on the same data folder and port (back online). A small demo district
//! is put in on first start: the Haigang demo district (its grids, a worker per grid, the
//! dispatchers, the commander) and the administrator `admin`.

use std::path::Path;
use std::time::Duration;

use server::{AppState, Config, PasswordCost, Secret};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The password of the administrator the first start creates (user name `admin`).
pub const ADMIN_PASSWORD: &str = "admin-e2e-pw";

/// Who signs in (user name, password).
pub struct DemoAccounts {
    pub worker: (String, String),
    pub dispatcher: (String, String),
    pub admin: (String, String),
}

pub fn demo_accounts() -> DemoAccounts {
    let community = domain::fixtures::haigang()
        .communities()
        .map(|c| c.code)
        .min()
        .expect("the Haigang fixture has communities");
    let password = server::demo::DEMO_PASSWORD.to_string();
    DemoAccounts {
        worker: (format!("w{}001", community.as_str()), password.clone()),
        dispatcher: (format!("c{}", community.as_str()), password),
        admin: ("admin".into(), ADMIN_PASSWORD.into()),
    }
}

/// A running server; [`Server::stop`] shuts it down gracefully.
pub struct Server {
    port: u16,
    /// Kept while it runs (dropped by `stop`, so a restart opens the data folder alone).
    state: Option<AppState>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<server::Result<()>>>,
}

impl Server {
    /// Starts the server on `dir`, on `port` (or a free one), seeding the demo district the
    /// first time.
    pub async fn start(dir: &Path, port: Option<u16>) -> Self {
        let config = Config {
            data_dir: dir.to_path_buf(),
            admin_password: Some(Secret::new(ADMIN_PASSWORD)),
            password_cost: PasswordCost::fast_for_tests(),
            // The desk for browsers: the built UI the app embeds too.
            web_root: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist")),
            ..Config::default()
        };
        let state = AppState::open(config).expect("the server state opens");
        seed(&state).await;
        let listener = bind(port).await;
        let port = listener.local_addr().unwrap().port();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::run(listener, state.clone(), async move {
            let _ = stopped.await;
        }));
        Self {
            port,
            state: Some(state),
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's state, for a test to put in or read what the windows do not show.
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("the server is running")
    }

    /// Stops accepting, finishes requests in flight and returns when the server is down.
    pub async fn stop(&mut self) {
        self.state = None;
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await
                .expect("the server task")
                .expect("the server ran cleanly");
        }
    }
}

/// Binds 127.0.0.1 on `port` (0 for any), retrying briefly while the old socket lets go.
async fn bind(port: Option<u16>) -> tokio::net::TcpListener {
    let mut tries = 0;
    loop {
        match tokio::net::TcpListener::bind(("127.0.0.1", port.unwrap_or(0))).await {
            Ok(l) => return l,
            Err(e) if tries < 50 => {
                tries += 1;
                eprintln!("binding port {port:?}: {e}; retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot bind port {port:?}: {e}"),
        }
    }
}

/// The demo district of `wangge demo` (idempotent: a restart finds it there).
async fn seed(state: &AppState) {
    server::demo::seed(state)
        .await
        .expect("seeding the demo district");
}
