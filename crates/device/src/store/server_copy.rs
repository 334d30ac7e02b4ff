//! The local copy of server state (`srv_entity`): pull pages applied with their cursor in
//! one transaction, rebuilt from scratch after a `410`, and read back by entity kind.
//!
//! Local pending changes never live here: they stay in the outbox and the engine lays them
//! over this copy when it builds what the UI shows. So applying a pull page can never
//! overwrite a change that has not reached the server yet.

use rusqlite::{OptionalExtension, params};
use serde::de::DeserializeOwned;

use super::{Store, meta};
use crate::{Error, Result};

/// The meta key of the pull cursor.
pub(super) const CURSOR: &str = "pull.cursor";

/// One change of a pull page, as the store applies it.
#[derive(Debug, Clone)]
pub struct Applied<'a> {
    pub seq: i64,
    pub entity: &'a str,
    pub id: &'a str,
    /// `Some` for a put (the entity's whole state), `None` for a remove.
    pub data: Option<&'a serde_json::Value>,
}

impl Store {
    /// The cursor of the last pull page applied (0 before the first).
    pub fn pull_cursor(&self) -> Result<u64> {
        Ok(self.meta(CURSOR)?.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Applies one pull page and its cursor in one durable transaction.
    pub fn apply_page(&mut self, changes: &[Applied<'_>], cursor: u64) -> Result<()> {
        self.write(|tx| {
            let mut put = tx.prepare_cached(
                "INSERT INTO srv_entity (entity, id, seq, data) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (entity, id) DO UPDATE SET seq = excluded.seq, data = excluded.data
                 WHERE excluded.seq >= srv_entity.seq",
            )?;
            let mut remove = tx.prepare_cached(
                "DELETE FROM srv_entity WHERE entity = ?1 AND id = ?2 AND seq <= ?3",
            )?;
            for change in changes {
                match change.data {
                    Some(data) => {
                        let text = serde_json::to_string(data).map_err(|source| Error::Json {
                            what: "pulled entity",
                            source,
                        })?;
                        put.execute(params![change.entity, change.id, change.seq, text])?;
                    }
                    None => {
                        remove.execute(params![change.entity, change.id, change.seq])?;
                    }
                }
            }
            meta::set(tx, CURSOR, &cursor.to_string())
        })
    }

    /// Forgets the server copy and the cursor (after a `410 Gone`), keeping the outbox,
    /// captured reports, patrols and blobs.
    pub fn reset_server_copy(&mut self) -> Result<()> {
        self.write(forget)
    }

    /// Every entity of a kind, decoded.
    pub fn server_entities<T: DeserializeOwned>(&self, entity: &str) -> Result<Vec<T>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT data FROM srv_entity WHERE entity = ?1 ORDER BY id")?;
        let rows = stmt
            .query_map([entity], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|text| decode(text)).collect()
    }

    /// One entity, decoded.
    pub fn server_entity<T: DeserializeOwned>(&self, entity: &str, id: &str) -> Result<Option<T>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT data FROM srv_entity WHERE entity = ?1 AND id = ?2",
                params![entity, id],
                |r| r.get(0),
            )
            .optional()?;
        text.as_deref().map(decode).transpose()
    }

    /// How many entities of each kind the copy holds (for `status`).
    pub fn server_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT entity, count(*) FROM srv_entity GROUP BY entity ORDER BY entity")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| Error::Json {
        what: "server entity",
        source,
    })
}

/// Forgets the server copy and the cursor inside the caller's transaction.
pub(crate) fn forget(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM srv_entity", [])?;
    meta::set(tx, CURSOR, "0")
}
