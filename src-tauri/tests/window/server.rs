//! The real sync server for the window test, in this process: the server crate's `run` on
//! a bound listener with a shutdown signal, so the test can stop it (the app goes offline)
//! and start it again on the same data folder and port (back online). A small demo district
//! is put in on first start: the Haigang demo grids, one grid worker and the dispatcher of
//! that grid's community.

use std::path::Path;
use std::time::Duration;

use domain::{Person, PersonId, Role, Scope};
use server::{AppState, Config, PasswordCost, Secret};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Who signs in, with what password.
pub struct DemoAccounts {
    pub worker: (String, String),
    pub worker_name: String,
    pub dispatcher: (String, String),
}

pub fn demo_accounts() -> DemoAccounts {
    DemoAccounts {
        worker: ("wangli".into(), "wangli-e2e-pw".into()),
        worker_name: "王丽".into(),
        dispatcher: ("zhangmin".into(), "zhangmin-e2e-pw".into()),
    }
}

/// A running server; [`Server::stop`] shuts it down gracefully.
pub struct Server {
    port: u16,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<server::Result<()>>>,
}

impl Server {
    /// Starts the server on `dir`, on `port` (or a free one), seeding the demo district the
    /// first time.
    pub async fn start(dir: &Path, port: Option<u16>) -> Self {
        let config = Config {
            data_dir: dir.to_path_buf(),
            admin_password: Some(Secret::new("admin-e2e-pw")),
            password_cost: PasswordCost::fast_for_tests(),
            ..Config::default()
        };
        let state = AppState::open(config).expect("the server state opens");
        seed(&state).await;
        let listener = bind(port).await;
        let port = listener.local_addr().unwrap().port();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::run(listener, state, async move {
            let _ = stopped.await;
        }));
        Self {
            port,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops accepting, finishes requests in flight and returns when the server is down.
    pub async fn stop(&mut self) {
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

/// The demo grids and two people, unless already there.
async fn seed(state: &AppState) {
    let accounts = demo_accounts();
    let known = {
        let name = accounts.worker.0.clone();
        state
            .read(move |tx| tx.person_by_username(&name))
            .await
            .expect("reading people")
    };
    if known.is_some() {
        return;
    }
    let grids = gridmap::demo::haigang_grids(7).expect("demo grids");
    let grid = grids.grids()[0].code;
    server::directory::import_grids(
        state,
        server::directory::grid_views(&grids).expect("grid views"),
    )
    .await
    .expect("importing grids");
    let worker = Person::new(
        PersonId::random(),
        accounts.worker_name.clone(),
        Role::FullTimeGridWorker,
        Scope::Grids(vec![grid]),
    )
    .expect("a worker");
    server::directory::create_person(state, &accounts.worker.0, &accounts.worker.1, worker, None)
        .await
        .expect("creating the worker");
    let dispatcher = Person::new(
        PersonId::random(),
        "张敏",
        Role::CommunityDispatcher,
        Scope::Community(grid.community()),
    )
    .expect("a dispatcher");
    server::directory::create_person(
        state,
        &accounts.dispatcher.0,
        &accounts.dispatcher.1,
        dispatcher,
        None,
    )
    .await
    .expect("creating the dispatcher");
}
