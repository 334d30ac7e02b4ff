//! Blob metadata on PostgreSQL (the bytes live in files).

use domain::PersonId;
use protocol::PhotoHash;

use super::{PgTx, signed, unsigned};
use crate::error::{Error, Result};
use crate::store::BlobRepo;

impl BlobRepo for PgTx<'_> {
    fn blob_record(
        &mut self,
        hash: &PhotoHash,
        size: u64,
        by: Option<PersonId>,
        now: i64,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO blobs (hash, size, uploaded_by, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (hash) DO NOTHING",
            &[
                &hash.as_str(),
                &signed(size),
                &by.map(|p| p.to_string()),
                &now,
            ],
        )?;
        Ok(())
    }

    fn photo_claim(&mut self, hash: &PhotoHash, person: PersonId, now: i64) -> Result<()> {
        self.execute(
            "INSERT INTO photo_claims (hash, person_id, claimed_at) VALUES ($1, $2, $3)
             ON CONFLICT (hash) DO NOTHING",
            &[&hash.as_str(), &person.to_string(), &now],
        )?;
        Ok(())
    }

    fn photo_unclaim(&mut self, hash: &PhotoHash, person: PersonId) -> Result<()> {
        self.execute(
            "DELETE FROM photo_claims WHERE hash = $1 AND person_id = $2
               AND NOT EXISTS (SELECT 1 FROM blobs WHERE hash = $1)",
            &[&hash.as_str(), &person.to_string()],
        )?;
        Ok(())
    }

    fn photo_owner(&mut self, hash: &PhotoHash) -> Result<Option<PersonId>> {
        let owner: Option<Option<String>> = self.value(
            "SELECT coalesce(
                (SELECT uploaded_by FROM blobs WHERE hash = $1),
                (SELECT person_id FROM photo_claims WHERE hash = $1))",
            &[&hash.as_str()],
        )?;
        Ok(owner.flatten().and_then(|p| PersonId::parse(&p).ok()))
    }

    fn blobs_orphaned(&mut self, before: i64, limit: u32) -> Result<Vec<PhotoHash>> {
        let rows: Vec<String> = self.column(
            "SELECT b.hash FROM blobs b
             WHERE b.created_at < $1
               AND NOT EXISTS (SELECT 1 FROM case_photos p WHERE p.hash = b.hash)
             ORDER BY b.created_at LIMIT $2",
            &[&before, &i64::from(limit)],
        )?;
        rows.iter()
            .map(|h| PhotoHash::parse(h).map_err(|e| Error::Storage(format!("blob {h:?}: {e}"))))
            .collect()
    }

    fn blob_forget(&mut self, hash: &PhotoHash) -> Result<()> {
        self.execute("DELETE FROM blobs WHERE hash = $1", &[&hash.as_str()])?;
        self.execute(
            "DELETE FROM photo_claims WHERE hash = $1",
            &[&hash.as_str()],
        )?;
        Ok(())
    }

    fn blob_get(&mut self, hash: &PhotoHash) -> Result<Option<(u64, Option<PersonId>)>> {
        let row = self.query_opt(
            "SELECT size, uploaded_by FROM blobs WHERE hash = $1",
            &[&hash.as_str()],
        )?;
        row.map(|r| {
            let by: Option<String> = r.try_get(1)?;
            Ok((
                unsigned(r.try_get(0)?),
                by.and_then(|b| PersonId::parse(&b).ok()),
            ))
        })
        .transpose()
    }
}
