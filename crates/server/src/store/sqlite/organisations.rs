//! Organisations on SQLite: one row per organisation, the domain `Organisation` as JSON.

use domain::Organisation;
use rusqlite::params;

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::OrganisationRepo;

impl OrganisationRepo for SqliteTx<'_> {
    fn organisation_put(&mut self, organisation: &Organisation) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO organisations (code, data) VALUES (?1, ?2)
                 ON CONFLICT (code) DO UPDATE SET data = excluded.data",
            )?
            .execute(params![organisation.code.as_str(), to_json(organisation)?])?;
        Ok(())
    }

    fn organisations_all(&mut self) -> Result<Vec<Organisation>> {
        let rows = self
            .tx
            .prepare_cached("SELECT data FROM organisations ORDER BY code")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|d| from_json(d)).collect()
    }
}
