//! The category catalogue on SQLite: one row per category, the domain `Category` as JSON.

use domain::Category;
use rusqlite::params;

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::CategoryRepo;

impl CategoryRepo for SqliteTx<'_> {
    fn category_put(&mut self, category: &Category) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO categories (code, data) VALUES (?1, ?2)
                 ON CONFLICT (code) DO UPDATE SET data = excluded.data",
            )?
            .execute(params![category.code.to_string(), to_json(category)?])?;
        Ok(())
    }

    fn categories_all(&mut self) -> Result<Vec<Category>> {
        let rows = self
            .tx
            .prepare_cached("SELECT data FROM categories ORDER BY code")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }
}
