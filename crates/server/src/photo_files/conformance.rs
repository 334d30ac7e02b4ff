//! Behaviour every [`PhotoStore`] must show, written against it only: the local folder,
//! an in-memory object store and a real S3-compatible server (`s3s-fs`) each run it
//! (`tests.rs`). It is given two handles on the same place (one folder, one bucket), as
//! two replicas would hold, and a store that takes blobs of at most [`MAX`] bytes.

use std::time::Duration;

use protocol::PhotoHash;

use super::{BlobStatus, PhotoStore, hash_bytes};
use crate::clock::{Clock, ManualClock, SystemClock};

/// The largest blob the stores under test take.
pub const MAX: u64 = 1000;

fn bytes(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(7) ^ seed).collect()
}

fn hash(b: &[u8]) -> PhotoHash {
    hash_bytes(b).unwrap()
}

/// File times have a coarse grain: uploads started apart are apart on every clock.
async fn tick(clock: &ManualClock) {
    tokio::time::sleep(Duration::from_millis(30)).await;
    clock.advance_secs(1);
}

/// Runs every check on two handles of one empty store.
pub async fn check(a: &PhotoStore, b: &PhotoStore, clock: &ManualClock) {
    resumable_upload_through_either_handle(a, b).await;
    hash_mismatch_drops_the_bytes(a).await;
    size_limit(a).await;
    whole_put(a, b).await;
    partials_listed_dropped_and_purged(a, b, clock).await;
    orphans_removed_unless_newer(a).await;
}

/// Parts append at the offset the store holds, a stale offset or bytes past the declared
/// length are refused, and the upload started through one handle finishes through the other.
async fn resumable_upload_through_either_handle(a: &PhotoStore, b: &PhotoStore) {
    let data = bytes(300, 1);
    let h = hash(&data);
    assert_eq!(a.status(&h).await.unwrap(), BlobStatus::Absent);
    assert_eq!(
        a.append(&h, 0, 300, &data[..100]).await.unwrap(),
        BlobStatus::Partial(100)
    );
    let err = a.append(&h, 50, 300, &data[50..]).await.unwrap_err();
    assert_eq!(err.code(), "offset_mismatch");
    let err = a.append(&h, 0, 300, &data[..100]).await.unwrap_err();
    assert_eq!(err.code(), "offset_mismatch", "a part sent again");
    let err = b.append(&h, 100, 150, &data[100..200]).await.unwrap_err();
    assert_eq!(err.code(), "past_end");
    assert_eq!(b.status(&h).await.unwrap(), BlobStatus::Partial(100));
    assert_eq!(
        b.append(&h, 100, 300, &data[100..200]).await.unwrap(),
        BlobStatus::Partial(200)
    );
    assert_eq!(a.status(&h).await.unwrap(), BlobStatus::Partial(200));
    assert_eq!(
        a.append(&h, 200, 300, &data[200..]).await.unwrap(),
        BlobStatus::Complete(300)
    );
    assert_eq!(b.status(&h).await.unwrap(), BlobStatus::Complete(300));
    assert_eq!(b.read(&h).await.unwrap(), data);
    assert!(
        !a.partials().await.unwrap().iter().any(|(p, _)| p == &h),
        "a finished upload is no partial"
    );
    // Appending to a complete blob changes nothing.
    assert_eq!(
        b.append(&h, 0, 300, &data[..10]).await.unwrap(),
        BlobStatus::Complete(300)
    );
    assert_eq!(a.read(&h).await.unwrap(), data);
}

/// Bytes that do not hash to their name are refused, whole or at the last part, and leave
/// nothing behind.
async fn hash_mismatch_drops_the_bytes(a: &PhotoStore) {
    let data = bytes(200, 2);
    let wrong = hash(b"another photo");
    let err = a.put(&wrong, &data).await.unwrap_err();
    assert_eq!(err.code(), "hash_mismatch");
    assert_eq!(a.status(&wrong).await.unwrap(), BlobStatus::Absent);

    a.append(&wrong, 0, 200, &data[..120]).await.unwrap();
    let err = a.append(&wrong, 120, 200, &data[120..]).await.unwrap_err();
    assert_eq!(err.code(), "hash_mismatch");
    assert_eq!(a.status(&wrong).await.unwrap(), BlobStatus::Absent);
    let err = a.read(&wrong).await.unwrap_err();
    assert_eq!(err.code(), "not_found");
    // Mismatching in a single part too.
    let err = a.append(&wrong, 0, 200, &data).await.unwrap_err();
    assert_eq!(err.code(), "hash_mismatch");
    assert_eq!(a.status(&wrong).await.unwrap(), BlobStatus::Absent);
}

/// Nothing larger than the limit is taken, whole or declared.
async fn size_limit(a: &PhotoStore) {
    let big = bytes(MAX as usize + 1, 3);
    let h = hash(&big);
    assert_eq!(a.put(&h, &big).await.unwrap_err().code(), "too_large");
    let err = a.append(&h, 0, MAX + 1, &big[..10]).await.unwrap_err();
    assert_eq!(err.code(), "too_large");
    assert_eq!(a.status(&h).await.unwrap(), BlobStatus::Absent);
    let exact = bytes(MAX as usize, 3);
    assert_eq!(a.put(&hash(&exact), &exact).await.unwrap(), MAX);
}

/// A whole upload is stored at once, again is a no-op, and replaces an unfinished one.
async fn whole_put(a: &PhotoStore, b: &PhotoStore) {
    let data = bytes(500, 4);
    let h = hash(&data);
    a.append(&h, 0, 500, &data[..100]).await.unwrap();
    assert_eq!(b.put(&h, &data).await.unwrap(), 500);
    assert_eq!(a.status(&h).await.unwrap(), BlobStatus::Complete(500));
    assert!(!a.partials().await.unwrap().iter().any(|(p, _)| p == &h));
    assert_eq!(a.put(&h, &data).await.unwrap(), 500, "already there");
    assert_eq!(a.read(&h).await.unwrap(), data);
    let empty: &[u8] = &[];
    assert_eq!(a.put(&hash(empty), empty).await.unwrap(), 0);
    assert_eq!(a.read(&hash(empty)).await.unwrap(), empty);
}

/// Unfinished uploads are listed oldest first, one can be dropped, and the stale ones go.
/// The times compared are the ones the store lists: the local folder's are its files'
/// (the system clock), the object store's the server clock's when each part arrived.
async fn partials_listed_dropped_and_purged(a: &PhotoStore, b: &PhotoStore, clock: &ManualClock) {
    let uploads: Vec<Vec<u8>> = (0..3).map(|n| bytes(400, 10 + n)).collect();
    let hashes: Vec<PhotoHash> = uploads.iter().map(|u| hash(u)).collect();
    for (u, h) in uploads.iter().zip(&hashes) {
        tick(clock).await;
        a.append(h, 0, 400, &u[..100]).await.unwrap();
    }
    // The first one grows later, so it is the most recently written.
    tick(clock).await;
    b.append(&hashes[0], 100, 400, &uploads[0][100..200])
        .await
        .unwrap();
    let listed = b.partials().await.unwrap();
    let order: Vec<&PhotoHash> = listed.iter().map(|(h, _)| h).collect();
    assert_eq!(order, [&hashes[1], &hashes[2], &hashes[0]], "oldest first");
    b.drop_partial(&hashes[2]).await.unwrap();
    assert_eq!(a.status(&hashes[2]).await.unwrap(), BlobStatus::Absent);
    b.drop_partial(&hashes[2]).await.unwrap();

    let (older, newer) = (listed[0].1, listed[2].1);
    assert!(older < newer, "{older} < {newer}");
    let window = 10_000;
    assert_eq!(
        a.purge_stale_partials(older + window, window)
            .await
            .unwrap(),
        0,
        "nothing is stale within the window"
    );
    assert_eq!(
        a.purge_stale_partials(newer + window, window)
            .await
            .unwrap(),
        1
    );
    assert_eq!(a.status(&hashes[1]).await.unwrap(), BlobStatus::Absent);
    assert_eq!(
        b.status(&hashes[0]).await.unwrap(),
        BlobStatus::Partial(200)
    );
    assert_eq!(
        b.purge_stale_partials(newer + window + 1, window)
            .await
            .unwrap(),
        1
    );
    assert!(a.partials().await.unwrap().is_empty());
}

/// A blob written before the cutoff is removed; one written since (a new upload of the same
/// photo) stays. A blob's time is the store's own (the system clock here; an object
/// store's in whole seconds).
async fn orphans_removed_unless_newer(a: &PhotoStore) {
    let data = bytes(250, 5);
    let h = hash(&data);
    let before_put = SystemClock.now_ms();
    a.put(&h, &data).await.unwrap();
    assert!(
        !a.remove_older(&h, before_put - 60_000).await.unwrap(),
        "newer: kept"
    );
    assert_eq!(a.status(&h).await.unwrap(), BlobStatus::Complete(250));
    assert!(
        a.remove_older(&h, SystemClock.now_ms() + 1_000)
            .await
            .unwrap()
    );
    assert_eq!(a.status(&h).await.unwrap(), BlobStatus::Absent);
    assert!(
        !a.remove_older(&h, SystemClock.now_ms() + 1_000)
            .await
            .unwrap(),
        "gone"
    );
}
