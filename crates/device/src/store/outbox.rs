//! The outbox: work waiting to be sent, numbered by a per-device mutation id (`mid`) that
//! rises by exactly one, and frozen once its first send starts.

use rusqlite::{Connection, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use super::{Store, meta};
use crate::{Error, Result};

/// A per-device mutation number: the first is 1, each next one is one more.
pub type Mid = i64;

const NEXT_MID: &str = "outbox.next_mid";

/// Where an outbox entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting; never sent.
    Queued,
    /// Sent at least once, outcome not known yet; its content is frozen.
    Sending,
    /// The server applied it.
    Applied,
    /// The server refused it for good; `reason` says why. It does not block the rest.
    Rejected,
    /// The server kept it, but as a conflict for a dispatcher to look at.
    Conflict,
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Applied => "applied",
            Self::Rejected => "rejected",
            Self::Conflict => "conflict",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "queued" => Self::Queued,
            "sending" => Self::Sending,
            "applied" => Self::Applied,
            "rejected" => Self::Rejected,
            "conflict" => Self::Conflict,
            other => return Err(Error::Invalid(format!("unknown outbox state {other:?}"))),
        })
    }

    /// Whether the entry still has to reach the server.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Queued | Self::Sending)
    }
}

/// One outbox entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub mid: Mid,
    pub name: String,
    pub args: serde_json::Value,
    pub created_at: i64,
    pub state: OutboxState,
    pub reason: Option<String>,
}

/// Appends a mutation to the outbox inside the caller's transaction, so it commits (or not)
/// together with the local change it describes. Returns its `mid`.
pub fn enqueue(
    tx: &Transaction<'_>,
    name: &str,
    args: &impl Serialize,
    created_at: i64,
) -> Result<Mid> {
    let args = serde_json::to_string(args).map_err(|source| Error::Json {
        what: "args",
        source,
    })?;
    let mid: Mid = meta::get(tx, NEXT_MID)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    tx.execute(
        "INSERT INTO outbox (mid, name, args, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![mid, name, args, created_at],
    )?;
    meta::set(tx, NEXT_MID, &(mid + 1).to_string())?;
    Ok(mid)
}

/// Records that the entry `mid` refers to these photos, so sync uploads them.
pub fn refer_photos(tx: &Transaction<'_>, mid: Mid, photos: &[String]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO outbox_photo (mid, sha256) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    for sha256 in photos {
        stmt.execute(params![mid, sha256])?;
    }
    Ok(())
}

fn entry(row: &Row<'_>) -> rusqlite::Result<(Mid, String, String, i64, String, Option<String>)> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

fn decode(raw: (Mid, String, String, i64, String, Option<String>)) -> Result<OutboxEntry> {
    let (mid, name, args, created_at, state, reason) = raw;
    Ok(OutboxEntry {
        mid,
        name,
        args: serde_json::from_str(&args).map_err(|source| Error::Json {
            what: "args",
            source,
        })?,
        created_at,
        state: OutboxState::parse(&state)?,
        reason,
    })
}

fn select(conn: &Connection, filter: &str, limit: i64) -> Result<Vec<OutboxEntry>> {
    let sql = format!(
        "SELECT mid, name, args, created_at, state, reason FROM outbox {filter} ORDER BY mid LIMIT ?1"
    );
    let mut stmt = conn.prepare(&sql)?;
    let raws = stmt
        .query_map([limit], entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(decode).collect()
}

impl Store {
    /// The oldest entries still to be sent, at most `limit`, in `mid` order.
    pub fn outbox_pending(&self, limit: i64) -> Result<Vec<OutboxEntry>> {
        select(&self.conn, "WHERE state IN ('queued', 'sending')", limit)
    }

    /// Entries the server refused, newest last, for the UI to show with their reasons.
    pub fn outbox_rejected(&self, limit: i64) -> Result<Vec<OutboxEntry>> {
        select(&self.conn, "WHERE state IN ('rejected', 'conflict')", limit)
    }

    /// Every entry, in `mid` order (for support and tests).
    pub fn outbox_all(&self) -> Result<Vec<OutboxEntry>> {
        select(&self.conn, "", i64::MAX)
    }

    /// How many entries still have to reach the server.
    pub fn outbox_pending_count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')",
            [],
            |r| r.get(0),
        )?)
    }

    /// Marks entries up to and including `last` as being sent: from now on they are frozen.
    pub fn outbox_mark_sending(&mut self, last: Mid, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET state = 'sending', first_sent_at = coalesce(first_sent_at, ?2)
                 WHERE mid <= ?1 AND state = 'queued'",
                params![last, now],
            )?;
            Ok(())
        })
    }

    /// Records the server's outcomes for a batch in one transaction.
    pub fn outbox_record(
        &mut self,
        outcomes: &[(Mid, OutboxState, Option<String>)],
        now: i64,
    ) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx.prepare(
                "UPDATE outbox SET state = ?2, reason = ?3, done_at = ?4
                 WHERE mid = ?1 AND state IN ('queued', 'sending')",
            )?;
            for (mid, state, reason) in outcomes {
                stmt.execute(params![mid, state.as_str(), reason, now])?;
            }
            Ok(())
        })
    }
}

impl Store {
    /// Queues a mutation on its own (no other local change goes with it), with the photos
    /// it refers to, in one durable transaction.
    pub fn queue(
        &mut self,
        name: &str,
        args: &impl Serialize,
        photos: &[String],
        at: i64,
    ) -> Result<Mid> {
        self.write(|tx| {
            let mid = enqueue(tx, name, args, at)?;
            refer_photos(tx, mid, photos)?;
            Ok(mid)
        })
    }

    /// The lowest mid not yet applied, refused or kept as a conflict: the first pending
    /// entry's, or else the next mid to be given out.
    pub fn outbox_first_unsent_mid(&self) -> Result<Mid> {
        let first: Option<Mid> = self.conn.query_row(
            "SELECT min(mid) FROM outbox WHERE state IN ('queued', 'sending')",
            [],
            |r| r.get(0),
        )?;
        match first {
            Some(mid) => Ok(mid),
            None => Ok(meta::get(&self.conn, NEXT_MID)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(1)),
        }
    }

    /// The server holds this device's work only up to `held` (it was restored from a
    /// backup): every entry after it that was marked done is pending again (frozen, sent
    /// with the same content), its photos are offered again, and the server copy is
    /// rebuilt from the start, as the server's sequence went back too. Returns how many
    /// entries are pending again; with none, nothing changes.
    pub fn outbox_rewind(&mut self, held: Mid) -> Result<usize> {
        self.write(|tx| {
            let rewound = tx.execute(
                "UPDATE outbox SET state = 'sending', reason = NULL, done_at = NULL
                 WHERE mid > ?1 AND state IN ('applied', 'rejected', 'conflict')",
                [held],
            )?;
            if rewound > 0 {
                tx.execute(
                    "UPDATE blob SET uploaded = 0
                     WHERE uploaded = 1 AND sha256 IN (SELECT sha256 FROM outbox_photo WHERE mid > ?1)",
                    [held],
                )?;
                super::server_copy::forget(tx)?;
            }
            Ok(rewound)
        })
    }

    /// Pending entries whose name starts with `prefix` (e.g. `task.`), in `mid` order.
    pub fn outbox_pending_named(&self, prefix: &str) -> Result<Vec<OutboxEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT mid, name, args, created_at, state, reason FROM outbox
             WHERE state IN ('queued', 'sending') AND substr(name, 1, length(?1)) = ?1
             ORDER BY mid",
        )?;
        let raws = stmt
            .query_map([prefix], entry)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(decode).collect()
    }

    /// Every `report.create` entry's case id with its state and reason.
    pub fn report_outcomes(
        &self,
    ) -> Result<std::collections::HashMap<String, (OutboxState, Option<String>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT json_extract(args, '$.case_id'), state, reason FROM outbox
             WHERE name = 'report.create'",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, state, reason)| Ok((id, (OutboxState::parse(&state)?, reason))))
            .collect()
    }
}
