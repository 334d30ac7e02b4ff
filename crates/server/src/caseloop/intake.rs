//! Intake: a device's report becomes a case in its grid (or its reporter's community when
//! it lies outside every grid), and small problems are auto-dispatched to the grid's worker.

use domain::case::{Report, SelfResolution};
use domain::{
    Action, Case, CaseState, CommunityCode, Location, Person, PersonId, Role, Scope, Source,
    Timestamp,
};
use protocol::AuditView;

use super::publish::{device_stamped, save_case};
use super::{applied, rejected, transition_reason};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{CaseRecord, StoredOutcome, Tx};
use crate::wire;

/// The id of the service itself in audit entries (auto-dispatch, escalation).
pub const SYSTEM_ID: PersonId = PersonId::from_uuid(uuid::Uuid::from_u128(1));

/// The service acting as a community dispatcher (auto-dispatch).
pub(crate) fn system_dispatcher(community: CommunityCode) -> Result<Person> {
    Person::new(
        SYSTEM_ID,
        "自动派遣 auto-dispatch",
        Role::CommunityDispatcher,
        Scope::Community(community),
    )
    .map_err(|e| Error::Internal(e.to_string()))
}

/// The community a report outside every grid goes to: the reporter's own.
fn home_community(person: &Person) -> Option<CommunityCode> {
    match &person.scope {
        Scope::Grids(g) => g.first().map(|g| g.community()),
        Scope::Community(c) => Some(*c),
        Scope::Street(_) | Scope::District(_) => None,
    }
}

pub(crate) fn report(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    r: protocol::ReportCreate,
    now: Timestamp,
    at_device: i64,
) -> Result<StoredOutcome> {
    report_from(tx, state, caller, r, Source::App, None, now, at_device)
}

/// A report that came in through `source` (a phone, or another system with its
/// `external_ref`), placed and routed as a phone's is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn report_from(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    r: protocol::ReportCreate,
    source: Source,
    external_ref: Option<String>,
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
    if let Some(refused) = super::photos::refusal(tx, caller, &r.photos)? {
        return Ok(refused);
    }
    let catalogue = state.catalogue();
    let Some(category) = catalogue.get(&r.category) else {
        return Ok(rejected(format!("unknown_category: {}", r.category)));
    };
    if category.retired {
        return Ok(rejected(format!(
            "retired_category: {} {} takes no new reports",
            category.code, category.name_zh
        )));
    }
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
    case.source = source;
    case.external_ref = external_ref;
    let mut audit = vec![device_stamped(wire::audit_view(&entry), at_device)];
    auto_dispatch(tx, state, &mut case, &mut audit, now)?;
    let mut record = CaseRecord::new(case, now.millis());
    super::photos::claim(tx, caller, &wire::case_photos(&record), now)?;
    save_case(tx, &mut record, None, &audit, now)?;
    Ok(applied())
}

/// Auto-dispatch: (non-urgent) reports in a grid of a category routed to the grid's
/// worker go straight to that grid's own worker; reports of a category routed to a
/// department go to that department's handler with the fewest open tasks who serves the
/// place (urgent ones too: the department is who fixes them); everything else, and a
/// department with no handler there, waits in the community dispatcher's queue.
fn auto_dispatch(
    tx: &mut dyn Tx,
    state: &AppState,
    case: &mut Case,
    audit: &mut Vec<AuditView>,
    now: Timestamp,
) -> Result<()> {
    if case.state != CaseState::Reported {
        return Ok(());
    }
    let catalogue = state.catalogue();
    let Some(category) = catalogue.get(&case.category) else {
        return Ok(());
    };
    let handler = match (category.routing, &category.department, case.grid) {
        (domain::Routing::Department, Some(department), _) => {
            department_handler(tx, state, department, case)?
        }
        (domain::Routing::GridWorker, _, Some(grid))
            if case.priority != domain::Priority::Urgent =>
        {
            let mut workers = tx.persons_with_role(Role::FullTimeGridWorker)?;
            workers.retain(|w| w.person.scope.covers_grid(&grid));
            workers.into_iter().next().map(|w| w.person)
        }
        _ => None,
    };
    let Some(worker) = handler else {
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
                assignee: worker.clone(),
                deadline,
            },
            now,
        )
        .map(|d| (a, d))
    });
    match dispatch {
        Ok((a, d)) => {
            *case = next;
            audit.push(wire::audit_view(&a));
            audit.push(wire::audit_view(&d));
        }
        Err(e) => tracing::warn!(case = %case.id, error = %e, "auto-dispatch not possible"),
    }
    Ok(())
}

/// The handler of `department` who serves the case's place and has the fewest open tasks
/// (the earliest created among equals); none when the department is retired or has none.
pub(super) fn department_handler(
    tx: &mut dyn Tx,
    state: &AppState,
    department: &domain::OrgCode,
    case: &Case,
) -> Result<Option<domain::Person>> {
    let active = state
        .organisations()
        .iter()
        .any(|o| &o.code == department && !o.retired);
    if !active {
        tracing::warn!(case = %case.id, %department, "category routed to a retired or unknown department");
        return Ok(None);
    }
    let mut best: Option<(usize, domain::Person)> = None;
    for h in tx.persons_with_role(Role::DepartmentHandler)? {
        if h.person.organisation.as_ref() != Some(department)
            || !h.person.scope.covers(&case.community, None)
            || tx.person_deactivated_at(h.person.id)?.is_some()
        {
            continue;
        }
        let open = tx.cases_open_assigned_to(h.person.id)?.len();
        if best.as_ref().is_none_or(|(n, _)| open < *n) {
            best = Some((open, h.person));
        }
    }
    if best.is_none() {
        tracing::warn!(case = %case.id, %department, "the department has no handler here");
    }
    Ok(best.map(|(_, p)| p))
}
