//! The devices service: the administrators' list of signed-in devices, revoking one (an
//! administrator any, anyone their own; written to the admin audit log), and a revoked
//! phone's last word: the work it
//! could not send, recorded for the administrator and answered rejected.

use domain::Role;
use protocol::{DeviceId, DeviceView, MutationResult, Outcome, PushResponse, Revoke, RevokedPush};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;

/// Every device with its person's user name (administrators).
pub async fn list_devices(state: &AppState, caller: &Caller) -> Result<Vec<DeviceView>> {
    caller.require_admin()?;
    state
        .read(|tx| {
            let mut out = Vec::new();
            for d in tx.devices_list()? {
                let username = tx
                    .person_get(d.person_id)?
                    .map(|p| p.username)
                    .unwrap_or_default();
                out.push(DeviceView {
                    id: d.id,
                    person_id: d.person_id,
                    username,
                    name: d.name,
                    created_at: d.created_at,
                    last_seen_at: d.last_seen_at,
                    revoked_at: d.revoked_at,
                    last_mid: d.last_mid,
                });
            }
            Ok(out)
        })
        .await
}

/// The most characters of a reason a revoked phone (or a deactivated person's) is told.
pub const MAX_REASON_CHARS: usize = 200;

/// The reason given (trimmed), or `default` when none is; one longer than
/// [`MAX_REASON_CHARS`] is refused.
pub fn reason_or(given: Option<String>, default: &str) -> Result<String> {
    let given = given
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    match given {
        Some(r) if r.chars().count() > MAX_REASON_CHARS => Err(Error::unprocessable(
            "invalid_reason",
            format!(
                "原因最多{MAX_REASON_CHARS}个字 a reason has at most {MAX_REASON_CHARS} characters"
            ),
        )),
        Some(r) => Ok(r),
        None => Ok(default.to_string()),
    }
}

/// Revokes a device: an administrator any, anyone their own; the phone is told
/// `req.reason` when one is given.
pub async fn revoke_device(
    state: &AppState,
    caller: &Caller,
    id: DeviceId,
    req: Revoke,
) -> Result<()> {
    let given = reason_or(req.reason, "")?;
    let now = state.now_ms();
    let is_admin = caller.role() == Role::Administrator;
    let me = caller.id();
    let caller = caller.clone();
    state
        .write(move |tx| {
            let Some(d) = tx.device_get(id)? else {
                return Err(Error::not_found(format!("no device {id}")));
            };
            if !is_admin && d.person_id != me {
                return Err(Error::forbidden(
                    "only administrators may revoke another person's device",
                ));
            }
            let reason = if !given.is_empty() {
                given.as_str()
            } else if is_admin && d.person_id != me {
                "此设备已被管理员撤销 an administrator revoked this device"
            } else {
                "此设备已被撤销 this device was revoked"
            };
            tx.device_revoke_because(id, now, reason)?;
            let owner = tx.person_get(d.person_id)?.map(|p| p.username);
            let entry = crate::people_admin::audit(
                &caller,
                now,
                "device.revoke",
                &id.to_string(),
                serde_json::json!({ "revoked": false }),
                serde_json::json!({
                    "revoked": true, "person": owner, "device_name": d.name, "reason": reason,
                }),
            );
            tx.admin_audit_put(&entry)
        })
        .await?;
    // Wakes every event stream, so the revoked device's streams end now.
    state.hint();
    tracing::info!(device = %id, "device revoked");
    Ok(())
}

/// Most mutations a revoked phone hands in at once.
pub const MAX_REVOKED_PUSH: usize = 2000;

/// Records the unsent work of a revoked device (identified by the refresh token it still
/// holds) in the admin audit log and answers each mutation rejected with the reason the
/// device was revoked. Nothing of it is applied.
pub async fn revoked_push(state: &AppState, req: RevokedPush) -> Result<PushResponse> {
    if req.mutations.len() > MAX_REVOKED_PUSH {
        return Err(Error::TooLarge(format!(
            "at most {MAX_REVOKED_PUSH} mutations at once"
        )));
    }
    let hash = crate::token::token_hash(&req.refresh_token);
    let now = state.now_ms();
    let results = state
        .write(move |tx| {
            let device = match tx.refresh_token_get(&hash)? {
                Some(r) => tx.device_get(r.device_id)?,
                None => None,
            };
            let Some(device) = device else {
                return Err(Error::unauthorized("unauthorized", "unknown refresh token"));
            };
            if device.revoked_at.is_none() {
                return Err(Error::conflict(
                    "device_not_revoked",
                    "this device is not revoked: push as usual",
                ));
            }
            let reason = tx
                .device_revoke_reason(device.id)?
                .unwrap_or_else(|| "此设备已被撤销 this device was revoked".into());
            let person = tx.person_get(device.person_id)?;
            let username = person.map(|p| p.username).unwrap_or_default();
            let entry = crate::store::AdminAuditEntry {
                id: 0,
                at: now,
                actor: device.person_id,
                username: username.clone(),
                action: "device.revoked_push".into(),
                subject: device.id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "reason": reason,
                    "mutations": req.mutations,
                })),
            };
            if !req.mutations.is_empty() {
                tx.admin_audit_put(&entry)?;
            }
            tracing::warn!(device = %device.id, user = %username, count = req.mutations.len(),
                "a revoked device handed in its unsent work");
            Ok(req
                .mutations
                .iter()
                .map(|m| MutationResult {
                    mid: m.mid,
                    outcome: Outcome::Rejected,
                    reason: Some(format!("device_revoked: {reason}")),
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(PushResponse {
        last_mid: results.iter().map(|r| r.mid).max().unwrap_or(0),
        results,
    })
}
