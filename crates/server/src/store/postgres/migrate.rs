//! PostgreSQL's numbered migrations (`migrations/postgres/*.sql`), applied at open in one
//! transaction under an advisory lock (replicas starting together migrate once), each
//! recorded in `schema_migrations`; a database written by a newer version is refused, as
//! the embedded store refuses one (`rusqlite_migration`'s "database too far ahead").

use postgres::Client;

use crate::error::{Error, Result};

/// The migrations in order: version `n` is `MIGRATIONS[n - 1]`.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/postgres/0001_init.sql"),
    include_str!("../../../migrations/postgres/0002_organisations.sql"),
    include_str!("../../../migrations/postgres/0003_placards.sql"),
    include_str!("../../../migrations/postgres/0004_case_parts.sql"),
    include_str!("../../../migrations/postgres/0005_grid_visits.sql"),
    include_str!("../../../migrations/postgres/0006_kpi_index.sql"),
    include_str!("../../../migrations/postgres/0007_join.sql"),
    include_str!("../../../migrations/postgres/0008_sign_in_failures.sql"),
];

/// Key of the advisory lock that serialises migrating (any constant no other lock uses).
const MIGRATE_LOCK: i64 = 0x7761_6e67_6d69_6772; // "wangmigr"

/// Brings the database to the latest version; returns the version it is at.
pub(super) fn to_latest(client: &mut Client) -> Result<i64> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    BIGINT PRIMARY KEY,
             applied_at BIGINT NOT NULL
         )",
    )?;
    let current: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            &[],
        )?
        .try_get(0)?;
    let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    if current > known {
        return Err(Error::Storage(format!(
            "the database is at schema version {current}, newer than this version of the \
             service knows ({known}): it was written by a newer version; run that one"
        )));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    for (version, sql) in (1i64..)
        .zip(MIGRATIONS.iter())
        .skip(usize::try_from(current).unwrap_or(0))
    {
        tx.batch_execute(sql)
            .map_err(|e| Error::Storage(format!("postgres migration {version}: {e}")))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
            &[&version, &now],
        )?;
    }
    tx.commit()?;
    Ok(known)
}
