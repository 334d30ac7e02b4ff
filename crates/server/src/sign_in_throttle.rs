//! Sign-in throttling: failed sign-ins counted per client address, per user name from that
//! address and per user name, each with a few free failures and then a doubling wait.

use std::net::IpAddr;

/// Failed sign-ins, remembered per client address, per user name from that address, and
/// per user name: beyond a few free failures each further one doubles the wait before the
/// next attempt is even checked (429 until then). Guesses from one address slow that
/// address down; they cannot lock the user out elsewhere (the per-name back-off is capped at
/// half a minute), and one password sprayed over many names is slowed by its address.
#[derive(Debug, Default)]
pub struct FailedSignIns(std::sync::Mutex<std::collections::HashMap<ThrottleKey, (u32, i64)>>);

/// What a failure counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThrottleKey {
    Address(IpAddr),
    NameFrom(String, IpAddr),
    Name(String),
}

impl ThrottleKey {
    /// Failures free of any wait, and the longest wait, milliseconds.
    fn rule(&self) -> (u32, i64) {
        match self {
            ThrottleKey::Address(_) => (20, 15 * 60 * 1000),
            ThrottleKey::NameFrom(..) => (10, 15 * 60 * 1000),
            ThrottleKey::Name(_) => (50, 30 * 1000),
        }
    }
}

impl FailedSignIns {
    /// Failures are forgotten this long after the last one.
    pub const FORGET_MS: i64 = 60 * 60 * 1000;

    fn keys(username: &str, client: Option<IpAddr>) -> Vec<ThrottleKey> {
        let mut keys = vec![ThrottleKey::Name(username.to_string())];
        if let Some(ip) = client {
            keys.push(ThrottleKey::Address(ip));
            keys.push(ThrottleKey::NameFrom(username.to_string(), ip));
        }
        keys
    }

    /// Milliseconds until the next attempt may be checked, if it must wait.
    pub(crate) fn wait(&self, username: &str, client: Option<IpAddr>, now: i64) -> Option<i64> {
        let Ok(map) = self.0.lock() else { return None };
        Self::keys(username, client)
            .iter()
            .filter_map(|key| {
                let (free, max) = key.rule();
                let (n, last) = *map.get(key)?;
                if n < free || now - last >= Self::FORGET_MS {
                    return None;
                }
                let wait = 1000i64.saturating_mul(1 << (n - free).min(30)).min(max);
                (last + wait > now).then_some(last + wait - now)
            })
            .max()
    }

    pub(crate) fn failed(&self, username: &str, client: Option<IpAddr>, now: i64) {
        let Ok(mut map) = self.0.lock() else { return };
        if map.len() > 100_000 {
            map.retain(|_, (_, last)| now - *last < Self::FORGET_MS);
        }
        for key in Self::keys(username, client) {
            let entry = map.entry(key).or_insert((0, now));
            if now - entry.1 >= Self::FORGET_MS {
                entry.0 = 0;
            }
            entry.0 += 1;
            entry.1 = now;
        }
    }

    pub(crate) fn succeeded(&self, username: &str, client: Option<IpAddr>) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&ThrottleKey::Name(username.to_string()));
            if let Some(ip) = client {
                map.remove(&ThrottleKey::NameFrom(username.to_string(), ip));
            }
        }
    }
}
