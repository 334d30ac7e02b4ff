//! The change log on PostgreSQL: sequence numbers from the counter row (its row lock held
//! to commit), one row per entity and audience, reads filtered by the reader's visibility.

use protocol::{ChangeKind, EntityKind};

use super::cases::{Args, under};
use super::{PgTx, unsigned};
use crate::error::{Error, Result};
use crate::store::{Audience, ChangeLog, ChangeRow, Visibility};

fn audience_columns(a: &Audience) -> (String, String) {
    match a {
        Audience::Everyone => (String::new(), String::new()),
        Audience::Area(code) => (code.clone(), String::new()),
        Audience::Person(p) => (String::new(), p.to_string()),
    }
}

impl ChangeLog for PgTx<'_> {
    fn change_put(
        &mut self,
        entity: EntityKind,
        id: &str,
        audience: &Audience,
        kind: ChangeKind,
        data: Option<&str>,
        now: i64,
    ) -> Result<u64> {
        // The row lock this takes is held until the transaction ends: a writer that takes a
        // number after this one waits, so numbers become visible in order.
        let seq: i64 = self
            .query_one(
                "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
                &[],
            )?
            .try_get(0)?;
        let (area, person) = audience_columns(audience);
        let kind = match kind {
            ChangeKind::Put => "put",
            ChangeKind::Remove => "remove",
        };
        self.execute(
            "INSERT INTO changes (seq, entity, entity_id, aud_area, aud_person, kind, data, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (entity, entity_id, aud_area, aud_person) DO UPDATE SET
               seq = excluded.seq, kind = excluded.kind, data = excluded.data, at = excluded.at",
            &[
                &seq,
                &entity.as_str(),
                &id,
                &area,
                &person,
                &kind,
                &data,
                &now,
            ],
        )?;
        u64::try_from(seq).map_err(|_| Error::Storage("negative change seq".into()))
    }

    fn change_forget(&mut self, entity: EntityKind, id: &str, audience: &Audience) -> Result<()> {
        let (area, person) = audience_columns(audience);
        self.execute(
            "DELETE FROM changes
             WHERE entity = $1 AND entity_id = $2 AND aud_area = $3 AND aud_person = $4",
            &[&entity.as_str(), &id, &area, &person],
        )?;
        Ok(())
    }

    fn changes_since(
        &mut self,
        cursor: u64,
        vis: &Visibility,
        limit: u32,
    ) -> Result<(Vec<ChangeRow>, u64)> {
        // Read in the same snapshot as the rows (a read transaction is REPEATABLE READ): every
        // number up to it is committed, and anything committed later has a higher one.
        let head = self.changes_head()?;
        let mut args = Args::default();
        let cursor = args.push(i64::try_from(cursor).unwrap_or(i64::MAX));
        let person = args.push(vis.person.to_string());
        let mut sql = format!(
            "SELECT seq, entity, entity_id, kind, data FROM changes WHERE seq > {cursor} AND (
               (aud_area = '' AND aud_person = '') OR aud_person = {person}"
        );
        for area in &vis.areas {
            sql.push_str(&format!(
                " OR (aud_area <> '' AND {})",
                under("aud_area", area, &mut args)
            ));
        }
        let limit = args.push(i64::from(limit));
        sql.push_str(&format!(") ORDER BY seq LIMIT {limit}"));
        let rows = self.query(&sql, &args.refs())?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let entity: String = r.try_get(1)?;
            let entity = EntityKind::parse(&entity).ok_or_else(|| {
                Error::Storage(format!("unknown entity {entity:?} in change log"))
            })?;
            let kind: String = r.try_get(3)?;
            out.push(ChangeRow {
                seq: unsigned(r.try_get(0)?),
                entity,
                id: r.try_get(2)?,
                kind: if kind == "remove" {
                    ChangeKind::Remove
                } else {
                    ChangeKind::Put
                },
                data: r.try_get(4)?,
            });
        }
        Ok((out, head))
    }

    fn changes_head(&mut self) -> Result<u64> {
        let head: i64 = self
            .query_one("SELECT value FROM counters WHERE name = 'change_seq'", &[])?
            .try_get(0)?;
        Ok(unsigned(head))
    }

    fn changes_compacted_through(&mut self) -> Result<u64> {
        let v: Option<i64> = self.value(
            "SELECT value FROM counters WHERE name = 'compacted_through'",
            &[],
        )?;
        Ok(v.map(unsigned).unwrap_or(0))
    }

    fn changes_compact(&mut self, before: i64) -> Result<u64> {
        let top: Option<i64> = self
            .query_one(
                "SELECT max(seq) FROM changes WHERE kind = 'remove' AND at < $1",
                &[&before],
            )?
            .try_get(0)?;
        let Some(top) = top else { return Ok(0) };
        let n = self.execute(
            "DELETE FROM changes WHERE kind = 'remove' AND at < $1",
            &[&before],
        )?;
        self.execute(
            "UPDATE counters SET value = greatest(value, $1) WHERE name = 'compacted_through'",
            &[&top],
        )?;
        Ok(n)
    }
}
