//! Intake: a device's report becomes a case in its grid (or its reporter's community when
//! it lies outside every grid), and small problems are auto-dispatched to the grid's worker.

use domain::case::{Report, SelfResolution};
use domain::{
    Action, Case, CaseState, CommunityCode, Location, Person, PersonId, Role, Scope, Timestamp,
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
    let mut audit = vec![device_stamped(wire::audit_view(&entry), at_device)];
    auto_dispatch(tx, state, &mut case, &mut audit, now)?;
    let mut record = CaseRecord {
        case,
        conflicts: Vec::new(),
        merged: Vec::new(),
        former_assignees: Vec::new(),
        updated_at: now.millis(),
    };
    super::photos::claim(tx, caller, &wire::case_photos(&record), now)?;
    save_case(tx, &mut record, None, &audit, now)?;
    Ok(applied())
}

/// Auto-dispatch: (non-urgent) reports in a grid of a category routed to the grid's
/// worker go straight to that grid's own worker; everything else waits in the community
/// dispatcher's queue.
fn auto_dispatch(
    tx: &mut dyn Tx,
    state: &AppState,
    case: &mut Case,
    audit: &mut Vec<AuditView>,
    now: Timestamp,
) -> Result<()> {
    let Some(grid) = case.grid else { return Ok(()) };
    let routing = state.catalogue().get(&case.category).map(|c| c.routing);
    if case.state != CaseState::Reported
        || case.priority == domain::Priority::Urgent
        || routing != Some(domain::Routing::GridWorker)
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
            audit.push(wire::audit_view(&a));
            audit.push(wire::audit_view(&d));
        }
        Err(e) => tracing::warn!(case = %case.id, error = %e, "auto-dispatch not possible"),
    }
    Ok(())
}
