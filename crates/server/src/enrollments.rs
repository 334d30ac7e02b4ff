//! Enrolling phones by QR code: an administrator (any person) or a community dispatcher
//! (their community's grid workers and reporters) makes a one-time code for a person, shown
//! as a QR code holding the service's address and the secret; the phone presents the
//! secret once, before it expires, and gets a device session with no password typed.

use base64::Engine as _;
use domain::{Role, Scope};
use protocol::{Enroll, EnrollmentCode, EnrollmentRequest, SessionTokens};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::{AdminAuditEntry, EnrollmentRecord, PersonRecord};
use crate::token::{new_token, token_hash};

/// How long a code works unless asked otherwise, hours.
pub const DEFAULT_HOURS: u32 = 24;
/// The longest a code may work, hours.
pub const MAX_HOURS: u32 = 7 * 24;

/// Whether `caller` may enroll `target`'s phone: administrators anyone; a community
/// dispatcher the grid workers and information reporters of their own community.
fn may_enroll(caller: &Caller, target: &PersonRecord) -> bool {
    match caller.role() {
        Role::Administrator => true,
        Role::CommunityDispatcher => {
            let Scope::Community(mine) = caller.person().scope else {
                return false;
            };
            let t = &target.person;
            let in_mine = match &t.scope {
                Scope::Grids(grids) => grids.iter().all(|g| g.community() == mine),
                Scope::Community(c) => *c == mine,
                Scope::Street(_) | Scope::District(_) => false,
            };
            in_mine && (t.role.is_grid_worker() || t.role == Role::InformationReporter)
        }
        _ => false,
    }
}

/// Makes an enrollment code for `req.username`'s phone; `server` is the address the phone
/// will use (the configured public address, else the one the caller reached).
pub async fn create(
    state: &AppState,
    caller: &Caller,
    req: EnrollmentRequest,
    server: String,
) -> Result<EnrollmentCode> {
    let hours = req.hours.unwrap_or(DEFAULT_HOURS);
    if !(1..=MAX_HOURS).contains(&hours) {
        return Err(Error::bad_request(
            "bad_hours",
            format!("an enrollment code works 1 to {MAX_HOURS} hours"),
        ));
    }
    if !matches!(
        caller.role(),
        Role::Administrator | Role::CommunityDispatcher
    ) {
        return Err(Error::forbidden(
            "only administrators and community dispatchers enroll phones",
        ));
    }
    let username = req.username.clone();
    let target = state
        .read(move |tx| tx.person_by_username(&username))
        .await?
        .ok_or_else(|| Error::not_found(format!("no person {}", req.username)))?;
    if !may_enroll(caller, &target) {
        return Err(Error::forbidden(format!(
            "a community dispatcher enrolls only the grid workers and reporters of their own \
             community; {} is not one of them",
            target.username
        )));
    }
    let secret = new_token();
    let now = state.now_ms();
    let expires_at = now + i64::from(hours) * 3_600_000;
    let record = EnrollmentRecord {
        hash: token_hash(&secret),
        person_id: target.person.id,
        created_by: caller.id(),
        created_at: now,
        expires_at,
        used_at: None,
    };
    let entry = AdminAuditEntry {
        id: 0,
        at: now,
        actor: caller.id(),
        username: caller.record.username.clone(),
        action: "enrollment.create".into(),
        subject: target.username.clone(),
        before: None,
        after: Some(serde_json::json!({ "expires_at": expires_at, "hours": hours })),
    };
    state
        .write(move |tx| {
            tx.enrollment_insert(&record)?;
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    let server = server.trim_end_matches('/').to_string();
    let link = link(&server, &secret);
    let qr_png_base64 = base64::engine::general_purpose::STANDARD.encode(qr_png(&link)?);
    tracing::info!(by = %caller.record.username, user = %target.username, "enrollment code made");
    Ok(EnrollmentCode {
        username: target.username,
        name: target.person.name,
        link,
        code: secret,
        server,
        expires_at,
        qr_png_base64,
    })
}

/// The QR code's text.
fn link(server: &str, secret: &str) -> String {
    let server: String = url_escape(server);
    format!("wangge://enroll?server={server}&code={secret}")
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn url_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The QR code of `text` as a PNG: black on white, a quiet zone, at least 320 px.
pub fn qr_png(text: &str) -> Result<Vec<u8>> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| Error::Internal(format!("QR code: {e}")))?;
    let image = code
        .render::<image::Luma<u8>>()
        .min_dimensions(320, 320)
        .build();
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(image)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| Error::Internal(format!("QR code PNG: {e}")))?;
    Ok(png)
}

/// Signs a phone in with an enrollment code: once, before it expires.
pub async fn enroll(state: &AppState, req: Enroll) -> Result<SessionTokens> {
    let device_name = crate::sessions::device_name(&req.device_name)?;
    let secret = req.code.trim().to_string();
    if secret.is_empty() || secret.len() > 128 {
        return Err(Error::bad_request(
            "bad_code",
            "an enrollment code has 1 to 128 characters",
        ));
    }
    let hash = token_hash(&secret);
    let st = state.clone();
    let previous = req.previous_device;
    let (record, opened) = state
        .write(move |tx| {
            let now = st.now_ms();
            let Some(e) = tx.enrollment_get(&hash)? else {
                return Err(Error::unauthorized(
                    "enrollment_unknown",
                    "this enrollment code is not known: ask your administrator for a new one",
                ));
            };
            if e.used_at.is_some() {
                return Err(Error::unauthorized(
                    "enrollment_used",
                    "this enrollment code was used already: ask your administrator for a new one",
                ));
            }
            if e.expires_at <= now {
                return Err(Error::unauthorized(
                    "enrollment_expired",
                    "this enrollment code has expired: ask your administrator for a new one",
                ));
            }
            let record = tx
                .person_get(e.person_id)?
                .ok_or_else(|| Error::not_found("the enrolled person is gone"))?;
            if tx.person_deactivated_at(e.person_id)?.is_some() {
                return Err(Error::unauthorized(
                    "person_deactivated",
                    "此账号已停用 this account was deactivated: ask your administrator",
                ));
            }
            let opened =
                crate::sessions::new_device_in(tx, &st, e.person_id, device_name, previous)?;
            if !tx.enrollment_use(&hash, opened.device, now)? {
                return Err(Error::unauthorized(
                    "enrollment_used",
                    "this enrollment code was used already: ask your administrator for a new one",
                ));
            }
            Ok((record, opened))
        })
        .await?;
    Ok(crate::sessions::session_tokens(&record, opened))
}
