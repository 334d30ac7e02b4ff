//! Push and pull, per the sync design: per-device mutation sequence, replays answered
//! from stored outcomes, gaps stop the batch, rejected mutations never block the queue;
//! pull by server sequence within what the person may see, 410 for compacted cursors.

use protocol::{
    Change, Command, MutationResult, Outcome, PullQuery, PullResponse, PushRequest, PushResponse,
    SCHEMA_VERSION,
};

use crate::access::visible_areas;
use crate::caseloop;
use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::{StoredMutation, StoredOutcome, Visibility};

/// Applies a push. The whole batch is one transaction: a storage failure leaves
/// nothing applied and the device simply sends again (every mutation is idempotent by
/// its mid). Mutations are processed in mid order; a replayed mid gets its stored
/// outcome; a gap stops the batch.
pub async fn push(state: &AppState, caller: &Caller, req: PushRequest) -> Result<PushResponse> {
    if req.device_id != caller.device {
        return Err(Error::forbidden(
            "device_id is not the device of this access token",
        ));
    }
    if req.schema != SCHEMA_VERSION {
        return Err(Error::bad_request(
            "unsupported_schema",
            format!(
                "schema {} is not supported; this server speaks {SCHEMA_VERSION}",
                req.schema
            ),
        ));
    }
    if req.mutations.len() > state.config().max_push_mutations {
        return Err(Error::TooLarge(format!(
            "at most {} mutations in one push",
            state.config().max_push_mutations
        )));
    }
    let mut mutations = req.mutations;
    mutations.sort_by_key(|m| m.mid);
    let st = state.clone();
    let device = caller.device;
    let person = caller.record.person.clone();
    let response = state
        .write(move |tx| {
            let Some(d) = tx.device_get(device)? else {
                return Err(Error::unauthorized("unauthorized", "unknown device"));
            };
            if d.revoked_at.is_some() {
                return Err(Error::unauthorized(
                    "unauthorized",
                    "this device was revoked",
                ));
            }
            let mut last = d.last_mid;
            let mut results = Vec::with_capacity(mutations.len());
            let mut advanced = false;
            for m in mutations {
                if m.mid == 0 {
                    results.push(MutationResult {
                        mid: 0,
                        outcome: Outcome::Rejected,
                        reason: Some("bad_mid: mids start at 1".into()),
                    });
                    continue;
                }
                let fingerprint = args_fingerprint(&m.args);
                if m.mid <= last {
                    let answer =
                        replay_answer(device, &m, &fingerprint, tx.mutation_get(device, m.mid)?);
                    results.push(MutationResult {
                        mid: m.mid,
                        outcome: answer.outcome,
                        reason: answer.reason,
                    });
                    continue;
                }
                if m.mid > last + 1 {
                    break;
                }
                let outcome = match Command::parse(&m.name, &m.args) {
                    Ok(cmd) => caseloop::apply_command(tx, &st, &person, cmd, m.at)?,
                    Err(e) => StoredOutcome {
                        outcome: Outcome::Rejected,
                        reason: Some(match e {
                            protocol::Error::TooLarge { .. } => format!("too_large: {e}"),
                            _ => format!("bad_mutation: {e}"),
                        }),
                    },
                };
                tx.mutation_record(device, m.mid, &m.name, &fingerprint, &outcome, st.now_ms())?;
                last = m.mid;
                advanced = true;
                results.push(MutationResult {
                    mid: m.mid,
                    outcome: outcome.outcome,
                    reason: outcome.reason,
                });
            }
            if advanced {
                tx.device_set_last_mid(device, last)?;
            }
            tx.device_seen(device, st.now_ms())?;
            Ok(PushResponse {
                last_mid: last,
                results,
            })
        })
        .await?;
    if !response.results.is_empty() {
        state.hint();
    }
    Ok(response)
}

/// The sha256 of a mutation's arguments as JSON (object keys in order, so the same
/// arguments always give the same fingerprint).
fn args_fingerprint(args: &serde_json::Value) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(args.to_string().as_bytes()))
}

/// The answer to a mutation under a mid already passed: its stored outcome when it is the
/// same mutation; refused, loudly, when it is another one or its outcome is forgotten.
fn replay_answer(
    device: protocol::DeviceId,
    m: &protocol::Mutation,
    fingerprint: &str,
    stored: Option<StoredMutation>,
) -> StoredOutcome {
    let refuse = |reason: String| {
        tracing::warn!(%device, mid = m.mid, name = %m.name, %reason, "replay refused");
        StoredOutcome {
            outcome: Outcome::Rejected,
            reason: Some(reason),
        }
    };
    match stored {
        None => refuse(format!(
            "outcome_forgotten: mid {} is older than what the server remembers; whether it \
             applied is not known (check the case on the desk)",
            m.mid
        )),
        Some(s) if s.name != m.name => refuse(format!(
            "replay_mismatch: mid {} was {}, not {}",
            m.mid, s.name, m.name
        )),
        Some(s) if s.args_sha256.as_deref().is_some_and(|h| h != fingerprint) => refuse(format!(
            "replay_mismatch: mid {} was {} with other arguments",
            m.mid, s.name
        )),
        Some(s) => s.outcome,
    }
}

/// The highest committed change sequence number.
pub async fn head(state: &AppState) -> Result<u64> {
    state.read(|tx| tx.changes_head()).await
}

/// Whether a change after `cursor` is visible to the caller, and the head seq.
pub async fn visible_since(state: &AppState, caller: &Caller, cursor: u64) -> Result<(bool, u64)> {
    let vis = Visibility {
        areas: visible_areas(caller.role(), &caller.person().scope),
        person: caller.id(),
    };
    let (rows, head) = state
        .read(move |tx| tx.changes_since(cursor, &vis, 1))
        .await?;
    Ok((!rows.is_empty(), head))
}

pub async fn pull(state: &AppState, caller: &Caller, q: PullQuery) -> Result<PullResponse> {
    let max = state.config().max_pull_limit.max(1);
    let limit = q.limit.unwrap_or(max).clamp(1, max);
    let vis = Visibility {
        areas: visible_areas(caller.role(), &caller.person().scope),
        person: caller.id(),
    };
    let cursor = q.cursor;
    let device = caller.device;
    let (rows, head, compacted, delivered, rebuild_before) = state
        .read(move |tx| {
            let compacted = tx.changes_compacted_through()?;
            let delivered = tx.device_delivered(device)?;
            let rebuild_before = tx.device_rebuild_before(device)?;
            if cursor > 0 && (cursor < compacted || cursor < rebuild_before) {
                return Ok((Vec::new(), 0, compacted, delivered, rebuild_before));
            }
            let (rows, head) = tx.changes_since(cursor, &vis, limit + 1)?;
            Ok((rows, head, compacted, delivered, rebuild_before))
        })
        .await?;
    // The person's area changed since this cursor: what the copy holds may no longer be
    // theirs to see, so the device starts again from nothing.
    if cursor > 0 && cursor < rebuild_before {
        return Err(Error::CursorGone(cursor));
    }
    // Older than the kept log, or from a history this server does not have: beyond its
    // head, or beyond any cursor it handed this device (its data was restored from a
    // backup, and new changes may since have passed that number). Either way the device
    // must rebuild.
    let never_handed = delivered.is_some_and(|d| cursor > d);
    if (cursor > 0 && cursor < compacted) || cursor > head.max(compacted) || never_handed {
        return Err(Error::CursorGone(cursor));
    }
    let has_more = rows.len() > limit as usize;
    let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
    let next = if has_more {
        rows.last().map(|r| r.seq).unwrap_or(cursor)
    } else {
        head.max(cursor)
    };
    if delivered.is_none_or(|d| next > d) {
        state
            .write(move |tx| tx.device_deliver(device, next))
            .await?;
    }
    let mut changes = Vec::with_capacity(rows.len());
    for r in rows {
        let data = match r.data {
            Some(d) => Some(serde_json::from_str(&d)?),
            None => None,
        };
        changes.push(Change {
            seq: r.seq,
            kind: r.kind,
            entity: r.entity,
            id: r.id,
            data,
        });
    }
    Ok(PullResponse {
        changes,
        cursor: next,
        has_more,
    })
}
