//! Capture offline (随手拍): photos prepared with `photos` and stored by their hash, nearby
//! open cases of the same category as possible duplicates, and the report saved with its
//! outbox entry in one durable transaction, its grid located on the device.

use std::path::Path;

use base64::Engine as _;
use domain::{CaseState, CategoryCode, PhotoHash, Priority};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::view::{CaseSummary, Names, summary};
use super::{Engine, now_ms};
use crate::store::{BlobKind, NewReport};
use crate::{Error, Result};

/// A photo prepared on this device, with a thumbnail to show at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhotoInfo {
    pub sha256: PhotoHash,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub thumb_data_url: String,
}

/// The `report` argument of `capture_report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaptureReport {
    pub category: CategoryCode,
    pub priority: Priority,
    pub description: String,
    pub lon: f64,
    pub lat: f64,
    /// Hashes of photos prepared on this device.
    #[serde(default)]
    pub photos: Vec<PhotoHash>,
    #[serde(default)]
    pub self_resolved: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// The arguments of `nearby_cases`: a point, a category and a radius in metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct NearbyQuery {
    pub lon: f64,
    pub lat: f64,
    pub category: CategoryCode,
    pub radius_m: f64,
}

/// Radius for nearby duplicates when the caller gives none or a silly one.
const MAX_NEARBY_M: f64 = 5_000.0;

impl Engine {
    /// Prepares a photo (decode within limits, orient, strip metadata, resize, JPEG) and
    /// stores it and its thumbnail durably. The original is dropped unless the engine keeps
    /// originals.
    pub fn prepare_photo_bytes(&self, bytes: &[u8]) -> Result<PhotoInfo> {
        let prepared = photos::prepare(bytes, &self.config().photo)?;
        let now = now_ms();
        let mut store = self.store();
        if self.config().keep_originals {
            let dir = store.dir().join("originals");
            let path = dir.join(photos::PhotoHash::of(bytes).to_hex());
            std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&path, bytes))
                .map_err(|source| Error::Io { path, source })?;
        }
        let sha = store.put_blob(&prepared.photo.bytes, BlobKind::Photo, now)?;
        let thumb = store.put_blob(&prepared.thumbnail.bytes, BlobKind::Thumb, now)?;
        store.add_photo(&sha, &thumb, prepared.photo.width, prepared.photo.height)?;
        Ok(PhotoInfo {
            sha256: PhotoHash::parse(&sha).map_err(|e| Error::Invalid(format!("photo: {e}")))?,
            width: prepared.photo.width,
            height: prepared.photo.height,
            bytes: prepared.photo.bytes.len() as u64,
            thumb_data_url: data_url(&prepared.thumbnail.bytes),
        })
    }

    /// [`prepare_photo_bytes`](Self::prepare_photo_bytes) of a file.
    pub fn prepare_photo(&self, path: &Path) -> Result<PhotoInfo> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.prepare_photo_bytes(&bytes)
    }

    /// A photo (or its thumbnail) as a `data:` URL. A photo this device does not hold (a
    /// dispatcher reviewing a worker's report) is fetched from the server, checked against
    /// its hash and kept in the local blob store; its thumbnail is then the photo itself.
    /// Offline with no local copy the error is `offline`; a photo the server does not have
    /// (or this person may not see) is `not_found` or the server's code.
    pub async fn photo_data_url(&self, sha256: &PhotoHash, thumb: bool) -> Result<String> {
        let hash = sha256.as_str().to_string();
        let local = {
            let hash = hash.clone();
            self.blocking(move |engine| engine.local_photo_data_url(&hash, thumb))
                .await?
        };
        if let Some(url) = local {
            return Ok(url);
        }
        let response = self
            .authed(
                "blob_get",
                &[StatusCode::NOT_FOUND],
                |client, server, token| {
                    client
                        .get(format!("{server}/v1/blobs/{hash}"))
                        .bearer_auth(token)
                },
            )
            .await?;
        if response.status() == StatusCode::NOT_FOUND {
            return Err(Error::NotFound(format!(
                "photo {hash} is neither on this device nor on the server"
            )));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::Offline(format!("photo {hash} was cut off: {e}")))?;
        let got = photos::PhotoHash::of(&bytes).to_hex();
        if got != hash {
            return Err(Error::Server {
                status: 200,
                code: "blob_mismatch".into(),
                message: format!("the server sent photo {hash} with content hashing to {got}"),
            });
        }
        let url = data_url(&bytes);
        self.blocking(move |engine| {
            engine
                .store()
                .put_blob(&bytes, BlobKind::Photo, now_ms())
                .map(drop)
        })
        .await?;
        Ok(url)
    }

    /// The photo or thumbnail from the local blob store, `None` when this device lacks it.
    fn local_photo_data_url(&self, hash: &str, thumb: bool) -> Result<Option<String>> {
        let store = self.store();
        let thumb_name = if thumb {
            store.photo(hash)?.map(|p| p.thumb)
        } else {
            None
        };
        for name in thumb_name.iter().map(String::as_str).chain([hash]) {
            if store.blob_path(name).exists() {
                return Ok(Some(data_url(&store.read_blob(name)?)));
            }
        }
        Ok(None)
    }

    /// Open cases in the synced data near a point, of the same category, nearest first:
    /// possible duplicates to show before saving a report.
    pub fn nearby_cases(&self, query: &NearbyQuery) -> Result<Vec<CaseSummary>> {
        let NearbyQuery {
            lon,
            lat,
            category,
            radius_m,
        } = *query;
        let radius = if radius_m.is_finite() && radius_m > 0.0 {
            radius_m.min(MAX_NEARBY_M)
        } else {
            100.0
        };
        let names = self.names()?;
        let now = now_ms();
        let mut near: Vec<(f64, CaseSummary)> = self
            .local_cases()?
            .into_iter()
            .filter(|(c, _)| c.category == category && !c.state.is_final())
            .filter_map(|(c, pending)| {
                let d = distance_m(lon, lat, c.location.lon, c.location.lat);
                (d <= radius).then(|| (d, summary(&c, pending, &names, now)))
            })
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(near.into_iter().map(|(_, s)| s).collect())
    }

    /// Saves a report durably with its outbox entry; the grid is located on the device.
    pub fn capture_report(&self, report: CaptureReport) -> Result<CaseSummary> {
        if report.description.trim().is_empty() && report.photos.is_empty() {
            return Err(Error::Invalid(
                "a report needs a description or a photo".into(),
            ));
        }
        // The server's limits, told at capture rather than refused after the sync.
        use domain::limits::{DESCRIPTION_CHARS, NOTE_CHARS, check_photos, check_text};
        check_text("description", &report.description, DESCRIPTION_CHARS)
            .and(check_text(
                "note",
                report.note.as_deref().unwrap_or(""),
                NOTE_CHARS,
            ))
            .and(check_photos(report.photos.len()))
            .map_err(|e| Error::Invalid(e.to_string()))?;
        self.session()?;
        let grid = self.locate(report.lon, report.lat)?.grid;
        let new = NewReport {
            case_id: uuid::Uuid::now_v7(),
            category: report.category.to_string(),
            priority: report.priority.to_string(),
            description: report.description,
            lon: report.lon,
            lat: report.lat,
            grid,
            self_resolved: report.self_resolved,
            note: report.note,
            photos: report.photos.iter().map(ToString::to_string).collect(),
            created_at: now_ms(),
        };
        {
            let mut store = self.store();
            for sha in &new.photos {
                if store.photo(sha)?.is_none() {
                    return Err(Error::NotFound(format!(
                        "photo {sha} was not prepared on this device"
                    )));
                }
            }
            store.capture_report(&new)?;
        }
        self.wrote()?;
        local_summary(&new, CaseState::Reported, true, &self.names()?)
            .ok_or_else(|| Error::Invalid(format!("category {} is not a code", new.category)))
    }

    /// Reports made on this device and those the server lists as this person's, newest
    /// first.
    pub fn my_reports(&self) -> Result<Vec<CaseSummary>> {
        let Some(session) = self.session_opt()? else {
            return Ok(Vec::new());
        };
        let names = self.names()?;
        let now = now_ms();
        let mut list: Vec<CaseSummary> = self
            .local_cases()?
            .into_iter()
            .filter(|(c, _)| c.reporter == session.person.id)
            .map(|(c, pending)| summary(&c, pending, &names, now))
            .collect();
        // Reports the local view could not place (outside every grid, by a reporter of a
        // whole street or district) are still listed.
        let listed: std::collections::HashSet<domain::CaseId> = list.iter().map(|r| r.id).collect();
        let (reports, outcomes) = {
            let store = self.store();
            (store.reports()?, store.report_outcomes()?)
        };
        for report in reports {
            let id = domain::CaseId::from_uuid(report.case_id);
            if listed.contains(&id) {
                continue;
            }
            let (state, pending) = match outcomes.get(&report.case_id.to_string()) {
                Some((crate::OutboxState::Rejected, _)) => (CaseState::Rejected, false),
                Some((s, _)) => (CaseState::Reported, s.is_pending()),
                None => (CaseState::Reported, false),
            };
            if let Some(summary) = local_summary(&report, state, pending, &names) {
                list.push(summary);
            }
        }
        list.sort_by_key(|r| std::cmp::Reverse(r.reported_at));
        Ok(list)
    }
}

/// The summary of a report captured here that the server copy does not hold yet; `None`
/// for a stored report whose category is not a valid code (never written by this engine).
fn local_summary(
    report: &NewReport,
    state: CaseState,
    pending: bool,
    names: &Names,
) -> Option<CaseSummary> {
    let state = if report.self_resolved && state == CaseState::Reported {
        CaseState::Resolved
    } else {
        state
    };
    let category = CategoryCode::parse(&report.category).ok()?;
    Some(CaseSummary {
        id: domain::CaseId::from_uuid(report.case_id),
        state,
        category_name: names.category(&category),
        category,
        description: report.description.clone(),
        grid: report
            .grid
            .as_deref()
            .and_then(|g| domain::GridCode::parse(g).ok()),
        lon: report.lon,
        lat: report.lat,
        reported_at: report.created_at,
        due_at: None,
        overdue: false,
        assignee_name: None,
        pending,
        photos: report
            .photos
            .iter()
            .filter_map(|p| PhotoHash::parse(p).ok())
            .collect(),
        escalation: None,
        department: None,
        department_name: None,
        parts: Vec::new(),
        part_of: None,
        report_in_due: None,
    })
}

fn data_url(jpeg: &[u8]) -> String {
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    )
}

/// Great-circle distance in metres (haversine on the mean Earth sphere).
pub(crate) fn distance_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    const R: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().asin()
}
