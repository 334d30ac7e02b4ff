//! Photo uploads and downloads with their permission rules: anyone signed in may upload
//! (the bytes must match the hash); a blob is read by its uploader or by whoever may see
//! a case that refers to it.

use domain::PhotoHash;
use protocol::BlobReceipt;

use crate::error::{Error, Result};
use crate::photo_files::BlobStatus;
use crate::sessions::Caller;
use crate::state::AppState;

async fn record(state: &AppState, caller: &Caller, hash: &PhotoHash, size: u64) -> Result<()> {
    let now = state.now_ms();
    let by = caller.id();
    let h = hash.clone();
    state
        .write(move |tx| tx.blob_record(&h, size, Some(by), now))
        .await
}

pub async fn put(
    state: &AppState,
    caller: &Caller,
    hash: PhotoHash,
    bytes: &[u8],
) -> Result<BlobReceipt> {
    let size = state.blobs().put(&hash, bytes).await?;
    record(state, caller, &hash, size).await?;
    state.hint();
    Ok(BlobReceipt {
        hash,
        received: size,
        complete: true,
    })
}

pub async fn append(
    state: &AppState,
    caller: &Caller,
    hash: PhotoHash,
    offset: u64,
    total: u64,
    bytes: &[u8],
) -> Result<BlobReceipt> {
    match state.blobs().append(&hash, offset, total, bytes).await? {
        BlobStatus::Complete(size) => {
            record(state, caller, &hash, size).await?;
            state.hint();
            Ok(BlobReceipt {
                hash,
                received: size,
                complete: true,
            })
        }
        BlobStatus::Partial(n) => Ok(BlobReceipt {
            hash,
            received: n,
            complete: false,
        }),
        BlobStatus::Absent => Ok(BlobReceipt {
            hash,
            received: 0,
            complete: false,
        }),
    }
}

pub async fn read(state: &AppState, caller: &Caller, hash: &PhotoHash) -> Result<Vec<u8>> {
    let person = caller.person().clone();
    let h = hash.clone();
    let allowed = state
        .read(move |tx| {
            if let Some((_, Some(by))) = tx.blob_get(&h)?
                && by == person.id
            {
                return Ok(true);
            }
            Ok(tx
                .cases_with_photo(&h)?
                .iter()
                .any(|r| domain::people::can_see(&person, &r.case)))
        })
        .await?;
    if !allowed {
        return Err(Error::not_found(format!("blob {hash} is not here")));
    }
    state.blobs().read(hash).await
}
