//! Grids (codes, names and polygons) on PostgreSQL, in use or retired.

use domain::GridCode;
use protocol::GridView;

use super::{PgTx, from_json, to_json, unsigned};
use crate::error::Result;
use crate::store::GridRepo;

impl GridRepo for PgTx<'_> {
    fn grid_put(&mut self, code: &GridCode, data: &GridView) -> Result<()> {
        self.execute(
            "INSERT INTO grids (code, community, data) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET data = excluded.data, retired_at = NULL",
            &[&code.as_str(), &code.community().as_str(), &to_json(data)?],
        )?;
        Ok(())
    }

    fn grids_all(&mut self) -> Result<Vec<GridView>> {
        let rows: Vec<String> = self.column(
            "SELECT data FROM grids WHERE retired_at IS NULL ORDER BY code",
            &[],
        )?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn grid_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .query_one("SELECT count(*) FROM grids WHERE retired_at IS NULL", &[])?
            .try_get(0)?;
        Ok(unsigned(n))
    }

    fn grid_retire(&mut self, code: &GridCode, now: i64) -> Result<()> {
        self.execute(
            "UPDATE grids SET retired_at = $2 WHERE code = $1 AND retired_at IS NULL",
            &[&code.as_str(), &now],
        )?;
        Ok(())
    }

    fn grid_is_retired(&mut self, code: &GridCode) -> Result<bool> {
        let retired: Option<Option<i64>> = self.value(
            "SELECT retired_at FROM grids WHERE code = $1",
            &[&code.as_str()],
        )?;
        Ok(retired.flatten().is_some())
    }
}
