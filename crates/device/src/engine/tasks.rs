//! Tasks of a grid worker (任务处理): listed by deadline with overdue first, and acted on
//! offline (acknowledge, start, resolve with photos and notes, return with a reason). Each
//! action is queued durably and laid over the local view at once.

use domain::{ActionKind, CaseId, CaseState, PhotoHash};
use protocol::{AuditAction, Command, TaskRef, TaskResolve, TaskReturn};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::view::{AuditInfo, CaseDetailInfo, CaseSummary, summary};
use super::{Engine, now_ms};
use crate::{Error, Result};

/// What a worker does to a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskAction {
    Acknowledge,
    Start,
    Resolve,
    Return,
}

impl std::str::FromStr for TaskAction {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "acknowledge" | "accept" => Self::Acknowledge,
            "start" => Self::Start,
            "resolve" => Self::Resolve,
            "return" => Self::Return,
            other => {
                return Err(Error::Invalid(format!(
                    "unknown task action {other:?}: acknowledge, start, resolve or return"
                )));
            }
        })
    }
}

/// The arguments of `task_act`: a note and photos (resolve), or a reason (return).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct TaskAct {
    pub id: CaseId,
    pub action: TaskAction,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    #[ts(as = "Option<Vec<PhotoHash>>", optional)]
    pub photos: Vec<PhotoHash>,
    #[serde(default)]
    pub reason: Option<String>,
}

impl Engine {
    /// My tasks, overdue first, then by due time (no deadline last).
    pub fn tasks(&self) -> Result<Vec<CaseSummary>> {
        let Some(session) = self.session_opt()? else {
            return Ok(Vec::new());
        };
        let names = self.names()?;
        let now = now_ms();
        let mut tasks: Vec<CaseSummary> = self
            .local_cases()?
            .into_iter()
            .filter(|(c, pending)| {
                c.assignee == Some(session.person.id)
                    && (c.state.is_active_task() || (*pending && c.state == CaseState::Resolved))
            })
            .map(|(c, pending)| summary(&c, pending, &names, now))
            .collect();
        tasks.sort_by_key(|t| (!t.overdue, t.due_at.unwrap_or(i64::MAX), t.reported_at));
        Ok(tasks)
    }

    /// A case as this device sees it (offline: audit entries come from the desk's online
    /// view).
    ///
    /// The synced case carries no audit trail, and an acknowledgement keeps the state, so a
    /// `task.acknowledge` of this case still waiting in the outbox appears as an
    /// `acknowledge_task` audit entry by the signed-in person: the app then offers the
    /// next steps instead of acknowledging again.
    pub fn case_detail(&self, id: &CaseId) -> Result<CaseDetailInfo> {
        let (case, pending) = self.local_case(id)?;
        let mut detail = self.detail_of(&case, pending, &self.names()?);
        let me = self.session_opt()?.map(|s| s.person.name);
        let case_id = id.to_string();
        let acknowledged = self
            .store()
            .outbox_pending_named(Command::TaskAcknowledge(TaskRef { case_id: *id }).name())?
            .into_iter()
            .filter(|e| e.args["case_id"].as_str() == Some(case_id.as_str()));
        for entry in acknowledged {
            detail.audit.push(AuditInfo {
                at: entry.created_at,
                actor_name: me.clone(),
                action: AuditAction::Loop(ActionKind::AcknowledgeTask),
                from: Some(case.state),
                to: case.state,
            });
        }
        Ok(detail)
    }

    /// Acts on a task offline: checks the action makes sense for the task as this device
    /// sees it, queues it durably and returns the task as it now looks.
    pub fn task_act(&self, act: TaskAct) -> Result<CaseSummary> {
        let session = self.session()?;
        let (case, _) = self.local_case(&act.id)?;
        if case.assignee != Some(session.person.id) {
            return Err(Error::Invalid(format!(
                "case {} is not assigned to you",
                act.id
            )));
        }
        let allowed = match act.action {
            TaskAction::Acknowledge | TaskAction::Resolve | TaskAction::Return => {
                case.state.is_active_task()
            }
            TaskAction::Start => case.state == CaseState::Dispatched,
        };
        if !allowed {
            return Err(Error::Invalid(format!(
                "cannot {:?} a task that is {}",
                act.action, case.state
            )));
        }
        let command = match act.action {
            TaskAction::Acknowledge => Command::TaskAcknowledge(TaskRef { case_id: act.id }),
            TaskAction::Start => Command::TaskStart(TaskRef { case_id: act.id }),
            TaskAction::Resolve => {
                if act.photos.is_empty() && act.note.as_deref().is_none_or(|n| n.trim().is_empty())
                {
                    return Err(Error::Invalid(
                        "resolving needs evidence: a photo or a note".into(),
                    ));
                }
                Command::TaskResolve(TaskResolve {
                    case_id: act.id,
                    photos: act.photos.clone(),
                    note: act.note.clone().unwrap_or_default(),
                })
            }
            TaskAction::Return => {
                let reason = act.reason.clone().unwrap_or_default();
                if reason.trim().is_empty() {
                    return Err(Error::Invalid("returning a task needs a reason".into()));
                }
                Command::TaskReturn(TaskReturn {
                    case_id: act.id,
                    reason,
                })
            }
        };
        command
            .check_limits()
            .map_err(|e| Error::Invalid(e.to_string()))?;
        {
            let mut store = self.store();
            let photos: Vec<String> = act.photos.iter().map(ToString::to_string).collect();
            for sha in &photos {
                if store.photo(sha)?.is_none() {
                    return Err(Error::NotFound(format!(
                        "photo {sha} was not prepared on this device"
                    )));
                }
            }
            store.queue(command.name(), &command.args(), &photos, now_ms())?;
        }
        self.wrote()?;
        let (case, pending) = self.local_case(&act.id)?;
        Ok(summary(&case, pending, &self.names()?, now_ms()))
    }
}
