//! Password hashing with argon2id (PHC strings), cost from the configuration; at most a
//! few hashes at a time, so a flood of sign-ins cannot take every core from storage; and the
//! minimum a password that is set must meet.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::PasswordCost;
use crate::error::{Error, Result};

/// Hashes and checks passwords with the configured argon2id cost.
#[derive(Debug, Clone)]
pub struct Passwords {
    params: Params,
    /// Hashes running or waiting: a bounded number run at once, beyond a queue 429.
    slots: std::sync::Arc<tokio::sync::Semaphore>,
    waiting: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// A hash of nothing anyone knows, verified against when a user does not exist so
    /// that timing does not tell which user names exist.
    dummy: String,
}

impl Passwords {
    pub fn new(cost: PasswordCost) -> Result<Self> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| Error::Config(format!("password_cost: {e}")))?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut me = Self {
            params,
            slots: std::sync::Arc::new(tokio::sync::Semaphore::new(cores.clamp(1, 4))),
            waiting: Default::default(),
            dummy: String::new(),
        };
        me.dummy = me.hash(&random_password())?;
        Ok(me)
    }

    /// The hash to verify against when there is no user.
    pub fn dummy_hash(&self) -> &str {
        &self.dummy
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string (`$argon2id$v=19$m=…`) with a fresh random salt.
    pub fn hash(&self, password: &str) -> Result<String> {
        let mut salt = [0u8; 16];
        rand::fill(&mut salt);
        let salt =
            SaltString::encode_b64(&salt).map_err(|e| Error::Internal(format!("salt: {e}")))?;
        let hash = self
            .argon()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| Error::Internal(format!("argon2: {e}")))?;
        Ok(hash.to_string())
    }

    /// [`Passwords::verify`] on the blocking pool, at most a few at once (as many as the
    /// machine has cores, up to four); with too many already waiting, 429.
    pub async fn verify_bounded(&self, password: String, phc: String) -> Result<bool> {
        use std::sync::atomic::Ordering;
        const QUEUE: usize = 64;
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= QUEUE {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Error::TooManyRequests(
                "too many sign-ins at once; try again in a moment".into(),
            ));
        }
        let permit = self.slots.clone().acquire_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = permit.map_err(|e| Error::Internal(format!("password slots: {e}")))?;
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            me.verify(&password, &phc)
        })
        .await
        .map_err(|e| Error::Internal(format!("password task: {e}")))
    }

    /// Whether `password` matches `phc`. The parameters stored in the hash are used, so
    /// changing the configured cost does not lock anyone out.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        match PasswordHash::new(phc) {
            Ok(parsed) => self
                .argon()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    }
}

/// The stored hash of a person who has no password yet: no password verifies against
/// it, so they sign in only through an enrollment code (or after an administrator sets
/// a one-time password).
pub const NO_PASSWORD: &str = "!none";

/// Shortest password that may be set.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Whether `password` may be set for `username`: at least eight characters, not all the
/// same one, not the user name itself.
pub fn check_policy(username: &str, password: &str) -> Result<()> {
    match policy_problem(username, password) {
        Some(why) => Err(Error::bad_request("weak_password", why.en)),
        None => Ok(()),
    }
}

/// Why the policy refuses `password` for `username`, in Chinese and in English (a people
/// file's problem), or nothing.
pub fn policy_problem(username: &str, password: &str) -> Option<tables::Reason> {
    let n = password.chars().count();
    let mut chars = password.chars();
    let first = chars.next();
    if n < MIN_PASSWORD_CHARS {
        Some(tables::Reason::new(
            format!("密码至少要有{MIN_PASSWORD_CHARS}个字符"),
            format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
        ))
    } else if chars.all(|c| Some(c) == first) {
        Some(tables::Reason::new(
            "密码不能是同一个字符的重复",
            "a password is not one character repeated",
        ))
    } else if password.eq_ignore_ascii_case(username) {
        Some(tables::Reason::new(
            "密码不能与用户名相同",
            "a password is not the user name",
        ))
    } else {
        None
    }
}

/// A random password of 16 letters and digits, easy to type from a printout.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let p = Passwords::new(PasswordCost::fast_for_tests()).unwrap();
        let h = p.hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(p.verify("correct horse", &h));
        assert!(!p.verify("wrong horse", &h));
        assert!(!p.verify("correct horse", "not a hash"));
        assert_ne!(h, p.hash("correct horse").unwrap(), "salts differ");
    }
}
