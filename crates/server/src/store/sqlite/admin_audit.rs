//! The administrators' audit log on SQLite: append-only rows, before and after as JSON.

use rusqlite::params;

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::{AdminAuditEntry, AdminAuditRepo};

impl AdminAuditRepo for SqliteTx<'_> {
    fn admin_audit_put(&mut self, e: &AdminAuditEntry) -> Result<i64> {
        let json = |v: &Option<serde_json::Value>| v.as_ref().map(to_json).transpose();
        self.tx
            .prepare_cached(
                "INSERT INTO admin_audit (at, actor, username, action, subject, before, after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                e.at,
                e.actor.to_string(),
                e.username,
                e.action,
                e.subject,
                json(&e.before)?,
                json(&e.after)?
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn admin_audit_page(
        &mut self,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AdminAuditEntry>> {
        let rows = self
            .tx
            .prepare_cached(
                "SELECT id, at, actor, username, action, subject, before, after FROM admin_audit
                 WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
            )?
            .query_map(params![before_id.unwrap_or(i64::MAX), limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(
                |(id, at, actor, username, action, subject, before, after)| {
                    let json = |v: Option<String>| v.as_deref().map(from_json).transpose();
                    Ok(AdminAuditEntry {
                        id,
                        at,
                        actor: actor.parse().map_err(|e| {
                            crate::error::Error::Storage(format!("audit actor: {e}"))
                        })?,
                        username,
                        action,
                        subject,
                        before: json(before)?,
                        after: json(after)?,
                    })
                },
            )
            .collect()
    }
}
