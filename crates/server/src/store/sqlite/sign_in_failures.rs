//! Failed sign-ins on SQLite: a count and the last failure's time per throttle key.

use rusqlite::params;

use super::SqliteTx;
use crate::error::Result;
use crate::store::{SignInFailureRepo, SignInFailures};

impl SignInFailureRepo for SqliteTx<'_> {
    fn sign_in_failures(&mut self, keys: &[String]) -> Result<Vec<SignInFailures>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT failures, last_at FROM sign_in_failures WHERE key = ?1")?;
        let mut found = Vec::new();
        for key in keys {
            let mut rows = stmt.query([key])?;
            if let Some(r) = rows.next()? {
                found.push(SignInFailures {
                    key: key.clone(),
                    failures: r.get(0)?,
                    last_at: r.get(1)?,
                });
            }
        }
        Ok(found)
    }

    fn sign_in_failed(&mut self, keys: &[String], now: i64, forget_before: i64) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO sign_in_failures (key, failures, last_at) VALUES (?1, 1, ?2)
             ON CONFLICT (key) DO UPDATE SET
                 failures = CASE WHEN last_at < ?3 THEN 1 ELSE failures + 1 END,
                 last_at = excluded.last_at",
        )?;
        for key in keys {
            stmt.execute(params![key, now, forget_before])?;
        }
        Ok(())
    }

    fn sign_in_failures_clear(&mut self, keys: &[String]) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached("DELETE FROM sign_in_failures WHERE key = ?1")?;
        for key in keys {
            stmt.execute([key])?;
        }
        Ok(())
    }

    fn sign_in_failures_purge(&mut self, before: i64) -> Result<u64> {
        let n = self
            .tx
            .prepare_cached("DELETE FROM sign_in_failures WHERE last_at < ?1")?
            .execute([before])?;
        Ok(n as u64)
    }
}
