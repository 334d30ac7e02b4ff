//! Buildings of grids on SQLite, in use or retired.

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
                 ON CONFLICT (code) DO UPDATE
                 SET grid = excluded.grid, data = excluded.data, retired_at = NULL",
            )?
            .execute(params![b.code.as_str(), b.grid.as_str(), to_json(b)?])?;
        Ok(())
    }

    fn building_get(
        &mut self,
        code: &domain::BuildingCode,
    ) -> Result<Option<(BuildingView, bool)>> {
        let row: Option<(String, Option<i64>)> = self
            .tx
            .prepare_cached("SELECT data, retired_at FROM buildings WHERE code = ?1")?
            .query_row([code.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(data, retired)| Ok((from_json(&data)?, retired.is_some())))
            .transpose()
    }

    fn building_retire(&mut self, code: &domain::BuildingCode, now: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE buildings SET retired_at = coalesce(retired_at, ?2) WHERE code = ?1",
            )?
            .execute(params![code.as_str(), now])?;
        Ok(())
    }

    fn building_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM buildings", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn buildings_in_grid(&mut self, grid: &domain::GridCode) -> Result<Vec<BuildingView>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT data FROM buildings WHERE grid = ?1 AND retired_at IS NULL ORDER BY code",
        )?;
        let rows = stmt
            .query_map([grid.as_str()], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    fn buildings_moved(&mut self) -> Result<Vec<(domain::BuildingCode, domain::GridCode)>> {
        // A building's code starts with the 15 digits of the grid it was registered in.
        let mut stmt = self
            .tx
            .prepare_cached("SELECT code, grid FROM buildings WHERE substr(code, 1, 15) <> grid")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(code, grid)| {
                let bad = |e: domain::Error| {
                    crate::error::Error::Storage(format!("building {code}: {e}"))
                };
                Ok((
                    domain::BuildingCode::parse(&code).map_err(bad)?,
                    domain::GridCode::parse(&grid).map_err(bad)?,
                ))
            })
            .collect()
    }
}
