//! Creating and editing one person (administrators): the fields checked by the same rules
//! as a row of the people table (`tables::people::check_fields`), the change published to
//! devices (a changed scope or role rebuilds the person's phones' copies), and written to
//! the admin audit log. A grid worker's grids change here only when no open task of theirs
//! lies in a grid they leave; otherwise the move route decides where the tasks go.

use domain::Scope;
use protocol::{AdminPersonView, EditPerson, NewPerson};

use crate::error::{Error, Result};
use crate::people_admin::{audit, person_of, view};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::{PersonRecord, Tx};

/// `fields` checked against the stored hierarchy, as one person of the table.
fn checked(
    state: &AppState,
    fields: &tables::people::PersonFields<'_>,
) -> Result<tables::people::PersonRow> {
    let no_password = |_: &str, _: &str| Ok(());
    let (hierarchy, organisations) = (state.hierarchy(), state.organisations());
    let places = tables::people::Places {
        hierarchy: &hierarchy,
        organisations: &organisations,
    };
    tables::people::check_fields(fields, places, &no_password).map_err(|problems| {
        let message = tables::Reason::form_message(problems.iter().map(|(c, why)| (*c, why)));
        Error::unprocessable("invalid_person", message)
    })
}

/// The person a checked row describes, with id `id` (a department handler in their
/// organisation).
pub fn person_of_row(
    id: domain::PersonId,
    row: &tables::people::PersonRow,
    state: &AppState,
) -> Result<domain::Person> {
    let person = match &row.organisation {
        Some(code) => {
            let organisations = state.organisations();
            let org = organisations
                .iter()
                .find(|o| &o.code == code)
                .ok_or_else(|| Error::Internal(format!("checked organisation {code}")))?;
            domain::Person::handler(id, row.name.clone(), org)
        }
        None => domain::Person::new(id, row.name.clone(), row.role, row.scope.clone()),
    };
    person.map_err(|e| Error::Internal(format!("checked person: {e}")))
}

/// The area of a person as the people table writes it (a handler's organisation code).
fn area_text(person: &domain::Person) -> String {
    if let Some(org) = &person.organisation {
        return org.to_string();
    }
    let scope = &person.scope;
    match scope {
        Scope::Grids(grids) => grids
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        Scope::Community(c) => c.to_string(),
        Scope::Street(s) => s.to_string(),
        Scope::District(d) => d.to_string(),
    }
}

/// Creates `req`'s person, with no password (their phone is enrolled by QR code).
pub async fn create(state: &AppState, caller: &Caller, req: NewPerson) -> Result<AdminPersonView> {
    caller.require_admin()?;
    let fields = tables::people::PersonFields {
        username: &req.username,
        name: &req.name,
        role: &req.role,
        area: &req.area,
        phone: req.phone.as_deref().unwrap_or(""),
        password: "",
    };
    let row = checked(state, &fields)?;
    let person = person_of_row(domain::PersonId::random(), &row, state)?;
    let record = PersonRecord {
        person,
        username: row.username,
        password_hash: crate::password::NO_PASSWORD.to_string(),
        phone: row.phone,
    };
    let caller = caller.clone();
    let now = state.now_ms();
    let made = state
        .write(move |tx| {
            if tx.person_by_username(&record.username)?.is_some() {
                return Err(Error::conflict(
                    "username_taken",
                    format!("the username {} is taken", record.username),
                ));
            }
            crate::reference::feed::put_person(tx, &record, now)?;
            let entry = audit(
                &caller,
                now,
                "person.create",
                &record.username,
                serde_json::Value::Null,
                serde_json::json!({
                    "name": record.person.name, "role": record.person.role,
                    "scope": record.person.scope, "phone": record.phone,
                }),
            );
            tx.admin_audit_put(&entry)?;
            view(tx, &record, None)
        })
        .await?;
    state.hint();
    tracing::info!(user = %made.username, "person created");
    Ok(made)
}

/// Changes `username`'s name, phone, role or area as `req` says.
pub async fn edit(
    state: &AppState,
    caller: &Caller,
    username: String,
    req: EditPerson,
) -> Result<AdminPersonView> {
    caller.require_admin()?;
    let caller = caller.clone();
    let st = state.clone();
    let now = state.now_ms();
    let edited = state
        .write(move |tx| {
            let old = person_of(tx, &username)?;
            let area = area_text(&old.person);
            let fields = tables::people::PersonFields {
                username: &old.username,
                name: req.name.as_deref().unwrap_or(&old.person.name),
                role: req.role.as_deref().unwrap_or(old.person.role.as_str()),
                area: req.area.as_deref().unwrap_or(&area),
                phone: req
                    .phone
                    .as_deref()
                    .unwrap_or(old.phone.as_deref().unwrap_or("")),
                password: "",
            };
            let row = checked(&st, &fields)?;
            let mut new = old.clone();
            new.person = person_of_row(old.person.id, &row, &st)?;
            new.phone = row.phone;
            if new.person == old.person && new.phone == old.phone {
                let off = tx.person_deactivated_at(old.person.id)?;
                return view(tx, &old, off);
            }
            refuse_stranded_tasks(tx, &old, &new)?;
            crate::reference::feed::update_person(tx, &new, &old, now)?;
            let snapshot = |r: &PersonRecord| {
                serde_json::json!({
                    "name": r.person.name, "role": r.person.role,
                    "scope": r.person.scope, "phone": r.phone,
                })
            };
            let entry = audit(
                &caller,
                now,
                "person.edit",
                &username,
                snapshot(&old),
                snapshot(&new),
            );
            tx.admin_audit_put(&entry)?;
            let off = tx.person_deactivated_at(new.person.id)?;
            view(tx, &new, off)
        })
        .await?;
    state.hint();
    tracing::info!(user = %edited.username, "person edited");
    Ok(edited)
}

/// Refuses a change that would leave a task of the person's in a grid they cover now and
/// would no longer.
fn refuse_stranded_tasks(tx: &mut dyn Tx, old: &PersonRecord, new: &PersonRecord) -> Result<()> {
    let id = old.person.id;
    for case in tx.cases_open_assigned_to(id)? {
        let c = &case.case;
        if c.assignee != Some(id) || !c.state.is_active_task() {
            continue;
        }
        let covers = |r: &PersonRecord| {
            c.grid
                .is_some_and(|g| r.person.role.is_grid_worker() && r.person.scope.covers_grid(&g))
        };
        if covers(old) && !covers(new) {
            return Err(Error::unprocessable(
                "open_tasks",
                format!(
                    "{} has open task {} there: move them instead (POST \
                     /v1/admin/people/{}/move), choosing where their open tasks go",
                    old.username, c.id, old.username
                ),
            ));
        }
    }
    Ok(())
}
