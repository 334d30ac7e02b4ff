//! Stored outcomes of pushed mutations on PostgreSQL.

use protocol::{DeviceId, Outcome};

use super::PgTx;
use crate::error::{Error, Result};
use crate::store::{MutationRepo, StoredMutation, StoredOutcome};

impl MutationRepo for PgTx<'_> {
    fn mutation_record(
        &mut self,
        device: DeviceId,
        mid: u64,
        name: &str,
        args_sha256: &str,
        outcome: &StoredOutcome,
        now: i64,
    ) -> Result<()> {
        let mid = i64::try_from(mid).map_err(|_| Error::bad_request("bad_mid", "mid too large"))?;
        self.execute(
            "INSERT INTO mutations (device_id, mid, name, outcome, reason, applied_at,
                                    args_sha256)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &device.to_string(),
                &mid,
                &name,
                &outcome.outcome.as_str(),
                &outcome.reason,
                &now,
                &args_sha256,
            ],
        )?;
        Ok(())
    }

    fn mutation_get(&mut self, device: DeviceId, mid: u64) -> Result<Option<StoredMutation>> {
        let Ok(mid) = i64::try_from(mid) else {
            return Ok(None);
        };
        let row = self.query_opt(
            "SELECT outcome, reason, name, args_sha256 FROM mutations
             WHERE device_id = $1 AND mid = $2",
            &[&device.to_string(), &mid],
        )?;
        row.map(|r| {
            let o: String = r.try_get(0)?;
            let outcome = Outcome::parse(&o)
                .ok_or_else(|| Error::Storage(format!("unknown stored outcome {o:?}")))?;
            Ok(StoredMutation {
                name: r.try_get(2)?,
                args_sha256: r.try_get(3)?,
                outcome: StoredOutcome {
                    outcome,
                    reason: r.try_get(1)?,
                },
            })
        })
        .transpose()
    }

    fn mutations_compact(&mut self, before: i64) -> Result<u64> {
        self.execute("DELETE FROM mutations WHERE applied_at < $1", &[&before])
    }
}
