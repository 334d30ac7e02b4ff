//! Push: a device sends its queued mutations; each gets an outcome.

use serde::{Deserialize, Serialize};

use crate::session::DeviceId;

/// `POST /v1/push/revoked`: a revoked phone hands in the work it could not send, signed
/// with the refresh token it still holds; the server records it for the administrator and
/// answers every mutation rejected with the reason the device was revoked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevokedPush {
    pub refresh_token: String,
    pub mutations: Vec<Mutation>,
}

/// `POST /v1/push`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub device_id: DeviceId,
    /// [`crate::SCHEMA_VERSION`] of the device.
    #[serde(deserialize_with = "crate::whole::u32")]
    pub schema: u32,
    pub mutations: Vec<Mutation>,
}

/// One queued change. `mid` rises by exactly one per device; `name` and `args` are a
/// [`crate::Command`] (kept loose here so that a mutation the server cannot parse is
/// rejected on its own instead of failing the whole push).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    #[serde(deserialize_with = "crate::whole::u64")]
    pub mid: u64,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub args: serde_json::Value,
    /// Device clock, unix milliseconds: for display and audit only.
    #[serde(deserialize_with = "crate::whole::i64")]
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// Highest mid the server has processed for this device. The device drops every
    /// outbox entry up to it and sends the rest again later.
    pub last_mid: u64,
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MutationResult {
    pub mid: u64,
    pub outcome: Outcome,
    /// Why it was rejected or is a conflict (`reassigned`, `illegal_transition`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What became of a mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied (or already in effect).
    Applied,
    /// Can never apply; the device shows the person why and drops it.
    Rejected,
    /// Not applied as asked, but kept on the case for a dispatcher (e.g. evidence for
    /// a task that was reassigned meanwhile).
    Conflict,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Rejected => "rejected",
            Outcome::Conflict => "conflict",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "applied" => Some(Outcome::Applied),
            "rejected" => Some(Outcome::Rejected),
            "conflict" => Some(Outcome::Conflict),
            _ => None,
        }
    }
}
