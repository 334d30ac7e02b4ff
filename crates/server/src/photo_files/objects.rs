//! Photo bytes in an object store (S3-compatible in production, through `object_store`),
//! shared by every replica. Under the configured prefix:
//!
//! - `blobs/<sha256>`: a complete, verified blob.
//! - `partials/<sha256>/<offset>-<written>`: one object per received part of an upload in
//!   progress, `offset` zero-padded so the parts list in order, `written` the server clock
//!   (unix ms) when it arrived. The upload holds the bytes of the contiguous run of parts
//!   from offset 0 (the longest part where a retried request left two at one offset); a part
//!   past a gap counts only once the gap is filled. The last part is not stored: the parts
//!   before it and its bytes are concatenated, checked against the hash, written as the blob,
//!   and the parts deleted (all of them dropped if the hash does not match).
//!
//! Nothing of an upload lives on one replica: a phone whose connection moved to another
//! replica asks it where to resume and goes on. No lock is needed across replicas: a photo
//! is written only by its owner (`photo_access`), two writes of one part leave one of them
//! whole (a PUT is atomic), and a part that vanished while it was read (another replica
//! completed or dropped the upload) answers as the upload now stands.
//!
//! Durability: a PUT is answered only once the store holds the object durably (S3's
//! contract; an on-premise store keeps it by its own write quorum), and the server answers
//! a part, or records a blob's row, only after its PUT returned. The offset and completion
//! logic needs strong read-after-write consistency of PUT, GET and LIST, as AWS S3, MinIO
//! and Ceph give.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::TryStreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use protocol::PhotoHash;

use super::{BlobStatus, check_hash, check_size};
use crate::clock::Clock;
use crate::config::Config;
use crate::error::{Error, Result};

#[derive(Debug)]
pub struct ObjectBlobs {
    store: Arc<dyn ObjectStore>,
    blobs: Path,
    partials: Path,
    max_bytes: u64,
    clock: Arc<dyn Clock>,
}

/// One stored part of an upload in progress.
#[derive(Debug, Clone)]
struct Part {
    offset: u64,
    len: u64,
    written: i64,
    path: Path,
}

impl ObjectBlobs {
    /// Blobs in `store` under `prefix` (`""` for the store's root).
    pub fn new(
        store: Arc<dyn ObjectStore>,
        prefix: &str,
        max_bytes: u64,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let root = Path::from(prefix);
        Self {
            store,
            blobs: root.clone().join("blobs"),
            partials: root.join("partials"),
            max_bytes,
            clock,
        }
    }

    /// The S3-compatible store of `url` (`s3://bucket/prefix`) with the `s3_*` settings.
    pub fn s3(config: &Config, url: &str, clock: Arc<dyn Clock>) -> Result<Self> {
        let (bucket, prefix) = parse_s3_url(url)?;
        let (Some(key_id), Some(secret)) = (&config.s3_access_key_id, &config.s3_secret_access_key)
        else {
            return Err(Error::Config(
                "blob_url needs s3_access_key_id and s3_secret_access_key".into(),
            ));
        };
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(config.s3_region.clone())
            .with_access_key_id(key_id.clone())
            .with_secret_access_key(secret.expose())
            .with_allow_http(config.s3_allow_http)
            // A request fails within the service's own request timeout, not after the
            // client's default three minutes of retries.
            .with_retry(object_store::RetryConfig {
                max_retries: 4,
                retry_timeout: Duration::from_secs(20),
                ..Default::default()
            });
        if let Some(endpoint) = &config.s3_endpoint {
            builder = builder.with_endpoint(endpoint.clone());
        }
        let store = builder
            .build()
            .map_err(|e| Error::Config(format!("blob_url {url}: {e}")))?;
        Ok(Self::new(
            Arc::new(store),
            prefix,
            config.max_blob_bytes,
            clock,
        ))
    }

    fn blob_path(&self, hash: &PhotoHash) -> Path {
        self.blobs.clone().join(hash.as_str())
    }

    fn parts_of(&self, hash: &PhotoHash) -> Path {
        self.partials.clone().join(hash.as_str())
    }

    /// The size of the complete blob, if there is one.
    async fn complete_size(&self, hash: &PhotoHash) -> Result<Option<u64>> {
        match self.store.head(&self.blob_path(hash)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(failed(e)),
        }
    }

    /// The stored parts of one upload, by offset.
    async fn parts(&self, hash: &PhotoHash) -> Result<Vec<Part>> {
        let under = self.parts_of(hash);
        let listed: Vec<_> = self
            .store
            .list(Some(&under))
            .try_collect()
            .await
            .map_err(failed)?;
        let mut parts: Vec<Part> = listed
            .into_iter()
            .filter_map(|meta| {
                let (offset, written) = parse_part(meta.location.filename()?)?;
                Some(Part {
                    offset,
                    len: meta.size,
                    written,
                    path: meta.location,
                })
            })
            .collect();
        parts.sort_by_key(|p| (p.offset, std::cmp::Reverse(p.len)));
        Ok(parts)
    }

    /// Every upload in progress with its parts.
    async fn uploads(&self) -> Result<BTreeMap<String, Vec<Part>>> {
        let listed: Vec<_> = self
            .store
            .list(Some(&self.partials))
            .try_collect()
            .await
            .map_err(failed)?;
        let mut uploads: BTreeMap<String, Vec<Part>> = BTreeMap::new();
        for meta in listed {
            let Some(mut rest) = meta.location.prefix_match(&self.partials) else {
                continue;
            };
            let (Some(hash), Some(name)) = (rest.next(), rest.next()) else {
                continue;
            };
            let Some((offset, written)) = parse_part(name.as_ref()) else {
                continue;
            };
            let hash = hash.as_ref().to_owned();
            uploads.entry(hash).or_default().push(Part {
                offset,
                len: meta.size,
                written,
                path: meta.location.clone(),
            });
        }
        Ok(uploads)
    }

    pub async fn status(&self, hash: &PhotoHash) -> Result<BlobStatus> {
        if let Some(size) = self.complete_size(hash).await? {
            return Ok(BlobStatus::Complete(size));
        }
        let parts = self.parts(hash).await?;
        if parts.is_empty() {
            return Ok(BlobStatus::Absent);
        }
        Ok(BlobStatus::Partial(held(&chain(&parts))))
    }

    pub async fn put(&self, hash: &PhotoHash, bytes: &[u8]) -> Result<u64> {
        check_size(self.max_bytes, bytes.len() as u64)?;
        if let Some(size) = self.complete_size(hash).await? {
            return Ok(size);
        }
        check_hash(hash, bytes)?;
        self.write_blob(hash, bytes.to_vec()).await?;
        self.delete_parts(&self.parts(hash).await?).await?;
        Ok(bytes.len() as u64)
    }

    pub async fn append(
        &self,
        hash: &PhotoHash,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<BlobStatus> {
        check_size(self.max_bytes, total)?;
        if let Some(size) = self.complete_size(hash).await? {
            return Ok(BlobStatus::Complete(size));
        }
        let parts = self.parts(hash).await?;
        let before = chain(&parts);
        let holds = held(&before);
        if offset != holds {
            return Err(Error::conflict(
                "offset_mismatch",
                format!("the server holds {holds} bytes of this blob; append at offset {holds}"),
            ));
        }
        let end = offset + bytes.len() as u64;
        if end > total {
            return Err(Error::unprocessable(
                "past_end",
                format!("{end} bytes would exceed the declared length {total}"),
            ));
        }
        if end == total {
            // The last part: the parts before it and its bytes make the blob.
            let mut all = match self.read_parts(&before).await? {
                Some(all) => all,
                None => return self.changed_meanwhile(hash).await,
            };
            all.extend_from_slice(bytes);
            return self.finish(hash, total, all, &parts).await;
        }
        let written = self.clock.now_ms();
        let path = self
            .parts_of(hash)
            .join(format!("{offset:020}-{written}").as_str());
        self.store
            .put(&path, PutPayload::from(bytes.to_vec()))
            .await
            .map_err(failed)?;
        let mut parts = parts;
        parts.push(Part {
            offset,
            len: bytes.len() as u64,
            written,
            path,
        });
        parts.sort_by_key(|p| (p.offset, std::cmp::Reverse(p.len)));
        let after = chain(&parts);
        let reach = held(&after);
        if reach < total {
            return Ok(BlobStatus::Partial(reach));
        }
        // Parts an earlier attempt left past this one complete the upload.
        match self.read_parts(&after).await? {
            Some(all) => self.finish(hash, total, all, &parts).await,
            None => self.changed_meanwhile(hash).await,
        }
    }

    /// Checks the whole upload's bytes, writes them as the blob and deletes the parts; bytes
    /// that do not hash to the name (or are not `total` long) are dropped with the parts.
    async fn finish(
        &self,
        hash: &PhotoHash,
        total: u64,
        all: Vec<u8>,
        parts: &[Part],
    ) -> Result<BlobStatus> {
        let checked = if all.len() as u64 == total {
            check_hash(hash, &all)
        } else {
            Err(Error::unprocessable(
                "hash_mismatch",
                format!("the stored parts hold {} bytes, not {total}", all.len()),
            ))
        };
        if let Err(e) = checked {
            self.delete_parts(parts).await?;
            return Err(e);
        }
        self.write_blob(hash, all).await?;
        self.delete_parts(parts).await?;
        Ok(BlobStatus::Complete(total))
    }

    /// After a part vanished while it was read: the upload as it now stands.
    async fn changed_meanwhile(&self, hash: &PhotoHash) -> Result<BlobStatus> {
        match self.status(hash).await? {
            BlobStatus::Complete(size) => Ok(BlobStatus::Complete(size)),
            _ => Err(Error::conflict(
                "offset_mismatch",
                "the upload changed while it was read; ask where to resume",
            )),
        }
    }

    /// The bytes of `parts` in order; `None` when one of them is gone.
    async fn read_parts(&self, parts: &[&Part]) -> Result<Option<Vec<u8>>> {
        let mut all = Vec::new();
        for part in parts {
            match self.store.get(&part.path).await {
                Ok(got) => all.extend_from_slice(&got.bytes().await.map_err(failed)?),
                Err(object_store::Error::NotFound { .. }) => return Ok(None),
                Err(e) => return Err(failed(e)),
            }
        }
        Ok(Some(all))
    }

    async fn write_blob(&self, hash: &PhotoHash, bytes: Vec<u8>) -> Result<()> {
        self.store
            .put(&self.blob_path(hash), PutPayload::from(bytes))
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn delete_parts(&self, parts: &[Part]) -> Result<()> {
        for part in parts {
            self.delete(&part.path).await?;
        }
        Ok(())
    }

    /// Deletes an object; one already gone is fine.
    async fn delete(&self, path: &Path) -> Result<()> {
        match self.store.delete(path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }

    pub async fn purge_stale_partials(&self, now_ms: i64, max_age_ms: i64) -> Result<u64> {
        let mut dropped = 0;
        for parts in self.uploads().await?.values() {
            if now_ms.saturating_sub(last_written(parts)) > max_age_ms {
                self.delete_parts(parts).await?;
                dropped += 1;
            }
        }
        Ok(dropped)
    }

    pub async fn partials(&self) -> Result<Vec<(PhotoHash, i64)>> {
        let mut found: Vec<(PhotoHash, i64)> = self
            .uploads()
            .await?
            .iter()
            .filter_map(|(hash, parts)| Some((PhotoHash::parse(hash).ok()?, last_written(parts))))
            .collect();
        found.sort_by_key(|(_, at)| *at);
        Ok(found)
    }

    pub async fn drop_partial(&self, hash: &PhotoHash) -> Result<()> {
        self.delete_parts(&self.parts(hash).await?).await
    }

    /// As the local folder's: `before` is compared with the object's last-modified time,
    /// which the object store's clock gives (the window is days; seconds of skew are moot).
    pub async fn remove_older(&self, hash: &PhotoHash, before: i64) -> Result<bool> {
        let path = self.blob_path(hash);
        match self.store.head(&path).await {
            Ok(meta) if meta.last_modified.timestamp_millis() < before => {
                self.delete(&path).await?;
                Ok(true)
            }
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(failed(e)),
        }
    }

    pub async fn read(&self, hash: &PhotoHash) -> Result<Vec<u8>> {
        match self.store.get(&self.blob_path(hash)).await {
            Ok(got) => Ok(got.bytes().await.map_err(failed)?.to_vec()),
            Err(object_store::Error::NotFound { .. }) => {
                Err(Error::not_found(format!("blob {hash} is not here")))
            }
            Err(e) => Err(failed(e)),
        }
    }
}

/// The parts an upload holds: from offset 0, each starting where the one before ended
/// (`parts` sorted by offset, the longest first at each).
fn chain(parts: &[Part]) -> Vec<&Part> {
    let mut run = Vec::new();
    let mut at = 0;
    for part in parts {
        if part.offset == at && part.len > 0 {
            at += part.len;
            run.push(part);
        }
    }
    run
}

/// How many bytes a run of parts holds.
fn held(run: &[&Part]) -> u64 {
    run.last().map_or(0, |p| p.offset + p.len)
}

fn last_written(parts: &[Part]) -> i64 {
    parts.iter().map(|p| p.written).max().unwrap_or(0)
}

/// `<offset>-<written>` of a part's name.
fn parse_part(name: &str) -> Option<(u64, i64)> {
    let (offset, written) = name.split_once('-')?;
    Some((offset.parse().ok()?, written.parse().ok()?))
}

/// `s3://bucket/prefix` → (bucket, prefix).
pub(crate) fn parse_s3_url(url: &str) -> Result<(&str, &str)> {
    let rest = url.strip_prefix("s3://").ok_or_else(|| {
        Error::Config(format!(
            "blob_url {url:?}: only s3://bucket/prefix is supported"
        ))
    })?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(Error::Config(format!("blob_url {url:?}: no bucket")));
    }
    Ok((bucket, prefix.trim_matches('/')))
}

fn failed(e: object_store::Error) -> Error {
    Error::Storage(format!("photo store: {e}"))
}
