//! Prepared photos (a photo blob and its thumbnail) and the queue of photos still to upload.

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::Result;

/// A prepared photo as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    pub sha256: String,
    pub thumb: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

impl Store {
    /// Records that `thumb` is the thumbnail of `sha256` (both blobs already stored).
    pub fn add_photo(&mut self, sha256: &str, thumb: &str, width: u32, height: u32) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO photo (sha256, thumb, width, height) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sha256) DO NOTHING",
                params![sha256, thumb, width, height],
            )?;
            Ok(())
        })
    }

    /// A prepared photo by its hash.
    pub fn photo(&self, sha256: &str) -> Result<Option<StoredPhoto>> {
        Ok(self
            .conn
            .query_row(
                "SELECT p.sha256, p.thumb, p.width, p.height, b.bytes
                 FROM photo p JOIN blob b ON b.sha256 = p.sha256 WHERE p.sha256 = ?1",
                [sha256],
                |r| {
                    Ok(StoredPhoto {
                        sha256: r.get(0)?,
                        thumb: r.get(1)?,
                        width: r.get(2)?,
                        height: r.get(3)?,
                        bytes: r.get::<_, i64>(4)?.max(0) as u64,
                    })
                },
            )
            .optional()?)
    }

    /// Photos referred to by an outbox entry (a report's or a task's) the server has not refused, whose
    /// bytes the server has not confirmed yet: `(sha256, bytes)`, oldest reference first.
    pub fn photos_to_upload(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.sha256, b.bytes FROM blob b
             WHERE b.uploaded = 0 AND b.sha256 IN (
                 SELECT op.sha256 FROM outbox_photo op JOIN outbox o ON o.mid = op.mid
                 WHERE o.state != 'rejected')
             ORDER BY b.created_at, b.sha256",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Sets a photo aside that the server refuses every time (too large, not this person's
    /// to send): it is no longer offered for upload and is counted as refused.
    pub fn photo_set_aside(&mut self, sha256: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE blob SET uploaded = 2 WHERE sha256 = ?1", [sha256])?;
            Ok(())
        })
    }

    /// How many photos were set aside as refused by the server.
    pub fn photos_refused(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM blob WHERE uploaded = 2 AND kind = 'photo'",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Marks a blob as wholly held by the server.
    pub fn mark_uploaded(&mut self, sha256: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE blob SET uploaded = 1 WHERE sha256 = ?1", [sha256])?;
            Ok(())
        })
    }
}
