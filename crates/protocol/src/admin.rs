//! Administration: importing a district's reference data from files.

use serde::{Deserialize, Serialize};

/// `POST /v1/admin/import/{kind}?dry_run=&file_name=`, the file as the body: what the import
/// did (or, with `dry_run`, would do). A file with problems is refused whole (422) with
/// every problem listed, and nothing is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// `hierarchy`, …
    pub kind: String,
    pub dry_run: bool,
    /// Whether anything was stored (false for a dry run and for a refused file).
    pub applied: bool,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub problems: Vec<ImportProblem>,
}

/// One problem of an import file, where a person finds it in the spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// The sheet's name (a CSV file's name).
    pub sheet: String,
    /// The row as the spreadsheet numbers it (the header is 1); 0 for the whole file.
    pub row: u32,
    /// The column's header; empty for the whole row.
    pub column: String,
    pub reason: String,
}

/// `?dry_run=&file_name=` of an import.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Report what would change without storing anything.
    #[serde(default)]
    pub dry_run: bool,
    /// The file's name, for messages (a CSV's sheet is named after it).
    pub file_name: Option<String>,
}
