//! Browser sessions of the desk served at `/`: the refresh token lives in an HttpOnly,
//! SameSite=Strict cookie scripts never see; the access token in the page's memory only.
//!
//! Why this holds against cross-site requests: every API call carries the access token as
//! a bearer header, which a browser never attaches by itself. Only the refresh route acts
//! on a cookie, and it also wants the `x-csrf-token` header to equal the `wangge_csrf`
//! cookie (double submit: another site can neither read that cookie nor set a custom
//! header without a CORS preflight the server never grants), and refuses an `Origin` that
//! is not this server's. Grid workers, reporters and department handlers are sent to the
//! app: the browser desk is online only and has none of the field screens.

use std::net::IpAddr;

use axum::http::HeaderMap;
use axum::http::header::{COOKIE, HOST, ORIGIN};
use domain::Role;
use protocol::{
    CSRF_HEADER, SessionTokens, WEB_CSRF_COOKIE, WEB_REFRESH_COOKIE, WebSession, WebSignIn,
};

use crate::error::{Error, Result};
use crate::sessions::{self, Caller};
use crate::state::AppState;

/// Where the refresh cookie is sent: the session routes only.
const REFRESH_PATH: &str = "/v1/web/session";
/// The device name a browser session shows in the administrators' device list.
const DEVICE_NAME: &str = "浏览器 browser";

/// A browser session's answer and the `Set-Cookie` values that go with it.
pub struct Answer {
    pub session: WebSession,
    pub cookies: Vec<String>,
}

/// Signs a desk person in from a browser.
pub async fn sign_in(state: &AppState, req: WebSignIn, client: Option<IpAddr>) -> Result<Answer> {
    let record = sessions::signing_in(state, &req.username, req.password, client).await?;
    let role = record.person.role;
    if !(role.is_dispatcher() || role == Role::Administrator) {
        return Err(Error::ForbiddenBecause {
            code: "use_the_app",
            message: "网格员、信息员和部门处置员请使用网格通 App grid workers, reporters and \
                      department handlers use the app"
                .into(),
        });
    }
    let tokens = sessions::open_device(state, record, DEVICE_NAME.into(), None).await?;
    Ok(answer(state, tokens))
}

/// A new access token from the refresh cookie, the cookie rotated.
pub async fn refresh(state: &AppState, headers: &HeaderMap) -> Result<Answer> {
    same_origin(headers)?;
    let csrf = cookie(headers, WEB_CSRF_COOKIE);
    let echoed = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if csrf.is_none() || csrf.as_deref() != echoed {
        return Err(Error::ForbiddenBecause {
            code: "csrf",
            message: format!("the {CSRF_HEADER} header must echo the {WEB_CSRF_COOKIE} cookie"),
        });
    }
    let Some(token) = cookie(headers, WEB_REFRESH_COOKIE) else {
        return Err(Error::unauthorized("not_signed_in", "no browser session"));
    };
    Ok(answer(state, sessions::refresh(state, &token).await?))
}

/// Ends the caller's browser session: its device revoked, the cookies cleared.
pub async fn sign_out(state: &AppState, caller: &Caller) -> Result<Vec<String>> {
    let device = caller.device;
    let now = state.now_ms();
    state.write(move |tx| tx.device_revoke(device, now)).await?;
    state.hint();
    Ok(vec![
        expired(WEB_REFRESH_COOKIE, REFRESH_PATH, true),
        expired(WEB_CSRF_COOKIE, "/", false),
    ])
}

fn answer(state: &AppState, t: SessionTokens) -> Answer {
    let secure = state
        .config()
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let max_age = ((t.refresh_expires_at - state.now_ms()) / 1000).max(0);
    let csrf = crate::token::new_token();
    let attrs = |path: &str, http_only: bool| {
        format!(
            "Path={path}; Max-Age={max_age}; SameSite=Strict{}{}",
            if http_only { "; HttpOnly" } else { "" },
            if secure { "; Secure" } else { "" }
        )
    };
    Answer {
        cookies: vec![
            format!(
                "{WEB_REFRESH_COOKIE}={}; {}",
                t.refresh_token,
                attrs(REFRESH_PATH, true)
            ),
            format!("{WEB_CSRF_COOKIE}={csrf}; {}", attrs("/", false)),
        ],
        session: WebSession {
            device_id: t.device_id,
            person: t.person,
            access_token: t.access_token,
            access_expires_at: t.access_expires_at,
        },
    }
}

fn expired(name: &str, path: &str, http_only: bool) -> String {
    format!(
        "{name}=; Path={path}; Max-Age=0; SameSite=Strict{}",
        if http_only { "; HttpOnly" } else { "" }
    )
}

/// A cookie's value from the request's `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// An `Origin` header, when the browser sends one, must name this server's host.
fn same_origin(headers: &HeaderMap) -> Result<()> {
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, h)| h);
    if host.is_some() && origin_host == host {
        Ok(())
    } else {
        Err(Error::ForbiddenBecause {
            code: "csrf",
            message: format!("a request from {origin} may not use this server's session"),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn cookies_are_found_among_others_and_empty_ones_are_none() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            "a=1; wangge_csrf=abc; wangge_refresh=".parse().unwrap(),
        );
        assert_eq!(cookie(&h, WEB_CSRF_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, WEB_REFRESH_COOKIE), None);
        assert_eq!(cookie(&h, "b"), None);
    }

    #[test]
    fn another_sites_origin_is_refused() {
        let mut h = HeaderMap::new();
        h.insert(HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(same_origin(&h).is_ok());
        h.insert(ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(same_origin(&h).is_ok());
        h.insert(ORIGIN, "https://evil.example".parse().unwrap());
        assert!(same_origin(&h).is_err());
    }
}
