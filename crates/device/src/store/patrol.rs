//! Patrols (穿楼进户) on this device: started, checked in at buildings, ended; each step
//! saved with its outbox entry in one transaction.

use rusqlite::{OptionalExtension, params};

use super::{Mid, Store, outbox};
use crate::{Error, Result};

/// A patrol as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPatrol {
    pub id: String,
    pub grid: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub visits: Vec<StoredVisit>,
}

/// A check-in during a patrol.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVisit {
    pub id: String,
    pub building: String,
    pub unit: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub note: Option<String>,
    pub at: i64,
}

/// A building checked in at on this device: its code, the mean position of the check-ins
/// and the units named.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitedBuilding {
    pub code: String,
    pub lon: f64,
    pub lat: f64,
    pub units: Vec<String>,
}

impl Store {
    /// Buildings checked in at in patrols of `grid`, by code.
    pub fn visited_buildings(&self, grid: &str) -> Result<Vec<VisitedBuilding>> {
        let mut stmt = self.conn().prepare(
            "SELECT v.building, avg(v.lon), avg(v.lat), group_concat(DISTINCT v.unit)
             FROM visit v JOIN patrol p ON p.id = v.patrol_id
             WHERE p.grid = ?1 GROUP BY v.building ORDER BY v.building",
        )?;
        let rows = stmt
            .query_map([grid], |r| {
                let units: Option<String> = r.get(3)?;
                Ok(VisitedBuilding {
                    code: r.get(0)?,
                    lon: r.get(1)?,
                    lat: r.get(2)?,
                    units: units
                        .map(|u| u.split(',').map(str::to_string).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Starts a patrol and queues `patrol.start`. Refused while another patrol is open.
    pub fn patrol_start(
        &mut self,
        id: &str,
        grid: &str,
        at: i64,
        args: &impl serde::Serialize,
    ) -> Result<Mid> {
        self.write(|tx| {
            let open: Option<String> = tx
                .query_row("SELECT id FROM patrol WHERE ended_at IS NULL", [], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(open) = open {
                return Err(Error::Invalid(format!(
                    "patrol {open} is still open; end it before starting another"
                )));
            }
            tx.execute(
                "INSERT INTO patrol (id, grid, started_at) VALUES (?1, ?2, ?3)",
                params![id, grid, at],
            )?;
            outbox::enqueue(tx, "patrol.start", args, at)
        })
    }

    /// Records a check-in in the open patrol and queues `patrol.checkin`.
    pub fn patrol_checkin(
        &mut self,
        visit: &StoredVisit,
        args: &impl serde::Serialize,
    ) -> Result<Mid> {
        self.write(|tx| {
            let patrol: String = tx
                .query_row("SELECT id FROM patrol WHERE ended_at IS NULL", [], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| Error::Invalid("no patrol is open; start one first".into()))?;
            tx.execute(
                "INSERT INTO visit (id, patrol_id, building, unit, lon, lat, note, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    visit.id,
                    patrol,
                    visit.building,
                    visit.unit,
                    visit.lon,
                    visit.lat,
                    visit.note,
                    visit.at
                ],
            )?;
            outbox::enqueue(tx, "patrol.checkin", args, visit.at)
        })
    }

    /// Ends the open patrol and queues `patrol.end`.
    pub fn patrol_end(&mut self, at: i64, args: &impl serde::Serialize) -> Result<Mid> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE patrol SET ended_at = ?1 WHERE ended_at IS NULL",
                params![at],
            )?;
            if n == 0 {
                return Err(Error::Invalid("no patrol is open".into()));
            }
            outbox::enqueue(tx, "patrol.end", args, at)
        })
    }

    /// The open patrol, or else the latest one.
    pub fn patrol_latest(&self) -> Result<Option<StoredPatrol>> {
        let head: Option<(String, String, i64, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT id, grid, started_at, ended_at FROM patrol
                 ORDER BY ended_at IS NULL DESC, started_at DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, grid, started_at, ended_at)) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare(
            "SELECT id, building, unit, lon, lat, note, at FROM visit
             WHERE patrol_id = ?1 ORDER BY at, id",
        )?;
        let visits = stmt
            .query_map([&id], |r| {
                Ok(StoredVisit {
                    id: r.get(0)?,
                    building: r.get(1)?,
                    unit: r.get(2)?,
                    lon: r.get(3)?,
                    lat: r.get(4)?,
                    note: r.get(5)?,
                    at: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(StoredPatrol {
            id,
            grid,
            started_at,
            ended_at,
            visits,
        }))
    }
}
