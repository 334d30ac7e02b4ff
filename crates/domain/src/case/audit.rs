//! The audit entry every applied transition produces.

use serde::{Deserialize, Serialize};

use crate::case::{ActionKind, CaseId, CaseState};
use crate::people::{PersonId, Role};
use crate::timestamp::Timestamp;

/// A record of one applied transition: who did what to which case, when, from which state
/// to which. `from` is `None` for the report that created the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub case: CaseId,
    pub actor: PersonId,
    pub role: Role,
    pub action: ActionKind,
    pub from: Option<CaseState>,
    pub to: CaseState,
    pub at: Timestamp,
    /// A human-readable summary (reason, assignee, deadline, verdict…).
    pub detail: String,
}
