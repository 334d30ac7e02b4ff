//! Buildings of grids on PostgreSQL, in use or retired.

use protocol::BuildingView;

use super::{PgTx, from_json, to_json, unsigned};
use crate::error::{Error, Result};
use crate::store::BuildingRepo;

impl BuildingRepo for PgTx<'_> {
    fn building_put(&mut self, b: &BuildingView) -> Result<()> {
        self.execute(
            "INSERT INTO buildings (code, grid, data) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE
             SET grid = excluded.grid, data = excluded.data, retired_at = NULL",
            &[&b.code.as_str(), &b.grid.as_str(), &to_json(b)?],
        )?;
        Ok(())
    }

    fn building_get(
        &mut self,
        code: &domain::BuildingCode,
    ) -> Result<Option<(BuildingView, bool)>> {
        let row = self.query_opt(
            "SELECT data, retired_at FROM buildings WHERE code = $1",
            &[&code.as_str()],
        )?;
        row.map(|r| {
            let data: String = r.try_get(0)?;
            let retired: Option<i64> = r.try_get(1)?;
            Ok((from_json(&data)?, retired.is_some()))
        })
        .transpose()
    }

    fn building_retire(&mut self, code: &domain::BuildingCode, now: i64) -> Result<()> {
        self.execute(
            "UPDATE buildings SET retired_at = coalesce(retired_at, $2) WHERE code = $1",
            &[&code.as_str(), &now],
        )?;
        Ok(())
    }

    fn building_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .query_one("SELECT count(*) FROM buildings", &[])?
            .try_get(0)?;
        Ok(unsigned(n))
    }

    fn buildings_in_grid(&mut self, grid: &domain::GridCode) -> Result<Vec<BuildingView>> {
        let rows: Vec<String> = self.column(
            "SELECT data FROM buildings WHERE grid = $1 AND retired_at IS NULL ORDER BY code",
            &[&grid.as_str()],
        )?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn buildings_moved(&mut self) -> Result<Vec<(domain::BuildingCode, domain::GridCode)>> {
        // A building's code starts with the 15 digits of the grid it was registered in.
        let rows = self.query(
            "SELECT code, grid FROM buildings WHERE substr(code, 1, 15) <> grid",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let (code, grid): (String, String) = (r.try_get(0)?, r.try_get(1)?);
                let bad = |e: domain::Error| Error::Storage(format!("building {code}: {e}"));
                Ok((
                    domain::BuildingCode::parse(&code).map_err(bad)?,
                    domain::GridCode::parse(&grid).map_err(bad)?,
                ))
            })
            .collect()
    }
}
