//! Open cases re-placed when grid boundaries change: each moves to the grid that now holds
//! its location (or its community's queue), with an audit entry saying from where to where,
//! and leaves the phones of the area it left.

use domain::{GridCode, Timestamp};
use protocol::{ChangeKind, EntityKind, ServiceAction};

use super::publish::{save_case, server_audit};
use crate::error::{Error, Result};
use crate::store::{Audience, CaseRecord, Tx, case_area};

/// Places the open case `record` in `grid` (none: its community's queue) at `now`;
/// returns whether it moved.
pub fn place_case(
    tx: &mut dyn Tx,
    mut record: CaseRecord,
    grid: Option<GridCode>,
    now: Timestamp,
) -> Result<bool> {
    let left = case_area(&record.case);
    let community = grid.map_or(record.case.community, |g| g.community());
    let moved = record
        .case
        .place(grid, community)
        .map_err(|e| Error::Internal(format!("case {}: {e}", record.case.id)))?;
    if !moved {
        return Ok(false);
    }
    let entered = case_area(&record.case);
    // The Remove goes first: someone who sees both areas (the community's dispatcher)
    // gets it before the case's new Put and keeps the case.
    tx.change_put(
        EntityKind::Case,
        &record.case.id.to_string(),
        &Audience::Area(left.clone()),
        ChangeKind::Remove,
        None,
        now.millis(),
    )?;
    let audit = server_audit(
        now,
        None,
        ServiceAction::Place,
        &record.case,
        &format!("{left} → {entered}"),
    );
    let assignee = record.case.assignee;
    save_case(tx, &mut record, assignee, &[audit], now)?;
    Ok(true)
}
