//! Grids (codes, names and polygons) on SQLite.

use domain::GridCode;
use protocol::GridView;
use rusqlite::params;

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::GridRepo;

impl GridRepo for SqliteTx<'_> {
    fn grid_put(&mut self, code: &GridCode, data: &GridView) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO grids (code, community, data) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET data = excluded.data",
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
            .prepare_cached("SELECT data FROM grids ORDER BY code")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn grid_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM grids", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
