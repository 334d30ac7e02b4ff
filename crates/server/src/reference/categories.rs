//! The categories import: a table of category codes with their names, time limits per
//! priority, routing and retirement, checked against the stored catalogue (a file may give
//! only some columns: a blank cell keeps the stored value), then stored and published to
//! every device. Retiring keeps a category on the cases that have it.

use domain::Category;

use super::imports::{self, Checked, Planned};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::AdminAuditEntry;

/// Checks the categories table `bytes`: the categories it creates or changes, or every
/// problem.
pub fn check(state: &AppState, file_name: &str, bytes: &[u8]) -> Checked<Vec<Category>> {
    let sheets = imports::sheets(file_name, bytes)?;
    let known = state.catalogue();
    let checked = tables::categories::check(&sheets, &known)?;
    let view =
        |c: &Category| serde_json::to_value(crate::wire::category_view(c)).unwrap_or_default();
    let before: Vec<serde_json::Value> = checked
        .changed
        .iter()
        .filter_map(|c| known.get(&c.code))
        .map(view)
        .collect();
    let after: Vec<serde_json::Value> = checked.changed.iter().map(view).collect();
    Ok(Planned {
        created: checked.created,
        updated: checked.updated,
        unchanged: checked.unchanged,
        retired: checked.retired,
        plan: checked.changed,
        before: before.into(),
        after: after.into(),
    })
}

/// Stores and publishes the categories with the audit `entry` in one transaction, then
/// reloads the catalogue.
pub async fn apply(state: &AppState, changed: Vec<Category>, entry: AdminAuditEntry) -> Result<()> {
    let now = state.now_ms();
    state
        .write(move |tx| {
            super::feed::put_categories(tx, &changed, now)?;
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    let st = state.clone();
    tokio::task::spawn_blocking(move || st.reload_catalogue())
        .await
        .map_err(|e| Error::Internal(format!("catalogue task: {e}")))??;
    state.hint();
    Ok(())
}
