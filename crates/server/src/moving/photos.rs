//! The photos of a move: every complete photo of the district's folder written to the new
//! photo store (nothing to write when that is the same folder), then read back from it and
//! hashed, each to equal its name. A photo the database records but the folder lacks, or a
//! file that does not hash to its name, is a problem of the report; an unfinished upload is
//! not carried (its phone sends it again from the start).

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use protocol::PhotoHash;

use crate::error::Result;
use crate::photo_files::{BlobStatus, LocalBlobs, PhotoStore, hash_bytes};

/// Photos written and read back at once (object stores answer each request slowly, and
/// in parallel well).
const AT_ONCE: usize = 8;

/// What the photos' part of a move did and found.
#[derive(Debug, Clone, Default)]
pub struct PhotoCopy {
    /// Complete photos in the source folder.
    pub files: u64,
    /// Written to the target.
    pub copied: u64,
    /// The target held them already (the same folder, or a move run again).
    pub already_there: u64,
    /// Read back from the target and hashed to their names.
    pub verified: u64,
    pub bytes: u64,
    /// Uploads in progress in the source folder, not carried.
    pub unfinished_uploads: u64,
    pub problems: Vec<String>,
    pub time: Duration,
}

/// How one photo went: its size, whether the target had it, and a problem if any.
struct One {
    size: u64,
    already: bool,
    copied: bool,
    problem: Option<String>,
}

async fn one(
    source: &LocalBlobs,
    target: &PhotoStore,
    hash: &PhotoHash,
    in_place: bool,
) -> Result<One> {
    let bytes = source.read(hash).await?;
    let size = bytes.len() as u64;
    let actual = hash_bytes(&bytes)?;
    if &actual != hash {
        return Ok(One {
            size,
            already: false,
            copied: false,
            problem: Some(format!(
                "photo {hash} in the source folder hashes to {actual}: not copied"
            )),
        });
    }
    let already = matches!(target.status(hash).await?, BlobStatus::Complete(_));
    let copied = !already && !in_place;
    if copied {
        target.put(hash, &bytes).await?;
    }
    drop(bytes);
    let back = match target.read(hash).await {
        Ok(back) => back,
        Err(e) => {
            return Ok(One {
                size,
                already,
                copied,
                problem: Some(format!(
                    "photo {hash} cannot be read back from the target: {e}"
                )),
            });
        }
    };
    let again = hash_bytes(&back)?;
    let problem = (&again != hash)
        .then(|| format!("photo {hash} read back from the target hashes to {again}"));
    Ok(One {
        size,
        already,
        copied,
        problem,
    })
}

/// Copies every complete photo of `source` into `target` (`in_place`: they are the same
/// folder, so only reads back) and checks that each photo the database records
/// (`recorded`) was among them.
pub async fn copy(
    source: &LocalBlobs,
    target: &PhotoStore,
    in_place: bool,
    recorded: &[String],
) -> Result<PhotoCopy> {
    let started = Instant::now();
    let files = source.complete().await?;
    let mut report = PhotoCopy {
        files: files.len() as u64,
        unfinished_uploads: source.partials().await?.len() as u64,
        ..PhotoCopy::default()
    };
    let mut done = futures_util::stream::iter(files.iter())
        .map(|hash| async move { (hash, one(source, target, hash, in_place).await) })
        .buffer_unordered(AT_ONCE);
    while let Some((hash, outcome)) = done.next().await {
        let outcome =
            outcome.map_err(|e| crate::error::Error::Storage(format!("photo {hash}: {e}")))?;
        report.bytes += outcome.size;
        report.already_there += u64::from(outcome.already);
        report.copied += u64::from(outcome.copied);
        match outcome.problem {
            Some(p) => report.problems.push(p),
            None => report.verified += 1,
        }
    }
    drop(done);
    let present: std::collections::BTreeSet<&str> = files.iter().map(|h| h.as_str()).collect();
    for hash in recorded.iter().filter(|h| !present.contains(h.as_str())) {
        report.problems.push(format!(
            "photo {hash} is recorded in the database but missing from the source folder"
        ));
    }
    report.problems.sort();
    report.time = started.elapsed();
    Ok(report)
}
