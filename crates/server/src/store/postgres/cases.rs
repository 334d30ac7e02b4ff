//! Cases and their audit trail on PostgreSQL: the domain `Case` as a JSON document, with the
//! columns lists and sweeps filter on.

use domain::{CaseId, PersonId};
use postgres::types::ToSql;

use super::{PgTx, from_json, to_json, unsigned};
use crate::error::Result;
use crate::store::{CaseQuery, CaseRecord, CaseRepo, case_area as area_of};

fn docs(rows: Vec<String>) -> Result<Vec<CaseRecord>> {
    rows.iter().map(|d| from_json(d)).collect()
}

/// The values of a statement built piece by piece: each `push` answers its `$n`.
#[derive(Default)]
pub(super) struct Args(Vec<Box<dyn ToSql + Sync>>);

impl Args {
    pub(super) fn push(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.0.push(Box::new(v));
        format!("${}", self.0.len())
    }
    pub(super) fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|b| b.as_ref()).collect()
    }
}

/// The condition "`column` is the code `prefix` or under it": a range on the column
/// (codes are digits, so every code under `prefix` sorts before `prefix` followed by
/// ':', the character after '9'; the columns compare byte by byte), which an index serves.
pub(super) fn under(column: &str, prefix: &str, args: &mut Args) -> String {
    let p = args.push(prefix.to_string());
    format!("({column} >= {p}::text AND {column} < {p}::text || ':')")
}

/// The SQL condition of a query's scope (its areas, or its person as reporter or
/// assignee), its values appended to `args`.
pub(super) fn scope_clause(q: &CaseQuery, args: &mut Args) -> String {
    let mut scope: Vec<String> = q.areas.iter().map(|a| under("area", a, args)).collect();
    if let Some(person) = q.person {
        let p = args.push(person.to_string());
        scope.push(format!("reporter = {p} OR assignee = {p}"));
    }
    if scope.is_empty() {
        scope.push("FALSE".into());
    }
    format!("({})", scope.join(" OR "))
}

impl CaseRepo for PgTx<'_> {
    fn case_get(&mut self, id: CaseId) -> Result<Option<CaseRecord>> {
        let data: Option<String> =
            self.value("SELECT data FROM cases WHERE id = $1", &[&id.to_string()])?;
        data.map(|d| from_json(&d)).transpose()
    }

    fn case_put(&mut self, record: &CaseRecord, overdue: bool) -> Result<()> {
        let case = &record.case;
        let id = case.id.to_string();
        self.execute(
            "INSERT INTO cases (id, area, state, category, open, overdue, lon, lat, reporter,
                                assignee, reported_at, updated_at, data, resolve_due,
                                resolved_at, dispatched_at, first_time, resolved_by, department,
                                part_of, assigned_at, acknowledged_at, report_in_due, source,
                                accepted_at, self_resolved)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
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
            &[
                &id,
                &area_of(case),
                &case.state.as_str(),
                &case.category.to_string(),
                &!case.state.is_final(),
                &overdue,
                &case.location.lon,
                &case.location.lat,
                &case.reporter.to_string(),
                &case.assignee.map(|p| p.to_string()),
                &case.reported_at.millis(),
                &record.updated_at,
                &to_json(record)?,
                &case.resolve_due.millis(),
                &case.resolved_at.map(|t| t.millis()),
                &case.dispatched_at.map(|t| t.millis()),
                &(case.rework_count == 0 && case.reopen_count == 0),
                &case.resolved_by.map(|p| p.to_string()),
                &case.department.as_ref().map(domain::OrgCode::as_str),
                &case.part_of.map(|p| p.to_string()),
                &case.assigned_at.map(|t| t.millis()),
                &case.acknowledged_at.map(|t| t.millis()),
                &case.report_in_deadline().map(|t| t.millis()),
                &case.source.as_str(),
                &case.accepted_at.map(|t| t.millis()),
                &case.self_resolved,
            ],
        )?;
        for hash in crate::wire::case_photos(record) {
            self.execute(
                "INSERT INTO case_photos (hash, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&hash.as_str(), &id],
            )?;
        }
        Ok(())
    }

    fn case_list(&mut self, q: &CaseQuery) -> Result<(Vec<CaseRecord>, u64)> {
        let mut args = Args::default();
        let mut clauses = vec![scope_clause(q, &mut args)];
        if let Some(state) = &q.state {
            clauses.push(format!("state = {}", args.push(state.as_str().to_string())));
        }
        if let Some(category) = &q.category {
            clauses.push(format!("category = {}", args.push(category.to_string())));
        }
        if let Some(open) = q.open {
            clauses.push(format!("open = {}", args.push(open)));
        }
        if let Some(overdue) = q.overdue {
            clauses.push(format!("overdue = {}", args.push(overdue)));
        }
        if let Some(source) = q.source {
            clauses.push(format!(
                "source = {}",
                args.push(source.as_str().to_string())
            ));
        }
        if let Some(from) = q.reported_from {
            clauses.push(format!("reported_at >= {}", args.push(from)));
        }
        if let Some(to) = q.reported_to {
            clauses.push(format!("reported_at < {}", args.push(to)));
        }
        if let Some(from) = q.updated_from {
            clauses.push(format!("updated_at >= {}", args.push(from)));
        }
        let filter = clauses.join(" AND ");
        let total: i64 = self
            .query_one(
                &format!("SELECT count(*) FROM cases WHERE {filter}"),
                &args.refs(),
            )?
            .try_get(0)?;
        let limit = args.push(i64::from(q.limit));
        let offset = args.push(i64::from(q.offset));
        let rows: Vec<String> = self.column(
            &format!(
                "SELECT data FROM cases WHERE {filter}
                 ORDER BY reported_at DESC, id LIMIT {limit} OFFSET {offset}"
            ),
            &args.refs(),
        )?;
        Ok((docs(rows)?, unsigned(total)))
    }

    fn cases_open_in_box(
        &mut self,
        category: &str,
        min: (f64, f64),
        max: (f64, f64),
    ) -> Result<Vec<CaseRecord>> {
        let rows = self.column(
            "SELECT data FROM cases WHERE open AND category = $1
               AND lon BETWEEN $2 AND $3 AND lat BETWEEN $4 AND $5",
            &[&category, &min.0, &max.0, &min.1, &max.1],
        )?;
        docs(rows)
    }

    fn cases_with_photo(&mut self, hash: &domain::PhotoHash) -> Result<Vec<CaseRecord>> {
        let rows = self.column(
            "SELECT c.data FROM case_photos p JOIN cases c ON c.id = p.case_id
             WHERE p.hash = $1",
            &[&hash.as_str()],
        )?;
        docs(rows)
    }

    fn cases_open(&mut self) -> Result<Vec<CaseRecord>> {
        let rows = self.column("SELECT data FROM cases WHERE open", &[])?;
        docs(rows)
    }

    fn cases_open_in_area(&mut self, area: &str) -> Result<Vec<CaseRecord>> {
        let mut args = Args::default();
        let sql = format!(
            "SELECT data FROM cases WHERE {} AND open",
            under("area", area, &mut args)
        );
        let rows = self.column(&sql, &args.refs())?;
        docs(rows)
    }

    fn cases_open_assigned_to(&mut self, person: PersonId) -> Result<Vec<CaseRecord>> {
        let rows = self.column(
            "SELECT data FROM cases WHERE assignee = $1 AND open",
            &[&person.to_string()],
        )?;
        docs(rows)
    }

    fn audit_append(&mut self, case: CaseId, entry: &protocol::AuditView) -> Result<()> {
        self.execute(
            "INSERT INTO audit (case_id, at, data) VALUES ($1, $2, $3)",
            &[&case.to_string(), &entry.at, &to_json(entry)?],
        )?;
        Ok(())
    }

    fn audit_list(&mut self, case: CaseId) -> Result<Vec<protocol::AuditView>> {
        let rows: Vec<String> = self.column(
            "SELECT data FROM audit WHERE case_id = $1 ORDER BY id",
            &[&case.to_string()],
        )?;
        rows.iter().map(|d| from_json(d)).collect()
    }
}
