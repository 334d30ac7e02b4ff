//! The PostgreSQL store: the synchronous `postgres` client over an `r2d2` pool, for a
//! city or a province where several replicas share one database. The traits' closures run
//! on tokio's blocking pool, so a blocking client fits them as it is.
//!
//! Transactions: a read is `REPEATABLE READ READ ONLY` (one snapshot, as SQLite's reader
//! sees). A write is `READ COMMITTED` and first takes one transaction-scoped advisory lock
//! (`WRITER_LOCK`), so writers run one at a time across every replica, exactly as SQLite's
//! one writer connection with `BEGIN IMMEDIATE`: the case rules read, decide and write
//! with nobody writing in between, and no serialization failure ever needs a retry (the
//! closures are `FnOnce`). Each statement of a `READ COMMITTED` transaction sees every
//! commit before it, so a writer that waited for the lock sees its predecessor's work.
//! Change-log numbers come from the counter row (`UPDATE counters … RETURNING`), whose row
//! lock is held to commit as well: a number is visible only once every lower one is.
//!
//! Migrations: `migrate.rs`. Each pooled connection keeps its prepared statements.

mod admin_audit;
mod areas;
mod blobs;
mod buildings;
mod cases;
mod categories;
mod changes;
mod devices;
mod enrollments;
mod grids;
mod kpis;
mod migrate;
mod mutations;
mod organisations;
mod participation;
mod patrols;
mod persons;
mod placards;
#[cfg(test)]
mod replica_tests;
mod replicas;
mod sign_in_failures;
#[cfg(test)]
mod test_server;
#[cfg(test)]
mod tests;
pub mod transfer;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError, TryLockError};
use std::time::Duration;

use postgres::types::{FromSql, ToSql};
use postgres::{Client, IsolationLevel, NoTls, Row, Statement};

use super::{Store, Tx};
use crate::error::{Error, Result};

pub use replicas::PgReplicas;

/// Key of the advisory lock every write transaction holds to commit ("wangwrit").
const WRITER_LOCK: i64 = 0x7761_6e67_7772_6974;
/// Connections per store (per replica); PostgreSQL's default allows 100 in all.
const POOL_SIZE: u32 = 16;
/// Prepared statements kept per connection (past this the cache starts over).
const MAX_STATEMENTS: usize = 256;

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A pooled connection and the statements prepared on it.
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

struct Manager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.config.connect(NoTls)?,
            statements: HashMap::new(),
        })
    }
    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }
    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}

/// A transaction on the PostgreSQL store; the repository traits are implemented on it,
/// one module per aggregate, as on SQLite.
pub struct PgTx<'c> {
    tx: postgres::Transaction<'c>,
    statements: &'c mut HashMap<String, Statement>,
}

pub struct PgStore {
    /// Always `Some` until dropped: [`Drop`] takes it to close the connections off any
    /// async thread.
    pool: Option<r2d2::Pool<Manager>>,
    /// Where the database is (for the connections outside the pool).
    config: postgres::Config,
    /// The readiness check's own connection, outside the pool: a pool every connection of
    /// which is busy is load, not a database that does not answer (`None` until the first
    /// check, and after one failed).
    health: Mutex<Option<Client>>,
}

impl std::fmt::Debug for PgStore {
    // The URL may hold a password: only the pool's state is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.pool.as_ref().map(|p| p.state());
        f.debug_struct("PgStore")
            .field("connections", &state.as_ref().map(|s| s.connections))
            .field("idle", &state.as_ref().map(|s| s.idle_connections))
            .finish()
    }
}

/// Runs `f` on a thread of its own. The `postgres` client blocks on a small runtime of
/// its own, which tokio refuses on a thread that drives async tasks (where the store is
/// opened and dropped, e.g. in `serve`); the repository calls run on the blocking pool.
fn off_async<R: Send>(f: impl FnOnce() -> R + Send) -> Result<R> {
    std::thread::scope(|s| s.spawn(f).join())
        .map_err(|_| Error::Internal("a PostgreSQL task panicked".into()))
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`), migrating the
    /// database to this version's schema.
    pub fn open(url: &str) -> Result<Self> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e| Error::Config(format!("database_url: {e}")))?;
        let kept = config.clone();
        off_async(move || {
            let manager = Manager { config };
            let mut first = r2d2::ManageConnection::connect(&manager)
                .map_err(|e| Error::Storage(format!("cannot connect to PostgreSQL: {e}")))?;
            migrate::to_latest(&mut first.client)?;
            drop(first);
            let pool = r2d2::Pool::builder()
                .max_size(POOL_SIZE)
                .min_idle(Some(2))
                .connection_timeout(Duration::from_secs(30))
                .build(manager)?;
            Ok(Self {
                pool: Some(pool),
                config: kept,
                health: Mutex::new(None),
            })
        })?
    }

    /// Starts this replica's part in coordinating with the others on this database: the
    /// listener (calling `on_hint` for another replica's hint, `on_reference` when another
    /// changed the stored reference data) and the sweep's lock.
    pub fn replicas(
        &self,
        on_hint: impl Fn() + Send + 'static,
        on_reference: impl Fn() + Send + 'static,
    ) -> Result<PgReplicas> {
        let pool = self
            .pool
            .clone()
            .ok_or_else(|| Error::Internal("the PostgreSQL pool is closed".into()))?;
        Ok(PgReplicas::start(&self.config, pool, on_hint, on_reference))
    }

    fn connection(&self) -> Result<r2d2::PooledConnection<Manager>> {
        let pool = self
            .pool
            .as_ref()
            .ok_or_else(|| Error::Internal("the PostgreSQL pool is closed".into()))?;
        Ok(pool.get()?)
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        let pool = self.pool.take();
        let health = self
            .health
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // Nothing to report from a drop: a failed close is a connection already gone.
        let _ = off_async(move || drop((pool, health)));
    }
}

/// How long the readiness check waits to connect or for an answer.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);

impl Store for PgStore {
    fn read_dyn(&self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let mut conn = self.connection()?;
        let Conn { client, statements } = &mut *conn;
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let mut ptx = PgTx { tx, statements };
        f(&mut ptx)?;
        ptx.tx.commit()?;
        Ok(())
    }

    fn write_dyn(&self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let mut conn = self.connection()?;
        let Conn { client, statements } = &mut *conn;
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()?;
        let mut ptx = PgTx { tx, statements };
        ptx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        f(&mut ptx)?;
        ptx.tx.commit()?;
        Ok(())
    }

    /// `SELECT 1` on the check's own connection, made on demand within
    /// [`HEALTH_TIMEOUT`] (and answering within it, `statement_timeout`); a connection that
    /// failed is dropped and the next check makes a new one. A check still waiting for its
    /// answer makes the next one fail at once rather than queue behind it.
    fn ping(&self) -> Result<()> {
        let mut slot = match self.health.try_lock() {
            Ok(slot) => slot,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Storage(
                    "the previous readiness check is still waiting for PostgreSQL".into(),
                ));
            }
        };
        if slot.as_ref().is_none_or(Client::is_closed) {
            let mut config = replicas::dedicated(&self.config, "wangge health");
            config.connect_timeout(HEALTH_TIMEOUT);
            let mut client = config.connect(NoTls)?;
            client.batch_execute(&format!(
                "SET statement_timeout = {}",
                HEALTH_TIMEOUT.as_millis()
            ))?;
            *slot = Some(client);
        }
        let answered = match slot.as_mut() {
            Some(client) => client.simple_query("SELECT 1").map(|_| ()),
            None => return Err(Error::Internal("no readiness connection".into())),
        };
        if answered.is_err() {
            *slot = None;
        }
        Ok(answered?)
    }
}

impl PgTx<'_> {
    /// The statement for `sql`, prepared once per connection.
    fn prepared(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        if self.statements.len() >= MAX_STATEMENTS {
            self.statements.clear();
        }
        let s = self.tx.prepare(sql)?;
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
    fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>> {
        let s = self.prepared(sql)?;
        Ok(self.tx.query(&s, params)?)
    }
    fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>> {
        let s = self.prepared(sql)?;
        Ok(self.tx.query_opt(&s, params)?)
    }
    fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row> {
        let s = self.prepared(sql)?;
        Ok(self.tx.query_one(&s, params)?)
    }
    fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64> {
        let s = self.prepared(sql)?;
        Ok(self.tx.execute(&s, params)?)
    }
    /// The first column of every row.
    fn column<T: for<'a> FromSql<'a>>(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<T>> {
        self.query(sql, params)?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }
    /// The first column of the row, if there is one.
    fn value<T: for<'a> FromSql<'a>>(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<T>> {
        self.query_opt(sql, params)?
            .map(|r| Ok(r.try_get(0)?))
            .transpose()
    }
}

/// Reads a JSON document column into a typed value.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Storage(format!("corrupt document: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

/// A stored count or number as the trait's unsigned type.
fn unsigned(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// An unsigned number as PostgreSQL's BIGINT (saturating: no real value comes near).
fn signed(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

// PostgreSQL's errors become storage errors here, so nothing outside this engine names them.
impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        match e.as_db_error() {
            Some(db) => {
                Error::Storage(format!("postgres: {} ({})", db.message(), db.code().code()))
            }
            None => match std::error::Error::source(&e) {
                Some(cause) => Error::Storage(format!("postgres: {e}: {cause}")),
                None => Error::Storage(format!("postgres: {e}")),
            },
        }
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::Storage(format!("no PostgreSQL connection: {e}"))
    }
}
