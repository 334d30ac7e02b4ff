//! Sign-in throttling: failed sign-ins counted per client address, per user name from that
//! address and per user name, each with a few free failures and then a doubling wait. The
//! counts are kept in storage, so every replica sharing it counts every failure (and a
//! restart forgives none); the waits a replica has already read are kept in its memory, so
//! a flood of attempts that must wait is refused without asking storage each time.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::SignInFailures;

/// Failures are forgotten this long after the last one.
pub const FORGET_MS: i64 = 60 * 60 * 1000;

/// Waits this replica remembers at most; past this, expired ones are dropped first and
/// new ones are not remembered (storage still has them).
const MAX_KNOWN_WAITS: usize = 100_000;

/// What a failure counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ThrottleKey {
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

    /// The key as stored (an address holds no `|`, so the forms cannot collide).
    fn stored(&self) -> String {
        match self {
            ThrottleKey::Address(ip) => format!("a|{ip}"),
            ThrottleKey::NameFrom(name, ip) => format!("nf|{ip}|{name}"),
            ThrottleKey::Name(name) => format!("n|{name}"),
        }
    }

    /// Whether a successful sign-in forgets this key's failures (an address's stay: one
    /// right password does not excuse the guesses at other names).
    fn cleared_by_success(&self) -> bool {
        !matches!(self, ThrottleKey::Address(_))
    }

    /// Until when (ms) `failures` make the next attempt wait, if they do at `now`.
    fn waits_until(&self, failures: &SignInFailures, now: i64) -> Option<i64> {
        let (free, max) = self.rule();
        let (n, last) = (failures.failures, failures.last_at);
        if n < free || now - last >= FORGET_MS {
            return None;
        }
        let wait = 1000i64.saturating_mul(1 << (n - free).min(30)).min(max);
        (last + wait > now).then_some(last + wait)
    }
}

/// Failed sign-ins, remembered per client address, per user name from that address, and
/// per user name: beyond a few free failures each further one doubles the wait before the
/// next attempt is even checked (429 until then). Guesses from one address slow that
/// address down; they cannot lock the user out elsewhere (the per-name back-off is capped at
/// half a minute), and one password sprayed over many names is slowed by its address.
///
/// This holds only what this replica has read: key → until when it must wait. A wait never
/// ends early (nothing is checked for a waiting key, so no success can clear it), so a
/// remembered one is as good as storage's.
#[derive(Debug, Default)]
pub struct FailedSignIns(Mutex<HashMap<String, i64>>);

/// One sign-in attempt's place in the throttle: its keys and their stored failures.
#[derive(Debug)]
pub struct Attempt {
    keys: Vec<ThrottleKey>,
    found: Vec<SignInFailures>,
}

fn keys(username: &str, client: Option<IpAddr>) -> Vec<ThrottleKey> {
    let mut keys = vec![ThrottleKey::Name(username.to_string())];
    if let Some(ip) = client {
        keys.push(ThrottleKey::Address(ip));
        keys.push(ThrottleKey::NameFrom(username.to_string(), ip));
    }
    keys
}

fn too_many(wait_ms: i64) -> Error {
    Error::TooManyRequests(format!(
        "too many failed sign-ins; try again in {} s",
        (wait_ms + 999) / 1000
    ))
}

impl FailedSignIns {
    /// The longest wait this replica knows of for `keys` at `now`, as an end time.
    fn known_until(&self, keys: &[String], now: i64) -> Option<i64> {
        let known = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        keys.iter()
            .filter_map(|k| known.get(k).copied())
            .filter(|until| *until > now)
            .max()
    }

    fn remember(&self, key: String, until: i64, now: i64) {
        let mut known = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if known.len() >= MAX_KNOWN_WAITS {
            known.retain(|_, u| *u > now);
        }
        if known.len() < MAX_KNOWN_WAITS {
            known.insert(key, until);
        }
    }
}

/// Checks that an attempt to sign in as `username` from `client` may be checked now: 429
/// (`too_many_requests`) while a wait from earlier failures lasts.
pub async fn check(state: &AppState, username: &str, client: Option<IpAddr>) -> Result<Attempt> {
    let keys = keys(username, client);
    let stored: Vec<String> = keys.iter().map(ThrottleKey::stored).collect();
    let now = state.now_ms();
    if let Some(until) = state.sign_in_failures().known_until(&stored, now) {
        return Err(too_many(until - now));
    }
    let found = state.read(move |tx| tx.sign_in_failures(&stored)).await?;
    let mut longest = None;
    for key in &keys {
        let stored = key.stored();
        let Some(failures) = found.iter().find(|f| f.key == stored) else {
            continue;
        };
        if let Some(until) = key.waits_until(failures, now) {
            state.sign_in_failures().remember(stored, until, now);
            longest = longest.max(Some(until));
        }
    }
    match longest {
        Some(until) => Err(too_many(until - now)),
        None => Ok(Attempt { keys, found }),
    }
}

impl Attempt {
    /// Counts the attempt's failure against each of its keys.
    pub async fn failed(self, state: &AppState) -> Result<()> {
        let now = state.now_ms();
        let keys: Vec<String> = self.keys.iter().map(ThrottleKey::stored).collect();
        state
            .write(move |tx| tx.sign_in_failed(&keys, now, now - FORGET_MS))
            .await
    }

    /// Forgets the failures of the name's keys, when there were any (no write otherwise).
    pub async fn succeeded(self, state: &AppState) -> Result<()> {
        let keys: Vec<String> = self
            .keys
            .iter()
            .filter(|k| k.cleared_by_success())
            .map(ThrottleKey::stored)
            .filter(|k| self.found.iter().any(|f| &f.key == k))
            .collect();
        if keys.is_empty() {
            return Ok(());
        }
        state
            .write(move |tx| tx.sign_in_failures_clear(&keys))
            .await
    }
}
