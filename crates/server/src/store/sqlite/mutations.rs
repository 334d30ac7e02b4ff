//! Stored outcomes of pushed mutations on SQLite.

use protocol::{DeviceId, Outcome};
use rusqlite::{OptionalExtension, params};

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{MutationRepo, StoredOutcome};

impl MutationRepo for SqliteTx<'_> {
    fn mutation_record(
        &mut self,
        device: DeviceId,
        mid: u64,
        name: &str,
        outcome: &StoredOutcome,
        now: i64,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO mutations (device_id, mid, name, outcome, reason, applied_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                device.to_string(),
                i64::try_from(mid).map_err(|_| Error::bad_request("bad_mid", "mid too large"))?,
                name,
                outcome.outcome.as_str(),
                outcome.reason,
                now
            ])?;
        Ok(())
    }

    fn mutation_get(&mut self, device: DeviceId, mid: u64) -> Result<Option<StoredOutcome>> {
        let Ok(mid) = i64::try_from(mid) else {
            return Ok(None);
        };
        let row: Option<(String, Option<String>)> = self
            .tx
            .query_row(
                "SELECT outcome, reason FROM mutations WHERE device_id = ?1 AND mid = ?2",
                params![device.to_string(), mid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.map(|(o, reason)| StoredOutcome {
            outcome: Outcome::parse(&o).unwrap_or(Outcome::Applied),
            reason,
        }))
    }

    fn mutations_compact(&mut self, before: i64) -> Result<u64> {
        let n = self
            .tx
            .prepare_cached("DELETE FROM mutations WHERE applied_at < ?1")?
            .execute([before])?;
        Ok(n as u64)
    }
}
