//! Stored outcomes of pushed mutations on SQLite.

use protocol::{DeviceId, Outcome};
use rusqlite::{OptionalExtension, params};

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{MutationRepo, StoredMutation, StoredOutcome};

impl MutationRepo for SqliteTx<'_> {
    fn mutation_record(
        &mut self,
        device: DeviceId,
        mid: u64,
        name: &str,
        args_sha256: &str,
        outcome: &StoredOutcome,
        now: i64,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO mutations (device_id, mid, name, outcome, reason, applied_at,
                                        args_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                device.to_string(),
                i64::try_from(mid).map_err(|_| Error::bad_request("bad_mid", "mid too large"))?,
                name,
                outcome.outcome.as_str(),
                outcome.reason,
                now,
                args_sha256
            ])?;
        Ok(())
    }

    fn mutation_get(&mut self, device: DeviceId, mid: u64) -> Result<Option<StoredMutation>> {
        let Ok(mid) = i64::try_from(mid) else {
            return Ok(None);
        };
        type Row = (String, Option<String>, String, Option<String>);
        let row: Option<Row> = self
            .tx
            .query_row(
                "SELECT outcome, reason, name, args_sha256 FROM mutations
                 WHERE device_id = ?1 AND mid = ?2",
                params![device.to_string(), mid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(o, reason, name, args_sha256)| {
            let outcome = Outcome::parse(&o)
                .ok_or_else(|| Error::Storage(format!("unknown stored outcome {o:?}")))?;
            Ok(StoredMutation {
                name,
                args_sha256,
                outcome: StoredOutcome { outcome, reason },
            })
        })
        .transpose()
    }

    fn mutations_compact(&mut self, before: i64) -> Result<u64> {
        let n = self
            .tx
            .prepare_cached("DELETE FROM mutations WHERE applied_at < ?1")?
            .execute([before])?;
        Ok(n as u64)
    }
}
