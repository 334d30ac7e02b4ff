//! Enrollment codes on PostgreSQL: the secret's hash, whose phone it signs in, until when,
//! and whether it was used.

use protocol::DeviceId;

use super::PgTx;
use crate::error::{Error, Result};
use crate::store::{EnrollmentRecord, EnrollmentRepo};

impl EnrollmentRepo for PgTx<'_> {
    fn enrollment_insert(&mut self, e: &EnrollmentRecord) -> Result<()> {
        self.execute(
            "INSERT INTO enrollments (hash, person_id, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &e.hash,
                &e.person_id.to_string(),
                &e.created_by.to_string(),
                &e.created_at,
                &e.expires_at,
            ],
        )?;
        Ok(())
    }

    fn enrollment_get(&mut self, hash: &str) -> Result<Option<EnrollmentRecord>> {
        let row = self.query_opt(
            "SELECT hash, person_id, created_by, created_at, expires_at, used_at
             FROM enrollments WHERE hash = $1",
            &[&hash],
        )?;
        let bad = |e: domain::Error| Error::Storage(format!("enrollment: {e}"));
        row.map(|r| {
            let (person, by): (String, String) = (r.try_get(1)?, r.try_get(2)?);
            Ok(EnrollmentRecord {
                hash: r.try_get(0)?,
                person_id: person.parse().map_err(bad)?,
                created_by: by.parse().map_err(bad)?,
                created_at: r.try_get(3)?,
                expires_at: r.try_get(4)?,
                used_at: r.try_get(5)?,
            })
        })
        .transpose()
    }

    fn enrollment_use(&mut self, hash: &str, device: DeviceId, now: i64) -> Result<bool> {
        let n = self.execute(
            "UPDATE enrollments SET used_at = $2, device_id = $3
             WHERE hash = $1 AND used_at IS NULL",
            &[&hash, &now, &device.to_string()],
        )?;
        Ok(n == 1)
    }
}
