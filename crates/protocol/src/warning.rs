//! Risk warnings (风险预警): what the service sees building up in an area, each saying why
//! it fired.

use serde::{Deserialize, Serialize};

/// Which rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The same category in the same grid at least N times in D days (重复发生).
    Repeated,
    /// A grid's or community's new cases well above its usual level (异常上升).
    Rising,
    /// Open cases about to miss their deadline (即将超期).
    DueSoon,
    /// A grid with no patrol check-in for D days (巡查空白).
    NoPatrol,
}

/// One warning: the rule, the area (a grid or community code) and its name, the category
/// when the rule is about one, the cases behind it, and why, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Warning {
    pub kind: WarningKind,
    pub area: String,
    pub area_name: String,
    pub category: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    #[cfg_attr(feature = "ts", ts(type = "string[]"))]
    pub cases: Vec<domain::CaseId>,
    pub count: u32,
    pub why: String,
    pub why_en: String,
}

/// `GET /v1/warnings`: the warnings in the caller's scope now, by rule then area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WarningList {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: i64,
    pub warnings: Vec<Warning>,
}
