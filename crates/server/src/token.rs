//! Bearer tokens: random, shown to the device once, stored only as their sha256.

use sha2::{Digest, Sha256};

/// A fresh token: 32 random bytes as 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    hex::encode(bytes)
}

/// A token derived from a secret `seed` (a presented refresh token), a random `salt`
/// the store keeps, and a `label`: whoever holds the seed and the salt can make it again,
/// no one else can guess it.
pub fn derived_token(seed: &str, salt: &str, label: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [seed, salt, label] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// What the store keeps of a token: its sha256 in hex. A leaked database does not
/// reveal usable tokens.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }
}
