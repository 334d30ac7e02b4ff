//! Cases that start at the desk: one filed by a dispatcher from a phone call or a 12345
//! hotline ticket (accepted at once, dispatched when a worker is named), and tasks sent
//! from above (由上至下) to the workers of several grids, a case per grid. The rules are
//! `domain`'s (`Case::file`, `Action::Dispatch`).

use domain::case::Report;
use domain::{Action, Case, CaseId, GridCode, Location, Person, Priority, Role, Source, Timestamp};
use protocol::{AuditView, NewCase, NewTasks};

use super::publish::save_case;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{CaseRecord, Tx};
use crate::wire;

fn refused(e: domain::TransitionError) -> Error {
    super::refusal(e, "invalid_case")
}

fn checked_text(description: &str) -> Result<()> {
    domain::limits::check_text(
        "description",
        description,
        domain::limits::DESCRIPTION_CHARS,
    )
    .map(|_| ())
    .map_err(|e| Error::bad_request("too_large", e.to_string()))
}

/// The category, in use, or 422.
fn category(state: &AppState, code: &domain::CategoryCode) -> Result<domain::Category> {
    match state.catalogue().get(code) {
        Some(c) if !c.retired => Ok(c.clone()),
        Some(c) => Err(Error::unprocessable(
            "retired_category",
            format!("{} {} takes no new cases", c.code, c.name_zh),
        )),
        None => Err(Error::unprocessable(
            "unknown_category",
            format!("no category {code}"),
        )),
    }
}

/// Files a case and, with `worker`, dispatches it; stores and publishes it.
#[allow(clippy::too_many_arguments)]
fn file_one(
    tx: &mut dyn Tx,
    caller: &Person,
    report: Report,
    category: &domain::Category,
    source: Source,
    external_ref: Option<String>,
    worker: Option<Person>,
    due_at: Option<i64>,
    now: Timestamp,
) -> Result<CaseRecord> {
    let (mut case, entries) =
        Case::file(caller, report, category, source, external_ref, now).map_err(refused)?;
    let mut audit: Vec<AuditView> = entries.iter().map(wire::audit_view).collect();
    if let Some(worker) = worker {
        let deadline = due_at
            .map(Timestamp::from_millis)
            .unwrap_or_else(|| domain::deadline::default_dispatch_deadline(&case, now));
        if deadline <= now {
            return Err(Error::unprocessable(
                "bad_deadline",
                "the deadline must lie in the future",
            ));
        }
        let entry = case
            .apply(
                caller,
                Action::Dispatch {
                    assignee: worker,
                    deadline,
                },
                now,
            )
            .map_err(refused)?;
        audit.push(wire::audit_view(&entry));
    }
    let mut record = CaseRecord::new(case, now.millis());
    save_case(tx, &mut record, None, &audit, now)?;
    Ok(record)
}

/// `POST /v1/cases`: a case filed at the desk, in the grid that holds its point (or, outside
/// every grid, the nearest grid's community within 2 km). The same id again returns the
/// case it filed.
pub fn file(tx: &mut dyn Tx, state: &AppState, caller: &Person, n: NewCase) -> Result<CaseRecord> {
    let now = state.now();
    let id = n.id.unwrap_or_default();
    if let Some(existing) = tx.case_get(id)? {
        return if existing.case.reporter == caller.id {
            Ok(existing)
        } else {
            Err(Error::conflict("case_id_taken", "another case has this id"))
        };
    }
    checked_text(&n.description)?;
    let category = category(state, &n.category)?;
    let location = Location::new(n.lon, n.lat)
        .map_err(|e| Error::bad_request("bad_location", e.to_string()))?;
    let grids = state.grids();
    let grid = grids.locate(n.lon, n.lat).copied();
    let community = match grid {
        Some(g) => g.community(),
        None => grids
            .locate_near(n.lon, n.lat, 2000.0)
            .map(|l| l.grid.code.community())
            .ok_or_else(|| {
                Error::unprocessable(
                    "outside_every_grid",
                    "the point is not in or near any grid of the district",
                )
            })?,
    };
    let worker = match n.worker {
        Some(w) => Some(
            tx.person_get(w)?
                .ok_or_else(|| Error::unprocessable("unknown_worker", format!("no person {w}")))?
                .person,
        ),
        None => None,
    };
    let report = Report {
        id,
        priority: n.priority.unwrap_or(Priority::Normal),
        community,
        grid,
        location,
        address: n.address,
        description: n.description,
        photos: Vec::new(),
        self_resolution: None,
    };
    let source = n.source.unwrap_or(Source::Desk);
    if matches!(source, Source::App | Source::Open311) {
        return Err(Error::unprocessable(
            "bad_source",
            "the desk files desk, hotline or task cases",
        ));
    }
    file_one(
        tx,
        caller,
        report,
        &category,
        source,
        n.external_ref,
        worker,
        n.due_at,
        now,
    )
}

/// `POST /v1/tasks`: a task from above for each grid, placed inside it and dispatched to
/// its full-time worker (a grid without one is refused, naming it, and nothing is sent).
pub fn send_tasks(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    t: NewTasks,
) -> Result<Vec<CaseRecord>> {
    let now = state.now();
    checked_text(&t.description)?;
    if t.description.trim().is_empty() {
        return Err(Error::unprocessable(
            "invalid_case",
            "a task says what is to be done",
        ));
    }
    let category = category(state, &t.category)?;
    if t.grids.is_empty() {
        return Err(Error::unprocessable(
            "invalid_case",
            "name at least one grid",
        ));
    }
    let index = state.grids();
    let workers = tx.persons_with_role(Role::FullTimeGridWorker)?;
    let mut planned = Vec::new();
    for code in &t.grids {
        let grid = GridCode::parse(code.trim())
            .map_err(|e| Error::bad_request("bad_grid", e.to_string()))?;
        if planned
            .iter()
            .any(|(g, _, _): &(GridCode, _, _)| *g == grid)
        {
            return Err(Error::unprocessable(
                "invalid_case",
                format!("grid {grid} is named twice"),
            ));
        }
        let (lon, lat) = index
            .get(&grid)
            .and_then(|g| g.inside_point())
            .ok_or_else(|| Error::unprocessable("unknown_grid", format!("no grid {grid}")))?;
        let mut worker = None;
        for w in &workers {
            if w.person.scope.covers_grid(&grid) && tx.person_deactivated_at(w.person.id)?.is_none()
            {
                worker = Some(w.person.clone());
                break;
            }
        }
        let worker = worker.ok_or_else(|| {
            Error::unprocessable("no_worker", format!("grid {grid} has no full-time worker"))
        })?;
        planned.push((grid, (lon, lat), worker));
    }
    let mut out = Vec::new();
    for (grid, (lon, lat), worker) in planned {
        let report = Report {
            id: CaseId::new(),
            priority: Priority::Normal,
            community: grid.community(),
            grid: Some(grid),
            location: Location::new(lon, lat)
                .map_err(|e| Error::Internal(format!("grid {grid}'s inside point: {e}")))?,
            address: String::new(),
            description: t.description.clone(),
            photos: Vec::new(),
            self_resolution: None,
        };
        out.push(file_one(
            tx,
            caller,
            report,
            &category,
            Source::Task,
            None,
            Some(worker),
            t.due_at,
            now,
        )?);
    }
    Ok(out)
}
