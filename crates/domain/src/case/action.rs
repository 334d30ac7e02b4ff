//! What people do to cases: [`Action`] (with its arguments), [`ActionKind`] (its name) and
//! [`RejectReason`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::case::{CaseId, PhotoHash};
use crate::people::Person;
use crate::timestamp::Timestamp;

/// Why a report is rejected instead of accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RejectReason {
    /// The same problem is already a case.
    Duplicate { of: CaseId },
    /// Not a matter for grid governance (e.g. a private dispute for the courts).
    OutOfScope,
    /// Not a real problem, unreadable, or a test.
    Invalid,
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::Duplicate { of } => write!(f, "duplicate of case {of}"),
            RejectReason::OutOfScope => f.write_str("out of scope"),
            RejectReason::Invalid => f.write_str("invalid"),
        }
    }
}

/// A transition someone asks for. Who may ask is in [`crate::people::can_act`]; what it
/// does is in [`crate::case::Case::apply`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// 立案: a dispatcher accepts a report as a case. Reported → Accepted.
    AcceptCase,
    /// A dispatcher rejects a report. Reported | Accepted → Rejected.
    Reject { reason: RejectReason, note: String },
    /// A dispatcher assigns the case to a grid worker with a deadline. Accepted →
    /// Dispatched. The assignee's record is carried so their role and grids can be checked.
    Dispatch {
        assignee: Person,
        deadline: Timestamp,
    },
    /// The assignee confirms they received the task (the worker's "accept"). State stays
    /// Dispatched or InProgress; records `acknowledged_at`.
    AcknowledgeTask,
    /// The assignee starts work. Dispatched → InProgress.
    Start,
    /// The assignee reports it fixed, with at least one photo. Dispatched | InProgress →
    /// Resolved.
    Resolve {
        photos: Vec<PhotoHash>,
        note: String,
    },
    /// The assignee hands the task back with a reason. Dispatched | InProgress → Accepted.
    Return { reason: String },
    /// A check on site. Resolved → Verified when passed; when failed (返工) → Dispatched to
    /// the same assignee with `rework_count + 1` (or Accepted if nobody was assigned).
    Verify { passed: bool, note: String },
    /// 结案. Verified → Closed.
    Close,
    /// A dispatcher reopens a finished case. Closed → Accepted; Rejected → Reported.
    Reopen { reason: String },
    /// A dispatcher gives a running task to someone else or a new deadline. Dispatched |
    /// InProgress → Dispatched.
    Reassign {
        assignee: Person,
        deadline: Timestamp,
    },
    /// 吹哨: a street dispatcher (or the commander) calls departments to the case, which
    /// then waits on its `parts` (made first with [`super::Case::part`], one task per
    /// department) to be done by `deadline`. Accepted → Dispatched, with no assignee.
    Whistle {
        parts: Vec<super::CaseId>,
        deadline: Timestamp,
    },
    /// Every part of a joint case is resolved (see [`super::Case::parts_done`]): the case is
    /// resolved with their photos. Dispatched | InProgress → Resolved.
    PartsDone {
        photos: Vec<PhotoHash>,
        note: String,
    },
}

impl Action {
    /// The action's name.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::AcceptCase => ActionKind::AcceptCase,
            Action::Reject { .. } => ActionKind::Reject,
            Action::Dispatch { .. } => ActionKind::Dispatch,
            Action::AcknowledgeTask => ActionKind::AcknowledgeTask,
            Action::Start => ActionKind::Start,
            Action::Resolve { .. } => ActionKind::Resolve,
            Action::Return { .. } => ActionKind::Return,
            Action::Verify { .. } => ActionKind::Verify,
            Action::Close => ActionKind::Close,
            Action::Reopen { .. } => ActionKind::Reopen,
            Action::Reassign { .. } => ActionKind::Reassign,
            Action::Whistle { .. } => ActionKind::Whistle,
            Action::PartsDone { .. } => ActionKind::PartsDone,
        }
    }
}

/// The name of an action, as recorded in audit entries; includes the two ways a case is
/// created (`Report`, `SelfResolve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ActionKind {
    Report,
    SelfResolve,
    AcceptCase,
    Reject,
    Dispatch,
    AcknowledgeTask,
    Start,
    Resolve,
    Return,
    Verify,
    Close,
    Reopen,
    Reassign,
    Whistle,
    PartsDone,
}

impl ActionKind {
    /// All action kinds.
    pub const ALL: [ActionKind; 15] = [
        ActionKind::Report,
        ActionKind::SelfResolve,
        ActionKind::AcceptCase,
        ActionKind::Reject,
        ActionKind::Dispatch,
        ActionKind::AcknowledgeTask,
        ActionKind::Start,
        ActionKind::Resolve,
        ActionKind::Return,
        ActionKind::Verify,
        ActionKind::Close,
        ActionKind::Reopen,
        ActionKind::Reassign,
        ActionKind::Whistle,
        ActionKind::PartsDone,
    ];

    /// The snake_case name, as serialized (e.g. "accept_case").
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Report => "report",
            ActionKind::SelfResolve => "self_resolve",
            ActionKind::AcceptCase => "accept_case",
            ActionKind::Reject => "reject",
            ActionKind::Dispatch => "dispatch",
            ActionKind::AcknowledgeTask => "acknowledge_task",
            ActionKind::Start => "start",
            ActionKind::Resolve => "resolve",
            ActionKind::Return => "return",
            ActionKind::Verify => "verify",
            ActionKind::Close => "close",
            ActionKind::Reopen => "reopen",
            ActionKind::Reassign => "reassign",
            ActionKind::Whistle => "whistle",
            ActionKind::PartsDone => "parts_done",
        }
    }

    /// The verb for messages: "cannot {verb} a case that is …".
    pub fn verb(self) -> &'static str {
        match self {
            ActionKind::Report => "report",
            ActionKind::SelfResolve => "self-resolve",
            ActionKind::AcceptCase => "accept",
            ActionKind::Reject => "reject",
            ActionKind::Dispatch => "dispatch",
            ActionKind::AcknowledgeTask => "acknowledge",
            ActionKind::Start => "start work on",
            ActionKind::Resolve => "resolve",
            ActionKind::Return => "return",
            ActionKind::Verify => "verify",
            ActionKind::Close => "close",
            ActionKind::Reopen => "reopen",
            ActionKind::Reassign => "reassign",
            ActionKind::Whistle => "call departments to",
            ActionKind::PartsDone => "complete the parts of",
        }
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
