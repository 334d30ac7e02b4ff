//! 双报到 on PostgreSQL: registrations and claims, one row each, counted per community.

use domain::participation::State;
use postgres::Row;

use super::PgTx;
use crate::error::{Error, Result};
use crate::store::{JoinCount, JoinFilter, JoinKind, JoinRecord, JoinRepo};

const COLUMNS: &str = "number, kind, community, state, key, member, detail, created_at, \
                       decided_at, decided_by, reason";

fn corrupt(number: &str, what: &str) -> Error {
    Error::Storage(format!("join registration {number}: bad {what}"))
}

fn record(r: &Row) -> Result<JoinRecord> {
    let number: String = r.try_get(0)?;
    let kind: String = r.try_get(1)?;
    let state: String = r.try_get(3)?;
    let decided = match (
        r.try_get::<_, Option<i64>>(8)?,
        r.try_get::<_, Option<String>>(9)?,
    ) {
        (Some(at), Some(by)) => Some((
            at,
            by.parse().map_err(|_| corrupt(&number, "decider"))?,
            r.try_get::<_, Option<String>>(10)?,
        )),
        _ => None,
    };
    Ok(JoinRecord {
        kind: JoinKind::parse(&kind).ok_or_else(|| corrupt(&number, "kind"))?,
        state: State::parse(&state).ok_or_else(|| corrupt(&number, "state"))?,
        community: r.try_get(2)?,
        key: r.try_get(4)?,
        member: r.try_get(5)?,
        detail: r.try_get(6)?,
        created_at: r.try_get(7)?,
        decided,
        number,
    })
}

impl JoinRepo for PgTx<'_> {
    fn join_insert(&mut self, r: &JoinRecord) -> Result<()> {
        let (at, by, reason) = match &r.decided {
            Some((at, by, reason)) => (Some(*at), Some(by.to_string()), reason.clone()),
            None => (None, None, None),
        };
        self.execute(
            &format!(
                "INSERT INTO join_registrations ({COLUMNS})
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ),
            &[
                &r.number,
                &r.kind.key(),
                &r.community,
                &r.state.key(),
                &r.key,
                &r.member,
                &r.detail,
                &r.created_at,
                &at,
                &by,
                &reason,
            ],
        )?;
        Ok(())
    }

    fn join_get(&mut self, number: &str) -> Result<Option<JoinRecord>> {
        self.query_opt(
            &format!("SELECT {COLUMNS} FROM join_registrations WHERE number = $1"),
            &[&number],
        )?
        .as_ref()
        .map(record)
        .transpose()
    }

    fn join_decide(
        &mut self,
        number: &str,
        state: State,
        at: i64,
        by: domain::PersonId,
        reason: Option<&str>,
    ) -> Result<bool> {
        let n = self.execute(
            "UPDATE join_registrations SET state = $2, decided_at = $3, decided_by = $4,
                 reason = $5
             WHERE number = $1 AND state = 'pending'",
            &[&number, &state.key(), &at, &by.to_string(), &reason],
        )?;
        Ok(n == 1)
    }

    fn join_list(&mut self, f: &JoinFilter) -> Result<Vec<JoinRecord>> {
        let kind = f.kind.map(JoinKind::key);
        let state = f.state.map(State::key);
        let limit = i64::from(f.limit);
        self.query(
            &format!(
                "SELECT {COLUMNS} FROM join_registrations
                 WHERE left(community, length($1)) = $1
                   AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR state = $3)
                 ORDER BY created_at DESC, number LIMIT $4"
            ),
            &[&f.area, &kind, &state, &limit],
        )?
        .iter()
        .map(record)
        .collect()
    }

    fn join_find_live(
        &mut self,
        community: &str,
        kind: JoinKind,
        key: &str,
    ) -> Result<Option<JoinRecord>> {
        self.query_opt(
            &format!(
                "SELECT {COLUMNS} FROM join_registrations
                 WHERE community = $1 AND kind = $2 AND key = $3 AND state <> 'refused'
                 ORDER BY created_at LIMIT 1"
            ),
            &[&community, &kind.key(), &key],
        )?
        .as_ref()
        .map(record)
        .transpose()
    }

    fn join_counts(&mut self, area: &str) -> Result<Vec<JoinCount>> {
        self.query(
            "SELECT community, kind, state, count(*) FROM join_registrations
             WHERE left(community, length($1)) = $1
             GROUP BY community, kind, state ORDER BY community, kind, state",
            &[&area],
        )?
        .iter()
        .map(|r| {
            let community: String = r.try_get(0)?;
            let kind: String = r.try_get(1)?;
            let state: String = r.try_get(2)?;
            let count: i64 = r.try_get(3)?;
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
