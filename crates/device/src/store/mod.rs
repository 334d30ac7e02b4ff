//! The device store: one SQLite file per device, encrypted with SQLCipher (its key in the
//! device's vault), opened with fixed pragmas and migrated to the latest numbered schema,
//! plus a folder of content-addressed blobs beside it; the folder is its owner's only.
//!
//! Writes go through [`Store::write`], which runs `BEGIN IMMEDIATE` (so a read-then-write
//! transaction never meets `SQLITE_BUSY` half-way) and commits with `synchronous=FULL`: when
//! a write call returns, the change survives a killed process or a lost battery.

mod blob;
mod cipher;
mod meta;
mod migrations;
mod outbox;
mod owner;
mod patrol;
mod photo;
mod report;
mod server_copy;
mod wipe;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use blob::BlobKind;
pub use outbox::{Mid, OutboxEntry, OutboxState, enqueue, refer_photos};
pub use owner::Owner;
pub use patrol::{StoredPatrol, StoredVisit};
pub use photo::StoredPhoto;
pub use report::{NewReport, REPORT_CREATE};
/// The embedded engine's errors, named here so nothing outside the store names the engine.
pub use rusqlite::Error as SqliteError;
pub use rusqlite_migration::Error as MigrationError;
pub use server_copy::Applied;

use crate::{Error, Result};

/// The name of the SQLite file inside a device folder.
pub const DB_FILE: &str = "wangge.db";

/// A device's local store: the database and its blob folder.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `dir` with its key in the folder's own vault
    /// ([`crate::vault::choose`] without a keystore: a file vault in `dir/keys`).
    pub fn open(dir: &Path) -> Result<Self> {
        let vault = crate::vault::choose(dir, None)?;
        Self::open_in(dir, vault.as_ref())
    }

    /// Opens (creating if needed) the store in `dir`, its key in `vault` (made there for a
    /// new store; an unencrypted store from an older version is encrypted first), applies
    /// pending migrations and refuses a store written by a newer version of the app.
    pub fn open_in(dir: &Path, vault: &dyn crate::vault::Vault) -> Result<Self> {
        prepare_dir(dir)?;
        let db = dir.join(DB_FILE);
        let key = cipher::key(vault, &db)?;
        if cipher::is_plain(&db)? {
            cipher::encrypt_in_place(&db, &key)?;
        }
        let conn = Connection::open(&db)?;
        cipher::unlock(&conn, &key)?;
        Self::finish_open(dir, conn)
    }

    /// Opens the store in `dir` without encryption: only to measure what encryption costs.
    pub fn open_unencrypted(dir: &Path) -> Result<Self> {
        prepare_dir(dir)?;
        let conn = Connection::open(dir.join(DB_FILE))?;
        Self::finish_open(dir, conn)
    }

    fn finish_open(dir: &Path, mut conn: Connection) -> Result<Self> {
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Self {
            conn,
            dir: dir.to_path_buf(),
        })
    }

    /// The folder this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `f` in one immediate write transaction, committed durably before returning.
    /// When `f` fails, nothing it did is kept.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs SQLite's full integrity check; an error lists what is wrong.
    pub fn integrity_check(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(())
        } else {
            Err(Error::Corrupt(rows.join("; ")))
        }
    }
}

/// Creates the store's folder and its blob folder, the owner's only.
fn prepare_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join(blob::BLOB_DIR)).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    crate::vault::owner_only(dir, true)
}

/// Pragmas set on every connection when it opens.
fn configure(conn: &Connection) -> Result<()> {
    // WAL lets the UI read while sync writes; FULL makes every commit durable on its own
    // (with NORMAL, WAL may lose the last commits on power loss, which the outbox forbids).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}
