//! The desk's actions through the API (accept, reject, merge, dispatch, reassign, whistle,
//! verify, close, reopen), and the visibility rule every desk read and action starts from.

use domain::{Action, CaseId, CaseState, Person, RejectReason, Timestamp, TransitionError};
use protocol::{CaseAction, ServiceAction};

use super::publish::{save_case, server_audit};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{CaseRecord, Tx};
use crate::wire;

/// A dispatcher's or commander's action through the API. Errors carry the status:
/// 404 when the caller may not see the case, 403 when role or scope forbid the action,
/// 409 when the case's state does not allow it, 422 when the action names no person, a
/// deadline that has passed, or the case itself to merge into.
pub fn act(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    id: CaseId,
    action: CaseAction,
) -> Result<CaseRecord> {
    let now = state.now();
    check_limits(&action)?;
    let mut record = visible_case(tx, caller, id)?;
    let before = record.case.assignee;
    // A joint case's verification carries over to its parts.
    let mut carried: Option<(bool, String)> = None;
    let domain_action = match action {
        CaseAction::Accept => Action::AcceptCase,
        CaseAction::Reject {
            reason,
            duplicate_of,
        } => Action::Reject {
            reason: match duplicate_of {
                Some(of) => {
                    visible_case(tx, caller, of)?;
                    RejectReason::Duplicate { of }
                }
                None => RejectReason::Invalid,
            },
            note: reason,
        },
        CaseAction::Merge { into } => return merge(tx, caller, record, into, now),
        CaseAction::Whistle {
            departments,
            report_in_minutes,
            due_at,
        } => {
            return super::joint::whistle(
                tx,
                state,
                caller,
                record,
                &departments,
                report_in_minutes,
                due_at,
            );
        }
        CaseAction::Dispatch { worker, due_at } | CaseAction::Reassign { worker, due_at } => {
            let Some(w) = tx.person_get(worker)? else {
                return Err(Error::unprocessable(
                    "unknown_worker",
                    format!("no person {worker}"),
                ));
            };
            let deadline = due_at
                .map(Timestamp::from_millis)
                .unwrap_or_else(|| domain::deadline::default_dispatch_deadline(&record.case, now));
            if deadline <= now {
                return Err(Error::unprocessable(
                    "bad_deadline",
                    "the deadline must lie in the future",
                ));
            }
            if record.case.state == CaseState::Accepted {
                Action::Dispatch {
                    assignee: w.person,
                    deadline,
                }
            } else {
                Action::Reassign {
                    assignee: w.person,
                    deadline,
                }
            }
        }
        CaseAction::Verify { pass, note } => {
            carried = Some((pass, note.clone()));
            Action::Verify { passed: pass, note }
        }
        CaseAction::Close => Action::Close,
        CaseAction::Reopen { reason } => Action::Reopen { reason },
    };
    match record.case.apply(caller, domain_action, now) {
        Ok(entry) => {
            save_case(tx, &mut record, before, &[wire::audit_view(&entry)], now)?;
            if !record.case.parts.is_empty() {
                super::joint::carry_to_parts(tx, caller, &record, carried, now)?;
            }
            super::joint::part_changed(tx, caller, &record, now)?;
            Ok(record)
        }
        Err(e) if e.is_already_done() => Ok(record),
        Err(TransitionError::Denied(d)) => Err(Error::forbidden(d.to_string())),
        Err(e) => Err(Error::conflict("illegal_transition", e.to_string())),
    }
}

/// A desk action's texts within their limits (`domain::limits`), or 400.
fn check_limits(action: &CaseAction) -> Result<()> {
    use domain::limits::{NOTE_CHARS, REASON_CHARS, check_text};
    let checked = match action {
        CaseAction::Reject { reason, .. } | CaseAction::Reopen { reason } => {
            check_text("reason", reason, REASON_CHARS).map(|_| ())
        }
        CaseAction::Verify { note, .. } => check_text("note", note, NOTE_CHARS).map(|_| ()),
        _ => Ok(()),
    };
    checked.map_err(|e| Error::bad_request("too_large", e.to_string()))
}

/// Merges a duplicate report into an open case: the duplicate is rejected as a
/// duplicate of the target, and the target remembers it.
fn merge(
    tx: &mut dyn Tx,
    caller: &Person,
    mut dup: CaseRecord,
    into: CaseId,
    now: Timestamp,
) -> Result<CaseRecord> {
    if into == dup.case.id {
        return Err(Error::unprocessable(
            "bad_merge",
            "a case cannot be merged into itself",
        ));
    }
    let mut target = visible_case(tx, caller, into)?;
    if target.case.state.is_final() {
        return Err(Error::conflict(
            "illegal_transition",
            "the target case is finished",
        ));
    }
    let before = dup.case.assignee;
    let action = Action::Reject {
        reason: RejectReason::Duplicate { of: into },
        note: format!("merged into {into}"),
    };
    let entry = match dup.case.apply(caller, action, now) {
        Ok(e) => e,
        Err(TransitionError::Denied(d)) => return Err(Error::forbidden(d.to_string())),
        Err(e) => return Err(Error::conflict("illegal_transition", e.to_string())),
    };
    save_case(tx, &mut dup, before, &[wire::audit_view(&entry)], now)?;
    target.merged.push(dup.case.id);
    let note = server_audit(
        now,
        Some(caller.id),
        ServiceAction::Merge,
        &target.case,
        &format!("case {} merged into this one", dup.case.id),
    );
    let target_assignee = target.case.assignee;
    save_case(tx, &mut target, target_assignee, &[note], now)?;
    Ok(dup)
}

/// The case if `caller` may see it; 404 otherwise (as if it did not exist).
pub fn visible_case(tx: &mut dyn Tx, caller: &Person, id: CaseId) -> Result<CaseRecord> {
    match tx.case_get(id)? {
        Some(r) if domain::people::can_see(caller, &r.case) => Ok(r),
        _ => Err(Error::not_found(format!("no case {id}"))),
    }
}
