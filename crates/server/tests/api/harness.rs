//! The test world: a server on 127.0.0.1:0 over a temporary data directory with a
//! manual clock, a few grids in two streets, and one person per role. Its data is in the
//! embedded SQLite, or with `WANGGE_TEST_POSTGRES=1` in a private PostgreSQL server of its
//! own; its photos in the data directory, or with `WANGGE_TEST_S3=1` in a private
//! S3-compatible server of its own (`cargo xtask test` runs the sync, case-loop, blob and
//! other tests that way too). [`World::replica`] is a second server on the same database
//! and bucket.

use std::sync::Arc;

use domain::{CaseId, CommunityCode, GridCode, Person, PersonId, Role, Scope, StreetCode};
use protocol::{Command, PushResponse, SessionTokens};
use serde_json::{Value, json};
use server::clock::ManualClock;
use server::{AppState, Config, PasswordCost, Secret};

pub const PASSWORD: &str = "test-password";

/// The PostgreSQL test server the store's own tests use.
#[path = "../../src/store/postgres/test_server.rs"]
pub mod pg_server;

/// The S3-compatible test server the photo store's own tests use.
#[path = "../../src/photo_files/s3_test_server.rs"]
#[allow(dead_code)]
pub mod s3_server;

/// Whether worlds keep their data in PostgreSQL (`WANGGE_TEST_POSTGRES=1`).
fn on_postgres() -> bool {
    std::env::var_os("WANGGE_TEST_POSTGRES").is_some_and(|v| v == "1")
}

/// Whether worlds keep their photos in an object store (`WANGGE_TEST_S3=1`).
fn on_s3() -> bool {
    std::env::var_os("WANGGE_TEST_S3").is_some_and(|v| v == "1")
}

/// Where a world keeps its data and its photos.
#[derive(Debug, Clone, Copy)]
pub struct Backing {
    pub postgres: bool,
    pub s3: bool,
}

impl Backing {
    /// As the environment says (`WANGGE_TEST_POSTGRES`, `WANGGE_TEST_S3`).
    pub fn from_env() -> Self {
        Self {
            postgres: on_postgres(),
            s3: on_s3(),
        }
    }
}

/// Grid squares: (code, lon0, lat0), each 0.01° on a side.
pub const A1: (&str, f64, f64) = ("130302001001001", 119.60, 39.93);
pub const A2: (&str, f64, f64) = ("130302001001002", 119.61, 39.93);
pub const C1: (&str, f64, f64) = ("130302001002001", 119.62, 39.93);
pub const B1: (&str, f64, f64) = ("130302002005001", 119.55, 39.93);

/// A point inside a grid.
pub fn inside(grid: (&str, f64, f64)) -> (f64, f64) {
    (grid.1 + 0.005, grid.2 + 0.005)
}

pub struct World {
    pub base: String,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub http: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<server::Result<()>>>,
    _dir: tempfile::TempDir,
    /// The world's PostgreSQL server, when it has one (stopped and removed when the last
    /// replica drops).
    postgres: Option<Arc<pg_server::TestServer>>,
    /// The world's S3-compatible server, when it has one (likewise).
    s3: Option<Arc<s3_server::TestS3>>,
}

fn square(code: &str, lon: f64, lat: f64) -> protocol::GridView {
    let geometry = json!({
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]]
    });
    let code = GridCode::parse(code).unwrap();
    protocol::GridView {
        code,
        community: code.community(),
        name: format!("grid {}", code.as_str()),
        geometry,
    }
}

pub fn test_config(dir: &std::path::Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        admin_password: Some(Secret::new(PASSWORD)),
        password_cost: PasswordCost::fast_for_tests(),
        access_token_ttl_secs: 600,
        sweep_interval_secs: 3600,
        ..Config::default()
    }
}

impl World {
    /// A server with the test grids and people.
    pub async fn start() -> World {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(tune: impl FnOnce(&mut Config)) -> World {
        Self::start_on(Backing::from_env(), tune).await
    }

    /// A server with the test grids and people, its data and photos where `backing` says.
    pub async fn start_on(backing: Backing, tune: impl FnOnce(&mut Config)) -> World {
        let dir = tempfile::tempdir().unwrap();
        let mut config = test_config(dir.path());
        tune(&mut config);
        let postgres = backing
            .postgres
            .then(|| Arc::new(pg_server::TestServer::start()));
        if let Some(pg) = &postgres {
            config.database_url = Some(Secret::new(pg.database()));
        }
        let s3 = backing.s3.then(|| Arc::new(s3_server::TestS3::start()));
        if let Some(s3) = &s3 {
            config.blob_url = Some(format!("s3://{}/district", s3_server::BUCKET));
            config.s3_endpoint = Some(s3.endpoint());
            config.s3_access_key_id = Some(s3_server::ACCESS_KEY.into());
            config.s3_secret_access_key = Some(Secret::new(s3_server::SECRET_KEY));
            config.s3_allow_http = true;
        }
        let clock = ManualClock::new();
        let state = AppState::open_with_clock(config, clock.clone()).unwrap();
        assert_eq!(
            matches!(state.blobs(), server::photo_files::PhotoStore::Objects(_)),
            backing.s3,
            "the photos are where the backing says"
        );
        // Haigang's streets and communities, as an administrator's first import stores them.
        server::reference::imports::import_by_service(
            &state,
            "hierarchy",
            "haigang-hierarchy.csv",
            domain::fixtures::HAIGANG_CSV.as_bytes(),
        )
        .await
        .unwrap();
        server::reference::import::bootstrap_admin(
            &state,
            domain::DistrictCode::parse("130302").unwrap(),
        )
        .await
        .unwrap();
        server::reference::import::import_grids(
            &state,
            [A1, A2, C1, B1]
                .iter()
                .map(|g| square(g.0, g.1, g.2))
                .collect(),
        )
        .await
        .unwrap();
        let a1 = GridCode::parse(A1.0).unwrap();
        server::reference::import::import_buildings(
            &state,
            vec![protocol::BuildingView {
                code: a1.building(3).unwrap(),
                grid: a1,
                name: "3号楼".into(),
                lon: A1.1 + 0.002,
                lat: A1.2 + 0.002,
                units: vec!["1".into(), "2".into()],
                head: None,
                unit_heads: Default::default(),
            }],
        )
        .await
        .unwrap();
        let grid = |c: &str| GridCode::parse(c).unwrap();
        let community = |c: &str| CommunityCode::parse(c).unwrap();
        let street = |c: &str| StreetCode::parse(c).unwrap();
        let people: Vec<(&str, Role, Scope)> = vec![
            (
                "worker_a1",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![grid(A1.0)]),
            ),
            (
                "worker_a2",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![grid(A2.0)]),
            ),
            (
                "worker_b1",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![grid(B1.0)]),
            ),
            (
                "reporter_a",
                Role::InformationReporter,
                Scope::Community(community("130302001001")),
            ),
            (
                "disp_a",
                Role::CommunityDispatcher,
                Scope::Community(community("130302001001")),
            ),
            (
                "disp_c",
                Role::CommunityDispatcher,
                Scope::Community(community("130302001002")),
            ),
            (
                "disp_b",
                Role::CommunityDispatcher,
                Scope::Community(community("130302002005")),
            ),
            (
                "street_a",
                Role::StreetDispatcher,
                Scope::Street(street("130302001")),
            ),
            (
                "street_b",
                Role::StreetDispatcher,
                Scope::Street(street("130302002")),
            ),
            (
                "commander",
                Role::DistrictCommander,
                Scope::District(domain::DistrictCode::parse("130302").unwrap()),
            ),
        ];
        for (name, role, scope) in people {
            let person = Person::new(PersonId::random(), name, role, scope).unwrap();
            server::reference::import::create_person(&state, name, PASSWORD, person, None)
                .await
                .unwrap();
        }
        Self::serve(state, clock, dir, postgres, s3).await
    }

    /// Serves `state` on a port of its own.
    async fn serve(
        state: AppState,
        clock: Arc<ManualClock>,
        dir: tempfile::TempDir,
        postgres: Option<Arc<pg_server::TestServer>>,
        s3: Option<Arc<s3_server::TestS3>>,
    ) -> World {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(server::run(listener, state.clone(), async move {
            let _ = stopped.await;
        }));
        World {
            base,
            state,
            clock,
            http: reqwest::Client::new(),
            stop: Some(stop),
            task: Some(task),
            _dir: dir,
            postgres,
            s3,
        }
    }

    /// A second replica: another server (its own `AppState`, port and data directory) on
    /// this world's database and bucket, with the same clock. Only a world on PostgreSQL
    /// and S3 has one: the embedded stores are one replica's alone.
    pub async fn replica(&self) -> World {
        assert!(
            self.postgres.is_some() && self.s3.is_some(),
            "replicas share PostgreSQL and S3"
        );
        let dir = tempfile::tempdir().unwrap();
        let mut config = self.state.config().clone();
        config.data_dir = dir.path().to_path_buf();
        let state = AppState::open_with_clock(config, self.clock.clone()).unwrap();
        Self::serve(
            state,
            self.clock.clone(),
            dir,
            self.postgres.clone(),
            self.s3.clone(),
        )
        .await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Stops this world's PostgreSQL server (its sessions ended, its data kept).
    pub async fn stop_postgres(&self) {
        let pg = self.postgres.clone().expect("a world on PostgreSQL");
        tokio::task::spawn_blocking(move || pg.stop())
            .await
            .unwrap();
    }

    /// Starts this world's stopped PostgreSQL server again, on the same port.
    pub async fn restart_postgres(&self) {
        let pg = self.postgres.clone().expect("a world on PostgreSQL");
        tokio::task::spawn_blocking(move || pg.restart())
            .await
            .unwrap();
    }

    /// Signs `username` in as a new device.
    pub async fn sign_in(&self, username: &str) -> Session {
        let r = self
            .http
            .post(self.url("/v1/sessions"))
            .json(&json!({"username": username, "password": PASSWORD, "device_name": format!("{username}'s phone")}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "sign in {username}");
        let tokens: SessionTokens = r.json().await.unwrap();
        Session {
            http: self.http.clone(),
            base: self.base.clone(),
            tokens,
            next_mid: 1,
        }
    }

    /// Stops the server, closes its storage and keeps its data directory (a test that
    /// moves the data elsewhere): the directory, the world's settings and its clock.
    pub async fn stop_keeping_data(mut self) -> (tempfile::TempDir, Config, Arc<ManualClock>) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
        let config = self.state.config().clone();
        let World {
            state,
            clock,
            _dir: dir,
            ..
        } = self;
        drop(state);
        (dir, config, clock)
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

/// A signed-in device.
pub struct Session {
    pub http: reqwest::Client,
    pub base: String,
    pub tokens: SessionTokens,
    pub next_mid: u64,
}

/// A status and a JSON body (Null when empty).
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    pub async fn from(r: reqwest::Response) -> Reply {
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply { status, body }
    }
    /// An error answer must be `{code, message}`.
    pub fn code(&self) -> &str {
        assert!(
            self.body["message"].is_string(),
            "no message in {}",
            self.body
        );
        self.body["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no code in {}", self.body))
    }
}

impl Session {
    pub fn person_id(&self) -> PersonId {
        self.tokens.person.id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Reply {
        let r = self
            .http
            .get(self.url(path))
            .bearer_auth(&self.tokens.access_token)
            .send()
            .await
            .unwrap();
        Reply::from(r).await
    }

    /// Sends `body` as JSON with `method`, signed in.
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> Reply {
        let r = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.tokens.access_token)
            .json(&body)
            .send()
            .await
            .unwrap();
        Reply::from(r).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(reqwest::Method::POST, path, body).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(reqwest::Method::PUT, path, body).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(reqwest::Method::PATCH, path, body).await
    }

    /// The admin audit log's entries of `action`, newest first (signed in as an administrator).
    pub async fn audit_of(&self, action: &str) -> Vec<Value> {
        let audit = self.get("/v1/admin/audit").await;
        assert_eq!(audit.status, 200, "{}", audit.body);
        audit
            .body
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["action"] == action)
            .cloned()
            .collect()
    }

    pub async fn act(&self, case: CaseId, action: Value) -> Reply {
        self.post(&format!("/v1/cases/{case}/actions"), action)
            .await
    }

    /// Pushes commands with the next mids.
    pub async fn push(&mut self, commands: &[Command]) -> PushResponse {
        let mutations: Vec<_> = commands
            .iter()
            .map(|c| {
                let m = c.to_mutation(self.next_mid, 0);
                self.next_mid += 1;
                m
            })
            .collect();
        self.push_raw(serde_json::to_value(mutations).unwrap())
            .await
    }

    pub async fn push_raw(&self, mutations: Value) -> PushResponse {
        let r = self
            .post(
                "/v1/push",
                json!({"device_id": self.tokens.device_id, "schema": protocol::SCHEMA_VERSION, "mutations": mutations}),
            )
            .await;
        assert_eq!(r.status, 200, "push: {}", r.body);
        serde_json::from_value(r.body).unwrap()
    }

    /// Reports a problem at a point; returns the case id. Asserts it was applied.
    pub async fn report(&mut self, category: &str, at: (f64, f64)) -> CaseId {
        let id = CaseId::new();
        let r = self
            .push(&[report_cmd(id, category, "normal", at, vec![])])
            .await;
        assert_eq!(
            r.results[0].outcome,
            protocol::Outcome::Applied,
            "{:?}",
            r.results
        );
        id
    }

    /// Pulls everything from cursor 0, all pages.
    pub async fn pull_all(&self) -> Vec<protocol::Change> {
        self.pull_from(0).await.0
    }

    pub async fn pull_from(&self, mut cursor: u64) -> (Vec<protocol::Change>, u64) {
        let mut all = Vec::new();
        loop {
            let r = self
                .get(&format!("/v1/pull?cursor={cursor}&limit=50"))
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
            let page: protocol::PullResponse = serde_json::from_value(r.body).unwrap();
            all.extend(page.changes);
            cursor = page.cursor;
            if !page.has_more {
                return (all, cursor);
            }
        }
    }

    pub async fn case(&self, id: CaseId) -> Value {
        let r = self.get(&format!("/v1/cases/{id}")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }
}

/// The latest state of each entity after applying changes in order, as a device would.
pub fn apply_changes(
    changes: &[protocol::Change],
) -> std::collections::BTreeMap<(String, String), Value> {
    let mut state = std::collections::BTreeMap::new();
    for c in changes {
        let key = (format!("{:?}", c.entity), c.id.clone());
        match c.kind {
            protocol::ChangeKind::Put => {
                state.insert(key, c.data.clone().unwrap());
            }
            protocol::ChangeKind::Remove => {
                state.remove(&key);
            }
        }
    }
    state
}

pub fn report_cmd(
    id: CaseId,
    category: &str,
    priority: &str,
    at: (f64, f64),
    photos: Vec<String>,
) -> Command {
    Command::parse(
        "report.create",
        &json!({"case_id": id, "category": category, "priority": priority, "description": "a problem",
                "lon": at.0, "lat": at.1, "photos": photos}),
    )
    .unwrap()
}

pub fn task_cmd(name: &str, id: CaseId, extra: Value) -> Command {
    let mut args = json!({"case_id": id});
    if let (Some(a), Some(e)) = (args.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            a.insert(k.clone(), v.clone());
        }
    }
    Command::parse(name, &args).unwrap()
}

/// Uploads `bytes` as a whole photo (PUT, 201) for `s`; returns its hash.
pub async fn upload(s: &Session, bytes: &[u8]) -> String {
    let hash = sha256(bytes);
    let r = s
        .http
        .put(s.url(&format!("/v1/blobs/{hash}")))
        .bearer_auth(&s.tokens.access_token)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    hash
}

/// sha256 hex of bytes.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
