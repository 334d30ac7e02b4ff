//! Patrols (穿楼进户) from devices: start, building check-ins located in their grid, end.
//! A patrol belongs to the person who started it; each change is published to them.

use domain::{Location, Person, Timestamp};
use protocol::{ChangeKind, EntityKind, PatrolCheckin, PatrolEnd, PatrolStart, PatrolView};

use super::{applied, rejected};
use crate::error::Result;
use crate::state::AppState;
use crate::store::{Audience, StoredOutcome, Tx};

pub(crate) fn start(
    tx: &mut dyn Tx,
    caller: &Person,
    p: &PatrolStart,
    now: Timestamp,
    at_device: i64,
) -> Result<StoredOutcome> {
    if let Some(existing) = tx.patrol_get(p.patrol_id)? {
        return Ok(if existing.person_id == caller.id {
            applied()
        } else {
            rejected("patrol id taken")
        });
    }
    let patrol = PatrolView {
        id: p.patrol_id,
        person_id: caller.id,
        started_at: at_device,
        ended_at: None,
        checkins: Vec::new(),
    };
    put_patrol(tx, &patrol, now)?;
    Ok(applied())
}

pub(crate) fn checkin(
    tx: &mut dyn Tx,
    state: &AppState,
    caller: &Person,
    c: PatrolCheckin,
    now: Timestamp,
    at_device: i64,
) -> Result<StoredOutcome> {
    let Some(mut patrol) = tx.patrol_get(c.patrol_id)? else {
        return Ok(rejected("unknown_patrol"));
    };
    if patrol.person_id != caller.id {
        return Ok(rejected("not your patrol"));
    }
    if c.checkin_id
        .is_some_and(|id| patrol.checkins.iter().any(|k| k.id == Some(id)))
    {
        // The same check-in again (sent once more under a new device id): kept once.
        return Ok(applied());
    }
    if Location::new(c.lon, c.lat).is_err() {
        return Ok(rejected(
            "bad_location: longitude -180..180, latitude -90..90",
        ));
    }
    let grid = state.grids().locate(c.lon, c.lat).copied();
    let clock_suspect = implausible(at_device, patrol.started_at, now.millis());
    if clock_suspect {
        tracing::info!(patrol = %patrol.id, at_device, "check-in with an implausible phone time");
    }
    if let Some(g) = &grid {
        tx.grid_visited(g.as_str(), now.millis())?;
    }
    if c.placard_posted {
        crate::placards::posted(tx, &c.building, c.unit.as_deref(), caller, now.millis())?;
    }
    patrol.checkins.push(protocol::CheckinView {
        id: c.checkin_id,
        building: c.building,
        unit: c.unit,
        lon: c.lon,
        lat: c.lat,
        note: c.note,
        at: at_device,
        grid,
        received_at: now.millis(),
        clock_suspect,
    });
    put_patrol(tx, &patrol, now)?;
    Ok(applied())
}

/// How far a phone's clock may be ahead of the server's, or behind a patrol's start.
const CLOCK_SLACK_MS: i64 = 5 * 60 * 1000;
/// How long work may plausibly wait offline on a phone before it reaches the server.
const OFFLINE_MAX_MS: i64 = 30 * 24 * 3600 * 1000;

/// Whether a check-in's phone time cannot be right, given when the server received it and
/// when (on the same phone's clock) its patrol began.
fn implausible(at_device: i64, patrol_started: i64, received: i64) -> bool {
    at_device > received + CLOCK_SLACK_MS
        || at_device < received - OFFLINE_MAX_MS
        || at_device < patrol_started - CLOCK_SLACK_MS
}

pub(crate) fn end(
    tx: &mut dyn Tx,
    caller: &Person,
    p: &PatrolEnd,
    now: Timestamp,
    at_device: i64,
) -> Result<StoredOutcome> {
    let Some(mut patrol) = tx.patrol_get(p.patrol_id)? else {
        return Ok(rejected("unknown_patrol"));
    };
    if patrol.person_id != caller.id {
        return Ok(rejected("not your patrol"));
    }
    if patrol.ended_at.is_none() {
        patrol.ended_at = Some(at_device);
        put_patrol(tx, &patrol, now)?;
    }
    Ok(applied())
}

fn put_patrol(tx: &mut dyn Tx, patrol: &PatrolView, now: Timestamp) -> Result<()> {
    tx.patrol_put(patrol)?;
    let data = serde_json::to_string(patrol)?;
    tx.change_put(
        EntityKind::Patrol,
        &patrol.id.to_string(),
        &Audience::Person(patrol.person_id),
        ChangeKind::Put,
        Some(&data),
        now.millis(),
    )?;
    Ok(())
}
