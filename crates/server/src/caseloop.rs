//! The case loop on the server: reports from devices become cases in their grids,
//! auto-dispatch, workers' task actions with the conflict rules, dispatchers' actions,
//! and the deadline sweep. The rules themselves are `domain`'s; this module loads,
//! applies, stores, audits and publishes.

use domain::case::{Report, SelfResolution};
use domain::{
    Action, Case, CaseId, CaseState, CommunityCode, Location, Person, PersonId, RejectReason, Role,
    Scope, Timestamp, TransitionError,
};
use protocol::{
    AuditAction, AuditView, CaseAction, ChangeKind, Command, ConflictView, EntityKind, Outcome,
    PatrolView, ServiceAction,
};

use crate::error::{Error, Result};
use crate::reference::visible_areas;
use crate::state::AppState;
use crate::store::{Audience, CaseRecord, StoredOutcome, Tx, case_area as area_of};
use crate::views;

/// The id of the service itself in audit entries (auto-dispatch, escalation).
pub const SYSTEM_ID: PersonId = PersonId::from_uuid(uuid::Uuid::from_u128(1));

fn applied() -> StoredOutcome {
    StoredOutcome {
        outcome: Outcome::Applied,
        reason: None,
    }
}

fn rejected(reason: impl Into<String>) -> StoredOutcome {
    StoredOutcome {
        outcome: Outcome::Rejected,
        reason: Some(reason.into()),
    }
}

/// Stores a case, its new audit entries, and publishes it to everyone who may see it;
/// `previous_assignee` loses it when it is no longer theirs to see.
pub fn save_case(
    tx: &mut dyn Tx,
    record: &mut CaseRecord,
    previous_assignee: Option<PersonId>,
    audit: &[AuditView],
    now: Timestamp,
) -> Result<()> {
    record.updated_at = now.millis();
    let overdue = domain::deadline::is_overdue(&record.case, now);
    tx.case_put(record, overdue)?;
    for entry in audit {
        tx.audit_append(record.case.id, entry)?;
    }
    publish_case(tx, record, previous_assignee, now)
}

/// Whether `person` sees cases of `area` through their area scope alone.
fn covered(tx: &mut dyn Tx, person: PersonId, area: &str) -> Result<bool> {
    let Some(p) = tx.person_get(person)? else {
        return Ok(false);
    };
    Ok(visible_areas(p.person.role, &p.person.scope)
        .iter()
        .any(|prefix| area.starts_with(prefix.as_str())))
}

fn publish_case(
    tx: &mut dyn Tx,
    record: &CaseRecord,
    previous_assignee: Option<PersonId>,
    now: Timestamp,
) -> Result<()> {
    let case = &record.case;
    let id = case.id.to_string();
    let area = area_of(case);
    let data = serde_json::to_string(&views::case_view(record, now))?;
    let now_ms = now.millis();
    tx.change_put(
        EntityKind::Case,
        &id,
        &Audience::Area(area.clone()),
        ChangeKind::Put,
        Some(&data),
        now_ms,
    )?;
    let mut people = vec![case.reporter];
    people.extend(case.assignee);
    for p in people {
        if !covered(tx, p, &area)? {
            tx.change_put(
                EntityKind::Case,
                &id,
                &Audience::Person(p),
                ChangeKind::Put,
                Some(&data),
                now_ms,
            )?;
        }
    }
    if let Some(old) = previous_assignee
        && Some(old) != case.assignee
        && old != case.reporter
    {
        if covered(tx, old, &area)? {
            tx.change_forget(EntityKind::Case, &id, &Audience::Person(old))?;
        } else {
            // The task left their scope: their device drops it.
            tx.change_put(
                EntityKind::Case,
                &id,
                &Audience::Person(old),
                ChangeKind::Remove,
                None,
                now_ms,
            )?;
        }
    }
    Ok(())
}

/// The service acting as a community dispatcher (auto-dispatch).
fn system_dispatcher(community: CommunityCode) -> Result<Person> {
    Person::new(
        SYSTEM_ID,
        "自动派遣 auto-dispatch",
        Role::CommunityDispatcher,
        Scope::Community(community),
    )
    .map_err(|e| Error::Internal(e.to_string()))
}

fn transition_reason(e: &TransitionError) -> String {
    let code = match e {
        TransitionError::Denied(_) => "denied",
        _ => "illegal_transition",
    };
    format!("{code}: {e}")
}

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
        Command::ReportCreate(r) => report(tx, state, caller, r, now, at_device),
        Command::TaskAcknowledge(t) => task(
            tx,
            caller,
            t.case_id,
            Action::AcknowledgeTask,
            now,
            at_device,
        ),
        Command::TaskStart(t) => task(tx, caller, t.case_id, Action::Start, now, at_device),
        Command::TaskReturn(t) => task(
            tx,
            caller,
            t.case_id,
            Action::Return { reason: t.reason },
            now,
            at_device,
        ),
        Command::TaskResolve(t) => {
            let Some(mut record) = tx.case_get(t.case_id)? else {
                return Ok(rejected("unknown_case"));
            };
            if record.case.assignee != Some(caller.id) {
                // Evidence is never thrown away: kept on the case for the dispatcher.
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
                save_case(tx, &mut record, assignee, &[entry], now)?;
                return Ok(StoredOutcome {
                    outcome: Outcome::Conflict,
                    reason: Some("reassigned: evidence kept on the case for the dispatcher".into()),
                });
            }
            task(
                tx,
                caller,
                t.case_id,
                Action::Resolve {
                    photos: t.photos,
                    note: t.note,
                },
                now,
                at_device,
            )
        }
        Command::PatrolStart(p) => {
            if let Some(existing) = tx.patrol_get(p.patrol_id)? {
                return Ok(if existing.person_id == caller.id {
                    applied()
                } else {
                    rejected("patrol id taken")
                });
            }
            let patrol = PatrolView {
                id: p.patrol_id,
                person_id: caller.id,
                started_at: at_device,
                ended_at: None,
                checkins: Vec::new(),
            };
            put_patrol(tx, &patrol, now)?;
            Ok(applied())
        }
        Command::PatrolCheckin(c) => {
            let Some(mut patrol) = tx.patrol_get(c.patrol_id)? else {
                return Ok(rejected("unknown_patrol"));
            };
            if patrol.person_id != caller.id {
                return Ok(rejected("not your patrol"));
            }
            if Location::new(c.lon, c.lat).is_err() {
                return Ok(rejected(
                    "bad_location: longitude -180..180, latitude -90..90",
                ));
            }
            let grid = state.grids().locate(c.lon, c.lat).copied();
            patrol.checkins.push(protocol::CheckinView {
                building: c.building,
                unit: c.unit,
                lon: c.lon,
                lat: c.lat,
                note: c.note,
                at: at_device,
                grid,
            });
            put_patrol(tx, &patrol, now)?;
            Ok(applied())
        }
        Command::PatrolEnd(p) => {
            let Some(mut patrol) = tx.patrol_get(p.patrol_id)? else {
                return Ok(rejected("unknown_patrol"));
            };
            if patrol.person_id != caller.id {
                return Ok(rejected("not your patrol"));
            }
            if patrol.ended_at.is_none() {
                patrol.ended_at = Some(at_device);
                put_patrol(tx, &patrol, now)?;
            }
            Ok(applied())
        }
    }
}

fn put_patrol(tx: &mut dyn Tx, patrol: &PatrolView, now: Timestamp) -> Result<()> {
    tx.patrol_put(patrol)?;
    let data = serde_json::to_string(patrol)?;
    tx.change_put(
        EntityKind::Patrol,
        &patrol.id.to_string(),
        &Audience::Person(patrol.person_id),
        ChangeKind::Put,
        Some(&data),
        now.millis(),
    )?;
    Ok(())
}

/// An audit entry with the device's clock beside the server's (for display and audit
/// only; ordering comes from the server).
fn device_stamped(mut view: AuditView, at_device: i64) -> AuditView {
    if let Some(detail) = view.detail.as_object_mut() {
        detail.insert("device_at".into(), at_device.into());
    }
    view
}

/// An audit entry the service writes itself (not a domain transition).
pub fn server_audit(
    now: Timestamp,
    actor: Option<PersonId>,
    action: ServiceAction,
    case: &Case,
    detail: &str,
) -> AuditView {
    AuditView {
        at: now.millis(),
        actor,
        action: AuditAction::Service(action),
        from: Some(case.state),
        to: case.state,
        detail: serde_json::Value::String(detail.to_string()),
    }
}

/// The community a report outside every grid goes to: the reporter's own.
fn home_community(person: &Person) -> Option<CommunityCode> {
    match &person.scope {
        Scope::Grids(g) => g.first().map(|g| g.community()),
        Scope::Community(c) => Some(*c),
        Scope::Street(_) | Scope::District(_) => None,
    }
}

fn report(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    r: protocol::ReportCreate,
    now: Timestamp,
    at_device: i64,
) -> Result<StoredOutcome> {
    if let Some(existing) = tx.case_get(r.case_id)? {
        return Ok(if existing.case.reporter == caller.id {
            applied()
        } else {
            rejected("case_id_taken: another report has this id")
        });
    }
    let Some(category) = state.catalogue().get(&r.category) else {
        return Ok(rejected(format!("unknown_category: {}", r.category)));
    };
    let location = match Location::new(r.lon, r.lat) {
        Ok(l) => l,
        Err(e) => return Ok(rejected(format!("bad_location: {e}"))),
    };
    let grids = state.grids();
    let grid = grids.locate(r.lon, r.lat).copied();
    let community = match grid {
        Some(g) => g.community(),
        None => {
            // Outside every grid: to the reporter's own community (flagged by
            // `outside_grid` on the case); reporters of a street or district go to the
            // community of the nearest grid within 2 km.
            let near = || {
                grids
                    .locate_near(r.lon, r.lat, 2000.0)
                    .map(|l| l.grid.code.community())
            };
            match home_community(caller).or_else(near) {
                Some(c) => c,
                None => return Ok(rejected("outside_every_grid: no community to route it to")),
            }
        }
    };
    let self_resolution = r.self_resolved.then(|| SelfResolution {
        photos: r.photos.clone(),
        note: r.description.clone(),
    });
    let report = Report {
        id: r.case_id,
        priority: r.priority,
        community,
        grid,
        location,
        address: String::new(),
        description: r.description,
        photos: r.photos,
        self_resolution,
    };
    let (mut case, entry) = match Case::report(caller, report, category, now) {
        Ok(x) => x,
        Err(e) => return Ok(rejected(transition_reason(&e))),
    };
    let mut audit = vec![device_stamped(views::audit_view(&entry), at_device)];
    auto_dispatch(tx, state, &mut case, &mut audit, now)?;
    let mut record = CaseRecord {
        case,
        conflicts: Vec::new(),
        merged: Vec::new(),
        updated_at: now.millis(),
    };
    save_case(tx, &mut record, None, &audit, now)?;
    Ok(applied())
}

/// Auto-dispatch: small problems of the configured major classes (not urgent ones) in
/// a grid go straight to that grid's own worker; everything else waits in the community
/// dispatcher's queue.
fn auto_dispatch(
    tx: &mut dyn Tx,
    state: &AppState,
    case: &mut Case,
    audit: &mut Vec<AuditView>,
    now: Timestamp,
) -> Result<()> {
    let Some(grid) = case.grid else { return Ok(()) };
    if case.state != CaseState::Reported
        || case.priority == domain::Priority::Urgent
        || !state
            .config()
            .auto_dispatch_majors
            .contains(&case.category.major().get())
    {
        return Ok(());
    }
    let mut workers = tx.persons_with_role(Role::FullTimeGridWorker)?;
    workers.retain(|w| w.person.scope.covers_grid(&grid));
    let Some(worker) = workers.into_iter().next() else {
        return Ok(());
    };
    let system = system_dispatcher(case.community)?;
    let mut next = case.clone();
    let accept = next.apply(&system, Action::AcceptCase, now);
    let deadline = domain::deadline::default_dispatch_deadline(&next, now);
    let dispatch = accept.and_then(|a| {
        next.apply(
            &system,
            Action::Dispatch {
                assignee: worker.person.clone(),
                deadline,
            },
            now,
        )
        .map(|d| (a, d))
    });
    match dispatch {
        Ok((a, d)) => {
            *case = next;
            audit.push(views::audit_view(&a));
            audit.push(views::audit_view(&d));
        }
        Err(e) => tracing::warn!(case = %case.id, error = %e, "auto-dispatch not possible"),
    }
    Ok(())
}

/// A worker's action on their task, with the conflict rules of the sync design.
fn task(
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
                &[device_stamped(views::audit_view(&entry), at_device)],
                now,
            )?;
            Ok(applied())
        }
        Err(e) if e.is_already_done() => Ok(applied()),
        Err(e) => Ok(rejected(transition_reason(&e))),
    }
}

/// A dispatcher's or commander's action through the API. Errors carry the status:
/// 404 when the caller may not see the case, 403 when role or scope forbid the action,
/// 409 when the case's state does not allow it.
pub fn act(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    id: CaseId,
    action: CaseAction,
) -> Result<CaseRecord> {
    let now = state.now();
    let mut record = visible_case(tx, caller, id)?;
    let before = record.case.assignee;
    let domain_action = match action {
        CaseAction::Accept => Action::AcceptCase,
        CaseAction::Reject {
            reason,
            duplicate_of,
        } => Action::Reject {
            reason: match duplicate_of {
                Some(of) => {
                    visible_case(tx, caller, of)?;
                    RejectReason::Duplicate { of }
                }
                None => RejectReason::Invalid,
            },
            note: reason,
        },
        CaseAction::Merge { into } => return merge(tx, caller, record, into, now),
        CaseAction::Dispatch { worker, due_at } | CaseAction::Reassign { worker, due_at } => {
            let Some(w) = tx.person_get(worker)? else {
                return Err(Error::bad_request(
                    "unknown_worker",
                    format!("no person {worker}"),
                ));
            };
            let deadline = due_at
                .map(Timestamp::from_millis)
                .unwrap_or_else(|| domain::deadline::default_dispatch_deadline(&record.case, now));
            if deadline <= now {
                return Err(Error::bad_request(
                    "bad_deadline",
                    "the deadline must lie in the future",
                ));
            }
            if record.case.state == CaseState::Accepted {
                Action::Dispatch {
                    assignee: w.person,
                    deadline,
                }
            } else {
                Action::Reassign {
                    assignee: w.person,
                    deadline,
                }
            }
        }
        CaseAction::Verify { pass, note } => Action::Verify { passed: pass, note },
        CaseAction::Close => Action::Close,
        CaseAction::Reopen { reason } => Action::Reopen { reason },
    };
    match record.case.apply(caller, domain_action, now) {
        Ok(entry) => {
            save_case(tx, &mut record, before, &[views::audit_view(&entry)], now)?;
            Ok(record)
        }
        Err(e) if e.is_already_done() => Ok(record),
        Err(TransitionError::Denied(d)) => Err(Error::forbidden(d.to_string())),
        Err(e) => Err(Error::conflict("illegal_transition", e.to_string())),
    }
}

/// Merges a duplicate report into an open case: the duplicate is rejected as a
/// duplicate of the target, and the target remembers it.
fn merge(
    tx: &mut dyn Tx,
    caller: &Person,
    mut dup: CaseRecord,
    into: CaseId,
    now: Timestamp,
) -> Result<CaseRecord> {
    if into == dup.case.id {
        return Err(Error::bad_request(
            "bad_merge",
            "a case cannot be merged into itself",
        ));
    }
    let mut target = visible_case(tx, caller, into)?;
    if target.case.state.is_final() {
        return Err(Error::conflict(
            "illegal_transition",
            "the target case is finished",
        ));
    }
    let before = dup.case.assignee;
    let action = Action::Reject {
        reason: RejectReason::Duplicate { of: into },
        note: format!("merged into {into}"),
    };
    let entry = match dup.case.apply(caller, action, now) {
        Ok(e) => e,
        Err(TransitionError::Denied(d)) => return Err(Error::forbidden(d.to_string())),
        Err(e) => return Err(Error::conflict("illegal_transition", e.to_string())),
    };
    save_case(tx, &mut dup, before, &[views::audit_view(&entry)], now)?;
    target.merged.push(dup.case.id);
    let note = server_audit(
        now,
        Some(caller.id),
        ServiceAction::Merge,
        &target.case,
        &format!("case {} merged into this one", dup.case.id),
    );
    let target_assignee = target.case.assignee;
    save_case(tx, &mut target, target_assignee, &[note], now)?;
    Ok(dup)
}

/// The case if `caller` may see it; 404 otherwise (as if it did not exist).
pub fn visible_case(tx: &mut dyn Tx, caller: &Person, id: CaseId) -> Result<CaseRecord> {
    match tx.case_get(id)? {
        Some(r) if domain::people::can_see(caller, &r.case) => Ok(r),
        _ => Err(Error::not_found(format!("no case {id}"))),
    }
}

/// Marks overdue cases and raises their escalation on the server clock; compacts the
/// change log and old mutation outcomes, drops expired tokens. Returns how many cases changed.
pub fn sweep(tx: &mut dyn Tx, state: &AppState) -> Result<usize> {
    let now = state.now();
    let mut changed = 0;
    for mut record in tx.cases_open()? {
        if let Some(level) = record.case.refresh_escalation(now) {
            let entry = server_audit(
                now,
                None,
                ServiceAction::Escalate,
                &record.case,
                &format!("overdue: escalated to {level}"),
            );
            let assignee = record.case.assignee;
            save_case(tx, &mut record, assignee, &[entry], now)?;
            changed += 1;
        }
    }
    let retention =
        i64::try_from(state.config().change_retention_secs).unwrap_or(i64::MAX / 2000) * 1000;
    tx.changes_compact(now.millis().saturating_sub(retention))?;
    tx.tokens_purge_expired(now.millis())?;
    tx.mutations_compact(now.millis().saturating_sub(retention))?;
    Ok(changed)
}
