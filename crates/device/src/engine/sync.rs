//! Sync with the server: push the outbox in capped batches until drained, upload photos by
//! content hash (HEAD, then PATCH from the server's offset, so a cut upload resumes), pull
//! until caught up (each page and its cursor in one transaction), and a background loop
//! that retries with exponential backoff and jitter and never gives up.
//!
//! Delivery is at-least-once and the effect exactly-once: an entry is frozen (`sending`)
//! before its first send and keeps its `mid`; the server answers a replay with the stored
//! outcome. A refused entry is recorded with its reason and never holds back the rest.

use std::future::Future;
use std::time::Duration;

use protocol::{
    ChangeKind, Mutation, Outcome, PullQuery, PullResponse, PushRequest, PushResponse,
    SCHEMA_VERSION, UPLOAD_LENGTH, UPLOAD_OFFSET,
};
use rand::Rng;
use reqwest::StatusCode;

use super::status::{SyncProgress, SyncReport, SyncState};
use super::{Engine, api, now_ms};
use crate::store::{Applied, OutboxState};
use crate::{Error, Result};

/// Most bytes of mutations in one push (the server's body limit is larger).
const PUSH_BYTES: usize = 256 * 1024;

/// What an entry set aside is sent as: `outbox.skip` naming what it was.
fn skip_args(name: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "reason": "too large to send (the server refused it with 413)",
    })
}

/// How many times in a row a pull may answer 410 before the cycle gives up for now.
const MAX_REBUILDS: u32 = 3;

impl Engine {
    /// Runs one sync cycle now (push, photos, pull) and returns what it did. Only one cycle
    /// runs at a time; a second caller waits for the first and then runs its own.
    pub async fn sync_now(&self) -> Result<SyncReport> {
        let _one = self.inner.cycle.lock().await;
        self.publish(|s| {
            s.state = SyncState::Syncing;
            s.reason = None;
        });
        let result = self.cycle().await;
        let _ = self.refresh_counts();
        self.publish(|s| {
            s.progress = None;
            match &result {
                Ok(_) => {
                    s.state = SyncState::Idle;
                    s.reason = None;
                    s.last_sync_at = Some(now_ms());
                }
                // Revoked during this cycle (the status said syncing when it began): the
                // status already says so, with the administrator's reason.
                Err(Error::SignedOut(_) | Error::NotSignedIn)
                    if s.state == SyncState::SignedOut => {}
                Err(e) if e.is_transient() => {
                    s.state = SyncState::Offline;
                    s.reason = Some(e.to_string());
                }
                Err(e) => {
                    s.state = SyncState::Error;
                    s.reason = Some(e.to_string());
                }
            }
        });
        result
    }

    /// Syncs in the background until `shutdown` completes: after every local write, every
    /// poll interval, and after failures with exponential backoff and jitter (never giving
    /// up; a failure also never waits for the next local write).
    pub async fn run_sync(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut failures: u32 = 0;
        loop {
            let wait = match self.sync_now().await {
                Ok(_) => {
                    failures = 0;
                    None
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    tracing::debug!("sync failed ({failures} in a row): {e}");
                    Some(self.backoff(failures))
                }
            };
            let more_queued = self.sync_status().queued > 0;
            let wait = match wait {
                Some(wait) => wait,
                None if more_queued => Duration::ZERO,
                None => self.config().poll_interval,
            };
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(wait) => {}
                // A local write or `nudge()` (network back) tries at once, even in backoff.
                () = self.inner.nudge.notified() => {}
            }
        }
    }

    /// Wakes the background loop (e.g. when the network comes back).
    pub fn nudge(&self) {
        self.inner.nudge.notify_one();
    }

    /// Full jitter over an exponential ceiling: uniform in [min, min·2^failures], capped.
    fn backoff(&self, failures: u32) -> Duration {
        let min = self.config().backoff_min.as_millis() as u64;
        let max = self.config().backoff_max.as_millis() as u64;
        let ceiling = min
            .saturating_mul(1u64 << failures.min(20))
            .min(max)
            .max(min);
        Duration::from_millis(rand::rng().random_range(min..=ceiling))
    }

    async fn cycle(&self) -> Result<SyncReport> {
        self.session()?;
        let sent_before = self.bytes_sent();
        let mut report = SyncReport::default();
        self.push_all(&mut report).await?;
        self.upload_photos(&mut report).await?;
        self.pull_all(&mut report).await?;
        // Work captured during the cycle goes out in the same cycle.
        if self.store().outbox_pending_count()? > 0 {
            self.push_all(&mut report).await?;
            self.upload_photos(&mut report).await?;
        }
        report.bytes_sent = self.bytes_sent().saturating_sub(sent_before);
        Ok(report)
    }

    /// Pushes the outbox in batches (capped by count and by bytes) until nothing is
    /// pending. A batch the server refuses as too large is halved; a single entry it
    /// refuses as too large is set aside (sent as `outbox.skip`, recorded as rejected with
    /// the reason), so it never blocks the rest of the outbox or the pull.
    async fn push_all(&self, report: &mut SyncReport) -> Result<()> {
        let configured = i64::try_from(self.config().push_batch.max(1)).unwrap_or(100);
        let mut batch_size = configured;
        let total = self.store().outbox_pending_count()?.max(0) as u64;
        let mut done = 0u64;
        let mut set_aside: Vec<i64> = Vec::new();
        loop {
            let session = self.session()?;
            let batch = self
                .blocking(move |engine| {
                    let mut store = engine.store();
                    let mut batch = store.outbox_pending(batch_size)?;
                    let mut bytes = 0usize;
                    let fits = batch
                        .iter()
                        .take_while(|e| {
                            bytes += e.name.len() + e.args.to_string().len() + 64;
                            bytes <= PUSH_BYTES
                        })
                        .count();
                    batch.truncate(fits.max(1));
                    if let Some(last) = batch.last() {
                        // Frozen from now on: a retry sends exactly these bytes again.
                        store.outbox_mark_sending(last.mid, now_ms())?;
                    }
                    Ok(batch)
                })
                .await?;
            let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
                return Ok(());
            };
            let (first, last) = (first.mid, last.mid);
            self.publish(|s| {
                s.progress = Some(SyncProgress {
                    items_done: done,
                    items_total: total.max(done + batch.len() as u64),
                    ..SyncProgress::default()
                });
            });
            let request = PushRequest {
                device_id: session.device_id,
                schema: SCHEMA_VERSION,
                mutations: batch
                    .iter()
                    .map(|e| Mutation {
                        mid: u64::try_from(e.mid - session.mid_base).unwrap_or(0),
                        name: if set_aside.contains(&e.mid) {
                            "outbox.skip".into()
                        } else {
                            e.name.clone()
                        },
                        args: if set_aside.contains(&e.mid) {
                            skip_args(&e.name)
                        } else {
                            e.args.clone()
                        },
                        at: e.created_at,
                    })
                    .collect(),
            };
            let response = match self
                .authed("push", &[], |client, server, token| {
                    client
                        .post(format!("{server}/v1/push"))
                        .bearer_auth(token)
                        .json(&request)
                })
                .await
            {
                // Too large for the server: smaller batches, and an entry too large on its
                // own goes as a skip. Nothing was applied, so nothing frozen was sent.
                Err(Error::Server { status: 413, .. }) if batch.len() > 1 => {
                    batch_size = (batch.len() as i64 / 2).max(1);
                    continue;
                }
                Err(Error::Server { status: 413, .. }) if !set_aside.contains(&first) => {
                    tracing::warn!(
                        mid = first,
                        "an outbox entry is too large to send: set aside"
                    );
                    set_aside.push(first);
                    continue;
                }
                other => other?,
            };
            batch_size = configured;
            let answer: PushResponse = api::json(response).await?;
            let base = session.mid_base;
            let last_mid = i64::try_from(answer.last_mid)
                .unwrap_or(i64::MAX)
                .saturating_add(base);
            let mut outcomes = Vec::with_capacity(batch.len());
            for result in &answer.results {
                let mid = i64::try_from(result.mid).unwrap_or(0) + base;
                let state = match result.outcome {
                    Outcome::Applied => OutboxState::Applied,
                    Outcome::Rejected => OutboxState::Rejected,
                    Outcome::Conflict => OutboxState::Conflict,
                };
                match result.outcome {
                    Outcome::Applied => report.applied += 1,
                    Outcome::Rejected => report.rejected += 1,
                    Outcome::Conflict => report.conflicts += 1,
                }
                outcomes.push((mid, state, result.reason.clone()));
            }
            // Entries the server has processed without listing an outcome are done.
            for entry in &batch {
                if entry.mid <= last_mid && !outcomes.iter().any(|(m, _, _)| *m == entry.mid) {
                    outcomes.push((entry.mid, OutboxState::Applied, None));
                    report.applied += 1;
                }
            }
            let recorded = outcomes.clone();
            self.blocking(move |engine| engine.store().outbox_record(&recorded, now_ms()))
                .await?;
            let progressed = outcomes
                .iter()
                .filter(|(m, _, _)| (first..=last).contains(m))
                .count();
            report.pushed += progressed as u64;
            done += progressed as u64;
            if progressed == 0 && last_mid < first - 1 {
                // The server holds less of this device's work than it once confirmed (it
                // was restored from a backup): what it lost goes out again.
                let rewound = self
                    .blocking(move |engine| engine.store().outbox_rewind(last_mid))
                    .await?;
                if rewound > 0 {
                    tracing::warn!(
                        rewound,
                        held = answer.last_mid,
                        "the server lost work of this device: sending it again"
                    );
                    continue;
                }
            }
            if progressed == 0 {
                // The server processed none of the batch: it expects a mid this device no
                // longer holds, or it is in trouble. Retried later; nothing is dropped.
                return Err(Error::Server {
                    status: 503,
                    code: "push_stalled".into(),
                    message: format!(
                        "the server took none of mutations {first}..={last} (it has up to {})",
                        answer.last_mid
                    ),
                });
            }
            let _ = self.refresh_counts();
        }
    }

    /// Uploads every photo the outbox refers to that the server lacks, resuming partial
    /// uploads from the offset the server reports.
    async fn upload_photos(&self, report: &mut SyncReport) -> Result<()> {
        let todo = self.store().photos_to_upload()?;
        let bytes_total: u64 = todo.iter().map(|(_, b)| *b).sum();
        let items_total = todo.len() as u64;
        let mut bytes_done = 0u64;
        for (index, (sha, len)) in todo.iter().enumerate() {
            self.publish(|s| {
                s.progress = Some(SyncProgress {
                    items_done: index as u64,
                    items_total,
                    bytes_done,
                    bytes_total,
                });
            });
            let sent = match self.upload_photo(sha, *len).await {
                // Refused for what it is, not for the moment: set aside, the rest goes on.
                Err(Error::Server {
                    status: status @ (400 | 403 | 413 | 422),
                    message,
                    ..
                }) => {
                    tracing::warn!(%sha, status, %message, "photo refused by the server: set aside");
                    let aside = sha.clone();
                    self.blocking(move |engine| engine.store().photo_set_aside(&aside))
                        .await?;
                    continue;
                }
                other => other?,
            };
            let done = sha.clone();
            self.blocking(move |engine| engine.store().mark_uploaded(&done))
                .await?;
            report.photos_uploaded += 1;
            report.photo_bytes += sent;
            bytes_done += len;
            if index % 25 == 24 {
                let _ = self.refresh_counts();
            }
        }
        Ok(())
    }

    /// Uploads one photo; returns the bytes sent (0 when the server had it).
    async fn upload_photo(&self, sha: &str, len: u64) -> Result<u64> {
        let mut offset = self.blob_offset(sha, len).await?;
        if offset >= len {
            return Ok(0);
        }
        let name = sha.to_string();
        let bytes = self
            .blocking(move |engine| engine.store().read_blob(&name))
            .await?;
        if bytes.len() as u64 != len {
            return Err(Error::Corrupt(format!(
                "photo {sha} has {} bytes on disk, {len} recorded",
                bytes.len()
            )));
        }
        let chunk = self.config().upload_chunk.max(1) as u64;
        let mut sent = 0u64;
        let mut conflicts = 0;
        while offset < len {
            let end = (offset + chunk).min(len);
            let part = bytes[offset as usize..end as usize].to_vec();
            let response = self
                .authed(
                    "blob_patch",
                    &[StatusCode::CONFLICT],
                    |client, server, token| {
                        client
                            .patch(format!("{server}/v1/blobs/{sha}"))
                            .bearer_auth(token)
                            .header(UPLOAD_OFFSET, offset.to_string())
                            .header(UPLOAD_LENGTH, len.to_string())
                            .header(
                                reqwest::header::CONTENT_TYPE,
                                "application/offset+octet-stream",
                            )
                            .body(part.clone())
                    },
                )
                .await?;
            if response.status() == StatusCode::CONFLICT {
                // The server holds a different amount than we thought: ask again.
                conflicts += 1;
                if conflicts > 3 {
                    return Err(Error::Server {
                        status: 409,
                        code: "offset_mismatch".into(),
                        message: format!("upload of photo {sha} keeps disagreeing on offset"),
                    });
                }
                offset = self.blob_offset(sha, len).await?;
                continue;
            }
            sent += end - offset;
            offset = header_u64(&response, UPLOAD_OFFSET).unwrap_or(end);
        }
        Ok(sent)
    }

    /// Whether the server holds the whole photo (for "evidence pending" and checks).
    pub async fn server_has_photo(&self, sha256: &domain::PhotoHash) -> Result<bool> {
        let sha256 = sha256.as_str();
        let len = self.store().photo(sha256)?.map_or(u64::MAX, |p| p.bytes);
        Ok(self.blob_offset(sha256, len).await? >= len)
    }

    /// How many bytes of a blob the server holds (`len` when it is complete): HEAD answers
    /// 200 when complete, 404 with `upload-offset` when absent or partial.
    async fn blob_offset(&self, sha: &str, len: u64) -> Result<u64> {
        let response = self
            .authed(
                "blob_head",
                &[StatusCode::NOT_FOUND],
                |client, server, token| {
                    client
                        .head(format!("{server}/v1/blobs/{sha}"))
                        .bearer_auth(token)
                },
            )
            .await?;
        let offset = header_u64(&response, UPLOAD_OFFSET);
        Ok(match response.status() {
            StatusCode::NOT_FOUND => offset.unwrap_or(0).min(len),
            _ => len,
        })
    }

    /// Pulls pages until the server has nothing more; a 410 rebuilds the server copy from
    /// the start, keeping the outbox, captured reports and photos.
    async fn pull_all(&self, report: &mut SyncReport) -> Result<()> {
        let limit = self.config().pull_limit;
        let mut rebuilds = 0;
        loop {
            let cursor = self.store().pull_cursor()?;
            let query = PullQuery {
                cursor,
                limit: Some(limit),
            };
            let response = self
                .authed("pull", &[StatusCode::GONE], |client, server, token| {
                    client
                        .get(format!("{server}/v1/pull"))
                        .bearer_auth(token)
                        .query(&query)
                })
                .await?;
            if response.status() == StatusCode::GONE {
                rebuilds += 1;
                if rebuilds > MAX_REBUILDS {
                    return Err(Error::Server {
                        status: 410,
                        code: "cursor_gone".into(),
                        message: "the server keeps refusing the pull cursor".into(),
                    });
                }
                tracing::info!("pull cursor {cursor} is gone; rebuilding the server copy");
                self.blocking(|engine| engine.store().reset_server_copy())
                    .await?;
                self.grids_changed();
                continue;
            }
            let page: PullResponse = api::json(response).await?;
            let page = std::sync::Arc::new(page);
            let applying = page.clone();
            self.blocking(move |engine| {
                let applied: Vec<Applied<'_>> = applying
                    .changes
                    .iter()
                    .map(|c| Applied {
                        seq: i64::try_from(c.seq).unwrap_or(i64::MAX),
                        entity: c.entity.as_str(),
                        id: &c.id,
                        data: match c.kind {
                            ChangeKind::Put => c.data.as_ref(),
                            ChangeKind::Remove => None,
                        },
                    })
                    .collect();
                engine.store().apply_page(&applied, applying.cursor)
            })
            .await?;
            report.pulled += page.changes.len() as u64;
            if page
                .changes
                .iter()
                .any(|c| c.entity == protocol::EntityKind::Grid)
            {
                self.grids_changed();
            }
            if !page.has_more || page.cursor <= cursor && page.changes.is_empty() {
                return Ok(());
            }
        }
    }
}

fn header_u64(response: &reqwest::Response, name: &str) -> Option<u64> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_failures_stays_within_bounds_and_jitters() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let (min, max) = (engine.config().backoff_min, engine.config().backoff_max);
        for failures in 1..64 {
            for _ in 0..20 {
                let wait = engine.backoff(failures);
                assert!(wait >= min && wait <= max, "{failures}: {wait:?}");
            }
        }
        assert!(
            (0..50).all(|_| engine.backoff(1) <= min * 2),
            "one failure waits little"
        );
        let late: std::collections::HashSet<Duration> =
            (0..50).map(|_| engine.backoff(30)).collect();
        assert!(late.len() > 10, "waits are spread by jitter: {late:?}");
        assert!(late.iter().any(|w| *w > max / 2), "many failures wait long");
    }
}
