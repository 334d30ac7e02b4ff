//! Placards on PostgreSQL: per entrance, the version last printed and the one confirmed
//! posted.

use domain::PersonId;
use postgres::Row;

use super::PgTx;
use crate::error::{Error, Result};
use crate::store::{PlacardRecord, PlacardRepo, PlacardVersion};

const COLUMNS: &str = "entrance, community, printed, printed_hash, printed_at, printed_by, \
                       posted_hash, posted_at, posted_by";

fn record(r: &Row) -> Result<PlacardRecord> {
    let entrance: String = r.try_get(0)?;
    let person = |s: String| -> Result<PersonId> {
        s.parse()
            .map_err(|e: domain::Error| Error::Storage(format!("placard {entrance}: {e}")))
    };
    let printed = match (
        r.try_get::<_, Option<String>>(2)?,
        r.try_get::<_, Option<String>>(3)?,
        r.try_get::<_, Option<i64>>(4)?,
        r.try_get::<_, Option<String>>(5)?,
    ) {
        (Some(content), Some(fingerprint), Some(at), Some(by)) => Some(PlacardVersion {
            content,
            fingerprint,
            at,
            by: person(by)?,
        }),
        _ => None,
    };
    let posted = match (
        r.try_get::<_, Option<String>>(6)?,
        r.try_get::<_, Option<i64>>(7)?,
        r.try_get::<_, Option<String>>(8)?,
    ) {
        (Some(f), Some(at), Some(by)) => Some((f, at, person(by)?)),
        _ => None,
    };
    Ok(PlacardRecord {
        entrance: entrance.clone(),
        community: r.try_get(1)?,
        printed,
        posted,
    })
}

impl PlacardRepo for PgTx<'_> {
    fn placards_in_community(&mut self, community: &str) -> Result<Vec<PlacardRecord>> {
        self.query(
            &format!("SELECT {COLUMNS} FROM placards WHERE community = $1 ORDER BY entrance"),
            &[&community],
        )?
        .iter()
        .map(record)
        .collect()
    }

    fn placard_get(&mut self, entrance: &str) -> Result<Option<PlacardRecord>> {
        self.query_opt(
            &format!("SELECT {COLUMNS} FROM placards WHERE entrance = $1"),
            &[&entrance],
        )?
        .as_ref()
        .map(record)
        .transpose()
    }

    fn placard_printed(
        &mut self,
        entrance: &str,
        community: &str,
        v: &PlacardVersion,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO placards (entrance, community, printed, printed_hash, printed_at,
                                   printed_by)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (entrance) DO UPDATE SET community = $2, printed = $3,
                 printed_hash = $4, printed_at = $5, printed_by = $6",
            &[
                &entrance,
                &community,
                &v.content,
                &v.fingerprint,
                &v.at,
                &v.by.to_string(),
            ],
        )?;
        Ok(())
    }

    fn placard_posted(
        &mut self,
        entrance: &str,
        fingerprint: &str,
        at: i64,
        by: PersonId,
    ) -> Result<()> {
        self.execute(
            "UPDATE placards SET posted_hash = $2, posted_at = $3, posted_by = $4
             WHERE entrance = $1",
            &[&entrance, &fingerprint, &at, &by.to_string()],
        )?;
        Ok(())
    }
}
