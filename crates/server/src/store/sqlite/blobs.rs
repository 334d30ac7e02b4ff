//! Blob metadata on SQLite (the bytes live in files).

use domain::PersonId;
use protocol::PhotoHash;
use rusqlite::{OptionalExtension, params};

use super::SqliteTx;
use crate::error::Result;
use crate::store::BlobRepo;

impl BlobRepo for SqliteTx<'_> {
    fn blob_record(
        &mut self,
        hash: &PhotoHash,
        size: u64,
        by: Option<PersonId>,
        now: i64,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO blobs (hash, size, uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (hash) DO NOTHING",
            )?
            .execute(params![
                hash.as_str(),
                i64::try_from(size).unwrap_or(i64::MAX),
                by.map(|p| p.to_string()),
                now
            ])?;
        Ok(())
    }

    fn photo_claim(&mut self, hash: &PhotoHash, person: PersonId, now: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO photo_claims (hash, person_id, claimed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (hash) DO NOTHING",
            )?
            .execute(params![hash.as_str(), person.to_string(), now])?;
        Ok(())
    }

    fn photo_unclaim(&mut self, hash: &PhotoHash, person: PersonId) -> Result<()> {
        self.tx
            .prepare_cached(
                "DELETE FROM photo_claims WHERE hash = ?1 AND person_id = ?2
                   AND NOT EXISTS (SELECT 1 FROM blobs WHERE hash = ?1)",
            )?
            .execute(params![hash.as_str(), person.to_string()])?;
        Ok(())
    }

    fn photo_owner(&mut self, hash: &PhotoHash) -> Result<Option<PersonId>> {
        let owner: Option<String> = self
            .tx
            .query_row(
                "SELECT coalesce(
                    (SELECT uploaded_by FROM blobs WHERE hash = ?1),
                    (SELECT person_id FROM photo_claims WHERE hash = ?1))",
                [hash.as_str()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        Ok(owner.and_then(|p| PersonId::parse(&p).ok()))
    }

    fn blobs_orphaned(&mut self, before: i64, limit: u32) -> Result<Vec<PhotoHash>> {
        let rows = self
            .tx
            .prepare_cached(
                "SELECT b.hash FROM blobs b
                 WHERE b.created_at < ?1
                   AND NOT EXISTS (SELECT 1 FROM case_photos p WHERE p.hash = b.hash)
                 ORDER BY b.created_at LIMIT ?2",
            )?
            .query_map(params![before, limit], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter()
            .map(|h| {
                PhotoHash::parse(h)
                    .map_err(|e| crate::error::Error::Storage(format!("blob {h:?}: {e}")))
            })
            .collect()
    }

    fn blob_forget(&mut self, hash: &PhotoHash) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM blobs WHERE hash = ?1")?
            .execute([hash.as_str()])?;
        self.tx
            .prepare_cached("DELETE FROM photo_claims WHERE hash = ?1")?
            .execute([hash.as_str()])?;
        Ok(())
    }

    fn blob_get(&mut self, hash: &PhotoHash) -> Result<Option<(u64, Option<PersonId>)>> {
        let row: Option<(i64, Option<String>)> = self
            .tx
            .query_row(
                "SELECT size, uploaded_by FROM blobs WHERE hash = ?1",
                [hash.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.map(|(size, by)| {
            (
                u64::try_from(size).unwrap_or(0),
                by.and_then(|b| PersonId::parse(&b).ok()),
            )
        }))
    }
}
