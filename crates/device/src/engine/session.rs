//! Signing the device in and out, and the session it keeps: device id, tokens and person.
//!
//! The session is one JSON value in the store's `meta` table, written in one durable
//! transaction. The refresh token is not in it: it lives in the device's vault (the
//! platform keystore, or an owner-only key file), written before the session that goes with
//! it, so a killed process never holds a session whose refresh token is older than the
//! server's.

use domain::{Role, Scope};
use protocol::{DeviceId, Enroll, PersonView, SessionTokens, SignIn};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use super::reference::GridInfo;
use crate::store::Owner;
use crate::{Error, Result};

const SESSION: &str = "session";
/// The device id the owner's work last went out under, kept past sign-out.
const LAST_DEVICE: &str = "session.last_device";

/// The device id this phone last signed in with, and the mid base its work used.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct LastDevice {
    device_id: DeviceId,
    mid_base: i64,
}

/// What the device keeps of its session.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Session {
    pub server: String,
    pub device_id: DeviceId,
    pub access_token: String,
    pub access_expires_at: i64,
    /// Only in a session just received from the server; kept in the vault, never in the
    /// store (read it with [`Engine::refresh_token`]). A store from an older version has it
    /// here, and it is moved to the vault at the next load.
    #[serde(default, skip_serializing)]
    pub refresh_token: String,
    pub refresh_expires_at: i64,
    pub person: PersonView,
    /// Local outbox mids are sent as `mid - mid_base`: a device id made at this sign-in
    /// starts at 1 on the server, while the local outbox keeps numbering on (work queued
    /// before a sign-in, e.g. after the old device was revoked, goes out under the new one).
    #[serde(default)]
    pub mid_base: i64,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("server", &self.server)
            .field("device_id", &self.device_id)
            .field("person", &self.person.username)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub(crate) fn from_tokens(server: &str, tokens: SessionTokens) -> Self {
        Self {
            server: server.trim_end_matches('/').to_string(),
            device_id: tokens.device_id,
            access_token: tokens.access_token,
            access_expires_at: tokens.access_expires_at,
            refresh_token: tokens.refresh_token,
            refresh_expires_at: tokens.refresh_expires_at,
            person: tokens.person,
            mid_base: 0,
        }
    }
}

/// The `args` of the `change_password` command: a person's sign-in answered
/// `password_change_required`, and they choose their own password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangePasswordArgs {
    pub server: String,
    pub username: String,
    /// The one-time (or current) password.
    pub password: String,
    /// At least 8 characters, not one repeated, not the user name, not the old one.
    pub new_password: String,
}

/// Who is signed in on this device, with their grids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeInfo {
    pub person_id: domain::PersonId,
    pub name: String,
    pub role: Role,
    pub username: String,
    pub server: String,
    pub device_id: DeviceId,
    pub grids: Vec<GridInfo>,
    pub community: Option<String>,
    pub street: Option<String>,
    /// The names of `community` and `street`, once the areas are synced.
    pub community_name: Option<String>,
    pub street_name: Option<String>,
}

impl Engine {
    /// Signs this device in (`POST /v1/sessions`) and keeps the session. Signing in as a
    /// different person than the device's last is refused while that person's work waits
    /// to be sent (it is theirs, sent when they sign in again); otherwise the device is
    /// handed over: the previous person's synced data and captured work are forgotten.
    pub async fn login(&self, server: &str, username: &str, password: &str) -> Result<MeInfo> {
        let server = server.trim_end_matches('/');
        self.check_server_address(server)?;
        // Refused before asking the server, so no session is made for nothing.
        {
            let store = self.store();
            if let Some(owner) = store.owner()?
                && owner.username != username
                && store.outbox_pending_count()? > 0
            {
                return Err(Error::Invalid(format!(
                    "this device still has work of {} waiting to be sent: {} must sign in \
                     and sync it before someone else signs in here",
                    owner.username, owner.username
                )));
            }
        }
        let last_device = last_device(&self.store())?;
        let body = SignIn {
            username: username.to_string(),
            password: password.to_string(),
            device_name: self.config().device_name.clone(),
            previous_device: last_device.map(|d| d.device_id),
        };
        let request = self
            .inner
            .http
            .post(format!("{server}/v1/sessions"))
            .json(&body);
        let response = self.send("sessions", request).await?;
        let response = super::api::check(response).await?;
        let tokens: SessionTokens = super::api::json(response).await?;
        self.adopt(server, tokens, last_device)
    }

    /// Replaces `username`'s password on `server` (`POST /v1/sessions/password`): what a
    /// person does when their sign-in answers `password_change_required` (a one-time
    /// password an administrator reset). Then [`Engine::login`] with the new one.
    pub async fn change_password(
        &self,
        server: &str,
        username: &str,
        password: &str,
        new_password: &str,
    ) -> Result<()> {
        let server = server.trim_end_matches('/');
        self.check_server_address(server)?;
        let body = protocol::ChangePassword {
            username: username.to_string(),
            password: password.to_string(),
            new_password: new_password.to_string(),
        };
        let request = self
            .inner
            .http
            .post(format!("{server}/v1/sessions/password"))
            .json(&body);
        let response = self.send("sessions/password", request).await?;
        super::api::check(response).await?;
        Ok(())
    }

    /// Signs this device in with an enrollment code (`POST /v1/sessions/enroll`), no
    /// password: `code` is the QR code's text (`wangge://enroll?server=…&code=…`), or the
    /// secret alone with `server` given. The same hand-over rules as [`Engine::login`].
    pub async fn enroll(&self, code: &str, server: Option<&str>) -> Result<MeInfo> {
        let (server, secret) = parse_enrollment(code, server)?;
        let server = server.trim_end_matches('/').to_string();
        self.check_server_address(&server)?;
        let last_device = last_device(&self.store())?;
        let body = Enroll {
            code: secret,
            device_name: self.config().device_name.clone(),
            previous_device: last_device.map(|d| d.device_id),
        };
        let request = self
            .inner
            .http
            .post(format!("{server}/v1/sessions/enroll"))
            .json(&body);
        let response = self.send("sessions/enroll", request).await?;
        let response = super::api::check(response).await?;
        let tokens: SessionTokens = super::api::json(response).await?;
        self.adopt(&server, tokens, last_device)
    }

    /// Signs this device in with the enrollment QR code in a picture (PNG, JPEG or WebP: a
    /// screenshot of the administrator's code, or a photo of it), as [`Engine::enroll`]; the
    /// picture is read off the async threads. [`Error::NoQrCode`] when none can be read,
    /// [`Error::NotEnrollmentCode`] when the QR code holds something else.
    pub async fn enroll_from_image(&self, bytes: Vec<u8>, server: Option<&str>) -> Result<MeInfo> {
        let link = tokio::task::spawn_blocking(move || crate::enroll_qr::enrollment_link(&bytes))
            .await
            .map_err(|e| Error::Invalid(format!("reading the QR code stopped: {e}")))??;
        self.enroll(&link, server).await
    }

    /// Keeps the session the server opened: the outbox rewound to what the server holds of
    /// the previous device, the store handed over (or refused) when the person changed.
    fn adopt(
        &self,
        server: &str,
        tokens: SessionTokens,
        last_device: Option<LastDevice>,
    ) -> Result<MeInfo> {
        let previous_held = tokens.previous_last_mid;
        let mut session = Session::from_tokens(server, tokens);
        {
            let mut store = self.store();
            // The server lost work of the previous device (restored from a backup): all of
            // it after what the server holds goes out again, under the new device id.
            if let (Some(held), Some(last)) = (previous_held, last_device) {
                let held = last
                    .mid_base
                    .saturating_add(i64::try_from(held).unwrap_or(i64::MAX));
                let rewound = store.outbox_rewind(held)?;
                if rewound > 0 {
                    tracing::warn!(
                        rewound,
                        "the server lost work of this device: sending it again"
                    );
                }
            }
            // A new device id: the server expects its first mid to be 1.
            session.mid_base = store.outbox_first_unsent_mid()? - 1;
            // The store's person outlives sign-out; an older store knows only its session.
            let owner = match store.owner()? {
                Some(owner) => Some(owner),
                None => self.load(&mut store)?.map(|old| Owner {
                    person_id: old.person.id.to_string(),
                    username: old.person.username,
                }),
            };
            let me = Owner {
                person_id: session.person.id.to_string(),
                username: session.person.username.clone(),
            };
            match owner {
                Some(owner) if owner.person_id != me.person_id => {
                    // Someone else's queued work is never sent under this person's name,
                    // and this person never sees the previous person's synced data.
                    if store.outbox_pending_count()? > 0 {
                        return Err(Error::Invalid(format!(
                            "this device still has work of {} waiting to be sent: {} must \
                             sign in and sync it before someone else signs in here",
                            owner.username, owner.username
                        )));
                    }
                    store.hand_over(&me)?;
                }
                Some(_) => {}
                None => store.set_owner(&me)?,
            }
            self.save(&mut store, &session)?;
            store.set_meta(super::revoked::ENDED, "")?;
        }
        // A revoked session's "signed out" is over: sync is idle until the first cycle.
        self.publish(|s| {
            if s.state == super::SyncState::SignedOut {
                s.state = super::SyncState::Idle;
                s.reason = None;
            }
        });
        self.wrote()?;
        self.me()?.ok_or(Error::NotSignedIn)
    }

    /// A password goes to `server` only over `https://`, or over plain `http://` to this
    /// machine or a server named in [`crate::EngineConfig::plain_http_hosts`].
    fn check_server_address(&self, server: &str) -> Result<()> {
        let url = reqwest::Url::parse(server)
            .map_err(|e| Error::Invalid(format!("the server address {server:?}: {e}")))?;
        match url.scheme() {
            "https" => return Ok(()),
            "http" => {}
            _ => {
                return Err(Error::Invalid(format!(
                    "the server address {server:?} must start with https:// (or http:// for \
                     this machine)"
                )));
            }
        }
        let host = url
            .host_str()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        let named = self
            .config()
            .plain_http_hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host));
        if loopback || named {
            return Ok(());
        }
        Err(Error::Invalid(format!(
            "{server} is plain http:// to another machine: the password would cross the \
             network unencrypted. Use https://, or name the server in the device's settings \
             (WANGGE_PLAIN_HTTP_HOSTS) if it is on a network you trust"
        )))
    }

    /// Forgets the session. Queued work stays, and is sent when the same person signs in
    /// again.
    pub fn logout(&self) -> Result<()> {
        let mut store = self.store();
        store.write(|tx| {
            tx.execute("DELETE FROM meta WHERE key = ?1", [SESSION])?;
            Ok(())
        })?;
        self.inner.vault.delete(crate::vault::REFRESH_TOKEN)
    }

    /// Who is signed in, or `None`.
    pub fn me(&self) -> Result<Option<MeInfo>> {
        let Some(session) = self.session_opt()? else {
            return Ok(None);
        };
        let person = &session.person;
        let grids = self.my_grids()?;
        let (community, street) = match &person.scope {
            Scope::Grids(grids) => (
                grids.first().map(|g| g.community().to_string()),
                grids.first().map(|g| g.street().to_string()),
            ),
            Scope::Community(c) => (Some(c.to_string()), Some(c.street().to_string())),
            Scope::Street(s) => (None, Some(s.to_string())),
            Scope::District(_) => (None, None),
        };
        let name_of = |code: &Option<String>| -> Result<Option<String>> {
            let Some(code) = code else { return Ok(None) };
            let area: Option<protocol::AreaView> = self.store().server_entity("area", code)?;
            Ok(area.map(|a| a.name))
        };
        let (community_name, street_name) = (name_of(&community)?, name_of(&street)?);
        Ok(Some(MeInfo {
            person_id: person.id,
            name: person.name.clone(),
            role: person.role,
            username: person.username.clone(),
            server: session.server.clone(),
            device_id: session.device_id,
            grids,
            community,
            street,
            community_name,
            street_name,
        }))
    }

    /// The session, its person as the server last published them (an administrator may
    /// have renamed them or moved them to other grids since they signed in).
    pub(crate) fn session_opt(&self) -> Result<Option<Session>> {
        let mut store = self.store();
        let Some(mut session) = self.load(&mut store)? else {
            return Ok(None);
        };
        let id = session.person.id.to_string();
        if let Some(person) = store.server_entity::<PersonView>("person", &id)? {
            session.person = person;
        }
        Ok(Some(session))
    }

    pub(crate) fn session(&self) -> Result<Session> {
        self.session_opt()?.ok_or(Error::NotSignedIn)
    }

    pub(crate) fn save_session(&self, session: &Session) -> Result<()> {
        self.save(&mut self.store(), session)
    }

    /// The refresh token, from the vault.
    pub(crate) fn refresh_token(&self) -> Result<String> {
        self.inner
            .vault
            .get(crate::vault::REFRESH_TOKEN)?
            .filter(|t| !t.is_empty())
            .ok_or(Error::NotSignedIn)
    }

    fn load(&self, store: &mut crate::Store) -> Result<Option<Session>> {
        let Some(text) = store.meta(SESSION)? else {
            return Ok(None);
        };
        let session: Session = serde_json::from_str(&text).map_err(|source| Error::Json {
            what: "session",
            source,
        })?;
        if !session.refresh_token.is_empty() {
            // Written by an older version: the token moves to the vault, out of the store.
            self.inner
                .vault
                .put(crate::vault::REFRESH_TOKEN, &session.refresh_token)?;
            let text = serde_json::to_string(&session).map_err(|source| Error::Json {
                what: "session",
                source,
            })?;
            store.set_meta(SESSION, &text)?;
            tracing::info!(
                "the refresh token moved from the store to {}",
                self.inner.vault.describe()
            );
        }
        Ok(Some(session))
    }

    /// Saves the session and, with it, which device id this phone's work goes out under;
    /// a new refresh token goes to the vault first.
    fn save(&self, store: &mut crate::Store, session: &Session) -> Result<()> {
        if !session.refresh_token.is_empty() {
            self.inner
                .vault
                .put(crate::vault::REFRESH_TOKEN, &session.refresh_token)?;
        }
        save(store, session)
    }
}

/// Writes the session (without its refresh token) and the last device in one transaction.
fn save(store: &mut crate::Store, session: &Session) -> Result<()> {
    let text = serde_json::to_string(session).map_err(|source| Error::Json {
        what: "session",
        source,
    })?;
    let last = serde_json::to_string(&LastDevice {
        device_id: session.device_id,
        mid_base: session.mid_base,
    })
    .map_err(|source| Error::Json {
        what: "the last device",
        source,
    })?;
    store.set_metas(&[(SESSION, &text), (LAST_DEVICE, &last)])
}

fn last_device(store: &crate::Store) -> Result<Option<LastDevice>> {
    store
        .meta(LAST_DEVICE)?
        .map(|text| {
            serde_json::from_str(&text).map_err(|source| Error::Json {
                what: "the last device",
                source,
            })
        })
        .transpose()
}

/// The server and the secret of an enrollment code: a `wangge://enroll?server=…&code=…`
/// link, or a bare secret with the server given.
fn parse_enrollment(code: &str, server: Option<&str>) -> Result<(String, String)> {
    let code = code.trim();
    if let Some(rest) = code.strip_prefix("wangge://enroll") {
        let url = reqwest::Url::parse(&format!("wangge://enroll{rest}"))
            .map_err(|e| Error::Invalid(format!("the enrollment code: {e}")))?;
        let get = |key: &str| {
            url.query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
                .filter(|v| !v.is_empty())
        };
        let secret =
            get("code").ok_or_else(|| Error::Invalid("the enrollment code has no code=".into()))?;
        let server = server
            .map(str::to_string)
            .or_else(|| get("server"))
            .ok_or_else(|| Error::Invalid("the enrollment code has no server=".into()))?;
        return Ok((server, secret));
    }
    if code.is_empty() || code.chars().any(char::is_whitespace) {
        return Err(Error::Invalid(
            "an enrollment code is the QR code's wangge://enroll link, or its code".into(),
        ));
    }
    let server = server
        .ok_or_else(|| Error::Invalid("a bare enrollment code needs the server address".into()))?;
    Ok((server.to_string(), code.to_string()))
}

#[cfg(test)]
mod enrollment_tests {
    use super::parse_enrollment;

    #[test]
    fn a_link_carries_server_and_code() {
        let (server, code) = parse_enrollment(
            " wangge://enroll?server=http%3A%2F%2F127.0.0.1%3A8080&code=abc123 ",
            None,
        )
        .unwrap();
        assert_eq!(server, "http://127.0.0.1:8080");
        assert_eq!(code, "abc123");
        let (server, _) =
            parse_enrollment("wangge://enroll?server=x&code=abc", Some("https://y")).unwrap();
        assert_eq!(server, "https://y", "a server given wins");
        assert!(
            parse_enrollment("abc123", None).is_err(),
            "bare needs a server"
        );
        assert!(parse_enrollment("wangge://enroll?server=x", None).is_err());
        assert_eq!(
            parse_enrollment("abc123", Some("https://s")).unwrap(),
            ("https://s".to_string(), "abc123".to_string())
        );
    }
}
