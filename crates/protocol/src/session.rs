//! Sessions: signing in a device, refreshing its tokens, who am I, devices for admins.

use std::fmt;
use std::str::FromStr;

use domain::PersonId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Error;
use crate::reference::PersonView;

/// A device (phone or desktop) signed in for one person; made by the server at sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct DeviceId(pub Uuid);

impl DeviceId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
    pub fn parse(s: &str) -> Result<Self, Error> {
        Uuid::parse_str(s)
            .map(Self)
            .map_err(|_| Error::BadId(s.chars().take(80).collect()))
    }
}

impl Default for DeviceId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for DeviceId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

/// `POST /v1/sessions`: sign a device in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// 1 to 64 characters, not all of them white space.
    // The pattern matches a character that is not white space as `str::trim` counts it
    // (Unicode `White_Space`), spelled so that ECMAScript and Python read it alike.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 64,
            pattern = r"[^\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
        )
    )]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub password: String,
    /// Shown to administrators in the device list, e.g. "Li Na's phone": 1 to 100
    /// characters, not all of them white space (the ends are trimmed).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"[^\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
        )
    )]
    pub device_name: String,
    /// The device id this phone last signed in with, if any: the answer says how far the
    /// server got with it ([`SessionTokens::previous_last_mid`]), so work the server lost
    /// (restored from a backup) is sent again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_device: Option<DeviceId>,
}

/// `POST /v1/sessions/enroll`: a phone signs in with an enrollment code (scanned from the
/// QR code an administrator or community dispatcher made for its person), no password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Enroll {
    /// The code's secret (the `code` parameter of the QR code's `wangge://enroll` link).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub code: String,
    /// As [`SignIn::device_name`].
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"[^\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
        )
    )]
    pub device_name: String,
    /// As [`SignIn::previous_device`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_device: Option<DeviceId>,
}

/// `POST /v1/sessions/refresh`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// A device's tokens. The access token goes in `Authorization: Bearer …`; the refresh
/// token is used once, and a new pair comes back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionTokens {
    pub device_id: DeviceId,
    pub person: PersonView,
    pub access_token: String,
    /// Unix milliseconds.
    pub access_expires_at: i64,
    pub refresh_token: String,
    /// Unix milliseconds.
    pub refresh_expires_at: i64,
    /// Only at sign-in, for the [`SignIn::previous_device`] named: the last mid the server
    /// holds of it (0 when it never heard of that device, e.g. after a restore from a
    /// backup older than it). Absent when none was named or it is someone else's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_last_mid: Option<u64>,
}

/// `GET /v1/me`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub device_id: DeviceId,
    pub person: PersonView,
}

/// A device as administrators see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceView {
    pub id: DeviceId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub person_id: PersonId,
    pub username: String,
    pub name: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// Highest mutation id applied from this device.
    pub last_mid: u64,
}

/// `POST /v1/sessions/password`: a person replaces their password (a one-time password an
/// administrator reset must be replaced before signing in). Answered 204; then sign in
/// with the new one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub username: String,
    /// The current (or one-time) password.
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub password: String,
    /// At least 8 characters, not one repeated, not the user name.
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub new_password: String,
}
