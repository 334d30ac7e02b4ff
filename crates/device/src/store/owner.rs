//! Whose phone this store is: the person whose queued work and synced data it holds. The
//! owner outlives sign-out, so the next person to sign in can be told apart: their queued
//! work is never sent under someone else's name, and they never see someone else's data.

use serde::{Deserialize, Serialize};

use super::{Store, meta};
use crate::Result;

const OWNER: &str = "owner";

/// The person the store belongs to now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub person_id: String,
    pub username: String,
}

impl Store {
    /// The person whose work and data this store holds, if anyone has signed in.
    pub fn owner(&self) -> Result<Option<Owner>> {
        meta::get(&self.conn, OWNER)?
            .map(|text| {
                serde_json::from_str(&text).map_err(|source| crate::Error::Json {
                    what: "the store's owner",
                    source,
                })
            })
            .transpose()
    }

    /// Records `owner` as the store's person.
    pub fn set_owner(&mut self, owner: &Owner) -> Result<()> {
        let text = serde_json::to_string(owner).map_err(|source| crate::Error::Json {
            what: "the store's owner",
            source,
        })?;
        self.write(|tx| meta::set(tx, OWNER, &text))
    }

    /// Hands the store to another person: forgets the previous person's server copy and
    /// pull cursor, their captured reports, patrols, finished outbox entries and photos
    /// (all of it already on the server, which sends it back when they sign in again).
    /// Refused while anything is still waiting to be sent.
    pub fn hand_over(&mut self, to: &Owner) -> Result<()> {
        if self.outbox_pending_count()? > 0 {
            return Err(crate::Error::Invalid(
                "this device still has work waiting to be sent".into(),
            ));
        }
        let text = serde_json::to_string(to).map_err(|source| crate::Error::Json {
            what: "the store's owner",
            source,
        })?;
        let blobs: Vec<String> = {
            let mut stmt = self.conn.prepare("SELECT sha256 FROM blob")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        self.write(|tx| {
            for table in [
                "srv_entity",
                "outbox_photo",
                "outbox",
                "report_photo",
                "report",
                "visit",
                "patrol",
                "photo",
                "blob",
            ] {
                tx.execute(&format!("DELETE FROM {table}"), [])?;
            }
            meta::set(tx, super::server_copy::CURSOR, "0")?;
            meta::set(tx, OWNER, &text)
        })?;
        // The rows are gone first, so no row ever names a missing file.
        for sha in blobs {
            let _ = std::fs::remove_file(self.blob_path(&sha));
        }
        Ok(())
    }
}
