//! 双报到 from the desk, online: a community's (or a street's, the district's) registrations
//! and role claims (`GET /v1/join/registrations`), approving or refusing one with a reason
//! (`POST /v1/join/registrations/{number}/decision`), the community's QR code to print
//! (`GET /v1/join/{community}/qr.png`) and the participation figures
//! (`GET /v1/participation/figures`). Each checked here before it is sent, as the server
//! checks it.

use base64::Engine as _;
use domain::participation::{self as rules, Decision, State};
use protocol::{Figures, FiguresQuery, JoinDecision, JoinList, JoinQuery, JoinStatus};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Engine, api};
use crate::{Error, Result};

/// A community's QR code: the public page's address and the PNG to show and print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JoinQr {
    /// The address the code holds (`https://…/join/{community}`).
    pub url: String,
    /// `data:image/png;base64,…`, for an `<img>`.
    pub png: String,
}

/// An optional filter: trimmed, blank as none.
fn given(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The filters of a list, checked.
fn query(area: Option<&str>, kind: Option<&str>, state: Option<&str>) -> Result<JoinQuery> {
    let area = given(area);
    if let Some(a) = &area
        && (!matches!(a.len(), 6 | 9 | 12) || !a.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::Invalid(format!(
            "{a:?}: a community (12 digits), street (9) or district (6) code"
        )));
    }
    let kind = given(kind);
    if let Some(k) = &kind
        && !["unit", "member", "claim"].contains(&k.as_str())
    {
        return Err(Error::Invalid(format!("kind {k:?}: unit, member or claim")));
    }
    let state = given(state);
    if let Some(s) = &state
        && State::parse(s).is_none()
    {
        return Err(Error::Invalid(format!(
            "state {s:?}: pending, approved or refused"
        )));
    }
    Ok(JoinQuery { area, kind, state })
}

/// A decision, checked: a registration number, and a reason for a refusal.
fn decision(number: &str, approve: bool, reason: Option<&str>) -> Result<(String, JoinDecision)> {
    let number = rules::parse_number(number)
        .ok_or_else(|| Error::Invalid(format!("{number:?} is not a registration number")))?;
    let asked = if approve {
        Decision::Approve
    } else {
        Decision::Refuse {
            reason: reason.unwrap_or_default().to_string(),
        }
    };
    let (_, reason) = rules::decide(State::Pending, &asked).map_err(|e| Error::Invalid(e.en))?;
    Ok((number, JoinDecision { approve, reason }))
}

impl Engine {
    /// The registrations and claims of an area (the person's own when none), newest first;
    /// names and phones only of the community's own (`GET /v1/join/registrations`).
    pub async fn join_registrations(
        &self,
        area: Option<&str>,
        kind: Option<&str>,
        state: Option<&str>,
    ) -> Result<JoinList> {
        let q = query(area, kind, state)?;
        let response = self
            .v1_call(
                "join_registrations",
                Method::GET,
                &["join", "registrations"],
                &[],
                |r| r.query(&q),
            )
            .await?;
        api::json(response).await
    }

    /// Approves, or refuses with a reason, a pending registration or claim; the server
    /// keeps its codes (`already_decided`, `forbidden`, …).
    pub async fn join_decide(
        &self,
        number: &str,
        approve: bool,
        reason: Option<&str>,
    ) -> Result<JoinStatus> {
        let (number, body) = decision(number, approve, reason)?;
        let response = self
            .v1_call(
                "join_decide",
                Method::POST,
                &["join", "registrations", &number, "decision"],
                &[],
                |r| r.json(&body),
            )
            .await?;
        api::json(response).await
    }

    /// The community's QR code, to show and print.
    pub async fn join_qr(&self, community: &str) -> Result<JoinQr> {
        let code = domain::CommunityCode::parse(community.trim())
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let response = self
            .v1_call(
                "join_qr",
                Method::GET,
                &["join", code.as_str(), "qr.png"],
                &[],
                |r| r,
            )
            .await?;
        let png = response
            .bytes()
            .await
            .map_err(|e| Error::Offline(e.to_string()))?;
        if !png.starts_with(b"\x89PNG") {
            return Err(Error::Invalid("the server's answer is not a PNG".into()));
        }
        let server = self.session()?.server;
        Ok(JoinQr {
            url: format!("{}/join/{}", server.trim_end_matches('/'), code.as_str()),
            png: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&png)
            ),
        })
    }

    /// Units and members registered, pending, roles claimed per community, street and
    /// district of an area (the person's own when none).
    pub async fn participation_figures(&self, area: Option<&str>) -> Result<Figures> {
        let q = FiguresQuery {
            area: query(area, None, None)?.area,
        };
        let response = self
            .v1_call(
                "participation_figures",
                Method::GET,
                &["participation", "figures"],
                &[],
                |r| r.query(&q),
            )
            .await?;
        api::json(response).await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn filters_are_checked_before_sending() {
        let q = query(Some(" 130302001 "), Some(""), Some("pending")).unwrap();
        assert_eq!(q.area.as_deref(), Some("130302001"));
        assert_eq!(q.kind, None);
        assert_eq!(q.state.as_deref(), Some("pending"));
        assert!(query(Some("1303"), None, None).is_err());
        assert!(query(None, Some("person"), None).is_err());
        assert!(query(None, None, Some("done")).is_err());
    }

    #[test]
    fn a_refusal_needs_a_reason_and_a_number_its_shape() {
        let (n, d) = decision("sb23456 789ab", true, None).unwrap();
        assert_eq!(n, "SB23456789AB");
        assert_eq!(
            d,
            JoinDecision {
                approve: true,
                reason: None
            }
        );
        let (_, d) = decision("SB23456789AB", false, Some(" 不在本社区 ")).unwrap();
        assert_eq!(d.reason.as_deref(), Some("不在本社区"));
        assert_eq!(
            decision("SB23456789AB", false, Some(" "))
                .unwrap_err()
                .code(),
            "invalid"
        );
        assert_eq!(decision("SB0", true, None).unwrap_err().code(), "invalid");
    }
}
