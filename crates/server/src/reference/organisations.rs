//! The organisations import: departments, street offices and property companies with the
//! area each serves, checked against the stored hierarchy (`tables::organisations`), then
//! stored by code (new ones created, known ones changed or retired) with the audit entry,
//! and the service's copy reloaded. A retired organisation takes no new tasks; its people
//! and cases keep its code.

use domain::Organisation;

use super::imports::{self, Checked, Planned};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::AdminAuditEntry;

/// Checks the organisations table `bytes`: the organisations it creates or changes, or
/// every problem.
pub fn check(state: &AppState, file_name: &str, bytes: &[u8]) -> Checked<Vec<Organisation>> {
    let sheets = imports::sheets(file_name, bytes)?;
    let found = tables::organisations::check(&sheets, &state.hierarchy())?;
    let stored = state.organisations();
    let (mut created, mut updated, mut unchanged, mut retired) = (0, 0, 0, 0);
    let (mut before, mut after, mut plan) = (Vec::new(), Vec::new(), Vec::new());
    for org in found {
        let old = stored.iter().find(|o| o.code == org.code);
        match old {
            Some(old) if *old == org => {
                unchanged += 1;
                continue;
            }
            Some(old) => {
                updated += 1;
                if org.retired && !old.retired {
                    retired += 1;
                }
                before.push(serde_json::to_value(old).unwrap_or_default());
            }
            None => created += 1,
        }
        after.push(serde_json::to_value(&org).unwrap_or_default());
        plan.push(org);
    }
    Ok(Planned {
        created,
        updated,
        unchanged,
        retired,
        moved: 0,
        plan,
        before: before.into(),
        after: after.into(),
    })
}

/// Stores the organisations with the audit `entry` in one transaction, then reloads the
/// service's copy.
pub async fn apply(
    state: &AppState,
    changed: Vec<Organisation>,
    entry: AdminAuditEntry,
) -> Result<()> {
    state
        .write(move |tx| {
            for org in &changed {
                tx.organisation_put(org)?;
            }
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    let st = state.clone();
    tokio::task::spawn_blocking(move || st.reload_organisations())
        .await
        .map_err(|e| Error::Internal(format!("organisations task: {e}")))??;
    state.reference_changed();
    Ok(())
}
