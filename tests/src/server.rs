//! The real sync service for end-to-end tests: in this process on 127.0.0.1:0
//! ([`TestServer`]), or as a child process that a test can kill and restart on the same
//! folder and port ([`ServerProcess`]). Both seed the same people: two grid workers in one
//! Haigang grid, one in the next grid, and the dispatcher of their community, with [`PASSWORD`].

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use domain::{Person, PersonId, Role, Scope};
use server::store::PersonRecord;
use server::{AppState, Config, PasswordCost};

use crate::child::Child;

pub const PASSWORD: &str = "e2e-password";
pub const WORKER_A: &str = "worker.a";
pub const WORKER_B: &str = "worker.b";
/// A worker of a neighbouring grid: a case of the first grid is visible to them only while
/// it is assigned to them.
pub const WORKER_C: &str = "worker.c";
pub const DISPATCHER: &str = "dispatcher";
/// The administrator [`store_admin`] adds, with [`PASSWORD`].
pub const ADMIN: &str = "admin";

/// Stores the district's administrator ([`ADMIN`]), whom the seeding leaves out.
pub async fn store_admin(state: &AppState) {
    let admin = Person::new(
        PersonId::random(),
        "管理员",
        Role::Administrator,
        Scope::District(domain::DistrictCode::parse("130302").expect("district")),
    )
    .expect("administrator");
    server::reference::import::create_person(state, ADMIN, PASSWORD, admin, None)
        .await
        .expect("administrator stored");
}

/// Stores the administrator and signs them in over HTTP: a client and an access token.
pub async fn admin_token(state: &AppState, url: &str) -> (reqwest::Client, String) {
    store_admin(state).await;
    let http = reqwest::Client::new();
    let tokens: serde_json::Value = http
        .post(format!("{url}/v1/sessions"))
        .json(&serde_json::json!({"username": ADMIN, "password": PASSWORD, "device_name": "admin desk"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("tokens");
    let token = tokens["access_token"].as_str().expect("token").to_string();
    (http, token)
}

const CHILD_DIR: &str = "WANGGE_E2E_SERVER_DIR";
const CHILD_PORT: &str = "WANGGE_E2E_SERVER_PORT";

/// The service's settings for tests: cheap password hashing, data in `dir`.
pub fn config(dir: &Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        password_cost: PasswordCost::fast_for_tests(),
        admin_password: Some(server::Secret::new(PASSWORD)),
        ..Config::default()
    }
}

/// Opens the service's state in `dir` and seeds it once: the grids of one Haigang
/// community, the categories, two workers in its first grid and its dispatcher.
pub async fn open_seeded(dir: &Path) -> AppState {
    open_seeded_with_clock(dir, Arc::new(server::clock::SystemClock)).await
}

/// As [`open_seeded`], on a given clock.
pub async fn open_seeded_with_clock(dir: &Path, clock: Arc<dyn server::clock::Clock>) -> AppState {
    open_seeded_tuned(dir, clock, |_| {}).await
}

/// As [`open_seeded_with_clock`], with settings changed by `tune`.
pub async fn open_seeded_tuned(
    dir: &Path,
    clock: Arc<dyn server::clock::Clock>,
    tune: impl FnOnce(&mut Config),
) -> AppState {
    let mut config = config(dir);
    tune(&mut config);
    let state = AppState::open_with_clock(config, clock).expect("server state opens");
    let seeded = state
        .read(|tx| tx.person_by_username(WORKER_A))
        .await
        .expect("read persons")
        .is_some();
    if !seeded {
        // Haigang's streets and communities, as an administrator's first import stores them.
        server::reference::imports::import_by_service(
            &state,
            "hierarchy",
            "haigang-hierarchy.csv",
            domain::fixtures::HAIGANG_CSV.as_bytes(),
        )
        .await
        .expect("hierarchy imported");
        let all = gridmap::demo::haigang_grids(7).expect("demo grids");
        let first = all.grids()[0].code;
        let community = first.community();
        let second = all
            .iter()
            .map(|g| g.code)
            .find(|g| *g != first && g.community() == community)
            .expect("a second grid in the community");
        let views: Vec<protocol::GridView> = all
            .iter()
            .filter(|g| g.code.community() == community)
            .map(|g| server::reference::feed::grid_view(g).expect("grid view"))
            .collect();
        let hash = state.passwords().hash(PASSWORD).expect("hash");
        let people = [
            (
                WORKER_A,
                "王网格",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![first]),
            ),
            (
                WORKER_B,
                "李网格",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![first]),
            ),
            (
                WORKER_C,
                "赵网格",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![second]),
            ),
            (
                DISPATCHER,
                "张调度",
                Role::CommunityDispatcher,
                Scope::Community(community),
            ),
        ];
        let records: Vec<PersonRecord> = people
            .into_iter()
            .map(|(username, name, role, scope)| PersonRecord {
                person: Person::new(PersonId::random(), name, role, scope).expect("person"),
                username: username.into(),
                password_hash: hash.clone(),
                phone: None,
            })
            .collect();
        let now = state.now_ms();
        state
            .write(move |tx| {
                server::reference::feed::put_grids(tx, &views, now)?;
                for r in &records {
                    server::reference::feed::put_person(tx, r, now)?;
                }
                Ok(())
            })
            .await
            .expect("seed");
        state.reload_grids().expect("grid index");
    }
    state
}

/// The service running in this process until dropped.
pub struct TestServer {
    pub url: String,
    pub addr: SocketAddr,
    pub state: AppState,
    /// The server's clock: tests move it forward instead of sleeping.
    pub clock: Arc<server::clock::ManualClock>,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestServer {
    /// Starts a seeded service on 127.0.0.1:0 in a fresh folder.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// As [`TestServer::start`], with settings changed by `tune`.
    pub async fn start_with(tune: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = server::clock::ManualClock::new();
        let state = open_seeded_tuned(dir.path(), clock.clone(), tune).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = state.clone();
        tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            if let Err(e) = server::serve::run(listener, running, shutdown).await {
                eprintln!("test server stopped: {e}");
            }
        });
        Self {
            url: format!("http://{addr}"),
            addr,
            state,
            clock,
            _dir: dir,
            stop: Some(stop),
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The service as a child process (see [`crate::child`]), on a fixed folder and port, so it
/// can be killed and restarted.
pub struct ServerProcess {
    pub url: String,
    dir: PathBuf,
    port: u16,
    child_test: String,
    child: Option<Child>,
}

impl ServerProcess {
    /// Starts the child on a free port and waits until it listens.
    pub async fn start(dir: &Path, child_test: &str) -> Self {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("probe port");
            probe.local_addr().expect("address").port()
        };
        let mut process = Self {
            url: format!("http://127.0.0.1:{port}"),
            dir: dir.to_path_buf(),
            port,
            child_test: child_test.to_string(),
            child: None,
        };
        process.spawn();
        process
    }

    fn spawn(&mut self) {
        let child = Child::spawn(
            &self.child_test,
            &[
                (CHILD_DIR, self.dir.display().to_string()),
                (CHILD_PORT, self.port.to_string()),
            ],
        );
        child.wait_for("listening on");
        self.child = Some(child);
    }

    /// SIGKILL, no goodbye.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill();
        }
    }

    /// Starts it again on the same folder and port.
    pub async fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// Takes a backup as an operator with a file-level copy would: the service is stopped,
    /// its whole data folder copied to `to`, and the service started again.
    pub async fn backup_to(&mut self, to: &Path) {
        self.kill();
        copy_dir(&self.dir, to);
        self.spawn();
    }

    /// Restores the backup in `from`: the service is stopped, its data folder replaced by
    /// the backup, and the service started again on it.
    pub async fn restore_from(&mut self, from: &Path) {
        self.kill();
        std::fs::remove_dir_all(&self.dir).expect("remove the data folder");
        copy_dir(from, &self.dir);
        self.spawn();
    }
}

/// Copies the folder `from` (files and subfolders) to `to`, creating it.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy's folder");
    for entry in std::fs::read_dir(from).expect("read the folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// The body of the server child test: serve the folder and port from the environment
/// until killed. Returns at once when not run as a child.
pub async fn child_main() {
    let (Ok(dir), Ok(port)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_PORT)) else {
        return;
    };
    let state = open_seeded(Path::new(&dir)).await;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port.parse::<u16>().expect("port")))
        .await
        .expect("bind the fixed port");
    println!("listening on {port}");
    server::serve::run(listener, state, std::future::pending::<()>())
        .await
        .expect("serve");
}
