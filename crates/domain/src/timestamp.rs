//! Time as the domain sees it: [`Timestamp`] (unix milliseconds, UTC) and [`Minutes`]
//! (the unit of category time limits).

use std::fmt;
use std::ops::{Add, Sub};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// An instant as unix milliseconds (UTC). Serialized as a plain integer.
///
/// Displayed as RFC 3339 in UTC, e.g. `2025-03-01T08:30:00.000Z`. Local time (UTC+8) is a
/// matter for the user interface, not for the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `millis` milliseconds after 1970-01-01T00:00:00Z.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the unix epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The current time from the system clock. Domain rules never call this: they take the
    /// time as an argument, so they stay pure and testable.
    pub fn now() -> Self {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Self(i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
    }

    /// How long after `earlier` this instant is, or `None` when it is before `earlier`.
    pub fn duration_since(self, earlier: Timestamp) -> Option<Duration> {
        let diff = self.0.checked_sub(earlier.0)?;
        u64::try_from(diff).ok().map(Duration::from_millis)
    }

    /// Signed milliseconds from `earlier` to `self` (negative when `self` is earlier).
    pub fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// This instant plus a number of minutes, saturating at the ends of the range.
    pub fn plus_minutes(self, minutes: Minutes) -> Self {
        self + minutes
    }
}

impl Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, rhs: Duration) -> Timestamp {
        let ms = i64::try_from(rhs.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_add(ms))
    }
}

impl Sub<Duration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, rhs: Duration) -> Timestamp {
        let ms = i64::try_from(rhs.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_sub(ms))
    }
}

impl Add<Minutes> for Timestamp {
    type Output = Timestamp;
    fn add(self, rhs: Minutes) -> Timestamp {
        Timestamp(self.0.saturating_add(rhs.millis()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = i128::from(self.0) * 1_000_000;
        let formatted = time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .and_then(|t| {
                t.format(time::macros::format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
                ))
                .ok()
            });
        match formatted {
            Some(text) => f.write_str(&text),
            None => write!(f, "{}ms", self.0),
        }
    }
}

/// A whole number of minutes: the unit of category time limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Minutes(pub u32);

impl Minutes {
    /// `hours` hours.
    pub const fn hours(hours: u32) -> Self {
        Self(hours * 60)
    }

    /// `days` days of 24 hours.
    pub const fn days(days: u32) -> Self {
        Self(days * 24 * 60)
    }

    /// The number of minutes.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The span in milliseconds.
    pub const fn millis(self) -> i64 {
        self.0 as i64 * 60_000
    }

    /// The span as a [`Duration`].
    pub const fn as_duration(self) -> Duration {
        Duration::from_secs(self.0 as u64 * 60)
    }
}

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        if m >= 24 * 60 && m.is_multiple_of(24 * 60) {
            write!(f, "{} d", m / (24 * 60))
        } else if m >= 60 && m.is_multiple_of(60) {
            write!(f, "{} h", m / 60)
        } else {
            write!(f, "{m} min")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_rfc3339_utc() {
        let t = Timestamp::from_millis(1_740_817_800_123);
        assert_eq!(t.to_string(), "2025-03-01T08:30:00.123Z");
    }

    #[test]
    fn serializes_as_plain_integer() {
        let t = Timestamp::from_millis(42);
        assert_eq!(serde_json::to_string(&t).unwrap(), "42");
        assert_eq!(serde_json::from_str::<Timestamp>("42").unwrap(), t);
    }

    #[test]
    fn arithmetic() {
        let t = Timestamp::from_millis(1_000);
        assert_eq!((t + Minutes(2)).millis(), 121_000);
        assert_eq!((t + Duration::from_secs(1)).millis(), 2_000);
        assert_eq!(
            (t + Minutes(1)).duration_since(t),
            Some(Duration::from_secs(60))
        );
        assert_eq!(t.duration_since(t + Minutes(1)), None);
        assert_eq!(Minutes::hours(2).to_string(), "2 h");
        assert_eq!(Minutes::days(3).to_string(), "3 d");
        assert_eq!(Minutes(45).to_string(), "45 min");
    }
}
