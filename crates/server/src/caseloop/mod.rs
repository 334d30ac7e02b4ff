//! The case loop on the server: reports from devices become cases in their grids
//! (`intake`), workers' task actions with the conflict rules (`tasks`), patrols
//! (`patrols`), dispatchers' actions and merges (`desk`), cases filed at the desk and tasks
//! sent from above (`filing`), joint cases called by a whistle
//! (`joint`), storing and publishing a changed
//! case (`publish`), open cases re-placed when grid boundaries change (`placement`), and the
//! deadline sweep (`sweep`). The rules themselves are `domain`'s;
//! this module loads, applies, stores, audits and publishes.

mod desk;
mod filing;
mod intake;
mod joint;
mod patrols;
mod photos;
mod placement;
mod publish;
mod sweep;
mod tasks;

use domain::{Action, Person, TransitionError};
use protocol::{Command, Outcome};

use crate::error::Result;
use crate::state::AppState;
use crate::store::{StoredOutcome, Tx};

pub use desk::{act, visible_case};
pub use filing::{file, send_tasks};
pub use intake::SYSTEM_ID;
pub(crate) use intake::{report_from, system_dispatcher};
pub use placement::place_case;
pub use publish::{save_case, server_audit};
pub use sweep::escalate_overdue;

/// Applies one device command in the current transaction. A command that can never
/// apply comes back `rejected` (nothing written); only storage failures are errors.
pub fn apply_command(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    command: Command,
    at_device: i64,
) -> Result<StoredOutcome> {
    let now = state.now();
    match command {
        Command::ReportCreate(r) => intake::report(tx, state, caller, r, now, at_device),
        Command::TaskAcknowledge(t) => tasks::act(
            tx,
            caller,
            t.case_id,
            Action::AcknowledgeTask,
            now,
            at_device,
        ),
        Command::TaskStart(t) => tasks::act(tx, caller, t.case_id, Action::Start, now, at_device),
        Command::TaskReturn(t) => tasks::act(
            tx,
            caller,
            t.case_id,
            Action::Return { reason: t.reason },
            now,
            at_device,
        ),
        Command::TaskResolve(t) => tasks::resolve(tx, caller, t, now, at_device),
        Command::PatrolStart(p) => patrols::start(tx, caller, &p, now, at_device),
        Command::PatrolCheckin(c) => patrols::checkin(tx, state, caller, c, now, at_device),
        Command::PatrolEnd(p) => patrols::end(tx, caller, &p, now, at_device),
        Command::OutboxSkip(s) => Ok(rejected(format!(
            "set_aside: the device set its {} aside: {}",
            s.name, s.reason
        ))),
    }
}

pub(crate) fn applied() -> StoredOutcome {
    StoredOutcome {
        outcome: Outcome::Applied,
        reason: None,
    }
}

pub(crate) fn rejected(reason: impl Into<String>) -> StoredOutcome {
    StoredOutcome {
        outcome: Outcome::Rejected,
        reason: Some(reason.into()),
    }
}

/// A refused transition as an API error: 403 when role or scope forbid it, 422 (`invalid`)
/// when what it carries is wrong, 409 when the case's state does not allow it.
pub(crate) fn refusal(e: TransitionError, invalid: &'static str) -> crate::error::Error {
    use crate::error::Error;
    match e {
        TransitionError::Denied(d) => Error::forbidden(d.to_string()),
        TransitionError::Invalid { .. } => Error::unprocessable(invalid, e.to_string()),
        e => Error::conflict("illegal_transition", e.to_string()),
    }
}

pub(crate) fn transition_reason(e: &TransitionError) -> String {
    let code = match e {
        TransitionError::Denied(_) => "denied",
        _ => "illegal_transition",
    };
    format!("{code}: {e}")
}
