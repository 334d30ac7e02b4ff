//! Photo bytes in a local folder (the default): complete blobs as `blobs/<sha256>`,
//! uploads in progress as `blobs/partial/<sha256>`, one growing file each. Every write is
//! synced, and a blob is renamed into place (the folder synced) before the caller writes a
//! row that names it. Times are the files' modification times.

use std::path::PathBuf;

use protocol::PhotoHash;
use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

use super::{BlobStatus, check_hash, check_size};
use crate::error::{Error, Result};

#[derive(Debug)]
pub struct LocalBlobs {
    dir: PathBuf,
    partial: PathBuf,
    max_bytes: u64,
    /// Serialises writes so two appends to one upload cannot interleave.
    writing: Mutex<()>,
}

impl LocalBlobs {
    pub fn open(dir: PathBuf, max_bytes: u64) -> Result<Self> {
        let partial = dir.join("partial");
        std::fs::create_dir_all(&partial)?;
        Ok(Self {
            dir,
            partial,
            max_bytes,
            writing: Mutex::new(()),
        })
    }

    fn complete_path(&self, hash: &PhotoHash) -> PathBuf {
        self.dir.join(hash.as_str())
    }

    fn partial_path(&self, hash: &PhotoHash) -> PathBuf {
        self.partial.join(hash.as_str())
    }

    pub async fn status(&self, hash: &PhotoHash) -> Result<BlobStatus> {
        if let Ok(meta) = tokio::fs::metadata(self.complete_path(hash)).await {
            return Ok(BlobStatus::Complete(meta.len()));
        }
        match tokio::fs::metadata(self.partial_path(hash)).await {
            Ok(meta) => Ok(BlobStatus::Partial(meta.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BlobStatus::Absent),
            Err(e) => Err(e.into()),
        }
    }

    /// Stores a whole blob (PUT). Returns its size. Already present: nothing to do.
    pub async fn put(&self, hash: &PhotoHash, bytes: &[u8]) -> Result<u64> {
        check_size(self.max_bytes, bytes.len() as u64)?;
        let _guard = self.writing.lock().await;
        if let BlobStatus::Complete(size) = self.status(hash).await? {
            return Ok(size);
        }
        check_hash(hash, bytes)?;
        let tmp = self.partial.join(format!("{}.put", hash.as_str()));
        tokio::fs::write(&tmp, bytes).await?;
        sync_file(&tmp).await?;
        tokio::fs::rename(&tmp, self.complete_path(hash)).await?;
        // The rename is durable before the caller writes the row that names the blob.
        sync_file(&self.dir).await?;
        let _ = tokio::fs::remove_file(self.partial_path(hash)).await;
        Ok(bytes.len() as u64)
    }

    /// Appends `bytes` at `offset` of an upload of `total` bytes (PATCH). When the
    /// upload is complete its hash is checked; bytes that do not match are dropped.
    pub async fn append(
        &self,
        hash: &PhotoHash,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<BlobStatus> {
        check_size(self.max_bytes, total)?;
        let _guard = self.writing.lock().await;
        let held = match self.status(hash).await? {
            BlobStatus::Complete(size) => return Ok(BlobStatus::Complete(size)),
            BlobStatus::Partial(n) => n,
            BlobStatus::Absent => 0,
        };
        if offset != held {
            return Err(Error::conflict(
                "offset_mismatch",
                format!("the server holds {held} bytes of this blob; append at offset {held}"),
            ));
        }
        let end = offset + bytes.len() as u64;
        if end > total {
            return Err(Error::unprocessable(
                "past_end",
                format!("{end} bytes would exceed the declared length {total}"),
            ));
        }
        let path = self.partial_path(hash);
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .await?;
        file.write_all(bytes).await?;
        file.sync_all().await?;
        drop(file);
        if end < total {
            return Ok(BlobStatus::Partial(end));
        }
        let all = tokio::fs::read(&path).await?;
        if let Err(e) = check_hash(hash, &all) {
            tokio::fs::remove_file(&path).await?;
            return Err(e);
        }
        tokio::fs::rename(&path, self.complete_path(hash)).await?;
        // The rename is durable before the caller writes the row that names the blob.
        sync_file(&self.dir).await?;
        Ok(BlobStatus::Complete(end))
    }

    /// Drops unfinished uploads last written more than `max_age_ms` before `now_ms` (the
    /// server clock, unix ms). Returns how many went.
    pub async fn purge_stale_partials(&self, now_ms: i64, max_age_ms: i64) -> Result<u64> {
        let _guard = self.writing.lock().await;
        let mut entries = tokio::fs::read_dir(&self.partial).await?;
        let mut dropped = 0;
        while let Some(entry) = entries.next_entry().await? {
            let written = modified_ms(&entry.metadata().await?);
            if now_ms.saturating_sub(written) > max_age_ms {
                tokio::fs::remove_file(entry.path()).await?;
                dropped += 1;
            }
        }
        Ok(dropped)
    }

    /// The unfinished uploads, each with when it was last written (unix ms), oldest first.
    pub async fn partials(&self) -> Result<Vec<(PhotoHash, i64)>> {
        let mut entries = tokio::fs::read_dir(&self.partial).await?;
        let mut found = Vec::new();
        while let Some(entry) = entries.next_entry().await? {
            // Temporary files of whole uploads (`<hash>.put`) are not uploads of their own.
            let Some(hash) = entry
                .file_name()
                .to_str()
                .and_then(|n| PhotoHash::parse(n).ok())
            else {
                continue;
            };
            // Not under the write lock: an upload completed (renamed away) or dropped since
            // the folder was read is no longer one.
            let written = match entry.metadata().await {
                Ok(meta) => modified_ms(&meta),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e.into()),
            };
            found.push((hash, written));
        }
        found.sort_by_key(|(_, at)| *at);
        Ok(found)
    }

    /// The complete blobs in the folder, by hash (a district's photos, when it moves).
    pub async fn complete(&self) -> Result<Vec<PhotoHash>> {
        let mut entries = tokio::fs::read_dir(&self.dir).await?;
        let mut found = Vec::new();
        while let Some(entry) = entries.next_entry().await? {
            if !entry.file_type().await?.is_file() {
                continue;
            }
            if let Some(hash) = entry
                .file_name()
                .to_str()
                .and_then(|n| PhotoHash::parse(n).ok())
            {
                found.push(hash);
            }
        }
        found.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        Ok(found)
    }

    /// Drops one unfinished upload.
    pub async fn drop_partial(&self, hash: &PhotoHash) -> Result<()> {
        let _guard = self.writing.lock().await;
        match tokio::fs::remove_file(self.partial_path(hash)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes a complete blob whose row is already gone, unless it was written at or after
    /// `before` (unix ms): then it is a new upload of the same photo, whose row follows.
    pub async fn remove_older(&self, hash: &PhotoHash, before: i64) -> Result<bool> {
        let _guard = self.writing.lock().await;
        let path = self.complete_path(hash);
        match tokio::fs::metadata(&path).await {
            Ok(meta) if modified_ms(&meta) < before => {
                tokio::fs::remove_file(&path).await?;
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes of a complete blob.
    pub async fn read(&self, hash: &PhotoHash) -> Result<Vec<u8>> {
        match tokio::fs::read(self.complete_path(hash)).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(Error::not_found(format!("blob {hash} is not here")))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// When a file was last written, unix ms (0 when the system cannot say).
fn modified_ms(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Syncs a file, or a folder (so the names in it, e.g. after a rename, are durable).
async fn sync_file(path: &std::path::Path) -> Result<()> {
    let file = tokio::fs::File::open(path).await?;
    file.sync_all().await?;
    Ok(())
}
