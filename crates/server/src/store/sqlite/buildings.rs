//! Buildings of grids on SQLite.

use protocol::BuildingView;
use rusqlite::params;

use super::{SqliteTx, to_json};
use crate::error::Result;
use crate::store::BuildingRepo;

impl BuildingRepo for SqliteTx<'_> {
    fn building_put(&mut self, b: &BuildingView) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO buildings (code, grid, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (code) DO UPDATE SET grid = excluded.grid, data = excluded.data",
            )?
            .execute(params![b.code.as_str(), b.grid.as_str(), to_json(b)?])?;
        Ok(())
    }

    fn building_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM buildings", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
