//! Throttling the public registration forms: submissions counted per client address, per
//! address and community, and per community, in a sliding hour; beyond each limit 429
//! until the oldest counted submission is an hour old.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

const HOUR_MS: i64 = 60 * 60 * 1000;

/// What a submission counts against, and how many an hour each allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// One address (a household's or an office's router: several people).
    Address(IpAddr),
    /// One address registering with one community.
    AddressCommunity(IpAddr, String),
    /// Every address together, for one community (a flood from many addresses).
    Community(String),
}

impl Key {
    fn limit(&self) -> usize {
        match self {
            Key::Address(_) => 30,
            Key::AddressCommunity(..) => 10,
            Key::Community(_) => 300,
        }
    }
}

/// Recent submissions per key (their times, oldest first).
#[derive(Debug, Default)]
pub struct JoinThrottle(Mutex<HashMap<Key, VecDeque<i64>>>);

impl JoinThrottle {
    fn keys(client: Option<IpAddr>, community: &str) -> Vec<Key> {
        let mut keys = vec![Key::Community(community.to_string())];
        if let Some(ip) = client {
            keys.push(Key::Address(ip));
            keys.push(Key::AddressCommunity(ip, community.to_string()));
        }
        keys
    }

    /// Counts a submission at `now`, or says how many seconds to wait when one limit is
    /// reached (nothing is counted then).
    pub fn admit(&self, client: Option<IpAddr>, community: &str, now: i64) -> Result<(), i64> {
        let Ok(mut map) = self.0.lock() else {
            return Ok(());
        };
        if map.len() > 100_000 {
            map.retain(|_, times| times.back().is_some_and(|t| now - t < HOUR_MS));
        }
        let keys = Self::keys(client, community);
        let mut wait = 0;
        for key in &keys {
            let times = map.entry(key.clone()).or_default();
            while times.front().is_some_and(|t| now - t >= HOUR_MS) {
                times.pop_front();
            }
            if times.len() >= key.limit() {
                let oldest = times.front().copied().unwrap_or(now);
                wait = wait.max((oldest + HOUR_MS - now + 999) / 1000);
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for key in keys {
            map.entry(key).or_default().push_back(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_slowed_per_community_then_released() {
        let t = JoinThrottle::default();
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        for i in 0..10 {
            assert!(t.admit(Some(ip), "130302001001", i).is_ok());
        }
        let wait = t.admit(Some(ip), "130302001001", 10).unwrap_err();
        assert!(wait > 3500 && wait <= 3600, "{wait}");
        assert!(
            t.admit(Some(ip), "130302001002", 10).is_ok(),
            "another community"
        );
        let other: IpAddr = "10.0.0.8".parse().unwrap();
        assert!(t.admit(Some(other), "130302001001", 10).is_ok());
        assert!(
            t.admit(Some(ip), "130302001001", HOUR_MS).is_ok(),
            "an hour on"
        );
    }
}
