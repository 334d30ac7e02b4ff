//! The categories import: a table of category codes with their names, time limits per
//! priority, routing and retirement, checked against the stored catalogue (a file may give
//! only some columns: a blank cell keeps the stored value), then stored and published to
//! every device; or one category at a time from the administrators' form, as a one-row
//! table. Retiring keeps a category on the cases that have it.

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
    let checked = tables::categories::check(&sheets, &known, &state.organisations())?;
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
        moved: 0,
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
    state.reference_changed();
    state.hint();
    Ok(())
}

/// Adds or changes category `code` as `form` says (administrators): the form is checked
/// as a one-row categories table (absent fields keep the stored value), then stored and
/// published like an import of that row, with its own audit entry.
pub async fn put_one(
    state: &AppState,
    caller: &crate::sessions::Caller,
    code: String,
    form: protocol::CategoryForm,
) -> Result<protocol::CategoryView> {
    caller.require_admin()?;
    let sheet = form_sheet(&code, form);
    let known = state.catalogue();
    let checked = tables::categories::check(&[sheet], &known, &state.organisations()).map_err(
        |problems| {
            let said: Vec<(&str, tables::Reason)> = problems
                .iter()
                .map(|p| (p.column.as_str(), p.why()))
                .collect();
            let message = tables::Reason::form_message(said.iter().map(|(c, why)| (*c, why)));
            Error::unprocessable("invalid_category", message)
        },
    )?;
    let Some(category) = checked.changed.first().cloned() else {
        // Unchanged: the check found the code stored, as the form has it.
        let code: domain::CategoryCode = code
            .parse()
            .map_err(|e| Error::Internal(format!("checked category code: {e}")))?;
        return known
            .get(&code)
            .map(crate::wire::category_view)
            .ok_or_else(|| Error::Internal("an unchanged category is not stored".into()));
    };
    let view =
        |c: &Category| serde_json::to_value(crate::wire::category_view(c)).unwrap_or_default();
    let entry = AdminAuditEntry {
        id: 0,
        at: state.now_ms(),
        actor: caller.id(),
        username: caller.record.username.clone(),
        action: "category.put".into(),
        subject: category.code.to_string(),
        before: known.get(&category.code).map(view),
        after: Some(view(&category)),
    };
    apply(state, checked.changed, entry).await?;
    tracing::info!(code = %category.code, by = %caller.record.username, "category put");
    Ok(crate::wire::category_view(&category))
}

/// The form as the one row of a categories table, with only the columns it fills.
fn form_sheet(code: &str, form: protocol::CategoryForm) -> tables::Sheet {
    let minutes = |m: Option<u32>| m.map(|m| m.to_string());
    let columns = [
        ("major_name_zh", form.major_name_zh),
        ("name_zh", form.name_zh),
        ("name_en", form.name_en),
        ("routing", form.routing),
        ("department", form.department),
        ("urgent_accept_min", minutes(form.urgent_accept_min)),
        ("urgent_resolve_min", minutes(form.urgent_resolve_min)),
        ("high_accept_min", minutes(form.high_accept_min)),
        ("high_resolve_min", minutes(form.high_resolve_min)),
        ("normal_accept_min", minutes(form.normal_accept_min)),
        ("normal_resolve_min", minutes(form.normal_resolve_min)),
        (
            "retired",
            form.retired
                .map(|r| if r { "yes" } else { "no" }.to_string()),
        ),
    ];
    let (mut header, mut cells) = (vec!["code".to_string()], vec![code.to_string()]);
    for (column, value) in columns {
        if let Some(value) = value {
            header.push(column.to_string());
            cells.push(value);
        }
    }
    tables::Sheet {
        name: "form".into(),
        header,
        rows: vec![tables::Row { number: 2, cells }],
    }
}
