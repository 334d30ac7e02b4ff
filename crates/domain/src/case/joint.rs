//! Joint cases (街道吹哨，部门报到): a street calls several departments to one case; each
//! department's part is a task of its own ([`Case::part`]) whose handler must report in
//! (报到: acknowledge) within a time limit and then do their part; the joint case resolves
//! when every part has ([`Case::parts_done`]).

use crate::case::{Action, ActionKind, AuditEntry, Case, CaseId, CaseState, EvidenceStage};
use crate::deadline::EscalationLevel;
use crate::error::TransitionError;
use crate::people::{self, Person, Role};
use crate::timestamp::{Minutes, Timestamp};

impl Case {
    /// One department's part of this case, given to `handler` (a department handler whose
    /// organisation serves the place) by `actor` (a street dispatcher or the commander, as
    /// for [`Action::Whistle`]): a task in state `Dispatched` that must be reported in
    /// within `report_in` and resolved by `deadline`. The part carries the case's place,
    /// category and report; its id is new. Apply [`Action::Whistle`] with the parts' ids to
    /// this case afterwards.
    pub fn part(
        &self,
        actor: &Person,
        handler: &Person,
        report_in: Minutes,
        deadline: Timestamp,
        now: Timestamp,
    ) -> Result<(Case, AuditEntry), TransitionError> {
        let kind = ActionKind::Whistle;
        let probe = Action::Whistle {
            parts: Vec::new(),
            deadline,
        };
        people::can_act(actor, self, &probe)?;
        if self.state != CaseState::Accepted {
            return Err(TransitionError::Illegal {
                action: kind,
                state: self.state,
                why: "only an accepted case that is not dispatched can be whistled for",
            });
        }
        let invalid = |problem: String| TransitionError::Invalid {
            action: kind,
            problem,
        };
        if handler.role != Role::DepartmentHandler || handler.organisation.is_none() {
            return Err(invalid(format!(
                "{} is not a department's handler",
                handler.name
            )));
        }
        people::check_assignee(actor, handler, self)?;
        if deadline <= now {
            return Err(invalid(format!(
                "the deadline {deadline} is not after now ({now})"
            )));
        }
        if report_in.get() == 0 || now + report_in > deadline {
            return Err(invalid(format!(
                "reporting in within {report_in} must end before the deadline {deadline}"
            )));
        }
        let mut part = self.clone();
        part.id = CaseId::new();
        part.state = CaseState::Dispatched;
        part.part_of = Some(self.id);
        part.parts = Vec::new();
        part.report_in = Some(report_in);
        part.assignee = Some(handler.id);
        part.department = handler.organisation.clone();
        part.resolved_by = None;
        part.dispatched_at = Some(now);
        part.assigned_at = Some(now);
        part.acknowledged_at = None;
        part.started_at = None;
        part.resolved_at = None;
        part.verified_at = None;
        part.closed_at = None;
        part.resolve_due = deadline;
        part.rework_count = 0;
        part.return_count = 0;
        part.reopen_count = 0;
        part.escalation = EscalationLevel::None;
        part.evidence.retain(|e| e.stage == EvidenceStage::Report);
        let department = part
            .department
            .as_ref()
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default();
        let entry = AuditEntry {
            case: part.id,
            actor: actor.id,
            role: actor.role,
            action: kind,
            from: None,
            to: part.state,
            at: now,
            detail: format!(
                "part of case {}: {department} called, {} ({}) to report in within {report_in}, due {deadline}",
                self.id, handler.name, handler.id
            ),
        };
        Ok((part, entry))
    }

    /// Whether every one of this joint case's `parts` (as stored now) is resolved or
    /// beyond, so the case itself is resolved ([`Action::PartsDone`]). False for a case
    /// with no parts, or when a part is missing from `parts`.
    pub fn parts_done(&self, parts: &[Case]) -> bool {
        !self.parts.is_empty()
            && self.state.is_active_task()
            && self.parts.iter().all(|id| {
                parts.iter().any(|p| {
                    p.id == *id
                        && p.part_of == Some(self.id)
                        && matches!(
                            p.state,
                            CaseState::Resolved | CaseState::Verified | CaseState::Closed
                        )
                })
            })
    }

    /// When a part's current handler had or has to report in (报到): `assigned_at` plus the
    /// part's window; none for a case that is no part.
    pub fn report_in_deadline(&self) -> Option<Timestamp> {
        Some(self.assigned_at? + self.report_in?)
    }

    /// When a part's handler must report in (报到), while they have not: the part's
    /// governing deadline until then.
    pub fn report_in_due(&self) -> Option<Timestamp> {
        match (self.report_in, self.assigned_at, self.acknowledged_at) {
            (Some(window), Some(assigned), None) if self.state == CaseState::Dispatched => {
                Some(assigned + window)
            }
            _ => None,
        }
    }
}
