//! Reports captured on this device (随手拍): saved with their outbox entry in one transaction.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Mid, Store, outbox};
use crate::{Error, Result};

/// A report as the person entered it; photos are sha256 hashes of blobs already stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewReport {
    pub case_id: uuid::Uuid,
    pub category: String,
    pub priority: String,
    pub description: String,
    pub lon: f64,
    pub lat: f64,
    pub grid: Option<String>,
    pub self_resolved: bool,
    pub note: Option<String>,
    pub photos: Vec<String>,
    pub created_at: i64,
}

impl NewReport {
    /// The `report.create` mutation that carries this report to the server. The grid and
    /// the note stay on the device: the server locates the report itself, and the wire
    /// form has no note.
    pub fn to_command(&self) -> Result<protocol::ReportCreate> {
        let bad = |what: &str, e: &dyn std::fmt::Display| Error::Invalid(format!("{what}: {e}"));
        Ok(protocol::ReportCreate {
            case_id: domain::CaseId::from_uuid(self.case_id),
            category: domain::CategoryCode::parse(&self.category)
                .map_err(|e| bad("category", &e))?,
            priority: serde_json::from_value(serde_json::Value::String(self.priority.clone()))
                .map_err(|e| bad("priority (urgent, high or normal)", &e))?,
            description: self.description.clone(),
            lon: self.lon,
            lat: self.lat,
            photos: self
                .photos
                .iter()
                .map(|p| domain::PhotoHash::parse(p).map_err(|e| bad("photo hash", &e)))
                .collect::<Result<_>>()?,
            self_resolved: self.self_resolved,
        })
    }
}

/// The outbox mutation that carries a captured report.
pub const REPORT_CREATE: &str = "report.create";

impl Store {
    /// Saves a report, its photo references and its outbox entry in one durable transaction.
    /// Saving the same `case_id` again changes nothing and returns the first entry's `mid`.
    pub fn capture_report(&mut self, report: &NewReport) -> Result<Mid> {
        // NaN and infinities fall outside both ranges.
        if !((-180.0..=180.0).contains(&report.lon) && (-90.0..=90.0).contains(&report.lat)) {
            return Err(Error::Invalid(format!(
                "the location {}, {} is not a WGS-84 longitude, latitude",
                report.lon, report.lat
            )));
        }
        self.write(|tx| {
            let id = report.case_id.to_string();
            let existing: Option<Mid> = tx
                .query_row(
                    "SELECT mid FROM outbox WHERE name = ?1 AND json_extract(args, '$.case_id') = ?2",
                    params![REPORT_CREATE, id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(mid) = existing {
                return Ok(mid);
            }
            tx.execute(
                "INSERT INTO report (case_id, category, priority, description, lon, lat, grid,
                                     self_resolved, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    report.category,
                    report.priority,
                    report.description,
                    report.lon,
                    report.lat,
                    report.grid,
                    report.self_resolved,
                    report.note,
                    report.created_at
                ],
            )?;
            for (position, sha256) in report.photos.iter().enumerate() {
                tx.execute(
                    "INSERT INTO report_photo (case_id, position, sha256) VALUES (?1, ?2, ?3)",
                    params![id, position as i64, sha256],
                )?;
            }
            let mid = outbox::enqueue(tx, REPORT_CREATE, &report.to_command()?, report.created_at)?;
            outbox::refer_photos(tx, mid, &report.photos)?;
            Ok(mid)
        })
    }

    /// Every report captured on this device, oldest first.
    pub fn reports(&self) -> Result<Vec<NewReport>> {
        let mut stmt = self.conn.prepare(
            "SELECT case_id, category, priority, description, lon, lat, grid, self_resolved,
                    note, created_at FROM report ORDER BY created_at, case_id",
        )?;
        let mut photos = self
            .conn
            .prepare("SELECT sha256 FROM report_photo WHERE case_id = ?1 ORDER BY position")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    NewReport {
                        case_id: uuid::Uuid::nil(),
                        category: r.get(1)?,
                        priority: r.get(2)?,
                        description: r.get(3)?,
                        lon: r.get(4)?,
                        lat: r.get(5)?,
                        grid: r.get(6)?,
                        self_resolved: r.get(7)?,
                        note: r.get(8)?,
                        photos: Vec::new(),
                        created_at: r.get(9)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, mut report)| {
                report.case_id = uuid::Uuid::parse_str(&id)
                    .map_err(|e| Error::Invalid(format!("bad case id {id:?} in store: {e}")))?;
                report.photos = photos
                    .query_map([&id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(report)
            })
            .collect()
    }
}
