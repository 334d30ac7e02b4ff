//! Storing a changed case with its audit entries, and publishing it to the change feed of
//! everyone who may see it (its area, its reporter and assignee, and the assignee it left).

use domain::{Case, PersonId, Timestamp};
use protocol::{AuditAction, AuditView, ChangeKind, EntityKind, ServiceAction};

use crate::access::visible_areas;
use crate::error::Result;
use crate::store::{Audience, CaseRecord, Tx, case_area as area_of};
use crate::wire;

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
    if let Some(old) = previous_assignee
        && record.case.assignee != Some(old)
        && !record.former_assignees.contains(&old)
    {
        record.former_assignees.push(old);
    }
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
    let data = serde_json::to_string(&wire::case_view(record, now))?;
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

/// An audit entry with the device's clock beside the server's (for display and audit
/// only; ordering comes from the server).
pub(crate) fn device_stamped(mut view: AuditView, at_device: i64) -> AuditView {
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
