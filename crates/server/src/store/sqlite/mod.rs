//! The embedded store: SQLite through rusqlite. One writer connection (`BEGIN
//! IMMEDIATE`, so a read-then-write transaction never meets `SQLITE_BUSY` halfway),
//! a few reader connections (WAL lets them read while the writer writes), migrations
//! applied at open, `synchronous=FULL` because a push's answer lets the device delete
//! its outbox entry.

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
mod mutations;
mod organisations;
mod participation;
mod patrols;
mod persons;
mod placards;
mod sign_in_failures;
pub mod transfer;

use std::path::Path;
use std::sync::{LazyLock, Mutex};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use super::{Store, Tx};
use crate::error::{Error, Result};

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../../../migrations/0001_init.sql")),
        M::up(include_str!("../../../migrations/0002_buildings.sql")),
        M::up(include_str!(
            "../../../migrations/0003_mutation_fingerprint.sql"
        )),
        M::up(include_str!("../../../migrations/0004_photo_claims.sql")),
        M::up(include_str!("../../../migrations/0005_refresh_grace.sql")),
        M::up(include_str!(
            "../../../migrations/0006_delivered_cursor.sql"
        )),
        M::up(include_str!("../../../migrations/0007_kpi_columns.sql")),
        M::up(include_str!("../../../migrations/0008_areas.sql")),
        M::up(include_str!("../../../migrations/0009_categories.sql")),
        M::up(include_str!("../../../migrations/0010_admin_audit.sql")),
        M::up(include_str!("../../../migrations/0011_enrollments.sql")),
        M::up(include_str!("../../../migrations/0012_people_admin.sql")),
        M::up(include_str!("../../../migrations/0013_password_reset.sql")),
        M::up(include_str!(
            "../../../migrations/0014_buildings_retired.sql"
        )),
        M::up(include_str!("../../../migrations/0015_areas_published.sql")),
        M::up(include_str!("../../../migrations/0016_grids_retired.sql")),
        M::up(include_str!("../../../migrations/0017_organisations.sql")),
        M::up(include_str!("../../../migrations/0018_placards.sql")),
        M::up(include_str!("../../../migrations/0019_case_parts.sql")),
        M::up(include_str!("../../../migrations/0020_grid_visits.sql")),
        M::up(include_str!("../../../migrations/0021_kpi_index.sql")),
        M::up(include_str!("../../../migrations/0022_join.sql")),
        M::up(include_str!(
            "../../../migrations/0023_sign_in_failures.sql"
        )),
    ])
});

/// A transaction on the SQLite store; the repository traits are implemented on it, one
/// module per aggregate.
pub struct SqliteTx<'c> {
    tx: rusqlite::Transaction<'c>,
}

#[derive(Debug)]
pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    path: std::path::PathBuf,
}

const READERS: usize = 4;

impl SqliteStore {
    /// Opens (creating and migrating when needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        MIGRATIONS.to_latest(&mut writer)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            readers.push(open_reader(path)?);
        }
        Ok(Self {
            writer: Mutex::new(writer),
            readers: Mutex::new(readers),
            path: path.to_path_buf(),
        })
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(())
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

fn poisoned() -> Error {
    Error::Internal("a database connection lock was poisoned".into())
}

impl Store for SqliteStore {
    fn read_dyn(&self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let conn = self.readers.lock().map_err(|_| poisoned())?.pop();
        let mut conn = match conn {
            Some(c) => c,
            None => open_reader(&self.path)?,
        };
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let mut stx = SqliteTx { tx };
            f(&mut stx)?;
            stx.tx.finish()?;
            Ok(())
        })();
        if let Ok(mut readers) = self.readers.lock()
            && readers.len() < READERS
        {
            readers.push(conn);
        }
        result
    }

    fn write_dyn(&self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let mut conn = self.writer.lock().map_err(|_| poisoned())?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stx = SqliteTx { tx };
        f(&mut stx)?;
        stx.tx.commit()?;
        Ok(())
    }
}

/// Reads a JSON document column into a typed value.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Storage(format!("corrupt document: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

// SQLite's errors become storage errors here, so nothing outside this engine names them.
impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::error::Error::Storage(e.to_string())
    }
}

impl From<rusqlite_migration::Error> for crate::error::Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        crate::error::Error::Storage(format!("migration: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conforms_to_the_store_contract() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("db.sqlite3")).unwrap();
        crate::store::conformance::check(&store);
    }

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn opens_twice_and_keeps_data() {
        use crate::store::{Audience, StoreExt};
        use protocol::{ChangeKind, EntityKind};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        {
            let store = SqliteStore::open(&path).unwrap();
            store
                .write(|tx| {
                    tx.change_put(
                        EntityKind::Category,
                        "x",
                        &Audience::Everyone,
                        ChangeKind::Put,
                        Some("{}"),
                        1,
                    )
                })
                .unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        let vis = crate::store::Visibility {
            areas: vec![],
            person: domain::PersonId::random(),
        };
        let (rows, head) = store.read(|tx| tx.changes_since(0, &vis, 10)).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(head, 1);
    }
}
