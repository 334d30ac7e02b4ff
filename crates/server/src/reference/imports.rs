//! The administrators' import service: who may import (administrators only), which kinds
//! of file exist, and the one path every kind takes: the file checked whole against what
//! is stored (every problem listed, nothing stored), a dry run answered with the counts,
//! otherwise the change stored in one transaction with its admin audit entry.

use domain::PersonId;
use protocol::{ImportProblem, ImportQuery, ImportReport};

use crate::caseloop::SYSTEM_ID;
use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::AdminAuditEntry;

/// The kinds of file `POST /v1/admin/import/{kind}` takes.
pub const KINDS: &[&str] = &[
    "hierarchy",
    "grids",
    "buildings",
    "organisations",
    "people",
    "categories",
];

/// What a checked file would change: the counts, the change itself (`plan`), and the
/// audit's before and after.
pub struct Planned<P> {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub retired: u32,
    /// Open cases and buildings that will lie in another grid (a grids file).
    pub moved: u32,
    pub plan: P,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// A checked file: its change, or every problem found in it.
pub type Checked<P> = std::result::Result<Planned<P>, Vec<tables::Problem>>;

/// The sheets of a table file, or why it cannot be read.
pub fn sheets(
    file_name: &str,
    bytes: &[u8],
) -> std::result::Result<Vec<tables::Sheet>, Vec<tables::Problem>> {
    tables::read(file_name, bytes).map_err(|p| vec![p])
}

/// The service itself importing (a first start, the demo): `file_name` of `kind`, refused
/// with its first problem (in Chinese, then in English in parentheses).
pub async fn import_by_service(
    state: &AppState,
    kind: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportReport> {
    let q = ImportQuery {
        file_name: Some(file_name.to_string()),
        ..ImportQuery::default()
    };
    let report = import_as(state, SYSTEM_ID, "wangge", kind, q, bytes).await?;
    if let Some(p) = report.problems.first() {
        return Err(Error::Config(format!(
            "{file_name}, row {}, column {}: {} ({})",
            p.row, p.column, p.reason, p.reason_en
        )));
    }
    Ok(report)
}

/// Imports the file `bytes` of `kind` for `caller`, an administrator.
pub async fn import(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    q: ImportQuery,
    bytes: &[u8],
) -> Result<ImportReport> {
    caller.require_admin()?;
    import_as(
        state,
        caller.person().id,
        &caller.record.username,
        kind,
        q,
        bytes,
    )
    .await
}

/// Imports as `actor` (signed in as `username`) with no permission check: for the
/// administrators' route above, and for the service itself (the demo, a first start).
pub async fn import_as(
    state: &AppState,
    actor: PersonId,
    username: &str,
    kind: &str,
    q: ImportQuery,
    bytes: &[u8],
) -> Result<ImportReport> {
    use crate::reference::{areas, buildings, categories, grid_files, organisations, people};
    let file_name = q.file_name.clone().unwrap_or_else(|| kind.to_string());
    let entry = AdminAuditEntry {
        id: 0,
        at: state.now_ms(),
        actor,
        username: username.to_string(),
        action: format!("import.{kind}"),
        subject: file_name.clone(),
        before: None,
        after: None,
    };
    let dry_run = q.dry_run;
    let report = match kind {
        "hierarchy" => {
            let checked = areas::check(state, &file_name, bytes);
            finish(kind, dry_run, checked, entry, |p, e| {
                areas::apply(state, p, e)
            })
            .await?
        }
        "categories" => {
            let checked = categories::check(state, &file_name, bytes);
            finish(kind, dry_run, checked, entry, |p, e| {
                categories::apply(state, p, e)
            })
            .await?
        }
        "grids" => {
            let checked = grid_files::check(state, &file_name, bytes, &q).await?;
            finish(kind, dry_run, checked, entry, |p, e| {
                grid_files::apply(state, p, e)
            })
            .await?
        }
        "buildings" => {
            let checked = buildings::check(state, &file_name, bytes).await?;
            finish(kind, dry_run, checked, entry, |p, e| {
                buildings::apply(state, p, e)
            })
            .await?
        }
        "organisations" => {
            let checked = organisations::check(state, &file_name, bytes);
            finish(kind, dry_run, checked, entry, |p, e| {
                organisations::apply(state, p, e)
            })
            .await?
        }
        "people" => {
            let checked = people::check(state, &file_name, bytes).await?;
            finish(kind, dry_run, checked, entry, |p, e| {
                people::apply(state, p, e)
            })
            .await?
        }
        other => {
            return Err(Error::not_found(format!(
                "no import of {other:?}; there are: {}",
                KINDS.join(", ")
            )));
        }
    };
    tracing::info!(
        kind,
        by = username,
        dry_run,
        applied = report.applied,
        created = report.created,
        updated = report.updated,
        problems = report.problems.len(),
        "import"
    );
    Ok(report)
}

/// The report of a checked file, after storing its change unless it is a dry run, has
/// problems or changes nothing.
async fn finish<P, F, Fut>(
    kind: &str,
    dry_run: bool,
    checked: Checked<P>,
    mut entry: AdminAuditEntry,
    apply: F,
) -> Result<ImportReport>
where
    F: FnOnce(P, AdminAuditEntry) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut report = ImportReport {
        kind: kind.to_string(),
        dry_run,
        applied: false,
        created: 0,
        updated: 0,
        unchanged: 0,
        retired: 0,
        moved: 0,
        problems: Vec::new(),
    };
    let planned = match checked {
        Ok(planned) => planned,
        Err(mut problems) => {
            problems
                .sort_by(|a, b| (&a.sheet, a.row, &a.column).cmp(&(&b.sheet, b.row, &b.column)));
            report.problems = problems
                .into_iter()
                .map(|p| ImportProblem {
                    sheet: p.sheet,
                    row: p.row,
                    column: p.column,
                    reason: p.reason,
                    reason_en: p.reason_en,
                })
                .collect();
            return Ok(report);
        }
    };
    report.created = planned.created;
    report.updated = planned.updated;
    report.unchanged = planned.unchanged;
    report.retired = planned.retired;
    report.moved = planned.moved;
    if dry_run || planned.created + planned.updated == 0 {
        return Ok(report);
    }
    entry.before = Some(planned.before);
    entry.after = Some(planned.after);
    apply(planned.plan, entry).await?;
    report.applied = true;
    Ok(report)
}
