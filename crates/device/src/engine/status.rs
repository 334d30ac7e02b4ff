//! What the UI shows of sync: state (idle, syncing, offline, error with reason, signed out
//! with the administrator's reason), the queue,
//! progress in items and bytes, and mutations the server refused with their reasons.
//! Published on a watch channel: [`Engine::subscribe`] gets every change.

use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use ts_rs::TS;

use super::Engine;
use crate::Result;

/// Where sync stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    #[default]
    Idle,
    Syncing,
    /// The server cannot be reached; the background loop keeps trying.
    Offline,
    /// Something other than the network is wrong (`reason` says what); still retried.
    Error,
    /// The session ended: an administrator revoked this device, which wiped its copy of the
    /// server (`reason` is theirs). Nothing syncs until someone signs in again.
    SignedOut,
}

/// Items and bytes of the current cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    pub items_done: u64,
    pub items_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// A mutation the server refused (or kept as a conflict), with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RejectedItem {
    pub mid: i64,
    pub name: String,
    pub reason: String,
    /// When the device queued it, unix ms.
    pub at: i64,
}

/// Where sync stands: what is queued, what is moving, what the server refused.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub state: SyncState,
    pub reason: Option<String>,
    /// Outbox entries not yet applied by the server.
    pub queued: u64,
    /// Photos not yet uploaded, and their bytes.
    pub queued_photos: u64,
    pub queued_bytes: u64,
    /// Photos the server refused every time (e.g. larger than it takes), set aside so the
    /// rest of the sync goes on.
    pub photos_refused: u64,
    pub progress: Option<SyncProgress>,
    pub last_sync_at: Option<i64>,
    pub rejected: Vec<RejectedItem>,
}

/// What one sync cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub applied: u64,
    pub rejected: u64,
    pub conflicts: u64,
    pub photos_uploaded: u64,
    pub photo_bytes: u64,
    pub pulled: u64,
    /// Request bodies sent during the cycle (JSON and photo bytes).
    pub bytes_sent: u64,
}

/// How many refused entries the status lists (the newest).
const REJECTED_SHOWN: usize = 50;

impl Engine {
    /// The current sync status.
    pub fn sync_status(&self) -> SyncStatus {
        self.inner.status.borrow().clone()
    }

    /// A receiver that sees every change of the sync status (for `sync://status` events).
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.inner.status.subscribe()
    }

    pub(crate) fn publish(&self, f: impl FnOnce(&mut SyncStatus)) {
        self.inner.status.send_modify(f);
    }

    /// Recounts the queue and the refused entries from the store.
    pub(crate) fn refresh_counts(&self) -> Result<()> {
        let (queued, photos, rejected, refused) = {
            let store = self.store();
            let queued = store.outbox_pending_count()?;
            let photos = store.photos_to_upload()?;
            let rejected = store.outbox_rejected(i64::MAX)?;
            (queued, photos, rejected, store.photos_refused()?)
        };
        let shown = rejected
            .iter()
            .rev()
            .take(REJECTED_SHOWN)
            .rev()
            .map(|e| RejectedItem {
                mid: e.mid,
                name: e.name.clone(),
                reason: e.reason.clone().unwrap_or_default(),
                at: e.created_at,
            })
            .collect();
        self.publish(|s| {
            s.queued = u64::try_from(queued).unwrap_or(0);
            s.queued_photos = photos.len() as u64;
            s.queued_bytes = photos.iter().map(|(_, b)| *b).sum();
            s.photos_refused = refused;
            s.rejected = shown;
        });
        Ok(())
    }
}
