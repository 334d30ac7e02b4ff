//! Enrollment codes on SQLite: the secret's hash, whose phone it signs in, until when, and
//! whether it was used.

use protocol::DeviceId;
use rusqlite::{OptionalExtension, params};

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{EnrollmentRecord, EnrollmentRepo};

impl EnrollmentRepo for SqliteTx<'_> {
    fn enrollment_insert(&mut self, e: &EnrollmentRecord) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO enrollments (hash, person_id, created_by, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                e.hash,
                e.person_id.to_string(),
                e.created_by.to_string(),
                e.created_at,
                e.expires_at
            ])?;
        Ok(())
    }

    fn enrollment_get(&mut self, hash: &str) -> Result<Option<EnrollmentRecord>> {
        let row: Option<(String, String, String, i64, i64, Option<i64>)> = self
            .tx
            .prepare_cached(
                "SELECT hash, person_id, created_by, created_at, expires_at, used_at
                 FROM enrollments WHERE hash = ?1",
            )?
            .query_row([hash], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .optional()?;
        let bad = |e: domain::Error| Error::Storage(format!("enrollment: {e}"));
        row.map(|(hash, person, by, created_at, expires_at, used_at)| {
            Ok(EnrollmentRecord {
                hash,
                person_id: person.parse().map_err(bad)?,
                created_by: by.parse().map_err(bad)?,
                created_at,
                expires_at,
                used_at,
            })
        })
        .transpose()
    }

    fn enrollment_use(&mut self, hash: &str, device: DeviceId, now: i64) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE enrollments SET used_at = ?2, device_id = ?3
                 WHERE hash = ?1 AND used_at IS NULL",
            )?
            .execute(params![hash, now, device.to_string()])?;
        Ok(n == 1)
    }
}
