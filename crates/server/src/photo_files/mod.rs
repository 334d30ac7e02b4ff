//! Photo bytes, content-addressed by sha256: a local folder (the default, `local`) or an
//! S3-compatible object store (`objects`, chosen by `blob_url`), behind one [`PhotoStore`].
//! A blob becomes visible only after its bytes hash to its name; an upload in progress
//! grows by appends at the offset the server reports, and resumes through any replica when
//! the parts are in the object store.
//!
//! **Why an enum and not a trait object.** The storage trait (`store::Store`) is a trait
//! because its work is synchronous closures; the photo store's work is async IO, and an
//! `async fn` in a trait is not object-safe without boxing every future (by hand or through
//! a macro crate). There are exactly two kinds of place photos live, both known here, so an
//! enum dispatches to them statically, keeps the shared rules (size limit, hash check) in
//! one place, and a third kind would be one more arm. Every other object store that
//! `object_store` speaks (an in-memory one for tests among them) fits behind the `Objects`
//! arm, which holds a `dyn ObjectStore`.

mod local;
mod objects;

#[cfg(test)]
mod conformance;
#[cfg(test)]
pub(crate) mod s3_test_server;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use protocol::PhotoHash;
use sha2::{Digest, Sha256};

pub use local::LocalBlobs;
pub use objects::ObjectBlobs;

use crate::clock::Clock;
use crate::config::Config;
use crate::error::{Error, Result};

/// What the server holds of a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobStatus {
    /// Complete and verified, this many bytes.
    Complete(u64),
    /// An upload in progress holds this many bytes.
    Partial(u64),
    Absent,
}

/// Where the photos are.
#[derive(Debug)]
pub enum PhotoStore {
    /// `DATA_DIR/blobs/`, synced to disk (one replica only).
    Local(LocalBlobs),
    /// An object store (S3-compatible in production), which any number of replicas share.
    Objects(ObjectBlobs),
}

impl PhotoStore {
    /// The store `config` names: the object store of `blob_url` when it is set, else the
    /// folder `data_dir/blobs`. `clock` is the server clock (the object store dates the
    /// parts of unfinished uploads with it).
    pub fn open(config: &Config, clock: Arc<dyn Clock>) -> Result<Self> {
        match &config.blob_url {
            Some(url) => Ok(Self::Objects(ObjectBlobs::s3(config, url, clock)?)),
            None => Ok(Self::Local(LocalBlobs::open(
                config.data_dir.join("blobs"),
                config.max_blob_bytes,
            )?)),
        }
    }

    pub async fn status(&self, hash: &PhotoHash) -> Result<BlobStatus> {
        match self {
            Self::Local(s) => s.status(hash).await,
            Self::Objects(s) => s.status(hash).await,
        }
    }

    /// Stores a whole blob (PUT). Returns its size. Already present: nothing to do. The
    /// bytes are durable when this returns, before the caller writes a row naming them.
    pub async fn put(&self, hash: &PhotoHash, bytes: &[u8]) -> Result<u64> {
        match self {
            Self::Local(s) => s.put(hash, bytes).await,
            Self::Objects(s) => s.put(hash, bytes).await,
        }
    }

    /// Appends `bytes` at `offset` of an upload of `total` bytes (PATCH): `offset` must be
    /// what the store holds (409 `offset_mismatch` otherwise). When the upload is complete
    /// its hash is checked; bytes that do not match are dropped (422 `hash_mismatch`).
    pub async fn append(
        &self,
        hash: &PhotoHash,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<BlobStatus> {
        match self {
            Self::Local(s) => s.append(hash, offset, total, bytes).await,
            Self::Objects(s) => s.append(hash, offset, total, bytes).await,
        }
    }

    /// Drops unfinished uploads last written more than `max_age_ms` before `now_ms` (the
    /// server clock, unix ms). Returns how many went.
    pub async fn purge_stale_partials(&self, now_ms: i64, max_age_ms: i64) -> Result<u64> {
        match self {
            Self::Local(s) => s.purge_stale_partials(now_ms, max_age_ms).await,
            Self::Objects(s) => s.purge_stale_partials(now_ms, max_age_ms).await,
        }
    }

    /// The unfinished uploads, each with when it was last written (unix ms), oldest first.
    pub async fn partials(&self) -> Result<Vec<(PhotoHash, i64)>> {
        match self {
            Self::Local(s) => s.partials().await,
            Self::Objects(s) => s.partials().await,
        }
    }

    /// Drops one unfinished upload.
    pub async fn drop_partial(&self, hash: &PhotoHash) -> Result<()> {
        match self {
            Self::Local(s) => s.drop_partial(hash).await,
            Self::Objects(s) => s.drop_partial(hash).await,
        }
    }

    /// Deletes a complete blob whose row is already gone, unless it was written at or after
    /// `before` (unix ms): then it is a new upload of the same photo, whose row follows.
    pub async fn remove_older(&self, hash: &PhotoHash, before: i64) -> Result<bool> {
        match self {
            Self::Local(s) => s.remove_older(hash, before).await,
            Self::Objects(s) => s.remove_older(hash, before).await,
        }
    }

    /// The bytes of a complete blob (404 `not_found` when there is none).
    pub async fn read(&self, hash: &PhotoHash) -> Result<Vec<u8>> {
        match self {
            Self::Local(s) => s.read(hash).await,
            Self::Objects(s) => s.read(hash).await,
        }
    }
}

/// Refuses a blob larger than `max_bytes` (413 `too_large`).
fn check_size(max_bytes: u64, size: u64) -> Result<()> {
    if size > max_bytes {
        return Err(Error::TooLarge(format!(
            "a blob may have at most {max_bytes} bytes, not {size}"
        )));
    }
    Ok(())
}

/// Refuses bytes that do not hash to `hash` (422 `hash_mismatch`).
fn check_hash(hash: &PhotoHash, bytes: &[u8]) -> Result<()> {
    let actual = hash_bytes(bytes)?;
    if &actual != hash {
        return Err(Error::unprocessable(
            "hash_mismatch",
            format!("the bytes hash to {actual}, not {hash}"),
        ));
    }
    Ok(())
}

/// The sha256 of `bytes` as a photo hash.
pub fn hash_bytes(bytes: &[u8]) -> Result<PhotoHash> {
    PhotoHash::parse(&hex::encode(Sha256::digest(bytes)))
        .map_err(|e| Error::Internal(e.to_string()))
}
