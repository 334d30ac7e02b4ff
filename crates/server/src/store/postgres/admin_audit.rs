//! The administrators' audit log on PostgreSQL: append-only rows, before and after as JSON.

use super::{PgTx, from_json, to_json};
use crate::error::{Error, Result};
use crate::store::{AdminAuditEntry, AdminAuditRepo};

impl AdminAuditRepo for PgTx<'_> {
    fn admin_audit_put(&mut self, e: &AdminAuditEntry) -> Result<i64> {
        let json = |v: &Option<serde_json::Value>| v.as_ref().map(to_json).transpose();
        let row = self.query_one(
            "INSERT INTO admin_audit (at, actor, username, action, subject, before, after)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                &e.at,
                &e.actor.to_string(),
                &e.username,
                &e.action,
                &e.subject,
                &json(&e.before)?,
                &json(&e.after)?,
            ],
        )?;
        Ok(row.try_get(0)?)
    }

    fn admin_audit_page(
        &mut self,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AdminAuditEntry>> {
        let rows = self.query(
            "SELECT id, at, actor, username, action, subject, before, after FROM admin_audit
             WHERE id < $1 ORDER BY id DESC LIMIT $2",
            &[&before_id.unwrap_or(i64::MAX), &i64::from(limit)],
        )?;
        rows.iter()
            .map(|r| {
                let json = |i: usize| -> Result<Option<serde_json::Value>> {
                    r.try_get::<_, Option<String>>(i)?
                        .as_deref()
                        .map(from_json)
                        .transpose()
                };
                let actor: String = r.try_get(2)?;
                Ok(AdminAuditEntry {
                    id: r.try_get(0)?,
                    at: r.try_get(1)?,
                    actor: actor
                        .parse()
                        .map_err(|e| Error::Storage(format!("audit actor: {e}")))?,
                    username: r.try_get(3)?,
                    action: r.try_get(4)?,
                    subject: r.try_get(5)?,
                    before: json(6)?,
                    after: json(7)?,
                })
            })
            .collect()
    }
}
