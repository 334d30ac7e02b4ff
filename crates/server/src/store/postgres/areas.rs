//! The district's named areas on PostgreSQL: one row per district, street and community.

use super::PgTx;
use crate::error::{Error, Result};
use crate::store::{AreaLevel, AreaRepo};

impl AreaRepo for PgTx<'_> {
    fn area_put(&mut self, level: AreaLevel, code: &str, name: &str) -> Result<()> {
        self.execute(
            "INSERT INTO areas (code, level, name) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET level = excluded.level, name = excluded.name,
             published = areas.published AND areas.name = excluded.name
                 AND areas.level = excluded.level",
            &[&code, &level.as_str(), &name],
        )?;
        Ok(())
    }

    fn areas_all(&mut self) -> Result<Vec<(AreaLevel, String, String)>> {
        self.areas_where("TRUE")
    }

    fn areas_unpublished(&mut self) -> Result<Vec<(AreaLevel, String, String)>> {
        self.areas_where("NOT published")
    }

    fn area_published(&mut self, code: &str) -> Result<()> {
        self.execute(
            "UPDATE areas SET published = TRUE WHERE code = $1",
            &[&code],
        )?;
        Ok(())
    }
}

impl PgTx<'_> {
    /// The areas matching the SQL condition `filter`, in code order.
    fn areas_where(&mut self, filter: &str) -> Result<Vec<(AreaLevel, String, String)>> {
        let rows = self.query(
            &format!("SELECT level, code, name FROM areas WHERE {filter} ORDER BY code"),
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let level: String = r.try_get(0)?;
                let level = match level.as_str() {
                    "district" => AreaLevel::District,
                    "street" => AreaLevel::Street,
                    "community" => AreaLevel::Community,
                    other => return Err(Error::Storage(format!("unknown area level {other:?}"))),
                };
                Ok((level, r.try_get(1)?, r.try_get(2)?))
            })
            .collect()
    }
}
