//! Patrols (穿楼进户 walks with their check-ins) on PostgreSQL, as JSON documents.

use protocol::{PatrolId, PatrolView};

use super::{PgTx, from_json, to_json};
use crate::error::Result;
use crate::store::PatrolRepo;

impl PatrolRepo for PgTx<'_> {
    fn patrol_get(&mut self, id: PatrolId) -> Result<Option<PatrolView>> {
        let data: Option<String> =
            self.value("SELECT data FROM patrols WHERE id = $1", &[&id.to_string()])?;
        data.map(|d| from_json(&d)).transpose()
    }

    fn patrol_put(&mut self, patrol: &PatrolView) -> Result<()> {
        self.execute(
            "INSERT INTO patrols (id, person_id, data) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            &[
                &patrol.id.to_string(),
                &patrol.person_id.to_string(),
                &to_json(patrol)?,
            ],
        )?;
        Ok(())
    }
}
