//! The desk's reports, online: risk warnings (风险预警, `GET /v1/warnings`) and exports (a
//! case list as CSV, Excel or GeoJSON, `GET /v1/exports/cases/{format}`, and the 考核
//! assessment workbook, `GET /v1/exports/assessment`), each file saved into the downloads
//! folder under the server's name, never over an earlier file.

use protocol::WarningList;
use reqwest::Method;
use reqwest::header::CONTENT_DISPOSITION;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::placards::save_new;
use super::view::CaseFilterInput;
use super::{Engine, api};
use crate::{Error, Result};

/// A case export's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Geojson,
}

impl ExportFormat {
    fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Geojson => "geojson",
        }
    }
}

/// Where an export was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedFile {
    /// The file's full path.
    pub path: String,
    pub bytes: u64,
}

impl Engine {
    /// The risk warnings in the person's area now (dispatchers, the commander and
    /// administrators), by rule then area.
    pub async fn warnings(&self) -> Result<WarningList> {
        let response = self
            .v1_call("warnings", Method::GET, &["warnings"], &[], |r| r)
            .await?;
        api::json(response).await
    }

    /// The cases the case list shows for `filter` (no paging), as a CSV, Excel or GeoJSON
    /// file saved into the downloads folder.
    pub async fn export_cases(
        &self,
        format: ExportFormat,
        filter: CaseFilterInput,
    ) -> Result<SavedFile> {
        let query = super::desk::server_filter(filter);
        let fallback = format!("cases.{}", format.as_str());
        let response = self
            .v1_call(
                "exports_cases",
                Method::GET,
                &["exports", "cases", format.as_str()],
                &[],
                |r| r.query(&query),
            )
            .await?;
        self.save_download(response, &fallback).await
    }

    /// The 考核 assessment workbook of `[from, to)` (unix ms), saved into the downloads
    /// folder.
    pub async fn export_assessment(&self, from: Option<i64>, to: Option<i64>) -> Result<SavedFile> {
        let response = self
            .v1_call(
                "exports_assessment",
                Method::GET,
                &["exports", "assessment"],
                &[],
                |r| r.query(&[("from", from), ("to", to)]),
            )
            .await?;
        self.save_download(response, "assessment.xlsx").await
    }

    /// Saves a file the server sent under the name its `content-disposition` gives.
    async fn save_download(
        &self,
        response: reqwest::Response,
        fallback: &str,
    ) -> Result<SavedFile> {
        let name = response
            .headers()
            .get(CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .and_then(disposition_name)
            .unwrap_or_else(|| fallback.to_string());
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::Offline(e.to_string()))?;
        let dir = self.downloads_dir();
        self.blocking(move |_| {
            let path = save_new(&dir, &name, &bytes)?;
            Ok(SavedFile {
                path: path.display().to_string(),
                bytes: bytes.len() as u64,
            })
        })
        .await
    }
}

/// The file name of `attachment; filename="…"`, without any folder in it; `None` when
/// there is none or it could name somewhere else.
fn disposition_name(header: &str) -> Option<String> {
    let at = header.find("filename=")?;
    let name = header[at + "filename=".len()..]
        .split(';')
        .next()?
        .trim()
        .trim_matches('"');
    let name = name.rsplit(['/', '\\']).next()?.trim();
    (!name.is_empty() && !name.starts_with('.') && !name.contains('\0')).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_servers_file_name_is_kept_without_any_folder() {
        assert_eq!(
            disposition_name("attachment; filename=\"cases-20261207-2300.csv\"").as_deref(),
            Some("cases-20261207-2300.csv")
        );
        assert_eq!(
            disposition_name("attachment; filename=assessment.xlsx; size=3").as_deref(),
            Some("assessment.xlsx")
        );
        assert_eq!(
            disposition_name("attachment; filename=\"../../etc/passwd\"").as_deref(),
            Some("passwd")
        );
        assert_eq!(disposition_name("attachment; filename=\"..\""), None);
        assert_eq!(disposition_name("attachment"), None);
    }

    #[test]
    fn formats_are_the_servers_path_names() {
        assert_eq!(ExportFormat::Csv.as_str(), "csv");
        assert_eq!(ExportFormat::Xlsx.as_str(), "xlsx");
        assert_eq!(ExportFormat::Geojson.as_str(), "geojson");
        assert_eq!(
            serde_json::to_string(&ExportFormat::Geojson).unwrap(),
            "\"geojson\""
        );
    }
}
