//! Administering people (administrators only): the searchable list, moving a grid worker
//! to other grids (their open tasks kept or handed to the worker who still covers each
//! grid; their phones rebuild their copy so nothing of the old grid stays), and
//! deactivating a person (no more sign-in, every device revoked at once, history kept).
//! Every change is written to the admin audit log in its own transaction.

use domain::{Role, Scope};
use protocol::{AdminPeopleQuery, AdminPersonView, CaseAction, Deactivate, MoveWorker, OpenTasks};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::{AdminAuditEntry, PersonRecord, Tx};

pub(crate) fn view(
    tx: &mut dyn Tx,
    record: &PersonRecord,
    deactivated: Option<i64>,
) -> Result<AdminPersonView> {
    let id = record.person.id;
    let devices = tx
        .devices_list()?
        .iter()
        .filter(|d| d.person_id == id && d.revoked_at.is_none())
        .count();
    Ok(AdminPersonView {
        id,
        username: record.username.clone(),
        name: record.person.name.clone(),
        role: record.person.role,
        scope: record.person.scope.clone(),
        phone: record.phone.clone(),
        active: deactivated.is_none(),
        devices: u32::try_from(devices).unwrap_or(u32::MAX),
    })
}

/// Whether `scope` lies in `community`.
fn in_community(scope: &Scope, community: &str) -> bool {
    match scope {
        Scope::Grids(grids) => grids.iter().any(|g| g.community().as_str() == community),
        Scope::Community(c) => c.as_str() == community,
        Scope::Street(_) | Scope::District(_) => false,
    }
}

/// People matching the query, by user name.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    q: AdminPeopleQuery,
) -> Result<Vec<AdminPersonView>> {
    caller.require_admin()?;
    let role = match q.role.as_deref() {
        None | Some("") => None,
        Some(r) => Some(
            Role::ALL
                .into_iter()
                .find(|x| x.as_str() == r)
                .ok_or_else(|| Error::bad_request("bad_role", format!("unknown role {r:?}")))?,
        ),
    };
    let text = q.q.unwrap_or_default().trim().to_lowercase();
    let community = q.community.unwrap_or_default();
    state
        .read(move |tx| {
            let mut out = Vec::new();
            for (record, deactivated) in tx.persons_all()? {
                let p = &record.person;
                let matches_text = text.is_empty()
                    || record.username.to_lowercase().contains(&text)
                    || p.name.to_lowercase().contains(&text)
                    || record.phone.as_deref().is_some_and(|ph| ph.contains(&text));
                if matches_text
                    && role.is_none_or(|r| r == p.role)
                    && (community.is_empty() || in_community(&p.scope, &community))
                {
                    out.push(view(tx, &record, deactivated)?);
                }
            }
            Ok(out)
        })
        .await
}

pub(crate) fn audit(
    caller: &Caller,
    now: i64,
    action: &str,
    subject: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> AdminAuditEntry {
    AdminAuditEntry {
        id: 0,
        at: now,
        actor: caller.id(),
        username: caller.record.username.clone(),
        action: action.into(),
        subject: subject.into(),
        before: Some(before),
        after: Some(after),
    }
}

pub(crate) fn person_of(tx: &mut dyn Tx, username: &str) -> Result<PersonRecord> {
    tx.person_by_username(username)?
        .ok_or_else(|| Error::not_found(format!("no person {username}")))
}

/// Moves grid worker `username` to `req.grids`; their open tasks stay with them or go to
/// the full-time worker who still covers each task's grid, as the administrator chose.
pub async fn move_worker(
    state: &AppState,
    caller: &Caller,
    username: String,
    req: MoveWorker,
) -> Result<AdminPersonView> {
    caller.require_admin()?;
    if req.grids.is_empty() {
        return Err(Error::unprocessable(
            "no_grids",
            "a grid worker works in at least one grid",
        ));
    }
    let index = state.grids();
    if let Some(g) = req.grids.iter().find(|g| index.grids().get(g).is_none()) {
        return Err(Error::unprocessable(
            "unknown_grid",
            format!("grid {g} is not stored"),
        ));
    }
    let st = state.clone();
    let caller = caller.clone();
    let now = state.now_ms();
    let moved = state
        .write(move |tx| {
            let old = person_of(tx, &username)?;
            if !old.person.role.is_grid_worker() {
                return Err(Error::unprocessable(
                    "not_a_grid_worker",
                    format!("{username} is not a grid worker"),
                ));
            }
            let mut new = old.clone();
            new.person.scope = Scope::Grids(req.grids.clone());
            crate::reference::feed::update_person(tx, &new, &old, now)?;
            let mut handed = Vec::new();
            if req.open_tasks == OpenTasks::HandOver {
                let workers = tx.persons_with_role(Role::FullTimeGridWorker)?;
                for case in tx.cases_open_assigned_to(old.person.id)? {
                    let c = &case.case;
                    if c.assignee != Some(old.person.id) || !c.state.is_active_task() {
                        continue;
                    }
                    let Some(grid) = c.grid else { continue };
                    if new.person.scope.covers_grid(&grid) {
                        continue;
                    }
                    let Some(to) = workers.iter().find(|w| {
                        w.person.id != old.person.id && w.person.scope.covers_grid(&grid)
                    }) else {
                        return Err(Error::unprocessable(
                            "no_worker",
                            format!(
                                "no full-time worker covers grid {grid} after the move, so case {} \
                                 has no one to go to: give the grid a worker first, or keep the \
                                 tasks with {username}",
                                c.id
                            ),
                        ));
                    };
                    let system = crate::caseloop::system_dispatcher(c.community)?;
                    let due = (c.resolve_due.millis() > now).then_some(c.resolve_due.millis());
                    crate::caseloop::act(
                        tx,
                        &st,
                        &system,
                        c.id,
                        CaseAction::Reassign {
                            worker: to.person.id,
                            due_at: due,
                        },
                    )?;
                    handed.push(serde_json::json!({ "case": c.id, "to": to.username }));
                }
            }
            let entry = audit(
                &caller,
                now,
                "person.move",
                &username,
                serde_json::json!({ "scope": old.person.scope }),
                serde_json::json!({
                    "scope": new.person.scope,
                    "open_tasks": req.open_tasks,
                    "handed_over": handed,
                }),
            );
            tx.admin_audit_put(&entry)?;
            let off = tx.person_deactivated_at(new.person.id)?;
            view(tx, &new, off)
        })
        .await?;
    state.hint();
    tracing::info!(user = %moved.username, "worker moved");
    Ok(moved)
}

/// Deactivates `username`: no more sign-in, every device revoked now (each wipes itself at
/// its next contact, told `req.reason`), history kept.
pub async fn deactivate(
    state: &AppState,
    caller: &Caller,
    username: String,
    req: Deactivate,
) -> Result<AdminPersonView> {
    caller.require_admin()?;
    if username == caller.record.username {
        return Err(Error::unprocessable(
            "self",
            "administrators cannot deactivate themselves",
        ));
    }
    let reason =
        crate::devices::reason_or(req.reason, "此账号已停用 this account was deactivated")?;
    let caller = caller.clone();
    let now = state.now_ms();
    let done = state
        .write(move |tx| {
            let record = person_of(tx, &username)?;
            let id = record.person.id;
            tx.person_deactivate(id, now)?;
            let mut revoked = Vec::new();
            for d in tx.devices_list()? {
                if d.person_id == id && d.revoked_at.is_none() {
                    tx.device_revoke_because(d.id, now, &reason)?;
                    revoked.push(d.id);
                }
            }
            let entry = audit(
                &caller,
                now,
                "person.deactivate",
                &username,
                serde_json::json!({ "active": true }),
                serde_json::json!({ "active": false, "reason": reason, "devices_revoked": revoked }),
            );
            tx.admin_audit_put(&entry)?;
            view(tx, &record, Some(now))
        })
        .await?;
    // Wakes every event stream, so the revoked devices' streams end now.
    state.hint();
    tracing::info!(user = %done.username, "person deactivated");
    Ok(done)
}
