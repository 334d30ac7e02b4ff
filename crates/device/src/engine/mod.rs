//! The device engine: one [`Engine`] per device folder, offering every operation of the app
//! (docs/app-commands.md) to the Tauri shell and to `wangge device`.
//!
//! Offline operations (capture, tasks, patrol, reference data) work on the device store
//! alone and are durable when they return. Sync ([`Engine::sync_now`],
//! [`Engine::run_sync`]) and the dispatcher's desk need the server. The engine is cheap to
//! clone (an `Arc`) and safe to share between the UI's calls and the background sync task.
//!
//! Modules, by concept: `session` (sign-in, tokens), `api` (HTTP calls with refresh),
//! `sync` (push, photo upload, pull, the background loop), `status` (what the UI shows of
//! sync), `view` (server copy + pending local changes), `capture`, `tasks`, `patrol`,
//! `reference` (categories, grids, locate), `desk` (dispatcher and supervisor), `placards`
//! (网格公示: their state per entrance, printing them to a PDF file) and `admin` (imports,
//! people, enrollment codes and the audit log, for administrators).

mod admin;
mod api;
mod capture;
mod desk;
mod filing;
mod participation;
mod patrol;
mod placards;
mod reference;
mod reports;
mod revoked;
mod session;
mod status;
mod sync;
mod tasks;
mod view;

use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{Notify, watch};

use crate::{Result, Store};

pub use admin::{
    AdminAuditInfo, AdminPersonInfo, CategoryAdminInfo, CategoryEdit, DeviceInfo, EnrollmentInfo,
    ImportArgs, ImportKind, ImportProblemInfo, ImportReportInfo, MoveWorkerInput, NewPersonInput,
    OneTimePasswordInfo, OpenTasksChoice, PeopleQuery, PersonEdit, PersonInfo, ScopeInfo,
};
pub use capture::{CaptureReport, NearbyQuery, PhotoInfo};
pub use desk::{DeskCase, KpiGroup, KpiRowView, WorkerInfo};
pub use participation::JoinQr;
pub use patrol::{CheckIn, Coverage, PatrolInfo, VisitInfo};
pub use placards::SavedPdf;
pub use reference::{AreaInfo, BuildingInfo, CategoryInfo, GridInfo, Located};
pub use reports::{ExportFormat, SavedFile};
pub use session::{ChangePasswordArgs, MeInfo};
pub use status::{RejectedItem, SyncProgress, SyncReport, SyncState, SyncStatus};
pub use tasks::{TaskAct, TaskAction};
pub use view::{AuditInfo, CaseDetailInfo, CaseFilterInput, CaseSummary, EvidenceInfo};

/// Told about every HTTP request the engine makes (the load generator measures with it).
pub trait RequestObserver: Send + Sync {
    /// `endpoint` is a stable name such as `push`, `pull`, `blob_head`; `ok` is false for
    /// failures (no answer, or an error status other than an expected one).
    fn observe(&self, endpoint: &'static str, elapsed: Duration, ok: bool);
}

/// How an engine behaves; the defaults suit a phone.
#[derive(Clone)]
pub struct EngineConfig {
    /// Keep the camera original beside the prepared photo (in `originals/`).
    pub keep_originals: bool,
    /// How photos are prepared.
    pub photo: photos::Options,
    /// Most mutations per push request.
    pub push_batch: usize,
    /// Most changes asked for per pull page.
    pub pull_limit: u32,
    /// Bytes per PATCH when uploading a photo (a cut connection loses at most one part).
    pub upload_chunk: usize,
    /// Timeout of one HTTP request.
    pub request_timeout: Duration,
    /// Shown to administrators in the device list.
    pub device_name: String,
    /// Shortest and longest wait between failed background sync attempts.
    pub backoff_min: Duration,
    pub backoff_max: Duration,
    /// How often the background loop syncs when nothing prompts it.
    pub poll_interval: Duration,
    pub observer: Option<Arc<dyn RequestObserver>>,
    /// Servers (host names or addresses) this device may sign in to over plain
    /// `http://`; this machine (loopback) always may, everything else needs `https://`.
    pub plain_http_hosts: Vec<String>,
    /// The platform keystore for the store's key and the refresh token (the app shell's,
    /// on desktops); without one, or when it does not answer at the first start, they are
    /// kept in files only the owner can read (`keys/` in the device folder).
    pub keystore: Option<Arc<dyn crate::vault::Vault>>,
    /// Encrypt the device store (the default). Off only to measure what encryption costs
    /// (`cargo xtask bench store`); a store opened unencrypted stays so.
    pub encrypt_store: bool,
    /// Where files the person asks for are saved (printed placards): the shell gives the
    /// user's Downloads folder; without one, `downloads/` in the device folder.
    pub downloads_dir: Option<std::path::PathBuf>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            keep_originals: false,
            photo: photos::Options::default(),
            push_batch: 100,
            pull_limit: 500,
            upload_chunk: 256 * 1024,
            request_timeout: Duration::from_secs(30),
            device_name: "Wangge device".into(),
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(300),
            poll_interval: Duration::from_secs(60),
            observer: None,
            plain_http_hosts: Vec::new(),
            keystore: None,
            encrypt_store: true,
            downloads_dir: None,
        }
    }
}

impl std::fmt::Debug for EngineConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EngineConfig")
            .field("keep_originals", &self.keep_originals)
            .field("push_batch", &self.push_batch)
            .field("pull_limit", &self.pull_limit)
            .field("device_name", &self.device_name)
            .finish_non_exhaustive()
    }
}

/// The app's engine for one device folder. Clone it freely.
#[derive(Clone, Debug)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Mutex<Store>,
    /// The store's key and the refresh token.
    vault: Arc<dyn crate::vault::Vault>,
    config: EngineConfig,
    http: reqwest::Client,
    status: watch::Sender<SyncStatus>,
    /// One sync cycle at a time.
    cycle: tokio::sync::Mutex<()>,
    /// One token refresh at a time (a refresh token is good for one use).
    refresh: tokio::sync::Mutex<()>,
    /// Wakes the background loop after a local write.
    nudge: Notify,
    grids: Mutex<Option<Arc<reference::Grids>>>,
    bytes_sent: AtomicU64,
}

impl Engine {
    /// Opens (creating if needed) the device in `dir` with default settings.
    pub fn open(dir: &Path) -> Result<Self> {
        Self::open_with(dir, EngineConfig::default())
    }

    /// Opens the device in `dir` with `config`.
    pub fn open_with(dir: &Path, config: EngineConfig) -> Result<Self> {
        let vault = crate::vault::choose(dir, config.keystore.clone())?;
        let store = if config.encrypt_store {
            Store::open_in(dir, vault.as_ref())?
        } else {
            Store::open_unencrypted(dir)?
        };
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(Duration::from_secs(10))
            .pool_max_idle_per_host(4)
            .build()
            .map_err(|e| crate::Error::Invalid(format!("HTTP client: {e}")))?;
        let (status, _) = watch::channel(SyncStatus::default());
        let engine = Self {
            inner: Arc::new(Inner {
                store: Mutex::new(store),
                vault,
                config,
                http,
                status,
                cycle: tokio::sync::Mutex::new(()),
                refresh: tokio::sync::Mutex::new(()),
                nudge: Notify::new(),
                grids: Mutex::new(None),
                bytes_sent: AtomicU64::new(0),
            }),
        };
        engine.refresh_counts()?;
        Ok(engine)
    }

    /// The device store (for support tools and tests). Hold the guard briefly.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.inner
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    /// Runs store work on tokio's blocking pool, so that a durable write (fsync) during
    /// sync never stalls the async threads the UI's calls and other requests run on.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Engine) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let engine = self.clone();
        tokio::task::spawn_blocking(move || f(&engine))
            .await
            .map_err(|e| crate::Error::Invalid(format!("store task failed: {e}")))?
    }

    /// Called after every local write: updates the queue counts and wakes the sync loop.
    fn wrote(&self) -> Result<()> {
        self.refresh_counts()?;
        self.inner.nudge.notify_one();
        Ok(())
    }
}

/// The device clock, unix milliseconds (for display and audit only).
pub(crate) fn now_ms() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(i64::MAX)
}
