//! Grids (codes, names and polygons) on SQLite.

use domain::GridCode;
use protocol::GridView;
use rusqlite::{OptionalExtension, params};

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::GridRepo;

impl GridRepo for SqliteTx<'_> {
    fn grid_put(&mut self, code: &GridCode, data: &GridView) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO grids (code, community, data) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET data = excluded.data, retired_at = NULL",
            )?
            .execute(params![
                code.as_str(),
                code.community().as_str(),
                to_json(data)?
            ])?;
        Ok(())
    }

    fn grids_all(&mut self) -> Result<Vec<GridView>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT data FROM grids WHERE retired_at IS NULL ORDER BY code")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn grid_count(&mut self) -> Result<u64> {
        let n: i64 = self.tx.query_row(
            "SELECT count(*) FROM grids WHERE retired_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn grid_retire(&mut self, code: &GridCode, now: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE grids SET retired_at = ?2 WHERE code = ?1 AND retired_at IS NULL",
            )?
            .execute(params![code.as_str(), now])?;
        Ok(())
    }

    fn grid_is_retired(&mut self, code: &GridCode) -> Result<bool> {
        let retired: Option<i64> = self
            .tx
            .prepare_cached("SELECT retired_at FROM grids WHERE code = ?1")?
            .query_row([code.as_str()], |r| r.get(0))
            .optional()?
            .flatten();
        Ok(retired.is_some())
    }
}
