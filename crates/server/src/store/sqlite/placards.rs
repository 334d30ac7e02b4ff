//! Placards on SQLite: per entrance, the version last printed and the one confirmed posted.

use domain::PersonId;
use rusqlite::{OptionalExtension, Row, params};

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{PlacardRecord, PlacardRepo, PlacardVersion};

const COLUMNS: &str = "entrance, community, printed, printed_hash, printed_at, printed_by, \
                       posted_hash, posted_at, posted_by";

type RawRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

fn raw(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

fn record(row: RawRow) -> Result<PlacardRecord> {
    let (entrance, community, printed, hash, at, by, posted, posted_at, posted_by) = row;
    let person = |s: String| -> Result<PersonId> {
        s.parse()
            .map_err(|e: domain::Error| Error::Storage(format!("placard {entrance}: {e}")))
    };
    let printed = match (printed, hash, at, by) {
        (Some(content), Some(fingerprint), Some(at), Some(by)) => Some(PlacardVersion {
            content,
            fingerprint,
            at,
            by: person(by)?,
        }),
        _ => None,
    };
    let posted = match (posted, posted_at, posted_by) {
        (Some(f), Some(at), Some(by)) => Some((f, at, person(by)?)),
        _ => None,
    };
    Ok(PlacardRecord {
        entrance,
        community,
        printed,
        posted,
    })
}

impl PlacardRepo for SqliteTx<'_> {
    fn placards_in_community(&mut self, community: &str) -> Result<Vec<PlacardRecord>> {
        let rows = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM placards WHERE community = ?1 ORDER BY entrance"
            ))?
            .query_map([community], raw)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(record).collect()
    }

    fn placard_get(&mut self, entrance: &str) -> Result<Option<PlacardRecord>> {
        let row = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM placards WHERE entrance = ?1"
            ))?
            .query_row([entrance], raw)
            .optional()?;
        row.map(record).transpose()
    }

    fn placard_printed(
        &mut self,
        entrance: &str,
        community: &str,
        v: &PlacardVersion,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO placards (entrance, community, printed, printed_hash, printed_at,
                                       printed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (entrance) DO UPDATE SET community = ?2, printed = ?3,
                     printed_hash = ?4, printed_at = ?5, printed_by = ?6",
            )?
            .execute(params![
                entrance,
                community,
                v.content,
                v.fingerprint,
                v.at,
                v.by.to_string()
            ])?;
        Ok(())
    }

    fn placard_posted(
        &mut self,
        entrance: &str,
        fingerprint: &str,
        at: i64,
        by: PersonId,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE placards SET posted_hash = ?2, posted_at = ?3, posted_by = ?4
                 WHERE entrance = ?1",
            )?
            .execute(params![entrance, fingerprint, at, by.to_string()])?;
        Ok(())
    }
}
