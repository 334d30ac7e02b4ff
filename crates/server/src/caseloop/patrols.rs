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
    if Location::new(c.lon, c.lat).is_err() {
        return Ok(rejected(
            "bad_location: longitude -180..180, latitude -90..90",
        ));
    }
    let grid = state.grids().locate(c.lon, c.lat).copied();
    patrol.checkins.push(protocol::CheckinView {
        building: c.building,
        unit: c.unit,
        lon: c.lon,
        lat: c.lat,
        note: c.note,
        at: at_device,
        grid,
    });
    put_patrol(tx, &patrol, now)?;
    Ok(applied())
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
