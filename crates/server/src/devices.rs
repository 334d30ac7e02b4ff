//! The devices service: the administrators' list of signed-in devices, and revoking one
//! (an administrator any, anyone their own).

use domain::Role;
use protocol::{DeviceId, DeviceView};

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

/// Revokes a device: an administrator any, anyone their own.
pub async fn revoke_device(state: &AppState, caller: &Caller, id: DeviceId) -> Result<()> {
    let now = state.now_ms();
    let is_admin = caller.role() == Role::Administrator;
    let me = caller.id();
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
            let reason = if is_admin && d.person_id != me {
                "此设备已被管理员撤销 an administrator revoked this device"
            } else {
                "此设备已被撤销 this device was revoked"
            };
            tx.device_revoke_because(id, now, reason)
        })
        .await?;
    // Wakes every event stream, so the revoked device's streams end now.
    state.hint();
    tracing::info!(device = %id, "device revoked");
    Ok(())
}
