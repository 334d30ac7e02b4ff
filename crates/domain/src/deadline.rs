//! Deadlines, overdue and escalation, as pure functions of a case and the current time.
//!
//! The governing deadline of a case depends on its state:
//! - `Reported`: `accept_due` (report + the category's accept limit, e.g. 60 minutes for
//!   normal priority: Haigang's one-hour response);
//! - `Accepted`, `Dispatched`, `InProgress`: `resolve_due` (the dispatcher's deadline, or
//!   acceptance + the resolve limit before dispatch);
//! - `Resolved`, `Verified`, `Closed`, `Rejected`: none — the handler's part is done;
//! - a joint case's part (吹哨) not yet reported in: its report-in time (`assigned_at` +
//!   `report_in`), escalating in steps of that window like any other deadline.
//!
//! Escalation rule: a case past its deadline escalates to the **community** (its community
//! dispatcher is alerted); overdue by more than one full limit of that phase (the accept
//! limit while reported, the resolve limit after) it escalates to the **street**; by more
//! than two limits, to the **district** command centre.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::case::{Case, CaseState};
use crate::category::{Category, Priority};
use crate::timestamp::{Minutes, Timestamp};

/// How far up an overdue case has escalated.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EscalationLevel {
    /// Not overdue.
    #[default]
    None,
    /// Overdue: the community dispatcher is alerted.
    Community,
    /// Overdue by more than one limit: the street is alerted.
    Street,
    /// Overdue by more than two limits: the district command centre is alerted.
    District,
}

impl fmt::Display for EscalationLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EscalationLevel::None => "none",
            EscalationLevel::Community => "community",
            EscalationLevel::Street => "street",
            EscalationLevel::District => "district",
        })
    }
}

/// Which deadline governs a case now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Accept (立案) by this time.
    Accept,
    /// Resolve by this time.
    Resolve,
    /// A joint case's part: its department reports in (报到) by this time.
    ReportIn,
}

/// The deadline that governs a case now, with the limit of its phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: Timestamp,
    /// The category limit of this phase: the unit of escalation steps.
    pub limit: Minutes,
}

/// When a report made at `reported_at` must be accepted.
pub fn accept_due(category: &Category, priority: Priority, reported_at: Timestamp) -> Timestamp {
    reported_at + category.limits_for(priority).accept
}

/// When a case dispatched at `dispatched_at` must be resolved by default (the deadline a
/// dispatcher is offered).
pub fn resolve_due(category: &Category, priority: Priority, dispatched_at: Timestamp) -> Timestamp {
    dispatched_at + category.limits_for(priority).resolve
}

/// The default deadline for dispatching `case` at `now`: now + its resolve limit.
pub fn default_dispatch_deadline(case: &Case, now: Timestamp) -> Timestamp {
    now + case.limits.resolve
}

/// The deadline that governs `case` in its current state (see the module docs).
pub fn current_deadline(case: &Case) -> Option<Deadline> {
    if !case.state.awaits_handling() {
        return None;
    }
    if let (Some(due), Some(limit)) = (case.report_in_due(), case.report_in) {
        return Some(Deadline {
            kind: DeadlineKind::ReportIn,
            due,
            limit,
        });
    }
    Some(if case.state == CaseState::Reported {
        Deadline {
            kind: DeadlineKind::Accept,
            due: case.accept_due,
            limit: case.limits.accept,
        }
    } else {
        Deadline {
            kind: DeadlineKind::Resolve,
            due: case.resolve_due,
            limit: case.limits.resolve,
        }
    })
}

/// How long `case` is past its governing deadline at `now`, if it is.
pub fn overdue_by(case: &Case, now: Timestamp) -> Option<Duration> {
    let deadline = current_deadline(case)?;
    now.duration_since(deadline.due).filter(|d| !d.is_zero())
}

/// Whether `case` is past its governing deadline at `now`.
pub fn is_overdue(case: &Case, now: Timestamp) -> bool {
    overdue_by(case, now).is_some()
}

/// The escalation level of `case` at `now` (see the module docs for the rule).
pub fn escalation_level(case: &Case, now: Timestamp) -> EscalationLevel {
    let Some(deadline) = current_deadline(case) else {
        return EscalationLevel::None;
    };
    let Some(late) = overdue_by(case, now) else {
        return EscalationLevel::None;
    };
    let step = deadline.limit.as_duration().max(Duration::from_secs(60));
    if late > step * 2 {
        EscalationLevel::District
    } else if late > step {
        EscalationLevel::Street
    } else {
        EscalationLevel::Community
    }
}
