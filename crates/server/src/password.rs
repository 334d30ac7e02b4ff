//! Password hashing with argon2id (PHC strings), cost from the configuration.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::PasswordCost;
use crate::error::{Error, Result};

/// Hashes and checks passwords with the configured argon2id cost.
#[derive(Debug, Clone)]
pub struct Passwords {
    params: Params,
    /// A hash of nothing anyone knows, verified against when a user does not exist so
    /// that timing does not tell which user names exist.
    dummy: String,
}

impl Passwords {
    pub fn new(cost: PasswordCost) -> Result<Self> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| Error::Config(format!("password_cost: {e}")))?;
        let mut me = Self {
            params,
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
