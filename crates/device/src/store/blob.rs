//! Blobs (prepared photos and thumbnails) as files named by their sha256, with a row each.
//!
//! A blob file is written to a temporary name, synced, renamed into place and its folder
//! synced before its row is inserted, so a row never names a missing or partial file.

use std::io::Write;
use std::path::PathBuf;

use rusqlite::params;
use sha2::{Digest, Sha256};

use super::Store;
use crate::{Error, Result};

/// The blob folder inside a device folder.
pub const BLOB_DIR: &str = "blobs";

/// What a blob is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobKind {
    Photo,
    Thumb,
}

impl BlobKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Thumb => "thumb",
        }
    }
}

impl Store {
    /// Where the blob with this hash lives (whether or not it exists yet).
    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        self.dir.join(BLOB_DIR).join(sha256)
    }

    /// Stores `bytes` durably under their sha256 and returns the hash. Storing the same
    /// bytes twice keeps one file.
    pub fn put_blob(&mut self, bytes: &[u8], kind: BlobKind, now: i64) -> Result<String> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.blob_path(&sha256);
        if !path.exists() {
            let io = |source| Error::Io {
                path: path.clone(),
                source,
            };
            let tmp = path.with_extension("part");
            let mut file = std::fs::File::create(&tmp).map_err(io)?;
            file.write_all(bytes).map_err(io)?;
            file.sync_all().map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
            if let Some(dir) = path.parent() {
                std::fs::File::open(dir)
                    .and_then(|d| d.sync_all())
                    .map_err(io)?;
            }
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO blob (sha256, bytes, kind, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sha256) DO NOTHING",
                params![sha256, bytes.len() as i64, kind.as_str(), now],
            )?;
            Ok(())
        })?;
        Ok(sha256)
    }

    /// Reads a stored blob back.
    pub fn read_blob(&self, sha256: &str) -> Result<Vec<u8>> {
        let path = self.blob_path(sha256);
        std::fs::read(&path).map_err(|source| Error::Io { path, source })
    }
}
