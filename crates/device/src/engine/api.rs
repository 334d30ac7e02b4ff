//! HTTP calls to the sync service: every request measured, failures sorted into transient
//! (no answer, 5xx, 429) and permanent, and authorised calls that refresh an expired access
//! token on their own after a 401 and send again. The device clock is not trusted to judge
//! expiry (a phone's clock can be hours off; a refresh before every call would follow).

use std::sync::atomic::Ordering;
use std::time::Instant;

use protocol::{ErrorBody, RefreshRequest, SessionTokens};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;

use super::Engine;
use super::session::Session;
use crate::{Error, Result};

impl Engine {
    /// Sends a request, counting its body and timing it for the observer.
    pub(crate) async fn send(
        &self,
        endpoint: &'static str,
        request: RequestBuilder,
    ) -> Result<Response> {
        let (client, request) = request.build_split();
        let request = request.map_err(|e| Error::Invalid(format!("bad request: {e}")))?;
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .map_or(0, |b| b.len() as u64);
        self.inner.bytes_sent.fetch_add(body, Ordering::Relaxed);
        let started = Instant::now();
        let result = client.execute(request).await;
        let ok = matches!(&result, Ok(r) if r.status().is_success()
            || r.status() == StatusCode::NOT_FOUND && endpoint == "blob_head");
        if let Some(observer) = &self.config().observer {
            observer.observe(endpoint, started.elapsed(), ok);
        }
        result.map_err(|e| Error::Offline(describe(&e)))
    }

    /// An authorised request built by `build(client, server, token)`; after a 401 it
    /// refreshes the access token and sends once more. Error statuses come back as
    /// errors, except those the caller lists in `pass` (e.g. 404 for HEAD, 410 for pull).
    pub(crate) async fn authed<F>(
        &self,
        endpoint: &'static str,
        pass: &[StatusCode],
        build: F,
    ) -> Result<Response>
    where
        F: Fn(&reqwest::Client, &str, &str) -> RequestBuilder,
    {
        let mut session = self.session()?;
        let mut refreshed = false;
        loop {
            let request = build(&self.inner.http, &session.server, &session.access_token);
            let response = self.send(endpoint, request).await?;
            if response.status() == StatusCode::UNAUTHORIZED && !refreshed {
                refreshed = true;
                session = self.refresh_session(&session).await?;
                continue;
            }
            if response.status() == StatusCode::UNAUTHORIZED {
                let body = error_body(response).await;
                return Err(Error::SignedOut(body.message));
            }
            if pass.contains(&response.status()) {
                return Ok(response);
            }
            return check(response).await;
        }
    }

    /// Trades the refresh token for a new pair, once even when several calls found the
    /// access token expired at the same time (a refresh token is good for one use; reusing
    /// one revokes the device).
    async fn refresh_session(&self, stale: &Session) -> Result<Session> {
        let _one = self.inner.refresh.lock().await;
        let current = self.session()?;
        if current.access_token != stale.access_token {
            return Ok(current); // someone else refreshed meanwhile
        }
        let request = self
            .inner
            .http
            .post(format!("{}/v1/sessions/refresh", current.server))
            .json(&RefreshRequest {
                refresh_token: self.refresh_token()?,
            });
        let response = self.send("refresh", request).await?;
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            let body = error_body(response).await;
            if body.code == "device_revoked" {
                return Err(self.revoked(&current, body.message).await);
            }
            return Err(Error::SignedOut(body.message));
        }
        let tokens: SessionTokens = json(check(response).await?).await?;
        let mut session = Session::from_tokens(&current.server, tokens);
        session.mid_base = current.mid_base;
        self.save_session(&session)?;
        Ok(session)
    }

    /// Bytes of request bodies sent since the engine opened.
    pub fn bytes_sent(&self) -> u64 {
        self.inner.bytes_sent.load(Ordering::Relaxed)
    }
}

/// The response if its status is a success, else the server's error.
pub(crate) async fn check(response: Response) -> Result<Response> {
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status().as_u16();
    let body = error_body(response).await;
    Err(Error::Server {
        status,
        code: body.code,
        message: body.message,
    })
}

/// Reads a JSON body; a cut connection while reading is transient.
pub(crate) async fn json<T: DeserializeOwned>(response: Response) -> Result<T> {
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::Offline(describe(&e)))?;
    serde_json::from_slice(&bytes).map_err(|source| Error::Json {
        what: "server answer",
        source,
    })
}

async fn error_body(response: Response) -> ErrorBody {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|_| ErrorBody {
        code: status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase()
            .replace(' ', "_"),
        message: if text.is_empty() {
            status.to_string()
        } else {
            text.chars().take(300).collect()
        },
    })
}

fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
