//! `PhotoHash`: the sha256 of a prepared file, its content address.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The sha256 of a prepared photo's bytes. Shown and parsed as 64 lowercase hex digits;
/// the server stores blobs under it and the device refers to photos by it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhotoHash([u8; 32]);

impl PhotoHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    /// Parses 64 hex digits (either case; shown in lowercase).
    pub fn parse(text: &str) -> Result<Self> {
        let mut raw = [0u8; 32];
        if text.len() != 64 || hex::decode_to_slice(text, &mut raw).is_err() {
            return Err(Error::InvalidHash(text.to_owned()));
        }
        Ok(Self(raw))
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64-digit lowercase hex form.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for PhotoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for PhotoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhotoHash({})", self.to_hex())
    }
}

impl FromStr for PhotoHash {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::parse(text)
    }
}

impl serde::Serialize for PhotoHash {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for PhotoHash {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest_of_abc() {
        assert_eq!(
            PhotoHash::of(b"abc").to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn parse_round_trips_and_accepts_uppercase() {
        let h = PhotoHash::of(b"photo");
        assert_eq!(PhotoHash::parse(&h.to_hex()).unwrap(), h);
        assert_eq!(PhotoHash::parse(&h.to_hex().to_uppercase()).unwrap(), h);
        assert_eq!(h.to_hex().parse::<PhotoHash>().unwrap(), h);
    }

    #[test]
    fn parse_refuses_wrong_length_and_non_hex() {
        for bad in ["", "abc", &"g".repeat(64), &"a".repeat(63), &"a".repeat(65)] {
            assert!(
                matches!(PhotoHash::parse(bad), Err(Error::InvalidHash(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serde_uses_the_hex_string() {
        let h = PhotoHash::of(b"x");
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, format!("\"{h}\""));
        assert_eq!(serde_json::from_str::<PhotoHash>(&json).unwrap(), h);
        assert!(serde_json::from_str::<PhotoHash>("\"nope\"").is_err());
    }
}
