//! The deadline sweep: overdue cases are marked and escalated on the server clock.

use protocol::ServiceAction;

use super::publish::{save_case, server_audit};
use crate::error::Result;
use crate::state::AppState;
use crate::store::Tx;

/// Marks overdue cases and raises their escalation on the server clock. Returns how many
/// cases changed.
pub fn escalate_overdue(tx: &mut dyn Tx, state: &AppState) -> Result<usize> {
    let now = state.now();
    let mut changed = 0;
    for mut record in tx.cases_open()? {
        if let Some(level) = record.case.refresh_escalation(now) {
            let entry = server_audit(
                now,
                None,
                ServiceAction::Escalate,
                &record.case,
                &format!("overdue: escalated to {level}"),
            );
            let assignee = record.case.assignee;
            save_case(tx, &mut record, assignee, &[entry], now)?;
            changed += 1;
        }
    }
    Ok(changed)
}
