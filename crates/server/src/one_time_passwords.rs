//! One-time passwords: an administrator resets a person's password to a random one shown
//! once (audited, the password itself never written to the log); signing in with it is
//! refused until the person has chosen their own through `POST /v1/sessions/password`,
//! which checks the current password as a sign-in does (throttled) and the new one against
//! the policy.

use std::net::IpAddr;

use protocol::{ChangePassword, OneTimePassword};

use crate::error::{Error, Result};
use crate::people_admin::{audit, person_of};
use crate::sessions::Caller;
use crate::state::AppState;

async fn hash(state: &AppState, password: String) -> Result<String> {
    let passwords = state.passwords().clone();
    tokio::task::spawn_blocking(move || passwords.hash(&password))
        .await
        .map_err(|e| Error::Internal(format!("password task: {e}")))?
}

/// Resets `username`'s password to a new one-time password (administrators).
pub async fn reset(state: &AppState, caller: &Caller, username: String) -> Result<OneTimePassword> {
    caller.require_admin()?;
    if username == caller.record.username {
        return Err(Error::unprocessable(
            "self",
            "administrators change their own password themselves",
        ));
    }
    let password = crate::password::random_password();
    let hashed = hash(state, password.clone()).await?;
    let caller = caller.clone();
    let now = state.now_ms();
    let name = username.clone();
    state
        .write(move |tx| {
            let record = person_of(tx, &name)?;
            tx.person_set_password(record.person.id, &hashed, true)?;
            let entry = audit(
                &caller,
                now,
                "person.password_reset",
                &name,
                serde_json::json!({ "one_time": false }),
                serde_json::json!({ "one_time": true }),
            );
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    tracing::info!(user = %username, "password reset to a one-time password");
    Ok(OneTimePassword { username, password })
}

/// Replaces a person's password with the one they chose.
pub async fn change(state: &AppState, req: ChangePassword, client: Option<IpAddr>) -> Result<()> {
    let record =
        crate::sessions::credentials(state, &req.username, req.password.clone(), client).await?;
    crate::sessions::refuse_deactivated(state, &record).await?;
    crate::password::check_policy(&record.username, &req.new_password)?;
    if req.new_password == req.password {
        return Err(Error::bad_request(
            "weak_password",
            "the new password is the one it replaces",
        ));
    }
    let hashed = hash(state, req.new_password).await?;
    let id = record.person.id;
    state
        .write(move |tx| tx.person_set_password(id, &hashed, false))
        .await?;
    tracing::info!(user = %record.username, "password changed");
    Ok(())
}
