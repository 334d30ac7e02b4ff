//! Patrols (穿楼进户) offline: start in a grid, check in at buildings and units with a
//! location and a note, end; each step durable and queued. Coverage counts the buildings
//! visited against those known in the grid.

use protocol::{Command, PatrolCheckin, PatrolEnd, PatrolId, PatrolStart};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Engine, now_ms};
use crate::store::{StoredPatrol, StoredVisit};
use crate::{Error, Result};

/// A patrol (穿楼进户) of one grid: its check-ins and how much of the grid it covered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PatrolInfo {
    pub id: String,
    pub grid: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub visits: Vec<VisitInfo>,
    pub coverage: Coverage,
}

/// One check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VisitInfo {
    pub building: String,
    pub unit: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub note: Option<String>,
    pub at: i64,
}

/// Buildings visited in this patrol against buildings known in the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Coverage {
    pub buildings_total: u64,
    pub buildings_visited: u64,
}

/// The arguments of `patrol_checkin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct CheckIn {
    pub building: String,
    #[serde(default)]
    pub unit: Option<String>,
    pub lon: f64,
    pub lat: f64,
    #[serde(default)]
    pub note: Option<String>,
    /// The newest printed placard (网格公示牌) now hangs at this entrance (the worker
    /// checked in on its QR code to say so).
    #[serde(default)]
    pub placard_posted: bool,
}

impl Engine {
    /// Starts a patrol in a grid.
    pub fn patrol_start(&self, grid: &str) -> Result<PatrolInfo> {
        domain::GridCode::parse(grid).map_err(|e| Error::Invalid(format!("grid: {e}")))?;
        self.session()?;
        let id = PatrolId::new();
        let command = Command::PatrolStart(PatrolStart { patrol_id: id });
        self.store()
            .patrol_start(&id.to_string(), grid, now_ms(), &command.args())?;
        self.wrote()?;
        self.patrol_current()?
            .ok_or_else(|| Error::NotFound("the patrol just started".into()))
    }

    /// Checks in at a building (and unit) of the open patrol.
    pub fn patrol_checkin(&self, checkin: CheckIn) -> Result<PatrolInfo> {
        if checkin.building.trim().is_empty() {
            return Err(Error::Invalid("a check-in needs a building".into()));
        }
        if !((-180.0..=180.0).contains(&checkin.lon) && (-90.0..=90.0).contains(&checkin.lat)) {
            return Err(Error::Invalid(format!(
                "the location {}, {} is not a WGS-84 longitude, latitude",
                checkin.lon, checkin.lat
            )));
        }
        let current = self
            .patrol_current()?
            .ok_or_else(|| Error::Invalid("no patrol is open; start one first".into()))?;
        let patrol_id =
            PatrolId::parse(&current.id).map_err(|e| Error::Invalid(format!("patrol id: {e}")))?;
        let visit_id = uuid::Uuid::now_v7();
        let command = Command::PatrolCheckin(PatrolCheckin {
            patrol_id,
            building: checkin.building.clone(),
            unit: checkin.unit.clone(),
            lon: checkin.lon,
            lat: checkin.lat,
            note: checkin.note.clone().unwrap_or_default(),
            checkin_id: Some(visit_id),
            placard_posted: checkin.placard_posted,
        });
        command
            .check_limits()
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let visit = StoredVisit {
            id: visit_id.to_string(),
            building: checkin.building,
            unit: checkin.unit,
            lon: checkin.lon,
            lat: checkin.lat,
            note: checkin.note,
            at: now_ms(),
        };
        self.store().patrol_checkin(&visit, &command.args())?;
        self.wrote()?;
        self.patrol_current()?
            .ok_or_else(|| Error::NotFound("the open patrol".into()))
    }

    /// Ends the open patrol.
    pub fn patrol_end(&self) -> Result<PatrolInfo> {
        let current = self
            .patrol_current()?
            .ok_or_else(|| Error::Invalid("no patrol is open".into()))?;
        let patrol_id =
            PatrolId::parse(&current.id).map_err(|e| Error::Invalid(format!("patrol id: {e}")))?;
        let command = Command::PatrolEnd(PatrolEnd { patrol_id });
        self.store().patrol_end(now_ms(), &command.args())?;
        self.wrote()?;
        let latest = self.store().patrol_latest()?;
        latest
            .map(|p| self.patrol_info(p))
            .ok_or_else(|| Error::NotFound("the patrol just ended".into()))
    }

    /// The open patrol, if any.
    pub fn patrol_current(&self) -> Result<Option<PatrolInfo>> {
        let latest = self.store().patrol_latest()?;
        Ok(latest
            .filter(|p| p.ended_at.is_none())
            .map(|p| self.patrol_info(p)))
    }

    fn patrol_info(&self, patrol: StoredPatrol) -> PatrolInfo {
        let visited: std::collections::BTreeSet<&str> =
            patrol.visits.iter().map(|v| v.building.as_str()).collect();
        let known = self.buildings(&patrol.grid).map_or(0, |b| b.len() as u64);
        PatrolInfo {
            coverage: Coverage {
                buildings_total: known.max(visited.len() as u64),
                buildings_visited: visited.len() as u64,
            },
            visits: patrol
                .visits
                .iter()
                .map(|v| VisitInfo {
                    building: v.building.clone(),
                    unit: v.unit.clone(),
                    lon: v.lon,
                    lat: v.lat,
                    note: v.note.clone(),
                    at: v.at,
                })
                .collect(),
            id: patrol.id,
            grid: patrol.grid,
            started_at: patrol.started_at,
            ended_at: patrol.ended_at,
        }
    }
}
