//! Domain values as the wire shows them: case, person, category and audit views.

use domain::{AuditEntry, Case, Category, EvidenceStage, Priority, Timestamp};
use protocol::{AuditAction, AuditView, CaseView, CategoryView, Location, PersonView, Resolution};

use crate::store::{CaseRecord, PersonRecord};

pub fn case_view(record: &CaseRecord, now: Timestamp) -> CaseView {
    let case: &Case = &record.case;
    let due = domain::deadline::current_deadline(case).map(|d| d.due.millis());
    let report_photos = case
        .evidence
        .iter()
        .find(|e| e.stage == EvidenceStage::Report)
        .map(|e| e.photos.clone())
        .unwrap_or_default();
    let resolution = case
        .evidence
        .iter()
        .rev()
        .find(|e| e.stage == EvidenceStage::Resolution)
        .map(|e| Resolution {
            by: Some(e.by),
            at: Some(e.at.millis()),
            photos: e.photos.clone(),
            note: e.note.clone(),
        });
    let escalation = match case.escalation {
        domain::EscalationLevel::None => 0,
        domain::EscalationLevel::Community => 1,
        domain::EscalationLevel::Street => 2,
        domain::EscalationLevel::District => 3,
    };
    CaseView {
        id: case.id,
        grid: case.grid,
        community: case.community,
        outside_grid: case.grid.is_none(),
        state: case.state,
        category: case.category,
        priority: case.priority,
        description: case.description.clone(),
        location: Location {
            lon: case.location.lon,
            lat: case.location.lat,
        },
        photos: report_photos,
        reporter: case.reporter,
        assignee: case.assignee,
        self_resolved: case.self_resolved,
        reported_at: case.reported_at.millis(),
        updated_at: record.updated_at,
        due_at: due,
        overdue: domain::deadline::is_overdue(case, now),
        escalation,
        duplicate_of: case.duplicate_of(),
        resolution,
        conflicts: record.conflicts.clone(),
        rework_count: case.rework_count,
        department: case.department.as_ref().map(|d| d.as_str().to_owned()),
        parts: case.parts.clone(),
        part_of: case.part_of,
        report_in_due: case.report_in_due().map(|t| t.millis()),
        source: case.source,
        external_ref: case.external_ref.clone(),
    }
}

/// Every photo a case refers to: report, resolution, other evidence and conflicts.
pub fn case_photos(record: &CaseRecord) -> Vec<domain::PhotoHash> {
    let mut all: Vec<domain::PhotoHash> = record
        .case
        .evidence
        .iter()
        .flat_map(|e| e.photos.iter().cloned())
        .chain(
            record
                .conflicts
                .iter()
                .flat_map(|c| c.photos.iter().cloned()),
        )
        .collect();
    all.sort();
    all.dedup();
    all
}

pub fn audit_view(entry: &AuditEntry) -> AuditView {
    AuditView {
        at: entry.at.millis(),
        actor: Some(entry.actor),
        action: AuditAction::Loop(entry.action),
        from: entry.from,
        to: entry.to,
        detail: serde_json::to_value(entry).unwrap_or(serde_json::Value::Null),
    }
}

pub fn person_view(record: &PersonRecord) -> PersonView {
    PersonView {
        id: record.person.id,
        username: record.username.clone(),
        name: record.person.name.clone(),
        role: record.person.role,
        scope: record.person.scope.clone(),
        phone: record.phone.clone(),
        organisation: record.person.organisation.clone(),
        organisation_name: None,
    }
}

pub fn category_view(c: &Category) -> CategoryView {
    let minutes = |f: fn(domain::TimeLimits) -> u32| {
        [Priority::Urgent, Priority::High, Priority::Normal].map(|p| f(c.limits_for(p)))
    };
    CategoryView {
        code: c.code,
        kind: c.kind,
        major_name_zh: c.major_name_zh.clone(),
        name_zh: c.name_zh.clone(),
        name_en: c.name_en.clone(),
        accept_minutes: minutes(|l| l.accept.get()),
        resolve_minutes: minutes(|l| l.resolve.get()),
        routing: c.routing,
        department: c.department.clone(),
        retired: c.retired,
    }
}
