//! Sessions: sign-in with argon2id passwords, new devices and their access tokens,
//! refresh-token rotation with reuse detection, and who is calling.

use std::net::IpAddr;

use domain::{Person, PersonId, Role};
use protocol::{DeviceId, SessionTokens, SignIn};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{DeviceRecord, PersonRecord, Tx};
use crate::token::{new_token, token_hash};
use crate::wire;

/// Who is calling: the device and its person, from a valid access token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub device: DeviceId,
    pub record: PersonRecord,
    /// When the access token the caller presented expires (server clock, unix ms).
    pub token_expires_at: i64,
}

impl Caller {
    pub fn person(&self) -> &Person {
        &self.record.person
    }
    pub fn id(&self) -> PersonId {
        self.record.person.id
    }
    pub fn role(&self) -> Role {
        self.record.person.role
    }
    pub fn require_admin(&self) -> Result<()> {
        if self.role() != Role::Administrator {
            return Err(Error::forbidden("only administrators may do this"));
        }
        Ok(())
    }
}

fn unauthorized(message: &str) -> Error {
    Error::unauthorized("unauthorized", message)
}

/// Mints a fresh token pair for a device.
/// How long after a refresh the same refresh token is answered again with the same new
/// pair (the first answer was lost on the way to the phone), instead of counting as reuse.
pub const REFRESH_GRACE_SECS: i64 = 120;

fn issue(
    tx: &mut dyn Tx,
    state: &AppState,
    device: DeviceId,
    now: i64,
) -> Result<(String, i64, String, i64)> {
    let pair = pair(state, new_token(), new_token(), now);
    store_pair(tx, device, &pair)?;
    Ok(pair)
}

/// A token pair with the expiries of tokens issued at `now`.
fn pair(state: &AppState, access: String, refresh: String, now: i64) -> (String, i64, String, i64) {
    let cfg = state.config();
    let access_exp =
        now + i64::try_from(cfg.access_token_ttl_secs).unwrap_or(i64::MAX / 2000) * 1000;
    let refresh_exp =
        now + i64::try_from(cfg.refresh_token_ttl_secs).unwrap_or(i64::MAX / 2000) * 1000;
    (access, access_exp, refresh, refresh_exp)
}

fn store_pair(tx: &mut dyn Tx, device: DeviceId, pair: &(String, i64, String, i64)) -> Result<()> {
    tx.access_token_insert(&token_hash(&pair.0), device, pair.1)?;
    tx.refresh_token_insert(&token_hash(&pair.2), device, pair.3)
}

/// The pair that succeeds the refresh token `old`, used at `used_at` with `salt`: the same
/// pair every time it is made, so a lost answer can be given again.
fn successor(state: &AppState, old: &str, salt: &str, used_at: i64) -> (String, i64, String, i64) {
    pair(
        state,
        crate::token::derived_token(old, salt, "access"),
        crate::token::derived_token(old, salt, "refresh"),
        used_at,
    )
}

/// Longest user name and password a sign-in may carry (checked before any hashing).
const MAX_USERNAME_CHARS: usize = 64;
const MAX_PASSWORD_CHARS: usize = 256;

pub async fn sign_in(
    state: &AppState,
    req: SignIn,
    client: Option<IpAddr>,
) -> Result<SessionTokens> {
    let device_name = device_name(&req.device_name)?;
    let record = signing_in(state, &req.username, req.password, client).await?;
    open_device(state, record, device_name, req.previous_device).await
}

/// The person signing in with `username` and `password`, if they may: the password right
/// ([`credentials`]), the person active, and not holding a one-time password.
pub async fn signing_in(
    state: &AppState,
    username: &str,
    password: String,
    client: Option<IpAddr>,
) -> Result<PersonRecord> {
    let record = credentials(state, username, password, client).await?;
    refuse_deactivated(state, &record).await?;
    let id = record.person.id;
    if state
        .read(move |tx| tx.person_must_change_password(id))
        .await?
    {
        return Err(Error::unauthorized(
            "password_change_required",
            "这是管理员重置的一次性密码，请先设置新密码 this one-time password must be changed \
             before signing in",
        ));
    }
    Ok(record)
}

/// The person `username` names if `password` is theirs: lengths checked before any
/// hashing, failures counted and throttled per user name and client, the same work done
/// for an unknown name as for a known one.
pub async fn credentials(
    state: &AppState,
    username: &str,
    password: String,
    client: Option<IpAddr>,
) -> Result<PersonRecord> {
    if username.chars().count() > MAX_USERNAME_CHARS || username.trim().is_empty() {
        return Err(Error::bad_request(
            "bad_username",
            format!("user names have 1 to {MAX_USERNAME_CHARS} characters"),
        ));
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(Error::bad_request(
            "bad_password",
            format!("passwords have at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    let attempt = crate::sign_in_throttle::check(state, username, client).await?;
    let name = username.to_string();
    let record = state.read(move |tx| tx.person_by_username(&name)).await?;
    let passwords = state.passwords().clone();
    let hash = record
        .as_ref()
        .map(|r| r.password_hash.clone())
        .unwrap_or_else(|| passwords.dummy_hash().to_string());
    let ok = passwords.verify_bounded(password, hash).await?;
    let Some(record) = record.filter(|_| ok) else {
        attempt.failed(state).await?;
        return Err(Error::unauthorized(
            "bad_credentials",
            "wrong user name or password",
        ));
    };
    attempt.succeeded(state).await?;
    Ok(record)
}

/// A deactivated person signs in no more (by password or enrollment code).
pub async fn refuse_deactivated(state: &AppState, record: &PersonRecord) -> Result<()> {
    let id = record.person.id;
    if state
        .read(move |tx| tx.person_deactivated_at(id))
        .await?
        .is_some()
    {
        return Err(Error::unauthorized(
            "person_deactivated",
            "此账号已停用 this account was deactivated: ask your administrator",
        ));
    }
    Ok(())
}

/// Checks a device name: 1 to 100 characters once trimmed.
pub fn device_name(name: &str) -> Result<String> {
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::bad_request(
            "bad_device_name",
            "device_name must have 1 to 100 characters",
        ));
    }
    Ok(name)
}

/// A new device session for `record` (after a password), carrying over how far the
/// phone's previous device got.
pub async fn open_device(
    state: &AppState,
    record: PersonRecord,
    device_name: String,
    previous: Option<DeviceId>,
) -> Result<SessionTokens> {
    let st = state.clone();
    let person_id = record.person.id;
    let opened = state
        .write(move |tx| new_device_in(tx, &st, person_id, device_name, previous))
        .await?;
    Ok(session_tokens(&record, opened))
}

/// A device made in a transaction, with its token pair.
pub struct OpenedDevice {
    pub device: DeviceId,
    pub previous_last_mid: Option<u64>,
    pair: (String, i64, String, i64),
}

/// Makes a device for `person_id` in `tx` and issues its tokens. The phone keeps its pull
/// cursor and outbox across the sign-in, so the new device inherits how far the server got
/// with the phone's `previous` device (when it was the same person's).
pub fn new_device_in(
    tx: &mut dyn Tx,
    state: &AppState,
    person_id: PersonId,
    device_name: String,
    previous: Option<DeviceId>,
) -> Result<OpenedDevice> {
    let now = state.now_ms();
    let device = DeviceId::new();
    let previous = match previous {
        Some(id) => Some((id, tx.device_get(id)?)),
        None => None,
    };
    let (previous_last_mid, delivered) = match previous {
        None => (None, None),
        Some((_, None)) => (Some(0), None),
        Some((id, Some(d))) if d.person_id == person_id => {
            (Some(d.last_mid), tx.device_delivered(id)?)
        }
        Some(_) => (None, None),
    };
    tx.device_insert(&DeviceRecord {
        id: device,
        person_id,
        name: device_name,
        created_at: now,
        last_seen_at: Some(now),
        revoked_at: None,
        last_mid: 0,
    })?;
    if let Some(cursor) = delivered {
        tx.device_deliver(device, cursor)?;
    }
    Ok(OpenedDevice {
        device,
        previous_last_mid,
        pair: issue(tx, state, device, now)?,
    })
}

/// The answer to a sign-in that opened `opened` for `record`.
pub fn session_tokens(record: &PersonRecord, opened: OpenedDevice) -> SessionTokens {
    let (access, access_exp, refresh, refresh_exp) = opened.pair;
    tracing::info!(device = %opened.device, user = %record.username, "device signed in");
    SessionTokens {
        device_id: opened.device,
        person: wire::person_view(record),
        access_token: access,
        access_expires_at: access_exp,
        refresh_token: refresh,
        refresh_expires_at: refresh_exp,
        previous_last_mid: opened.previous_last_mid,
    }
}

enum Refreshed {
    Tokens(DeviceId, Box<PersonRecord>, (String, i64, String, i64)),
    Refused(&'static str),
    /// The device was revoked: it must forget what it holds of the server (`device_revoked`).
    Revoked(String),
}

/// Rotates a refresh token. Using one that was already used revokes its device: either
/// the device or a thief holds a copy, and the server cannot tell which.
pub async fn refresh(state: &AppState, token: &str) -> Result<SessionTokens> {
    let hash = token_hash(token);
    let token = token.to_string();
    let now = state.now_ms();
    let st = state.clone();
    let outcome = state
        .write(move |tx| {
            let Some(rec) = tx.refresh_token_get(&hash)? else {
                return Ok(Refreshed::Refused("unknown refresh token"));
            };
            let Some(device) = tx.device_get(rec.device_id)? else {
                return Ok(Refreshed::Refused("unknown device"));
            };
            if device.revoked_at.is_some() {
                let reason = tx
                    .device_revoke_reason(device.id)?
                    .unwrap_or_else(|| "此设备已被撤销 this device was revoked".into());
                return Ok(Refreshed::Revoked(reason));
            }
            if let (Some(used_at), Some(salt)) = (rec.used_at, rec.successor_salt.as_deref())
                && now - used_at <= REFRESH_GRACE_SECS * 1000
            {
                // The answer was lost: the same pair again, unless the phone already moved
                // on to its new refresh token (then this is a copy: reuse).
                let again = successor(&st, &token, salt, used_at);
                let moved_on = tx
                    .refresh_token_get(&token_hash(&again.2))?
                    .is_none_or(|r| r.used_at.is_some());
                if !moved_on && let Some(person) = tx.person_get(device.person_id)? {
                    return Ok(Refreshed::Tokens(device.id, Box::new(person), again));
                }
            }
            if rec.used_at.is_some() {
                tx.device_revoke(device.id, now)?;
                tracing::warn!(device = %device.id, "refresh token reused: device revoked");
                return Ok(Refreshed::Refused(
                    "this refresh token was already used; the device is revoked for safety",
                ));
            }
            if rec.expires_at <= now {
                return Ok(Refreshed::Refused("refresh token expired; sign in again"));
            }
            let Some(person) = tx.person_get(device.person_id)? else {
                return Ok(Refreshed::Refused("unknown person"));
            };
            let salt = new_token();
            tx.refresh_token_use(&hash, now, &salt)?;
            tx.device_seen(device.id, now)?;
            let pair = successor(&st, &token, &salt, now);
            store_pair(tx, device.id, &pair)?;
            Ok(Refreshed::Tokens(device.id, Box::new(person), pair))
        })
        .await?;
    match outcome {
        Refreshed::Refused(why) => Err(unauthorized(why)),
        Refreshed::Revoked(reason) => Err(Error::unauthorized("device_revoked", reason)),
        Refreshed::Tokens(device, person, (access, access_exp, refresh, refresh_exp)) => {
            Ok(SessionTokens {
                device_id: device,
                person: wire::person_view(&person),
                access_token: access,
                access_expires_at: access_exp,
                refresh_token: refresh,
                refresh_expires_at: refresh_exp,
                previous_last_mid: None,
            })
        }
    }
}

/// The caller behind an access token, or 401.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Caller> {
    let hash = token_hash(token);
    let now = state.now_ms();
    let found = state
        .read(move |tx| {
            let Some((device, expires_at)) = tx.access_token_get(&hash)? else {
                return Ok(Err("unknown access token"));
            };
            if expires_at <= now {
                return Ok(Err("access token expired; refresh it"));
            }
            let Some(d) = tx.device_get(device)? else {
                return Ok(Err("unknown device"));
            };
            if d.revoked_at.is_some() {
                return Ok(Err("this device was revoked"));
            }
            let Some(record) = tx.person_get(d.person_id)? else {
                return Ok(Err("unknown person"));
            };
            Ok(Ok(Caller {
                device,
                record,
                token_expires_at: expires_at,
            }))
        })
        .await?;
    found.map_err(|why| {
        let code = if why.contains("expired") {
            "token_expired"
        } else {
            "unauthorized"
        };
        Error::unauthorized(code, why)
    })
}
