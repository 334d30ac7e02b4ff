//! Failed sign-ins on PostgreSQL: a count and the last failure's time per throttle key,
//! shared by every replica.

use super::PgTx;
use crate::error::Result;
use crate::store::{SignInFailureRepo, SignInFailures};

impl SignInFailureRepo for PgTx<'_> {
    fn sign_in_failures(&mut self, keys: &[String]) -> Result<Vec<SignInFailures>> {
        let rows = self.query(
            "SELECT key, failures, last_at FROM sign_in_failures WHERE key = ANY($1)",
            &[&keys],
        )?;
        rows.iter()
            .map(|r| {
                let failures: i32 = r.try_get(1)?;
                Ok(SignInFailures {
                    key: r.try_get(0)?,
                    failures: u32::try_from(failures).unwrap_or(0),
                    last_at: r.try_get(2)?,
                })
            })
            .collect()
    }

    fn sign_in_failed(&mut self, keys: &[String], now: i64, forget_before: i64) -> Result<()> {
        // One statement for every key (writers run one at a time under the writer lock).
        self.execute(
            "INSERT INTO sign_in_failures (key, failures, last_at)
             SELECT k, 1, $2 FROM unnest($1::text[]) AS k
             ON CONFLICT (key) DO UPDATE SET
                 failures = CASE WHEN sign_in_failures.last_at < $3 THEN 1
                                 ELSE sign_in_failures.failures + 1 END,
                 last_at = excluded.last_at",
            &[&keys, &now, &forget_before],
        )?;
        Ok(())
    }

    fn sign_in_failures_clear(&mut self, keys: &[String]) -> Result<()> {
        self.execute("DELETE FROM sign_in_failures WHERE key = ANY($1)", &[&keys])?;
        Ok(())
    }

    fn sign_in_failures_purge(&mut self, before: i64) -> Result<u64> {
        self.execute(
            "DELETE FROM sign_in_failures WHERE last_at < $1",
            &[&before],
        )
    }
}
