//! KPI requests and reports (结案率, 按期结案率, 处置率, 一次完成率) per level and period.

use serde::{Deserialize, Serialize};

/// What the rows of a KPI report are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KpiLevel {
    Grid,
    Community,
    Street,
    District,
    Worker,
    /// Per organisation of the handler (department, street office, property company).
    Department,
    /// Per category (its four-digit code).
    Category,
}

/// `GET /v1/kpis?level=&from=&to=`: cases reported in `[from, to)` (unix ms).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct KpiQuery {
    pub level: KpiLevel,
    /// Unix ms, inclusive; default: the beginning of time. Must lie before `to` (else 422
    /// `bad_period`).
    pub from: Option<i64>,
    /// Unix ms, exclusive; default: the end of time.
    pub to: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiReport {
    pub level: KpiLevel,
    pub from: i64,
    pub to: i64,
    pub rows: Vec<KpiRow>,
    /// 矛盾纠纷化解率: closed / due over the dispute categories (major class 57) in scope
    /// for the period; absent when none was due.
    #[serde(default)]
    pub dispute_resolution_rate: Option<f64>,
}

/// Counts and rates of one grid, community, street, district, worker or department. A rate is
/// absent when its denominator is zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiRow {
    pub key: String,
    pub name: String,
    pub reported: u64,
    pub due: u64,
    pub closed: u64,
    pub closed_on_time: u64,
    pub dispatched: u64,
    pub handled: u64,
    pub first_time: u64,
    pub closing_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub handling_rate: Option<f64>,
    pub first_time_rate: Option<f64>,
    /// 吹哨报到: parts of joint cases given to this department or handler in the period, how
    /// many reported in by their deadline, that share, and the mean minutes from being
    /// called to reporting in.
    #[serde(default)]
    pub called: u64,
    #[serde(default)]
    pub reported_in_on_time: u64,
    #[serde(default)]
    pub report_in_rate: Option<f64>,
    #[serde(default)]
    pub report_in_mean_minutes: Option<f64>,
    /// Report → acceptance (响应) and report → resolution by a handler (处置), mean and
    /// median minutes, over the cases reported in the period.
    #[serde(default)]
    pub response_mean_minutes: Option<f64>,
    #[serde(default)]
    pub response_median_minutes: Option<f64>,
    #[serde(default)]
    pub resolution_mean_minutes: Option<f64>,
    #[serde(default)]
    pub resolution_median_minutes: Option<f64>,
}
