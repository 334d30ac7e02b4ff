//! Photo uploads and downloads with their permission rules. A photo belongs to whoever
//! first named it in a mutation or uploaded it: only they may write its bytes (which must
//! match the hash). It is read, and its upload state seen, by its owner or by whoever may
//! see a case that refers to it; to anyone else it is absent.

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

/// Refuses an upload of a photo that belongs to someone else; the first upload of an
/// unclaimed photo claims it, so a partial upload is its uploader's alone to resume.
/// Returns whether this upload made the claim (it is dropped again if the upload fails).
async fn check_upload(state: &AppState, caller: &Caller, hash: &PhotoHash) -> Result<bool> {
    let me = caller.id();
    let h = hash.clone();
    let now = state.now_ms();
    let owner = state
        .write(move |tx| {
            let owner = tx.photo_owner(&h)?;
            if owner.is_none() {
                tx.photo_claim(&h, me, now)?;
            }
            Ok(owner)
        })
        .await?;
    match owner {
        Some(owner) if owner != me => Err(Error::forbidden(format!(
            "photo {hash} belongs to another upload"
        ))),
        Some(_) => Ok(false),
        None => Ok(true),
    }
}

/// After a failed upload: a claim this upload made goes, so bytes that did not hash to
/// their name (or were too large) claim nothing.
async fn unclaim_after<T>(
    state: &AppState,
    caller: &Caller,
    hash: &PhotoHash,
    claimed: bool,
    result: Result<T>,
) -> Result<T> {
    if result.is_err() && claimed {
        let (h, me) = (hash.clone(), caller.id());
        state.write(move |tx| tx.photo_unclaim(&h, me)).await?;
    }
    result
}

/// Whether `caller` may read a photo or learn how much of it arrived.
pub async fn may_read(state: &AppState, caller: &Caller, hash: &PhotoHash) -> Result<bool> {
    let person = caller.person().clone();
    let h = hash.clone();
    state
        .read(move |tx| {
            if tx.photo_owner(&h)? == Some(person.id) {
                return Ok(true);
            }
            Ok(tx
                .cases_with_photo(&h)?
                .iter()
                .any(|r| domain::people::can_see(&person, &r.case)))
        })
        .await
}

/// How much of a photo the server holds, as the caller may know it: a photo they may not
/// read is absent to them.
pub async fn status(state: &AppState, caller: &Caller, hash: &PhotoHash) -> Result<BlobStatus> {
    let status = state.blobs().status(hash).await?;
    if matches!(status, BlobStatus::Absent) || may_read(state, caller, hash).await? {
        return Ok(status);
    }
    // Unclaimed bytes in progress are the uploader's to resume; others see nothing.
    Ok(BlobStatus::Absent)
}

pub async fn put(
    state: &AppState,
    caller: &Caller,
    hash: PhotoHash,
    bytes: &[u8],
) -> Result<BlobReceipt> {
    let claimed = check_upload(state, caller, &hash).await?;
    let stored = state.blobs().put(&hash, bytes).await;
    let size = unclaim_after(state, caller, &hash, claimed, stored).await?;
    record(state, caller, &hash, size).await?;
    state.hint();
    Ok(BlobReceipt {
        hash,
        received: size,
        complete: true,
    })
}

/// Before `caller` starts a new unfinished upload: when they already hold as many as
/// `max_partials_per_person`, their least recently written ones are dropped to make room
/// (bounded disk per person, and a device never blocks on uploads it abandoned).
async fn make_room(state: &AppState, caller: &Caller, hash: &PhotoHash) -> Result<()> {
    let quota = state.config().max_partials_per_person.max(1);
    let partials: Vec<PhotoHash> = state
        .blobs()
        .partials()
        .await?
        .into_iter()
        .map(|(h, _)| h)
        .filter(|h| h != hash)
        .collect();
    if partials.len() < quota {
        return Ok(());
    }
    let me = caller.id();
    let mine: Vec<PhotoHash> = state
        .read(move |tx| {
            let mut mine = Vec::new();
            for h in partials {
                if tx.photo_owner(&h)? == Some(me) {
                    mine.push(h);
                }
            }
            Ok(mine)
        })
        .await?;
    let excess = (mine.len() + 1).saturating_sub(quota);
    for oldest in mine.iter().take(excess) {
        tracing::info!(photo = %oldest, person = %me, "unfinished upload dropped to make room");
        state.blobs().drop_partial(oldest).await?;
    }
    Ok(())
}

pub async fn append(
    state: &AppState,
    caller: &Caller,
    hash: PhotoHash,
    offset: u64,
    total: u64,
    bytes: &[u8],
) -> Result<BlobReceipt> {
    let claimed = check_upload(state, caller, &hash).await?;
    if offset == 0 && matches!(state.blobs().status(&hash).await?, BlobStatus::Absent) {
        make_room(state, caller, &hash).await?;
    }
    let appended = state.blobs().append(&hash, offset, total, bytes).await;
    match unclaim_after(state, caller, &hash, claimed, appended).await? {
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
    if !may_read(state, caller, hash).await? {
        return Err(Error::not_found(format!("blob {hash} is not here")));
    }
    state.blobs().read(hash).await
}
