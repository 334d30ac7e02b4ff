//! Patrols (穿楼进户 walks with their check-ins) on PostgreSQL, as JSON documents.

use protocol::{PatrolId, PatrolView};

use super::{PgTx, from_json, to_json};
use crate::error::Result;
use crate::store::PatrolRepo;

impl PatrolRepo for PgTx<'_> {
    fn patrol_get(&mut self, id: PatrolId) -> Result<Option<PatrolView>> {
        let data: Option<String> =
            self.value("SELECT data FROM patrols WHERE id = $1", &[&id.to_string()])?;
        data.map(|d| from_json(&d)).transpose()
    }

    fn patrol_put(&mut self, patrol: &PatrolView) -> Result<()> {
        self.execute(
            "INSERT INTO patrols (id, person_id, data) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            &[
                &patrol.id.to_string(),
                &patrol.person_id.to_string(),
                &to_json(patrol)?,
            ],
        )?;
        Ok(())
    }

    fn grid_visited(&mut self, grid: &str, at: i64) -> Result<()> {
        self.execute(
            "INSERT INTO grid_visits (grid, last_at) VALUES ($1, $2)
             ON CONFLICT (grid) DO UPDATE
             SET last_at = greatest(grid_visits.last_at, excluded.last_at)",
            &[&grid, &at],
        )?;
        Ok(())
    }

    fn grid_visits(&mut self) -> Result<Vec<(String, i64)>> {
        self.query("SELECT grid, last_at FROM grid_visits ORDER BY grid", &[])?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }
}
