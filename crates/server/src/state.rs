//! The service's shared state: configuration, storage, the photo store, password hashing,
//! the clock, the stored category catalogue, the grid index and the "pull now" hint channel
//! (on PostgreSQL also this replica's link to the others: hints across them, and which one
//! runs the sweep).
//! Storage work runs on tokio's blocking pool through [`AppState::read`] and
//! [`AppState::write`].

use std::sync::{Arc, OnceLock, RwLock};

use domain::{Catalogue, Hierarchy, Timestamp};
use gridmap::GridIndex;
use tokio::sync::{broadcast, watch};

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::password::Passwords;
use crate::photo_files::PhotoStore;
use crate::store::postgres::{PgReplicas, PgStore};
use crate::store::sqlite::SqliteStore;
use crate::store::{Store, StoreExt, Tx};

#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    store: Arc<dyn Store>,
    blobs: PhotoStore,
    passwords: Passwords,
    clock: Arc<dyn Clock>,
    /// The stored category catalogue (retired categories too).
    catalogue: RwLock<Arc<Catalogue>>,
    /// The stored organisations (retired ones too), in code order.
    organisations: RwLock<Arc<Vec<domain::Organisation>>>,
    grids: RwLock<Arc<GridIndex>>,
    /// Names of the district, streets, communities and grids (KPI rows); empty until the
    /// service is told them ([`AppState::set_hierarchy`]).
    hierarchy: RwLock<Arc<Hierarchy>>,
    event_slots: crate::events::Slots,
    hints: broadcast::Sender<u64>,
    /// On PostgreSQL: hints and reference-data changes to and from the other replicas, and
    /// the sweep's lock (set once the state is loaded).
    replicas: OnceLock<PgReplicas>,
    stopping: watch::Sender<bool>,
    sign_in_failures: crate::sign_in_throttle::FailedSignIns,
    /// Public 双报到 submissions, per address and community.
    join_throttle: crate::participation::JoinThrottle,
    /// The placards' fonts, read at the first print (tens of megabytes: not at start).
    placard_fonts: std::sync::Mutex<Option<Arc<placards::Fonts>>>,
}

impl AppState {
    /// Opens the storage with the system clock: PostgreSQL when `config.database_url` is
    /// set, else the embedded SQLite under `config.data_dir`; photos in the object store of
    /// `config.blob_url` when it is set, else under `config.data_dir` too.
    pub fn open(config: Config) -> Result<Self> {
        Self::open_with_clock(config, Arc::new(SystemClock))
    }

    /// As [`AppState::open`], with another clock (tests move time forward).
    pub fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Self> {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            Error::Config(format!("cannot create {}: {e}", config.data_dir.display()))
        })?;
        let (store, shared): (Arc<dyn Store>, _) = match &config.database_url {
            Some(url) => {
                let pg = Arc::new(PgStore::open(url.expose())?);
                (pg.clone(), Some(pg))
            }
            None => (
                Arc::new(SqliteStore::open(&config.data_dir.join("wangge.sqlite3"))?),
                None,
            ),
        };
        let blobs = PhotoStore::open(&config, clock.clone())?;
        Self::build(config, store, shared, blobs, clock)
    }

    /// State over any store implementation, the only process using it (hints stay local,
    /// the sweep always runs).
    pub fn new(
        config: Config,
        store: Arc<dyn Store>,
        blobs: PhotoStore,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        Self::build(config, store, None, blobs, clock)
    }

    /// State over `store`; when it is `shared` PostgreSQL, this replica coordinates with
    /// the others on it (hints across replicas, one sweep at a time).
    fn build(
        config: Config,
        store: Arc<dyn Store>,
        shared: Option<Arc<PgStore>>,
        blobs: PhotoStore,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let passwords = Passwords::new(config.password_cost)?;
        let (hints, _) = broadcast::channel(16);
        let (stopping, _) = watch::channel(false);
        let state = Self {
            inner: Arc::new(Inner {
                config,
                store,
                blobs,
                passwords,
                clock,
                catalogue: RwLock::new(Arc::new(Catalogue::new())),
                organisations: RwLock::default(),
                grids: RwLock::new(Arc::new(GridIndex::new(gridmap::GridSet::default()))),
                hierarchy: RwLock::new(Arc::new(Hierarchy::new())),
                event_slots: crate::events::Slots::default(),
                hints,
                replicas: OnceLock::new(),
                stopping,
                sign_in_failures: Default::default(),
                join_throttle: Default::default(),
                placard_fonts: Default::default(),
            }),
        };
        // The store blocks (PostgreSQL's client refuses to on a thread driving async tasks,
        // where `serve` opens the state): off such a thread when called from one.
        let load = || {
            state.first_catalogue()?;
            state.reload_catalogue()?;
            state.reload_organisations()?;
            state.reload_grids()?;
            state.reload_hierarchy()
        };
        match tokio::runtime::Handle::try_current() {
            Ok(_) => std::thread::scope(|s| s.spawn(load).join())
                .map_err(|_| Error::Internal("loading the stored state panicked".into()))??,
            Err(_) => load()?,
        }
        if let Some(pg) = shared {
            state.join_replicas(&pg)?;
        }
        Ok(state)
    }

    /// Starts this replica's part among the others on `pg`: their hints wake this one's
    /// streams, and their reference-data changes are read again here (on the listener's
    /// thread; a failed read is logged, and the next change or reconnect reads again).
    fn join_replicas(&self, pg: &PgStore) -> Result<()> {
        let (hints, clock) = (self.inner.hints.clone(), self.inner.clock.clone());
        let on_hint = move || {
            // No receivers is fine: nobody is listening.
            let _ = hints.send(clock.now_ms().unsigned_abs());
        };
        let weak = Arc::downgrade(&self.inner);
        let on_reference = move || {
            if let Some(inner) = weak.upgrade()
                && let Err(e) = (AppState { inner }).reload_reference()
            {
                tracing::error!(error = %e, "cannot read the changed reference data");
            }
        };
        let replicas = pg.replicas(on_hint, on_reference)?;
        // Only `build` calls this, once.
        let _ = self.inner.replicas.set(replicas);
        Ok(())
    }

    /// Reads the catalogue, the organisations, the grid index and the named areas from
    /// storage again (another replica changed them). Blocking.
    fn reload_reference(&self) -> Result<()> {
        self.reload_catalogue()?;
        self.reload_organisations()?;
        self.reload_grids()?;
        self.reload_hierarchy()
    }

    /// Tells the other replicas that the stored reference data changed, so they read it
    /// again as this one did (after the commit, beside this replica's own `reload_*`).
    pub fn reference_changed(&self) {
        if let Some(replicas) = self.inner.replicas.get() {
            replicas.notify_reference();
        }
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }
    pub fn blobs(&self) -> &PhotoStore {
        &self.inner.blobs
    }
    pub fn passwords(&self) -> &Passwords {
        &self.inner.passwords
    }
    pub fn sign_in_failures(&self) -> &crate::sign_in_throttle::FailedSignIns {
        &self.inner.sign_in_failures
    }
    pub fn join_throttle(&self) -> &crate::participation::JoinThrottle {
        &self.inner.join_throttle
    }
    /// The category catalogue as of now.
    /// The fonts placards are printed in, read once (`placard_font`, else Debian's Noto
    /// Sans CJK); an error that says what to install while there are none.
    pub fn placard_fonts(&self) -> Result<Arc<placards::Fonts>> {
        let mut slot = self
            .inner
            .placard_fonts
            .lock()
            .map_err(|_| Error::Internal("placard fonts lock poisoned".into()))?;
        if let Some(fonts) = slot.as_ref() {
            return Ok(fonts.clone());
        }
        let fonts = placards::Fonts::find(self.inner.config.placard_font.as_deref())
            .map(Arc::new)
            .map_err(|e| Error::Unavailable {
                code: "placard_font_missing",
                message: e.to_string(),
            })?;
        *slot = Some(fonts.clone());
        Ok(fonts)
    }

    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.inner
            .catalogue
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Rebuilds the catalogue from the stored categories; a caller that changed them
    /// also calls [`AppState::reference_changed`] for the other replicas.
    pub fn reload_catalogue(&self) -> Result<()> {
        let stored = self.inner.store.read(|tx| tx.categories_all())?;
        let catalogue = Catalogue::try_from(stored)
            .map_err(|e| Error::Storage(format!("stored categories: {e}")))?;
        *self
            .inner
            .catalogue
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(catalogue);
        Ok(())
    }

    /// The stored organisations as of now (retired ones too), in code order.
    pub fn organisations(&self) -> Arc<Vec<domain::Organisation>> {
        self.inner
            .organisations
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Reads the stored organisations again (after an import); a caller that changed them
    /// also calls [`AppState::reference_changed`] for the other replicas.
    pub fn reload_organisations(&self) -> Result<()> {
        let stored = self.inner.store.read(|tx| tx.organisations_all())?;
        *self
            .inner
            .organisations
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(stored);
        Ok(())
    }

    /// A store with no categories (a first start) gets the standard catalogue, stored and
    /// published like an import; administrators change it from there.
    fn first_catalogue(&self) -> Result<()> {
        let now = self.now_ms();
        self.inner.store.write(|tx| {
            // Areas stored before they were published (an older version's data).
            crate::reference::feed::publish_areas(tx, now)?;
            if !tx.categories_all()?.is_empty() {
                return Ok(());
            }
            let standard: Vec<domain::Category> = domain::category::default_catalogue()
                .iter()
                .cloned()
                .collect();
            crate::reference::feed::put_categories(tx, &standard, now)
        })
    }
    /// Event streams open per device.
    pub fn event_slots(&self) -> &crate::events::Slots {
        &self.inner.event_slots
    }
    /// The named areas of the district this service runs.
    pub fn hierarchy(&self) -> Arc<Hierarchy> {
        self.inner
            .hierarchy
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
    /// Sets the named areas (at start, from the district's files or the demo).
    pub fn set_hierarchy(&self, hierarchy: Hierarchy) {
        *self
            .inner
            .hierarchy
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(hierarchy);
    }
    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }
    pub fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.now_ms())
    }

    /// The grid index as of now.
    pub fn grids(&self) -> Arc<GridIndex> {
        match self.inner.grids.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Rebuilds the grid index from the stored grids; a caller that changed them
    /// also calls [`AppState::reference_changed`] for the other replicas.
    pub fn reload_grids(&self) -> Result<()> {
        let views = self.inner.store.read(|tx| tx.grids_all())?;
        let index = crate::reference::feed::grid_index(&views)?;
        match self.inner.grids.write() {
            Ok(mut g) => *g = Arc::new(index),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(index),
        }
        Ok(())
    }

    /// Rebuilds the named areas from storage: the imported districts, streets and
    /// communities, and the stored grids' names (and then, as the others,
    /// [`AppState::reference_changed`]).
    pub fn reload_hierarchy(&self) -> Result<()> {
        let (areas, grids) = self
            .inner
            .store
            .read(|tx| Ok((tx.areas_all()?, tx.grids_all()?)))?;
        let hierarchy = crate::reference::areas::hierarchy_of(&areas, &grids)?;
        self.set_hierarchy(hierarchy);
        Ok(())
    }

    /// Subscribes to "pull now" hints (the value is the change seq, for logs only).
    pub fn hints(&self) -> broadcast::Receiver<u64> {
        self.inner.hints.subscribe()
    }

    /// Tells connected devices to pull: this replica's streams at once, and on PostgreSQL
    /// the other replicas' through a `NOTIFY` sent right after (callers hint once their
    /// write has committed).
    pub fn hint(&self) {
        // No receivers is fine: nobody is listening.
        let _ = self.inner.hints.send(self.now_ms().unsigned_abs());
        if let Some(replicas) = self.inner.replicas.get() {
            replicas.notify();
        }
    }

    /// Whether this replica runs the periodic sweep now: always with a store of its own; on
    /// PostgreSQL only while it holds the sweep lock (exactly one replica does).
    pub async fn leads(&self) -> Result<bool> {
        if self.inner.replicas.get().is_none() {
            return Ok(true);
        }
        let state = self.clone();
        tokio::task::spawn_blocking(move || match state.inner.replicas.get() {
            Some(replicas) => replicas.lead(),
            None => Ok(true),
        })
        .await
        .map_err(|e| Error::Internal(format!("sweep lock task: {e}")))?
    }

    /// Marks the service as stopping: event streams end so shutdown can finish.
    pub fn stop(&self) {
        self.inner.stopping.send_replace(true);
    }

    /// Resolves once the service is stopping.
    pub fn stopped(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut rx = self.inner.stopping.subscribe();
        async move {
            // An error means the sender is gone: stopping too.
            let _ = rx.wait_for(|s| *s).await;
        }
    }

    /// Runs `f` in a read transaction on the blocking pool.
    pub async fn read<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut dyn Tx) -> Result<R> + Send + 'static,
    {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || store.read(f))
            .await
            .map_err(|e| Error::Internal(format!("storage task: {e}")))?
    }

    /// Runs `f` in a write transaction on the blocking pool.
    pub async fn write<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut dyn Tx) -> Result<R> + Send + 'static,
    {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || store.write(f))
            .await
            .map_err(|e| Error::Internal(format!("storage task: {e}")))?
    }
}
