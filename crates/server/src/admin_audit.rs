//! The administrators' audit log, read by administrators a page at a time, newest first.
//! (Entries are written by the services that change things, in their own transactions.)

use protocol::{AdminAuditQuery, AdminAuditView};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;

/// Largest page.
pub const MAX_PAGE: u32 = 500;

/// A page of the log older than `q.before`.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    q: AdminAuditQuery,
) -> Result<Vec<AdminAuditView>> {
    caller.require_admin()?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(Error::bad_request(
            "bad_limit",
            format!("limit is 1 to {MAX_PAGE}"),
        ));
    }
    let entries = state
        .read(move |tx| tx.admin_audit_page(q.before, limit))
        .await?;
    Ok(entries
        .into_iter()
        .map(|e| AdminAuditView {
            id: e.id,
            at: e.at,
            username: e.username,
            action: e.action,
            subject: e.subject,
            before: e.before,
            after: e.after,
        })
        .collect())
}
