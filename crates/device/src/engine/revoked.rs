//! A revoked phone (lost, or its person deactivated): at its next contact it hands the work
//! it could not send to the server (recorded for the administrator, answered rejected with
//! the reason), then forgets its copy of the server, the photos no unsent work needs and its
//! session, and keeps the reason for the sign-in screen. The sync status says
//! [`SyncState::SignedOut`] with the reason at once, so the UI shows the sign-in screen.

use protocol::{Mutation, PushResponse, RevokedPush};

use super::session::Session;
use super::{Engine, SyncState};
use crate::store::OutboxState;
use crate::{Error, Result};

/// Why the last session ended, for the sign-in screen.
pub(crate) const ENDED: &str = "session.ended";

impl Engine {
    /// Handles the server's word that this device is revoked; the error to return.
    pub(crate) async fn revoked(&self, session: &Session, reason: String) -> Error {
        if let Err(e) = self.hand_in(session).await {
            // The work stays pending on the phone; it goes out after the next sign-in.
            tracing::warn!(error = %e, "a revoked device could not hand in its unsent work");
        }
        if let Err(e) = self.forget_revoked(&reason) {
            tracing::error!(error = %e, "a revoked device could not forget its data");
        }
        // The session is over on the server whether or not the wipe went through.
        self.publish(|s| {
            s.state = SyncState::SignedOut;
            s.reason = Some(reason.clone());
            s.progress = None;
        });
        Error::SignedOut(reason)
    }

    /// Sends the pending outbox to `/v1/push/revoked` and records the rejections.
    async fn hand_in(&self, session: &Session) -> Result<()> {
        let pending = self.store().outbox_pending(i64::MAX)?;
        if pending.is_empty() {
            return Ok(());
        }
        let mutations: Vec<Mutation> = pending
            .iter()
            .map(|e| Mutation {
                mid: u64::try_from(e.mid).unwrap_or(0),
                name: e.name.clone(),
                args: e.args.clone(),
                at: e.created_at,
            })
            .collect();
        let body = RevokedPush {
            refresh_token: self.refresh_token()?,
            mutations,
        };
        let request = self
            .inner
            .http
            .post(format!("{}/v1/push/revoked", session.server))
            .json(&body);
        let response = self.send("push/revoked", request).await?;
        let answer: PushResponse = super::api::json(super::api::check(response).await?).await?;
        let outcomes: Vec<_> = answer
            .results
            .into_iter()
            .map(|r| {
                let mid = i64::try_from(r.mid).unwrap_or(i64::MAX);
                (mid, OutboxState::Rejected, r.reason)
            })
            .collect();
        self.store().outbox_record(&outcomes, super::now_ms())?;
        Ok(())
    }

    /// Forgets the server copy, the photos no unsent work needs and the session.
    fn forget_revoked(&self, reason: &str) -> Result<()> {
        let removed = self.store().wipe_after_revocation()?;
        self.logout()?;
        self.store().set_meta(ENDED, reason)?;
        tracing::warn!(
            removed,
            "this device was revoked: its copy of the server is gone"
        );
        self.wrote()
    }

    /// Why the last session ended (a revoked device), for the sign-in screen.
    pub fn session_ended_reason(&self) -> Result<Option<String>> {
        Ok(self.store().meta(ENDED)?.filter(|r| !r.is_empty()))
    }
}
