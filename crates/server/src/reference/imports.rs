//! The administrators' import service: who may import (administrators only), which kinds
//! of file exist, and a refused file answered with its problems.

use protocol::{ImportQuery, ImportReport};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;

/// The kinds of file `POST /v1/admin/import/{kind}` takes.
pub const KINDS: &[&str] = &["hierarchy"];

/// Imports the file `bytes` of `kind` for `caller`, an administrator.
pub async fn import(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    q: ImportQuery,
    bytes: &[u8],
) -> Result<ImportReport> {
    caller.require_admin()?;
    let file_name = q.file_name.as_deref().unwrap_or(kind);
    let report = match kind {
        "hierarchy" => {
            crate::reference::areas::import_hierarchy(state, file_name, bytes, q.dry_run).await?
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
        by = %caller.record.username,
        dry_run = q.dry_run,
        applied = report.applied,
        created = report.created,
        updated = report.updated,
        problems = report.problems.len(),
        "import"
    );
    Ok(report)
}
