//! Small named facts about this device (session, pull cursor, counters) in the `meta` table.

use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use crate::Result;

impl Store {
    /// The value stored under `key`, if any.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        get(&self.conn, key)
    }

    /// Stores `value` under `key`, durably.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| set(tx, key, value))
    }

    /// Stores several values in one durable transaction: all of them or none.
    pub fn set_metas(&mut self, pairs: &[(&str, &str)]) -> Result<()> {
        self.write(|tx| {
            for (key, value) in pairs {
                set(tx, key, value)?;
            }
            Ok(())
        })
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
