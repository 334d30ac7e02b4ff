//! Buildings of grids on SQLite.

use protocol::BuildingView;
use rusqlite::{OptionalExtension, params};

use super::{SqliteTx, from_json, to_json};
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

    fn building_get(&mut self, code: &domain::BuildingCode) -> Result<Option<BuildingView>> {
        let data: Option<String> = self
            .tx
            .prepare_cached("SELECT data FROM buildings WHERE code = ?1")?
            .query_row([code.as_str()], |r| r.get(0))
            .optional()?;
        data.as_deref().map(from_json).transpose()
    }

    fn building_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM buildings", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
