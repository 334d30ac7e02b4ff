//! The periodic maintenance step, on the server clock: the case loop's deadline sweep,
//! compaction of the change log and of old mutation outcomes past the retention window,
//! expired session tokens, photo uploads nobody finished, and photos no case holds.

use std::time::Duration;

use crate::error::Result;
use crate::state::AppState;
use crate::store::Tx;

/// One maintenance step in one transaction. Returns how many cases escalated.
pub fn step(tx: &mut dyn Tx, state: &AppState) -> Result<usize> {
    let changed = crate::caseloop::escalate_overdue(tx, state)?;
    let now = state.now().millis();
    let retention =
        i64::try_from(state.config().change_retention_secs).unwrap_or(i64::MAX / 2000) * 1000;
    tx.changes_compact(now.saturating_sub(retention))?;
    tx.mutations_compact(now.saturating_sub(retention))?;
    tx.tokens_purge_expired(now)?;
    tx.sign_in_failures_purge(now.saturating_sub(crate::sign_in_throttle::FORGET_MS))?;
    Ok(changed)
}

/// Runs the maintenance step every `sweep_interval_secs` until the service stops, on the
/// replica that leads (see [`sweep_if_leader`]).
pub(crate) async fn every_interval(state: AppState) {
    let every = Duration::from_secs(state.config().sweep_interval_secs.max(1));
    let mut stopped = std::pin::pin!(state.stopped());
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = &mut stopped => return,
        }
        match sweep_if_leader(&state).await {
            Ok(None | Some(0)) => {}
            Ok(Some(n)) => tracing::info!(cases = n, "deadline sweep escalated cases"),
            Err(e) => tracing::error!(error = %e, "maintenance step failed"),
        }
    }
}

/// Runs the maintenance step if this replica leads: always with a store of its own; on
/// PostgreSQL only the holder of the sweep lock, so exactly one replica sweeps at a time
/// and another takes over within an interval of a leader's end. `None` when another leads.
///
/// Two sweeps at once would still escalate each case once: the step runs in one write
/// transaction (writers take turns across replicas) that reads the open cases after the
/// previous one committed, and a case escalates only to a level above its stored one.
pub async fn sweep_if_leader(state: &AppState) -> Result<Option<usize>> {
    if !state.leads().await? {
        return Ok(None);
    }
    sweep_now(state).await.map(Some)
}

/// Runs the maintenance step once (the background task calls this on the server clock);
/// devices are told to pull when cases escalated.
pub async fn sweep_now(state: &AppState) -> Result<usize> {
    let st = state.clone();
    let n = state.write(move |tx| step(tx, &st)).await?;
    let max_age =
        i64::try_from(state.config().partial_retention_secs).unwrap_or(i64::MAX / 2000) * 1000;
    let dropped = state
        .blobs()
        .purge_stale_partials(state.now_ms(), max_age)
        .await?;
    if dropped > 0 {
        tracing::info!(uploads = dropped, "dropped unfinished photo uploads");
    }
    let deleted = delete_orphans(state).await?;
    if deleted > 0 {
        tracing::info!(photos = deleted, "deleted photos no case holds");
    }
    if n > 0 {
        state.hint();
    }
    Ok(n)
}

/// Deletes photos no case holds, recorded more than `orphan_retention_secs` ago: their rows
/// first (so no row ever names a missing file), then their files. Returns how many.
async fn delete_orphans(state: &AppState) -> Result<u64> {
    let retention =
        i64::try_from(state.config().orphan_retention_secs).unwrap_or(i64::MAX / 2000) * 1000;
    let before = state.now_ms().saturating_sub(retention);
    let mut deleted = 0;
    loop {
        let gone = state
            .write(move |tx| {
                let hashes = tx.blobs_orphaned(before, 500)?;
                for h in &hashes {
                    tx.blob_forget(h)?;
                }
                Ok(hashes)
            })
            .await?;
        for h in &gone {
            // A file written since the cutoff is a new upload of the same photo: kept.
            state.blobs().remove_older(h, before).await?;
        }
        deleted += gone.len() as u64;
        if gone.len() < 500 {
            return Ok(deleted);
        }
    }
}
