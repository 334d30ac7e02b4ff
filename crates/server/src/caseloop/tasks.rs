//! Workers' actions on their tasks, with the conflict rules of the sync design: an action
//! on a task that is no longer the sender's is refused, but evidence sent for it is kept on
//! the case for the dispatcher.

use domain::{Action, CaseId, Person, Timestamp};
use protocol::{ConflictView, Outcome, ServiceAction, TaskResolve};

use super::publish::{device_stamped, save_case, server_audit};
use super::{applied, rejected, transition_reason};
use crate::error::Result;
use crate::store::{StoredOutcome, Tx};
use crate::wire;

/// A resolve with its evidence; evidence for a task that left the sender is kept on the
/// case as a conflict for the dispatcher, never thrown away.
pub(crate) fn resolve(
    tx: &mut dyn Tx,
    caller: &Person,
    t: TaskResolve,
    now: Timestamp,
    at_device: i64,
) -> Result<StoredOutcome> {
    let Some(mut record) = tx.case_get(t.case_id)? else {
        return Ok(rejected("unknown_case"));
    };
    let holds = record.case.assignee == Some(caller.id);
    if !holds && !record.former_assignees.contains(&caller.id) {
        return Ok(rejected("not_your_task: you never held this task"));
    }
    if let Some(refused) = super::photos::refusal(tx, caller, &t.photos)? {
        return Ok(refused);
    }
    if !holds {
        if let Err(e) = domain::limits::check_text("note", &t.note, domain::limits::NOTE_CHARS)
            .and(domain::limits::check_photos(t.photos.len()))
        {
            return Ok(rejected(format!("too_large: {e}")));
        }
        let earlier = record
            .conflicts
            .iter()
            .filter(|c| c.by == caller.id)
            .count();
        if earlier >= domain::limits::CONFLICTS_PER_PERSON {
            return Ok(rejected(format!(
                "too_many_conflicts: at most {} pieces of evidence per person on a task that \
                 is no longer theirs",
                domain::limits::CONFLICTS_PER_PERSON
            )));
        }
        record.conflicts.push(ConflictView {
            by: caller.id,
            at: now.millis(),
            reason: "reassigned".into(),
            photos: t.photos,
            note: t.note,
        });
        let entry = server_audit(
            now,
            Some(caller.id),
            ServiceAction::Conflict,
            &record.case,
            "evidence for a task no longer assigned to its sender",
        );
        let assignee = record.case.assignee;
        let photos = record
            .conflicts
            .last()
            .map(|c| c.photos.clone())
            .unwrap_or_default();
        super::photos::claim(tx, caller, &photos, now)?;
        save_case(tx, &mut record, assignee, &[entry], now)?;
        return Ok(StoredOutcome {
            outcome: Outcome::Conflict,
            reason: Some("reassigned: evidence kept on the case for the dispatcher".into()),
        });
    }
    let photos = t.photos.clone();
    let outcome = act(
        tx,
        caller,
        t.case_id,
        Action::Resolve {
            photos: t.photos,
            note: t.note,
        },
        now,
        at_device,
    )?;
    if outcome.outcome == Outcome::Applied {
        super::photos::claim(tx, caller, &photos, now)?;
    }
    Ok(outcome)
}

/// A worker's action on their task, with the conflict rules of the sync design.
pub(crate) fn act(
    tx: &mut dyn Tx,
    caller: &Person,
    id: CaseId,
    action: Action,
    now: Timestamp,
    at_device: i64,
) -> Result<StoredOutcome> {
    let Some(mut record) = tx.case_get(id)? else {
        return Ok(rejected("unknown_case"));
    };
    if record.case.assignee != Some(caller.id) {
        return Ok(rejected("reassigned: the task is no longer yours"));
    }
    let before = record.case.assignee;
    match record.case.apply(caller, action, now) {
        Ok(entry) => {
            save_case(
                tx,
                &mut record,
                before,
                &[device_stamped(wire::audit_view(&entry), at_device)],
                now,
            )?;
            super::joint::part_changed(tx, caller, &record, now)?;
            Ok(applied())
        }
        Err(e) if e.is_already_done() => Ok(applied()),
        Err(e) => Ok(rejected(transition_reason(&e))),
    }
}
