//! The state machine: [`Case::apply`] checks who (role and scope), whether the action was
//! already applied, whether the state allows it and what it needs, then changes the case
//! and returns the audit entry.

use crate::case::{
    Action, ActionKind, AuditEntry, Case, CaseState, Evidence, EvidenceStage, RejectReason,
    Rejection,
};
use crate::deadline::EscalationLevel;
use crate::error::TransitionError;
use crate::people::{self, Person};
use crate::timestamp::Timestamp;

impl Case {
    /// Applies `action` by `actor` at `now`.
    ///
    /// Order of checks: role and scope ([`people::can_act`], error
    /// [`TransitionError::Denied`]); already in the target state
    /// ([`TransitionError::AlreadyDone`], nothing changes); legal from the current state
    /// ([`TransitionError::Illegal`]); the action's arguments ([`TransitionError::Invalid`]:
    /// empty reason, no photo, deadline not after `now`, duplicate of itself). On any error
    /// the case is unchanged.
    pub fn apply(
        &mut self,
        actor: &Person,
        action: Action,
        now: Timestamp,
    ) -> Result<AuditEntry, TransitionError> {
        people::can_act(actor, self, &action)?;
        let kind = action.kind();
        if let Some(state) = self.already_done(actor, &action) {
            return Err(TransitionError::AlreadyDone {
                action: kind,
                state,
            });
        }
        if !allowed_from(kind, self.state) {
            return Err(illegal(kind, self.state));
        }
        let from = self.state;
        let mut next = self.clone();
        let detail = next.change(actor, action, now)?;
        *self = next;
        Ok(AuditEntry {
            case: self.id,
            actor: actor.id,
            role: actor.role,
            action: kind,
            from: Some(from),
            to: self.state,
            at: now,
            detail,
        })
    }

    /// The state the case already is in when `action` was already applied (a replay), so
    /// it would change nothing. Only actions that identify their result are detected:
    /// accept, reject, dispatch (same assignee), acknowledge, start, resolve (by the same
    /// person), a passed verification, close, and reassign (same assignee and deadline).
    pub fn already_done(&self, actor: &Person, action: &Action) -> Option<CaseState> {
        let s = self.state;
        let done = match action {
            Action::AcceptCase => s == CaseState::Accepted,
            Action::Reject { .. } => s == CaseState::Rejected,
            Action::Dispatch { assignee, .. } => {
                s == CaseState::Dispatched && self.assignee == Some(assignee.id)
            }
            Action::AcknowledgeTask => s.is_active_task() && self.acknowledged_at.is_some(),
            Action::Start => s == CaseState::InProgress,
            Action::Resolve { .. } => {
                s == CaseState::Resolved && self.resolved_by == Some(actor.id)
            }
            Action::Verify { passed: true, .. } => s == CaseState::Verified,
            Action::Close => s == CaseState::Closed,
            Action::Reassign { assignee, deadline } => {
                s == CaseState::Dispatched
                    && self.assignee == Some(assignee.id)
                    && self.resolve_due == *deadline
            }
            Action::Whistle { parts, .. } => {
                s == CaseState::Dispatched && !parts.is_empty() && self.parts == *parts
            }
            Action::PartsDone { .. } => s == CaseState::Resolved && !self.parts.is_empty(),
            Action::Verify { passed: false, .. }
            | Action::Return { .. }
            | Action::Reopen { .. } => false,
        };
        done.then_some(s)
    }

    /// Changes the case; `self` is a scratch copy, discarded on error.
    fn change(
        &mut self,
        actor: &Person,
        action: Action,
        now: Timestamp,
    ) -> Result<String, TransitionError> {
        let kind = action.kind();
        let invalid = |problem: &str| TransitionError::Invalid {
            action: kind,
            problem: problem.to_owned(),
        };
        let required = |text: &str, what: &str| {
            if text.trim().is_empty() {
                Err(TransitionError::Invalid {
                    action: kind,
                    problem: format!("{what} is required"),
                })
            } else {
                Ok(())
            }
        };
        let future = |deadline: Timestamp| {
            if deadline <= now {
                Err(TransitionError::Invalid {
                    action: kind,
                    problem: format!("the deadline {deadline} is not after now ({now})"),
                })
            } else {
                Ok(())
            }
        };
        let detail = match action {
            Action::AcceptCase => {
                self.state = CaseState::Accepted;
                self.accepted_at = Some(now);
                self.resolve_due = now + self.limits.resolve;
                self.escalation = EscalationLevel::None;
                format!("accepted; to be resolved by {}", self.resolve_due)
            }
            Action::Reject { reason, note } => {
                if let RejectReason::Duplicate { of } = &reason
                    && *of == self.id
                {
                    return Err(invalid("a case cannot be a duplicate of itself"));
                }
                self.state = CaseState::Rejected;
                self.rejected_at = Some(now);
                let detail = if note.trim().is_empty() {
                    format!("rejected: {reason}")
                } else {
                    format!("rejected: {reason}: {note}")
                };
                self.rejection = Some(Rejection { reason, note });
                self.escalation = EscalationLevel::None;
                detail
            }
            Action::Dispatch { assignee, deadline } => {
                future(deadline)?;
                self.state = CaseState::Dispatched;
                self.assign(&assignee, deadline, now);
                self.dispatched_at.get_or_insert(now);
                format!(
                    "dispatched to {} ({}), due {deadline}",
                    assignee.name, assignee.id
                )
            }
            Action::AcknowledgeTask => {
                self.report_in_now();
                self.acknowledged_at = Some(now);
                "task acknowledged".to_owned()
            }
            Action::Start => {
                self.report_in_now();
                self.state = CaseState::InProgress;
                self.acknowledged_at.get_or_insert(now);
                self.started_at = Some(now);
                "work started".to_owned()
            }
            Action::Resolve { photos, note } => {
                if photos.is_empty() {
                    return Err(invalid("resolving needs at least one photo as evidence"));
                }
                self.report_in_now();
                self.acknowledged_at.get_or_insert(now);
                let detail = format!("resolved with {} photo(s)", photos.len());
                self.resolve(actor, photos, note, now);
                detail
            }
            Action::Return { reason } => {
                required(&reason, "a reason for returning the task")?;
                self.state = CaseState::Accepted;
                self.assignee = None;
                self.department = None;
                self.assigned_at = None;
                self.acknowledged_at = None;
                self.started_at = None;
                self.return_count += 1;
                let detail = format!("returned: {reason}");
                self.note(EvidenceStage::Return, actor, now, reason);
                detail
            }
            Action::Verify { passed: true, note } => {
                self.state = CaseState::Verified;
                self.verified_at = Some(now);
                if !note.trim().is_empty() {
                    self.note(EvidenceStage::Verification, actor, now, note);
                }
                "verified on site".to_owned()
            }
            Action::Verify {
                passed: false,
                note,
            } => {
                required(&note, "a note saying what is still wrong")?;
                self.rework_count += 1;
                if self.report_in.is_some() {
                    // A part sent back: its department reports in again from now.
                    self.assigned_at = Some(now);
                }
                self.resolved_at = None;
                self.resolved_by = None;
                self.acknowledged_at = None;
                self.started_at = None;
                self.state = if self.assignee.is_some() || !self.parts.is_empty() {
                    // The same handler, or a joint case's parts, again.
                    CaseState::Dispatched
                } else {
                    // A self-resolved report that failed: it becomes a filed case.
                    self.accepted_at.get_or_insert(now);
                    CaseState::Accepted
                };
                let detail = format!("verification failed (rework {}): {note}", self.rework_count);
                self.note(EvidenceStage::Verification, actor, now, note);
                detail
            }
            Action::Close => {
                self.state = CaseState::Closed;
                self.closed_at = Some(now);
                "closed".to_owned()
            }
            Action::Reopen { reason } => {
                required(&reason, "a reason for reopening")?;
                self.reopen_count += 1;
                self.escalation = EscalationLevel::None;
                if self.state == CaseState::Rejected {
                    self.state = CaseState::Reported;
                    self.rejection = None;
                    self.rejected_at = None;
                    self.accept_due = now + self.limits.accept;
                    self.resolve_due = now + self.limits.accept + self.limits.resolve;
                } else {
                    self.state = CaseState::Accepted;
                    // A reopened self-resolved report becomes a filed case.
                    self.accepted_at.get_or_insert(now);
                    self.assignee = None;
                    self.department = None;
                    // Its parts are history: a new whistle calls departments anew.
                    self.parts.clear();
                    self.assigned_at = None;
                    self.acknowledged_at = None;
                    self.started_at = None;
                    self.resolved_at = None;
                    self.resolved_by = None;
                    self.verified_at = None;
                    self.closed_at = None;
                    self.resolve_due = now + self.limits.resolve;
                }
                let detail = format!("reopened: {reason}");
                self.note(EvidenceStage::Reopen, actor, now, reason);
                detail
            }
            Action::Reassign { .. } if !self.parts.is_empty() => {
                return Err(invalid(
                    "a joint case waits on its parts: reassign a part, not the whole case",
                ));
            }
            Action::Reassign { assignee, deadline } => {
                future(deadline)?;
                self.state = CaseState::Dispatched;
                self.assign(&assignee, deadline, now);
                format!(
                    "reassigned to {} ({}), due {deadline}",
                    assignee.name, assignee.id
                )
            }
            Action::Whistle { parts, deadline } => {
                future(deadline)?;
                if parts.is_empty() {
                    return Err(invalid("a whistle calls at least one department"));
                }
                let mut seen = parts.clone();
                seen.sort();
                seen.dedup();
                if seen.len() != parts.len() || parts.contains(&self.id) {
                    return Err(invalid("each part is another case, named once"));
                }
                self.state = CaseState::Dispatched;
                self.assignee = None;
                self.department = None;
                self.assigned_at = Some(now);
                self.acknowledged_at = None;
                self.started_at = None;
                self.dispatched_at.get_or_insert(now);
                self.resolve_due = deadline;
                self.escalation = EscalationLevel::None;
                let detail = format!("{} departments called, due {deadline}", parts.len());
                self.parts = parts;
                detail
            }
            Action::PartsDone { photos, note } => {
                if self.parts.is_empty() {
                    return Err(invalid("only a joint case is done by its parts"));
                }
                let detail = format!("all {} parts resolved", self.parts.len());
                self.resolve(actor, photos, note, now);
                detail
            }
        };
        Ok(detail)
    }

    fn assign(&mut self, assignee: &Person, deadline: Timestamp, now: Timestamp) {
        self.assignee = Some(assignee.id);
        self.department = assignee.organisation.clone();
        self.assigned_at = Some(now);
        self.acknowledged_at = None;
        self.started_at = None;
        self.resolve_due = deadline;
        self.escalation = EscalationLevel::None;
    }

    /// Resolved by `actor` at `now` with the photos and note as the resolution's evidence.
    fn resolve(
        &mut self,
        actor: &Person,
        photos: Vec<crate::case::PhotoHash>,
        note: String,
        now: Timestamp,
    ) {
        self.state = CaseState::Resolved;
        self.started_at.get_or_insert(now);
        self.resolved_at = Some(now);
        self.resolved_by = Some(actor.id);
        self.escalation = EscalationLevel::None;
        self.evidence.push(Evidence {
            stage: EvidenceStage::Resolution,
            by: actor.id,
            at: now,
            photos,
            note,
        });
    }

    /// A part's department reports in: the report-in deadline no longer governs, so its
    /// escalation starts again under the resolve deadline.
    fn report_in_now(&mut self) {
        if self.report_in_due().is_some() {
            self.escalation = EscalationLevel::None;
        }
    }

    fn note(&mut self, stage: EvidenceStage, actor: &Person, now: Timestamp, note: String) {
        self.evidence.push(Evidence {
            stage,
            by: actor.id,
            at: now,
            photos: Vec::new(),
            note,
        });
    }
}

/// Whether an action may start from a state (ignoring who and what it carries).
pub(crate) fn allowed_from(kind: ActionKind, state: CaseState) -> bool {
    use CaseState as S;
    match kind {
        ActionKind::Report | ActionKind::SelfResolve => false,
        ActionKind::AcceptCase => state == S::Reported,
        ActionKind::Reject => matches!(state, S::Reported | S::Accepted),
        ActionKind::Dispatch => state == S::Accepted,
        ActionKind::AcknowledgeTask
        | ActionKind::Start
        | ActionKind::Resolve
        | ActionKind::Return => {
            matches!(state, S::Dispatched | S::InProgress)
                && !(kind == ActionKind::Start && state == S::InProgress)
        }
        ActionKind::Verify => state == S::Resolved,
        ActionKind::Close => state == S::Verified,
        ActionKind::Reopen => matches!(state, S::Closed | S::Rejected),
        ActionKind::Reassign => matches!(state, S::Dispatched | S::InProgress),
        ActionKind::Whistle => state == S::Accepted,
        ActionKind::PartsDone => matches!(state, S::Dispatched | S::InProgress),
    }
}

/// The error for an action the state does not allow, with a reason a person can act on.
fn illegal(action: ActionKind, state: CaseState) -> TransitionError {
    use CaseState as S;
    let why = match (action, state) {
        (_, S::Rejected) => "a rejected case is finished; reopen it to work on it again",
        (_, S::Closed) => "a closed case is finished; reopen it to work on it again",
        (ActionKind::Report | ActionKind::SelfResolve, _) => "the case already exists",
        (ActionKind::AcceptCase, _) => "only a newly reported case can be accepted",
        (ActionKind::Reject, _) => "only a case that has not been dispatched can be rejected",
        (ActionKind::Dispatch, S::Reported) => "it must be accepted (立案) first",
        (ActionKind::Dispatch, S::Dispatched | S::InProgress) => {
            "it is already dispatched; reassign it instead"
        }
        (ActionKind::Whistle, S::Reported) => "it must be accepted (立案) first",
        (ActionKind::Whistle, _) => {
            "only an accepted case that is not dispatched can be whistled for"
        }
        (ActionKind::Reassign, S::Reported | S::Accepted) => {
            "it has not been dispatched; dispatch it instead"
        }
        (_, S::Reported | S::Accepted) => "it has not been dispatched to anyone yet",
        (ActionKind::Verify, _) => "only a resolved case can be verified",
        (ActionKind::Close, S::Dispatched | S::InProgress) => {
            "it must be resolved and verified first"
        }
        (ActionKind::Close, _) => "it must be verified first",
        (ActionKind::Reopen, _) => "only a closed or rejected case can be reopened",
        (ActionKind::Start, S::InProgress) => "work has already started",
        (_, S::Resolved) => "it is already resolved and waits for verification",
        (_, S::Verified) => "it is already verified and waits to be closed",
        _ => "this step does not follow from the case's state",
    };
    TransitionError::Illegal { action, state, why }
}
