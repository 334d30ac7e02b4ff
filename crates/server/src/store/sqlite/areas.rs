//! The district's named areas on SQLite: one row per district, street and community.

use rusqlite::params;

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{AreaLevel, AreaRepo};

impl AreaRepo for SqliteTx<'_> {
    fn area_put(&mut self, level: AreaLevel, code: &str, name: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO areas (code, level, name) VALUES (?1, ?2, ?3)
                 ON CONFLICT (code) DO UPDATE SET level = excluded.level, name = excluded.name,
                 published = published AND name = excluded.name AND level = excluded.level",
            )?
            .execute(params![code, level.as_str(), name])?;
        Ok(())
    }

    fn areas_all(&mut self) -> Result<Vec<(AreaLevel, String, String)>> {
        self.areas_where("1")
    }

    fn areas_unpublished(&mut self) -> Result<Vec<(AreaLevel, String, String)>> {
        self.areas_where("NOT published")
    }

    fn area_published(&mut self, code: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE areas SET published = 1 WHERE code = ?1")?
            .execute([code])?;
        Ok(())
    }
}

impl SqliteTx<'_> {
    /// The areas matching the SQL condition `filter`, in code order.
    fn areas_where(&mut self, filter: &str) -> Result<Vec<(AreaLevel, String, String)>> {
        let rows = self
            .tx
            .prepare_cached(&format!(
                "SELECT level, code, name FROM areas WHERE {filter} ORDER BY code"
            ))?
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(level, code, name)| {
                let level = match level.as_str() {
                    "district" => AreaLevel::District,
                    "street" => AreaLevel::Street,
                    "community" => AreaLevel::Community,
                    other => return Err(Error::Storage(format!("unknown area level {other:?}"))),
                };
                Ok((level, code, name))
            })
            .collect()
    }
}
