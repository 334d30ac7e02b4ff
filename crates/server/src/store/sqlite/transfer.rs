//! The embedded store as the source of a move (`store::transfer`): the district's SQLite
//! file opened alone, with an exclusive lock held until the move ends, and every table read
//! in one transaction.
//!
//! **Alone**: `locking_mode = EXCLUSIVE` and `BEGIN EXCLUSIVE` take a lock that any other
//! connection to the file prevents, even an idle one (a WAL reader keeps a lock on the
//! shared memory while it is open): a `wangge serve` still running on the folder makes the
//! open fail, and while the lock is held no service can start on it, read or write. So the
//! copy is of a stopped district, and a phone cannot push to the old service once its data
//! has moved.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::{MIGRATIONS, SqliteTx};
use crate::error::{Error, Result};
use crate::store::Tx;
use crate::store::transfer::{Table, Value};

/// How long opening waits for a lock another connection holds (a service that is just
/// stopping) before refusing.
const WAIT_FOR_LOCK: std::time::Duration = std::time::Duration::from_secs(5);

/// The district's database, held alone until dropped.
pub struct Locked {
    conn: Connection,
    /// The schema version (`user_version`) before it was migrated to this build's.
    pub version_before: i64,
    pub version: i64,
}

impl std::fmt::Debug for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locked")
            .field("version_before", &self.version_before)
            .field("version", &self.version)
            .finish()
    }
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

impl Locked {
    /// Opens the database at `path` alone (refused while another process or connection
    /// has it open), checks it (`quick_check`) and migrates it to this build's schema, as
    /// `wangge serve` does at start (a database written by a newer version is refused).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_waiting(path, WAIT_FOR_LOCK)
    }

    /// As [`Locked::open`], waiting at most `wait` for another connection's lock.
    fn open_waiting(path: &Path, wait: std::time::Duration) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::Config(format!(
                "no district database at {}",
                path.display()
            )));
        }
        let mut conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.busy_timeout(wait)?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The first write transaction takes the exclusive lock, and exclusive locking mode
        // keeps it until the connection closes.
        let taken = conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;");
        if let Err(e) = taken {
            let in_use = matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            );
            return Err(if in_use {
                Error::Conflict {
                    code: "in_use",
                    message: format!(
                        "{} is open in another process: stop `wangge serve` (and anything \
                         else using the folder) before moving the district",
                        path.display()
                    ),
                }
            } else {
                e.into()
            });
        }
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::Storage(format!(
                "{} fails SQLite's quick_check: {check}",
                path.display()
            )));
        }
        let version_before = user_version(&conn)?;
        MIGRATIONS.to_latest(&mut conn)?;
        let version = user_version(&conn)?;
        Ok(Self {
            conn,
            version_before,
            version,
        })
    }

    /// Runs `f` in one read transaction over the whole database.
    pub fn snapshot<R>(&mut self, f: impl FnOnce(&mut Snapshot<'_>) -> Result<R>) -> Result<R> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let mut snapshot = Snapshot {
            stx: SqliteTx { tx },
        };
        let out = f(&mut snapshot)?;
        snapshot.stx.tx.finish()?;
        Ok(out)
    }
}

/// One read transaction over the source: its tables, their rows, and the repositories.
pub struct Snapshot<'c> {
    stx: SqliteTx<'c>,
}

/// An identifier in double quotes (names come from the schema itself).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Snapshot<'_> {
    /// The repositories, as the service reads them.
    pub fn tx(&mut self) -> &mut dyn Tx {
        &mut self.stx
    }

    /// Every table of the database (not SQLite's own) with its columns in order, by name.
    pub fn tables(&mut self) -> Result<Vec<Table>> {
        let names: Vec<String> = self
            .stx
            .tx
            .prepare(
                "SELECT name FROM sqlite_schema
                 WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                 ORDER BY name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        names
            .into_iter()
            .map(|name| {
                let columns = self
                    .stx
                    .tx
                    .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                    .query_map([&name], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(Table { name, columns })
            })
            .collect()
    }

    /// Hands every row of `table` (its `columns`, in that order) to `each`; returns how
    /// many there were.
    pub fn rows(
        &mut self,
        table: &str,
        columns: &[String],
        each: &mut dyn FnMut(&[Value]) -> Result<()>,
    ) -> Result<u64> {
        let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        let sql = format!("SELECT {} FROM {}", list.join(", "), quoted(table));
        let mut stmt = self.stx.tx.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut row_values = Vec::with_capacity(columns.len());
        let mut n = 0u64;
        while let Some(row) = rows.next()? {
            row_values.clear();
            for i in 0..columns.len() {
                row_values.push(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(t) => {
                        Value::Text(String::from_utf8(t.to_vec()).map_err(|_| {
                            Error::Storage(format!("{table}: a text that is not UTF-8"))
                        })?)
                    }
                    ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
                });
            }
            each(&row_values)?;
            n += 1;
        }
        Ok(n)
    }

    /// The photos the database records as stored (complete uploads), by hash.
    pub fn blob_hashes(&mut self) -> Result<Vec<String>> {
        Ok(self
            .stx
            .tx
            .prepare("SELECT hash FROM blobs ORDER BY hash")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::store::sqlite::SqliteStore;

    #[test]
    fn a_database_in_use_is_refused_and_a_locked_one_is_held_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wangge.sqlite3");
        let missing = Locked::open_waiting(&path, Duration::ZERO).unwrap_err();
        assert!(matches!(missing, Error::Config(_)), "{missing}");

        // A service's store, open (and idle), keeps the move out.
        let store = SqliteStore::open(&path).unwrap();
        let refused = Locked::open_waiting(&path, Duration::ZERO).unwrap_err();
        assert_eq!(refused.code(), "in_use", "{refused}");
        drop(store);

        // Once it is closed the move opens it, and holds it: nobody else reads or writes.
        let mut locked = Locked::open_waiting(&path, Duration::ZERO).unwrap();
        assert_eq!(locked.version, locked.version_before);
        let other = Connection::open(&path).unwrap();
        other.busy_timeout(Duration::ZERO).unwrap();
        let read = other.query_row("SELECT count(*) FROM persons", [], |r| r.get::<_, i64>(0));
        assert!(read.is_err(), "another connection read a locked database");
        let tables = locked.snapshot(|s| s.tables()).unwrap();
        assert!(
            tables
                .iter()
                .any(|t| t.name == "changes" && t.columns.iter().any(|c| c == "seq"))
        );
        assert!(!tables.iter().any(|t| t.name.starts_with("sqlite_")));
        drop(locked);
        let count: i64 = other
            .query_row("SELECT count(*) FROM persons", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 0);
    }
}
