//! The category catalogue on PostgreSQL: one row per category, the domain `Category` as JSON.

use domain::Category;

use super::{PgTx, from_json, to_json};
use crate::error::Result;
use crate::store::CategoryRepo;

impl CategoryRepo for PgTx<'_> {
    fn category_put(&mut self, category: &Category) -> Result<()> {
        self.execute(
            "INSERT INTO categories (code, data) VALUES ($1, $2)
             ON CONFLICT (code) DO UPDATE SET data = excluded.data",
            &[&category.code.to_string(), &to_json(category)?],
        )?;
        Ok(())
    }

    fn categories_all(&mut self) -> Result<Vec<Category>> {
        let rows: Vec<String> = self.column("SELECT data FROM categories ORDER BY code", &[])?;
        rows.iter().map(|d| from_json(d)).collect()
    }
}
