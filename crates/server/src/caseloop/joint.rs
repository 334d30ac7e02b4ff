//! 街道吹哨，部门报到 on the server: a whistle makes one part per called department (a task
//! to its handler with the fewest open tasks), a part's change may finish its joint case,
//! and the joint case's verification and closing carry over to its parts. The rules are
//! `domain`'s (`Case::part`, `Case::parts_done`, `Action::Whistle`, `Action::PartsDone`).

use domain::{Action, CaseState, EvidenceStage, Minutes, OrgCode, Person, Timestamp};

use super::publish::save_case;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{CaseRecord, Tx};
use crate::wire;

/// How long a called department has to report in when the dispatcher does not say.
pub const DEFAULT_REPORT_IN: Minutes = Minutes(30);

fn refused(e: domain::TransitionError) -> Error {
    super::refusal(e, "invalid_whistle")
}

/// Calls `departments` to the case `record`: a part each, then the case waits on them.
/// 422 for an unknown or retired department, one named twice, or one with no handler
/// serving the place.
pub fn whistle(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    mut record: CaseRecord,
    departments: &[String],
    report_in: Option<u32>,
    due_at: Option<i64>,
) -> Result<CaseRecord> {
    let now = state.now();
    let report_in = report_in.map(Minutes).unwrap_or(DEFAULT_REPORT_IN);
    let deadline = due_at
        .map(Timestamp::from_millis)
        .unwrap_or_else(|| domain::deadline::default_dispatch_deadline(&record.case, now));
    if departments.is_empty() {
        return Err(Error::unprocessable(
            "invalid_whistle",
            "a whistle calls at least one department",
        ));
    }
    let mut codes: Vec<OrgCode> = Vec::new();
    for d in departments {
        let code = OrgCode::parse(d.trim())
            .map_err(|e| Error::unprocessable("unknown_department", e.to_string()))?;
        if codes.contains(&code) {
            return Err(Error::unprocessable(
                "invalid_whistle",
                format!("department {code} is called twice"),
            ));
        }
        codes.push(code);
    }
    let mut parts = Vec::new();
    for code in &codes {
        let Some(handler) = super::intake::department_handler(tx, state, code, &record.case)?
        else {
            return Err(Error::unprocessable(
                "unknown_department",
                format!(
                    "department {code} is unknown, retired, or has no handler serving this place"
                ),
            ));
        };
        let (part, entry) = record
            .case
            .part(caller, &handler, report_in, deadline, now)
            .map_err(refused)?;
        let mut part = CaseRecord::new(part, now.millis());
        save_case(tx, &mut part, None, &[wire::audit_view(&entry)], now)?;
        parts.push(part.case.id);
    }
    let entry = record
        .case
        .apply(caller, Action::Whistle { parts, deadline }, now)
        .map_err(refused)?;
    save_case(tx, &mut record, None, &[wire::audit_view(&entry)], now)?;
    Ok(record)
}

/// After a part changed: when every part of its joint case is resolved, the joint case is
/// resolved with their photos, on behalf of `actor` (who finished the last part).
pub fn part_changed(
    tx: &mut dyn Tx,
    actor: &Person,
    part: &CaseRecord,
    now: Timestamp,
) -> Result<()> {
    let Some(joint_id) = part.case.part_of else {
        return Ok(());
    };
    let Some(mut joint) = tx.case_get(joint_id)? else {
        return Ok(());
    };
    let mut parts = Vec::new();
    for id in &joint.case.parts {
        if let Some(p) = tx.case_get(*id)? {
            parts.push(p.case);
        }
    }
    if !joint.case.parts_done(&parts) {
        return Ok(());
    }
    let mut photos = Vec::new();
    let mut notes = Vec::new();
    for p in &parts {
        if let Some(fix) = p
            .evidence
            .iter()
            .rev()
            .find(|e| e.stage == EvidenceStage::Resolution)
        {
            photos.extend(fix.photos.iter().cloned());
            let department = p.department.as_ref().map(|d| d.as_str()).unwrap_or("?");
            notes.push(format!("{department}: {}", fix.note));
        }
    }
    photos.dedup();
    photos.truncate(domain::limits::PHOTOS);
    let note = format!("各部门均已处置 (all parts done). {}", notes.join("; "));
    let entry = joint
        .case
        .apply(actor, Action::PartsDone { photos, note }, now)
        .map_err(refused)?;
    save_case(tx, &mut joint, None, &[wire::audit_view(&entry)], now)
}

/// After a joint case was verified or closed by `caller`: its resolved parts are verified
/// (or sent back for rework with the same note) and its verified parts closed with it.
pub fn carry_to_parts(
    tx: &mut dyn Tx,
    caller: &Person,
    joint: &CaseRecord,
    passed_note: Option<(bool, String)>,
    now: Timestamp,
) -> Result<()> {
    for id in &joint.case.parts {
        let Some(mut part) = tx.case_get(*id)? else {
            continue;
        };
        let action = match (&passed_note, part.case.state, joint.case.state) {
            (Some((passed, note)), CaseState::Resolved, _) => Action::Verify {
                passed: *passed,
                note: note.clone(),
            },
            (None, CaseState::Verified, CaseState::Closed) => Action::Close,
            _ => continue,
        };
        let assignee = part.case.assignee;
        match part.case.apply(caller, action, now) {
            Ok(entry) => save_case(tx, &mut part, assignee, &[wire::audit_view(&entry)], now)?,
            Err(e) if e.is_already_done() => {}
            Err(e) => return Err(refused(e)),
        }
    }
    Ok(())
}
