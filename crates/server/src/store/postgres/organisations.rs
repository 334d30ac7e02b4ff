//! Organisations on PostgreSQL: one row per organisation, the domain `Organisation` as JSON.

use domain::Organisation;

use super::{PgTx, from_json, to_json};
use crate::error::Result;
use crate::store::OrganisationRepo;

impl OrganisationRepo for PgTx<'_> {
    fn organisation_put(&mut self, organisation: &Organisation) -> Result<()> {
        self.execute(
            "INSERT INTO organisations (code, data) VALUES ($1, $2)
             ON CONFLICT (code) DO UPDATE SET data = excluded.data",
            &[&organisation.code.as_str(), &to_json(organisation)?],
        )?;
        Ok(())
    }

    fn organisations_all(&mut self) -> Result<Vec<Organisation>> {
        let rows: Vec<String> = self.column("SELECT data FROM organisations ORDER BY code", &[])?;
        rows.iter().map(|d| from_json(d)).collect()
    }
}
