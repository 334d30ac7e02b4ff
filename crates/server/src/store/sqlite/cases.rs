//! Cases and their audit trail on SQLite: the domain `Case` as a JSON document, with the
//! columns lists and sweeps filter on.

use domain::{CaseId, PersonId};
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::{CaseQuery, CaseRecord, CaseRepo, case_area as area_of};

fn docs(rows: Vec<String>) -> Result<Vec<CaseRecord>> {
    rows.iter().map(|d| from_json(d)).collect()
}

/// The SQL condition of a query's scope (its areas, or its person as reporter or
/// assignee), its values appended to `args`.
pub(super) fn scope_clause(q: &CaseQuery, args: &mut Vec<rusqlite::types::Value>) -> String {
    let mut scope: Vec<String> = Vec::new();
    for area in &q.areas {
        args.push(area.clone().into());
        scope.push(format!("area LIKE ?{} || '%'", args.len()));
    }
    if let Some(person) = q.person {
        args.push(person.to_string().into());
        let p = args.len();
        scope.push(format!("reporter = ?{p} OR assignee = ?{p}"));
    }
    if scope.is_empty() {
        scope.push("0".into());
    }
    format!("({})", scope.join(" OR "))
}

impl CaseRepo for SqliteTx<'_> {
    fn case_get(&mut self, id: CaseId) -> Result<Option<CaseRecord>> {
        let data: Option<String> = self
            .tx
            .query_row(
                "SELECT data FROM cases WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        data.map(|d| from_json(&d)).transpose()
    }

    fn case_put(&mut self, record: &CaseRecord, overdue: bool) -> Result<()> {
        let case = &record.case;
        self.tx
            .prepare_cached(
                "INSERT INTO cases (id, area, state, category, open, overdue, lon, lat, reporter,
                                assignee, reported_at, updated_at, data, resolve_due,
                                resolved_at, dispatched_at, first_time, resolved_by, department,
                                part_of, assigned_at, acknowledged_at, report_in_due, source,
                                accepted_at, self_resolved)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)
             ON CONFLICT (id) DO UPDATE SET area = excluded.area, state = excluded.state,
               category = excluded.category, open = excluded.open, overdue = excluded.overdue,
               lon = excluded.lon, lat = excluded.lat, assignee = excluded.assignee,
               updated_at = excluded.updated_at, data = excluded.data,
               resolve_due = excluded.resolve_due, resolved_at = excluded.resolved_at,
               dispatched_at = excluded.dispatched_at, first_time = excluded.first_time,
               resolved_by = excluded.resolved_by, department = excluded.department,
               part_of = excluded.part_of, assigned_at = excluded.assigned_at,
               acknowledged_at = excluded.acknowledged_at, report_in_due = excluded.report_in_due,
               source = excluded.source, accepted_at = excluded.accepted_at,
               self_resolved = excluded.self_resolved",
            )?
            .execute(params![
                case.id.to_string(),
                area_of(case),
                case.state.as_str(),
                case.category.to_string(),
                !case.state.is_final(),
                overdue,
                case.location.lon,
                case.location.lat,
                case.reporter.to_string(),
                case.assignee.map(|a| a.to_string()),
                case.reported_at.millis(),
                record.updated_at,
                to_json(record)?,
                case.resolve_due.millis(),
                case.resolved_at.map(|t| t.millis()),
                case.dispatched_at.map(|t| t.millis()),
                case.rework_count == 0 && case.reopen_count == 0,
                case.resolved_by.map(|p| p.to_string()),
                case.department.as_ref().map(domain::OrgCode::as_str),
                case.part_of.map(|p| p.to_string()),
                case.assigned_at.map(|t| t.millis()),
                case.acknowledged_at.map(|t| t.millis()),
                case.report_in_deadline().map(|t| t.millis()),
                case.source.as_str(),
                case.accepted_at.map(|t| t.millis()),
                case.self_resolved,
            ])?;
        for hash in crate::wire::case_photos(record) {
            self.tx.prepare_cached(
                "INSERT INTO case_photos (hash, case_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?.execute(params![hash.as_str(), case.id.to_string()])?;
        }
        Ok(())
    }

    fn case_list(&mut self, q: &CaseQuery) -> Result<(Vec<CaseRecord>, u64)> {
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut clauses = vec![scope_clause(q, &mut args)];
        let arg = |v: rusqlite::types::Value, args: &mut Vec<rusqlite::types::Value>| {
            args.push(v);
            format!("?{}", args.len())
        };
        if let Some(state) = &q.state {
            let p = arg(state.as_str().to_string().into(), &mut args);
            clauses.push(format!("state = {p}"));
        }
        if let Some(category) = &q.category {
            let p = arg(category.to_string().into(), &mut args);
            clauses.push(format!("category = {p}"));
        }
        if let Some(open) = q.open {
            let p = arg(i64::from(open).into(), &mut args);
            clauses.push(format!("open = {p}"));
        }
        if let Some(overdue) = q.overdue {
            let p = arg(i64::from(overdue).into(), &mut args);
            clauses.push(format!("overdue = {p}"));
        }
        if let Some(source) = q.source {
            let p = arg(source.as_str().to_string().into(), &mut args);
            clauses.push(format!("source = {p}"));
        }
        if let Some(from) = q.reported_from {
            let p = arg(from.into(), &mut args);
            clauses.push(format!("reported_at >= {p}"));
        }
        if let Some(to) = q.reported_to {
            let p = arg(to.into(), &mut args);
            clauses.push(format!("reported_at < {p}"));
        }
        if let Some(from) = q.updated_from {
            let p = arg(from.into(), &mut args);
            clauses.push(format!("updated_at >= {p}"));
        }
        let filter = clauses.join(" AND ");
        let total: i64 = self.tx.query_row(
            &format!("SELECT count(*) FROM cases WHERE {filter}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let limit = arg(i64::from(q.limit).into(), &mut args);
        let offset = arg(i64::from(q.offset).into(), &mut args);
        let mut stmt = self.tx.prepare(&format!(
            "SELECT data FROM cases WHERE {filter} ORDER BY reported_at DESC, id LIMIT {limit} OFFSET {offset}"
        ))?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((docs(rows)?, u64::try_from(total).unwrap_or(0)))
    }

    fn cases_open_in_box(
        &mut self,
        category: &str,
        min: (f64, f64),
        max: (f64, f64),
    ) -> Result<Vec<CaseRecord>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT data FROM cases WHERE open = 1 AND category = ?1
               AND lon BETWEEN ?2 AND ?3 AND lat BETWEEN ?4 AND ?5",
        )?;
        let rows = stmt
            .query_map(params![category, min.0, max.0, min.1, max.1], |r| {
                r.get::<_, String>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        docs(rows)
    }

    fn cases_with_photo(&mut self, hash: &domain::PhotoHash) -> Result<Vec<CaseRecord>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT c.data FROM case_photos p JOIN cases c ON c.id = p.case_id WHERE p.hash = ?1",
        )?;
        let rows = stmt
            .query_map([hash.as_str()], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        docs(rows)
    }

    fn cases_open(&mut self) -> Result<Vec<CaseRecord>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT data FROM cases WHERE open = 1")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        docs(rows)
    }

    fn cases_open_in_area(&mut self, area: &str) -> Result<Vec<CaseRecord>> {
        // A range on the indexed area column: codes are digits, so every code under
        // `area` sorts before `area` followed by ':' (the character after '9').
        let mut stmt = self.tx.prepare_cached(
            "SELECT data FROM cases WHERE area >= ?1 AND area < ?1 || ':' AND open = 1",
        )?;
        let rows = stmt
            .query_map([area], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        docs(rows)
    }

    fn cases_open_assigned_to(&mut self, person: PersonId) -> Result<Vec<CaseRecord>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT data FROM cases WHERE assignee = ?1 AND open = 1")?;
        let rows = stmt
            .query_map([person.to_string()], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        docs(rows)
    }

    fn audit_append(&mut self, case: CaseId, entry: &protocol::AuditView) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO audit (case_id, at, data) VALUES (?1, ?2, ?3)")?
            .execute(params![case.to_string(), entry.at, to_json(entry)?])?;
        Ok(())
    }

    fn audit_list(&mut self, case: CaseId) -> Result<Vec<protocol::AuditView>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT data FROM audit WHERE case_id = ?1 ORDER BY id")?;
        let rows = stmt
            .query_map([case.to_string()], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }
}
