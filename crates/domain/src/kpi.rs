//! KPIs of the evaluation step (综合评价), over any set of cases or from raw counts.
//!
//! Definitions for [`Kpi::over`] with a [`Period`] `[start, end)`:
//! - **due** (应结案数): cases not rejected whose `resolve_due` falls in the period;
//! - **closed** (结案数): due cases that are closed in the snapshot given;
//! - **closed on time** (按期结案数): closed cases whose (last, accepted) resolution came at
//!   or before `resolve_due`;
//! - **closed first time**: closed cases never sent back for rework nor reopened;
//! - **dispatched** (派遣数): cases first dispatched in the period;
//! - **handled** (处置数): of those, cases resolved, verified or closed;
//! - **response time**: report → acceptance, for cases reported in the period and accepted;
//! - **resolution time**: report → resolution, for cases reported in the period, resolved
//!   by a handler (self-resolved reports excluded);
//! - **called** (吹哨报到): parts of joint cases (a department called by a street's whistle)
//!   dispatched in the period whose report-in is settled at `now`: reported in, or past
//!   the report-in deadline (a part still inside its window is neither on time nor late
//!   yet); **reported in**: of those, acknowledged (报到); **reported in on time**:
//!   acknowledged by the report-in deadline; **report-in time**: the sum of assignment →
//!   acknowledgement over those reported in (its mean: 报到用时).
//!
//! Rates: 结案率 = closed / due; 按期结案率 = closed on time / due; 处置率 = handled /
//! dispatched; 一次完成率 = closed first time / closed.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::case::{Case, CaseState};
use crate::timestamp::Timestamp;

/// A ratio of two counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
}

impl Rate {
    /// `numerator / denominator`.
    pub const fn new(numerator: u64, denominator: u64) -> Self {
        Self {
            numerator,
            denominator,
        }
    }

    /// The fraction, or `None` when the denominator is zero.
    pub fn fraction(self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    /// The percentage, or `None` when the denominator is zero.
    pub fn percent(self) -> Option<f64> {
        self.fraction().map(|f| f * 100.0)
    }

    /// The percentage rounded to two decimals (as published), or `None`.
    pub fn percent_2dp(self) -> Option<f64> {
        self.percent().map(|p| (p * 100.0).round() / 100.0)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.percent() {
            Some(p) => write!(f, "{p:.2}%"),
            None => f.write_str("n/a"),
        }
    }
}

/// The counts KPIs are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// 应结案数.
    pub due: u64,
    /// 结案数.
    pub closed: u64,
    /// 按期结案数.
    pub closed_on_time: u64,
    /// Closed without rework or reopening.
    pub closed_first_time: u64,
    /// 派遣数.
    pub dispatched: u64,
    /// 处置数.
    pub handled: u64,
    /// Parts of joint cases (吹哨) dispatched in the period.
    #[serde(default)]
    pub called: u64,
    /// Of those, reported in (报到).
    #[serde(default)]
    pub reported_in: u64,
    /// Of those, reported in by their deadline.
    #[serde(default)]
    pub reported_in_on_time: u64,
    /// Assignment → report-in, summed over the parts reported in, milliseconds.
    #[serde(default)]
    pub report_in_ms: u64,
    /// Cases reported in the period and accepted, and their report → acceptance summed, ms.
    #[serde(default)]
    pub response_n: u64,
    #[serde(default)]
    pub response_ms: u64,
    /// Cases reported in the period and resolved by a handler, and their report →
    /// resolution summed, ms.
    #[serde(default)]
    pub resolution_n: u64,
    #[serde(default)]
    pub resolution_ms: u64,
}

/// Mean and median of a set of durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DurationStats {
    pub count: u64,
    pub mean: Option<Duration>,
    pub median: Option<Duration>,
}

impl DurationStats {
    /// Stats of durations in milliseconds.
    pub fn from_millis(mut values: Vec<u64>) -> Self {
        if values.is_empty() {
            return Self::default();
        }
        values.sort_unstable();
        let n = values.len();
        let sum: u128 = values.iter().map(|&v| u128::from(v)).sum();
        let mean = u64::try_from(sum / n as u128).unwrap_or(u64::MAX);
        let median = median_of_middles(values[(n - 1) / 2], values[n / 2]);
        Self {
            count: n as u64,
            mean: Some(Duration::from_millis(mean)),
            median: Some(Duration::from_millis(median)),
        }
    }
}

/// The median of sorted milliseconds' two middle values (the same one twice for an odd
/// count), rounded down as [`DurationStats::from_millis`] rounds it.
pub fn median_of_middles(lo: u64, hi: u64) -> u64 {
    lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2
}

/// A duration in minutes to one decimal, as KPI rows show times.
pub fn minutes(d: Duration) -> f64 {
    (d.as_secs_f64() / 60.0 * 10.0).round() / 10.0
}

/// A half-open time range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Period {
    /// All of time.
    pub const ALL: Period = Period {
        start: Timestamp::from_millis(i64::MIN),
        end: Timestamp::from_millis(i64::MAX),
    };

    /// `[start, end)`.
    pub const fn new(start: Timestamp, end: Timestamp) -> Self {
        Self { start, end }
    }

    /// Whether `t` is in the period.
    pub fn contains(&self, t: Timestamp) -> bool {
        self.start <= t && t < self.end
    }
}

/// The KPIs of a set of cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Kpi {
    pub counts: Counts,
    /// 结案率 = closed / due.
    pub closing_rate: Rate,
    /// 按期结案率 = closed on time / due.
    pub on_time_closing_rate: Rate,
    /// 处置率 = handled / dispatched.
    pub handling_rate: Rate,
    /// 一次完成率 = closed first time / closed.
    pub first_time_completion: Rate,
    /// 报到及时率 = reported in on time / called.
    pub report_in_on_time: Rate,
    /// Report → acceptance.
    pub response: DurationStats,
    /// Report → resolution.
    pub resolution: DurationStats,
}

impl Kpi {
    /// The mean report-in time of the parts reported in (报到用时), when there are any.
    pub fn mean_report_in(&self) -> Option<Duration> {
        (self.counts.reported_in > 0)
            .then(|| Duration::from_millis(self.counts.report_in_ms / self.counts.reported_in))
    }

    /// The rates from counts (no durations), e.g. for published figures.
    pub fn from_counts(counts: Counts) -> Self {
        Self {
            counts,
            closing_rate: Rate::new(counts.closed, counts.due),
            on_time_closing_rate: Rate::new(counts.closed_on_time, counts.due),
            handling_rate: Rate::new(counts.handled, counts.dispatched),
            first_time_completion: Rate::new(counts.closed_first_time, counts.closed),
            report_in_on_time: Rate::new(counts.reported_in_on_time, counts.called),
            response: DurationStats::default(),
            resolution: DurationStats::default(),
        }
    }

    /// The KPIs of `cases` for `period`, as they stand at `now` (see the module docs for
    /// the definitions).
    pub fn over<'a>(
        cases: impl IntoIterator<Item = &'a Case>,
        period: &Period,
        now: Timestamp,
    ) -> Self {
        let mut counts = Counts::default();
        let mut response = Vec::new();
        let mut resolution = Vec::new();
        for case in cases {
            let rejected = case.state == CaseState::Rejected;
            if !rejected && period.contains(case.resolve_due) {
                counts.due += 1;
                if case.state == CaseState::Closed {
                    counts.closed += 1;
                    if case.resolved_at.is_some_and(|r| r <= case.resolve_due) {
                        counts.closed_on_time += 1;
                    }
                    if case.rework_count == 0 && case.reopen_count == 0 {
                        counts.closed_first_time += 1;
                    }
                }
            }
            if case.dispatched_at.is_some_and(|d| period.contains(d)) {
                counts.dispatched += 1;
                if matches!(
                    case.state,
                    CaseState::Resolved | CaseState::Verified | CaseState::Closed
                ) {
                    counts.handled += 1;
                }
            }
            let settled = case.acknowledged_at.is_some()
                || case.report_in_deadline().is_some_and(|due| due <= now);
            if case.part_of.is_some()
                && settled
                && case.dispatched_at.is_some_and(|d| period.contains(d))
            {
                counts.called += 1;
                if let (Some(ack), Some(assigned)) = (case.acknowledged_at, case.assigned_at) {
                    counts.reported_in += 1;
                    counts.report_in_ms += ack
                        .duration_since(assigned)
                        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
                    if case.report_in_deadline().is_some_and(|due| ack <= due) {
                        counts.reported_in_on_time += 1;
                    }
                }
            }
            if period.contains(case.reported_at) {
                if let Some(ms) = case
                    .accepted_at
                    .and_then(|a| a.duration_since(case.reported_at))
                {
                    response.push(u64::try_from(ms.as_millis()).unwrap_or(u64::MAX));
                }
                if !case.self_resolved
                    && let Some(ms) = case
                        .resolved_at
                        .and_then(|r| r.duration_since(case.reported_at))
                {
                    resolution.push(u64::try_from(ms.as_millis()).unwrap_or(u64::MAX));
                }
            }
        }
        counts.response_n = response.len() as u64;
        counts.response_ms = response.iter().fold(0u64, |a, &b| a.saturating_add(b));
        counts.resolution_n = resolution.len() as u64;
        counts.resolution_ms = resolution.iter().fold(0u64, |a, &b| a.saturating_add(b));
        Self {
            response: DurationStats::from_millis(response),
            resolution: DurationStats::from_millis(resolution),
            ..Self::from_counts(counts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_vectors_reproduce() {
        let k = Kpi::from_counts(Counts {
            due: 972,
            closed: 911,
            closed_on_time: 737,
            ..Counts::default()
        });
        assert_eq!(k.closing_rate.percent_2dp(), Some(93.72));
        assert_eq!(k.on_time_closing_rate.percent_2dp(), Some(75.82));
        assert_eq!(k.closing_rate.to_string(), "93.72%");
        assert_eq!(k.on_time_closing_rate.to_string(), "75.82%");

        let k = Kpi::from_counts(Counts {
            due: 24_932,
            closed: 23_974,
            closed_on_time: 22_345,
            ..Counts::default()
        });
        assert_eq!(k.closing_rate.percent_2dp(), Some(96.16));
        assert_eq!(k.on_time_closing_rate.percent_2dp(), Some(89.62));
        assert_eq!(k.closing_rate.to_string(), "96.16%");
        assert_eq!(k.on_time_closing_rate.to_string(), "89.62%");
    }

    #[test]
    fn empty_denominators_are_not_numbers() {
        let k = Kpi::from_counts(Counts::default());
        assert_eq!(k.closing_rate.percent(), None);
        assert_eq!(k.handling_rate.to_string(), "n/a");
    }

    #[test]
    fn duration_stats() {
        let s = DurationStats::from_millis(vec![4, 1, 3, 2]);
        assert_eq!(s.count, 4);
        assert_eq!(s.mean, Some(Duration::from_millis(2)));
        assert_eq!(s.median, Some(Duration::from_millis(2)));
        let s = DurationStats::from_millis(vec![10, 1, 100]);
        assert_eq!(s.median, Some(Duration::from_millis(10)));
        assert_eq!(s.mean, Some(Duration::from_millis(37)));
    }
}
