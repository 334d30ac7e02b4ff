//! Patrols (穿楼进户 walks with their check-ins) on SQLite, as JSON documents.

use protocol::{PatrolId, PatrolView};
use rusqlite::{OptionalExtension, params};

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::PatrolRepo;

impl PatrolRepo for SqliteTx<'_> {
    fn patrol_get(&mut self, id: PatrolId) -> Result<Option<PatrolView>> {
        let data: Option<String> = self
            .tx
            .query_row(
                "SELECT data FROM patrols WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        data.map(|d| from_json(&d)).transpose()
    }

    fn patrol_put(&mut self, patrol: &PatrolView) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO patrols (id, person_id, data) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            )?
            .execute(params![
                patrol.id.to_string(),
                patrol.person_id.to_string(),
                to_json(patrol)?
            ])?;
        Ok(())
    }

    fn grid_visited(&mut self, grid: &str, at: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO grid_visits (grid, last_at) VALUES (?1, ?2)
                 ON CONFLICT (grid) DO UPDATE SET last_at = max(last_at, excluded.last_at)",
            )?
            .execute(params![grid, at])?;
        Ok(())
    }

    fn grid_visits(&mut self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT grid, last_at FROM grid_visits ORDER BY grid")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
