//! The change log on SQLite: sequence numbers from the counter row, one row per entity
//! and audience, reads filtered by the reader's visibility.

use protocol::{ChangeKind, EntityKind};
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{Audience, ChangeLog, ChangeRow, Visibility};

fn audience_columns(a: &Audience) -> (String, String) {
    match a {
        Audience::Everyone => (String::new(), String::new()),
        Audience::Area(code) => (code.clone(), String::new()),
        Audience::Person(p) => (String::new(), p.to_string()),
    }
}

impl ChangeLog for SqliteTx<'_> {
    fn change_put(
        &mut self,
        entity: EntityKind,
        id: &str,
        audience: &Audience,
        kind: ChangeKind,
        data: Option<&str>,
        now: i64,
    ) -> Result<u64> {
        let seq: i64 = self.tx.query_row(
            "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
            [],
            |r| r.get(0),
        )?;
        let (area, person) = audience_columns(audience);
        let kind = match kind {
            ChangeKind::Put => "put",
            ChangeKind::Remove => "remove",
        };
        self.tx
            .prepare_cached(
                "INSERT INTO changes (seq, entity, entity_id, aud_area, aud_person, kind, data, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (entity, entity_id, aud_area, aud_person) DO UPDATE SET
               seq = excluded.seq, kind = excluded.kind, data = excluded.data, at = excluded.at",
            )?
            .execute(params![
                seq,
                entity.as_str(),
                id,
                area,
                person,
                kind,
                data,
                now
            ])?;
        u64::try_from(seq).map_err(|_| Error::Storage("negative change seq".into()))
    }

    fn change_forget(&mut self, entity: EntityKind, id: &str, audience: &Audience) -> Result<()> {
        let (area, person) = audience_columns(audience);
        self.tx.prepare_cached(
            "DELETE FROM changes WHERE entity = ?1 AND entity_id = ?2 AND aud_area = ?3 AND aud_person = ?4")?.execute(params![entity.as_str(), id, area, person])?;
        Ok(())
    }

    fn changes_since(
        &mut self,
        cursor: u64,
        vis: &Visibility,
        limit: u32,
    ) -> Result<(Vec<ChangeRow>, u64)> {
        let head: i64 = self.tx.query_row(
            "SELECT value FROM counters WHERE name = 'change_seq'",
            [],
            |r| r.get(0),
        )?;
        let mut sql = String::from(
            "SELECT seq, entity, entity_id, kind, data FROM changes WHERE seq > ?1 AND (
               (aud_area = '' AND aud_person = '') OR aud_person = ?2",
        );
        let mut args: Vec<String> = vec![cursor.to_string(), vis.person.to_string()];
        for area in &vis.areas {
            args.push(area.clone());
            sql.push_str(&format!(
                " OR (aud_area <> '' AND aud_area LIKE ?{} || '%')",
                args.len()
            ));
        }
        args.push(limit.to_string());
        sql.push_str(&format!(") ORDER BY seq LIMIT ?{}", args.len()));
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (seq, entity, id, kind, data) in rows {
            let entity = EntityKind::parse(&entity).ok_or_else(|| {
                Error::Storage(format!("unknown entity {entity:?} in change log"))
            })?;
            let kind = if kind == "remove" {
                ChangeKind::Remove
            } else {
                ChangeKind::Put
            };
            out.push(ChangeRow {
                seq: u64::try_from(seq).unwrap_or(0),
                entity,
                id,
                kind,
                data,
            });
        }
        Ok((out, u64::try_from(head).unwrap_or(0)))
    }

    fn changes_head(&mut self) -> Result<u64> {
        let head: i64 = self.tx.query_row(
            "SELECT value FROM counters WHERE name = 'change_seq'",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(head).unwrap_or(0))
    }

    fn changes_compacted_through(&mut self) -> Result<u64> {
        let v: Option<i64> = self
            .tx
            .query_row(
                "SELECT value FROM counters WHERE name = 'compacted_through'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.and_then(|v| u64::try_from(v).ok()).unwrap_or(0))
    }

    fn changes_compact(&mut self, before: i64) -> Result<u64> {
        let top: Option<i64> = self.tx.query_row(
            "SELECT max(seq) FROM changes WHERE kind = 'remove' AND at < ?1",
            [before],
            |r| r.get(0),
        )?;
        let Some(top) = top else { return Ok(0) };
        let n = self
            .tx
            .prepare_cached("DELETE FROM changes WHERE kind = 'remove' AND at < ?1")?
            .execute([before])?;
        self.tx
            .prepare_cached(
                "UPDATE counters SET value = max(value, ?1) WHERE name = 'compacted_through'",
            )?
            .execute([top])?;
        Ok(n as u64)
    }
}
