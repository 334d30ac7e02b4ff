//! 双报到 on SQLite: registrations and claims, one row each, counted per community.

use domain::participation::State;
use rusqlite::{OptionalExtension, Row, params};

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{JoinCount, JoinFilter, JoinKind, JoinRecord, JoinRepo};

const COLUMNS: &str = "number, kind, community, state, key, member, detail, created_at, \
                       decided_at, decided_by, reason";

type RawRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
);

fn raw(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

fn corrupt(number: &str, what: &str) -> Error {
    Error::Storage(format!("join registration {number}: bad {what}"))
}

fn record(row: RawRow) -> Result<JoinRecord> {
    let (number, kind, community, state, key, member, detail, created_at, at, by, reason) = row;
    let decided = match (at, by) {
        (Some(at), Some(by)) => Some((
            at,
            by.parse().map_err(|_| corrupt(&number, "decider"))?,
            reason,
        )),
        _ => None,
    };
    Ok(JoinRecord {
        kind: JoinKind::parse(&kind).ok_or_else(|| corrupt(&number, "kind"))?,
        state: State::parse(&state).ok_or_else(|| corrupt(&number, "state"))?,
        number,
        community,
        key,
        member,
        detail,
        created_at,
        decided,
    })
}

impl JoinRepo for SqliteTx<'_> {
    fn join_insert(&mut self, r: &JoinRecord) -> Result<()> {
        let (at, by, reason) = match &r.decided {
            Some((at, by, reason)) => (Some(*at), Some(by.to_string()), reason.clone()),
            None => (None, None, None),
        };
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO join_registrations ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ))?
            .execute(params![
                r.number,
                r.kind.key(),
                r.community,
                r.state.key(),
                r.key,
                r.member,
                r.detail,
                r.created_at,
                at,
                by,
                reason
            ])?;
        Ok(())
    }

    fn join_get(&mut self, number: &str) -> Result<Option<JoinRecord>> {
        let row = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM join_registrations WHERE number = ?1"
            ))?
            .query_row([number], raw)
            .optional()?;
        row.map(record).transpose()
    }

    fn join_decide(
        &mut self,
        number: &str,
        state: State,
        at: i64,
        by: domain::PersonId,
        reason: Option<&str>,
    ) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE join_registrations SET state = ?2, decided_at = ?3, decided_by = ?4,
                     reason = ?5
                 WHERE number = ?1 AND state = 'pending'",
            )?
            .execute(params![number, state.key(), at, by.to_string(), reason])?;
        Ok(n == 1)
    }

    fn join_list(&mut self, f: &JoinFilter) -> Result<Vec<JoinRecord>> {
        let rows = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM join_registrations
                 WHERE substr(community, 1, length(?1)) = ?1
                   AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR state = ?3)
                 ORDER BY created_at DESC, number LIMIT ?4"
            ))?
            .query_map(
                params![
                    f.area,
                    f.kind.map(JoinKind::key),
                    f.state.map(State::key),
                    f.limit
                ],
                raw,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(record).collect()
    }

    fn join_find_live(
        &mut self,
        community: &str,
        kind: JoinKind,
        key: &str,
    ) -> Result<Option<JoinRecord>> {
        let row = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM join_registrations
                 WHERE community = ?1 AND kind = ?2 AND key = ?3 AND state <> 'refused'
                 ORDER BY created_at LIMIT 1"
            ))?
            .query_row(params![community, kind.key(), key], raw)
            .optional()?;
        row.map(record).transpose()
    }

    fn join_counts(&mut self, area: &str) -> Result<Vec<JoinCount>> {
        let rows = self
            .tx
            .prepare_cached(
                "SELECT community, kind, state, count(*) FROM join_registrations
                 WHERE substr(community, 1, length(?1)) = ?1
                 GROUP BY community, kind, state ORDER BY community, kind, state",
            )?
            .query_map([area], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(community, kind, state, count)| {
                Ok(JoinCount {
                    kind: JoinKind::parse(&kind).ok_or_else(|| corrupt(&community, "kind"))?,
                    state: State::parse(&state).ok_or_else(|| corrupt(&community, "state"))?,
                    community,
                    count: u64::try_from(count).unwrap_or(0),
                })
            })
            .collect()
    }
}
