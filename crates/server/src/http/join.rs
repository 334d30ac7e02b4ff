//! 双报到 routes: the public page and its forms (no account), a number's state, a member's
//! role claim; the desk's list, decisions and the community's QR code; the figures.

use axum::extract::{FromRequest, Path, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, Response};
use protocol::{
    ErrorBody, Figures, FiguresQuery, JoinClaim, JoinDecision, JoinList, JoinMember, JoinQuery,
    JoinStatus, JoinUnit,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::extract::{ClientAddr, Json, PublicUrl, Query};
use crate::error::{Error, Result};
use crate::participation::Answer;
use crate::sessions::Caller;
use crate::state::AppState;

/// A body sent as JSON, or as the public page's form (`form` true: answer with a page).
pub struct JsonOrForm<T> {
    pub body: T,
    pub form: bool,
}

impl<S, T> FromRequest<S> for JsonOrForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if form {
            let axum::Form(body) = axum::Form::<T>::from_request(req, state)
                .await
                .map_err(|e| Error::bad_request("bad_form", e.body_text()))?;
            Ok(Self { body, form })
        } else {
            let Json(body) = Json::<T>::from_request(req, state).await?;
            Ok(Self { body, form })
        }
    }
}

/// `?lang=` and `?number=` of the public page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// `en` for English; Chinese otherwise.
    #[serde(default)]
    pub lang: Option<String>,
    /// A registration number whose state to show.
    #[serde(default)]
    pub number: Option<String>,
}

/// `?lang=` of a form post's answer page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LangQuery {
    /// `en` for an English answer page; Chinese otherwise.
    #[serde(default)]
    pub lang: Option<String>,
}

/// `GET /join/{community}`: the public registration page (HTML).
pub async fn page(
    State(state): State<AppState>,
    Path(community): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>> {
    Ok(Html(
        crate::participation::public_page(
            &state,
            &community,
            q.lang.as_deref(),
            q.number.as_deref(),
        )
        .await?,
    ))
}

/// A unit registers with a community (no account): answered with its registration number.
/// A form post (`application/x-www-form-urlencoded`) is answered with a page.
#[utoipa::path(post, path = "/v1/join/{community}/units", tag = "join",
    params(("community" = String, Path, description = "A community code (12 digits)")),
    request_body = JoinUnit,
    responses(
        (status = 201, description = "Registered, pending the community's decision", body = JoinStatus),
        (status = 400, description = "A field missing, too long or malformed (a phone, a kind)", body = ErrorBody),
        (status = 404, description = "No such community", body = ErrorBody),
        (status = 409, description = "Already registered with this community", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Neither JSON nor a form", body = ErrorBody),
        (status = 429, description = "Too many registrations from this address or for this community", body = ErrorBody),
    ))]
pub async fn units(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(community): Path<String>,
    body: JsonOrForm<JoinUnit>,
) -> Result<Answer> {
    crate::participation::register_unit(&state, client, &community, body.body, body.form).await
}

/// A party member registers with a community (where they live, or where their unit is).
#[utoipa::path(post, path = "/v1/join/{community}/members", tag = "join",
    params(("community" = String, Path, description = "A community code (12 digits)")),
    request_body = JoinMember,
    responses(
        (status = 201, description = "Registered, pending the community's decision", body = JoinStatus),
        (status = 400, description = "A field missing, too long or malformed (a phone, a tie)", body = ErrorBody),
        (status = 404, description = "No such community", body = ErrorBody),
        (status = 409, description = "Already registered with this community", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Neither JSON nor a form", body = ErrorBody),
        (status = 429, description = "Too many registrations from this address or for this community", body = ErrorBody),
    ))]
pub async fn members(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(community): Path<String>,
    body: JsonOrForm<JoinMember>,
) -> Result<Answer> {
    crate::participation::register_member(&state, client, &community, body.body, body.form).await
}

/// Where a registration or claim stands (no account: the number is all it takes; nothing
/// personal is shown).
#[utoipa::path(get, path = "/v1/join/registrations/{number}", tag = "join",
    params(("number" = String, Path, description = "The registration number (SB…)")),
    responses(
        (status = 200, description = "Its state", body = JoinStatus),
        (status = 400, description = "Not a registration number", body = ErrorBody),
        (status = 404, description = "No such registration", body = ErrorBody),
    ))]
pub async fn status(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<axum::Json<JoinStatus>> {
    Ok(axum::Json(
        crate::participation::status(&state, &number).await?,
    ))
}

/// An approved member claims a role (楼栋长, 单元长, 兼职网格员, a volunteer post) in the
/// community they registered with, by their registration number.
#[utoipa::path(post, path = "/v1/join/registrations/{number}/claims", tag = "join",
    params(("number" = String, Path, description = "The member's registration number"), LangQuery),
    request_body = JoinClaim,
    responses(
        (status = 201, description = "Claimed, pending the community's decision", body = JoinStatus),
        (status = 400, description = "Not a number, a role or a code; a place of another community", body = ErrorBody),
        (status = 404, description = "No member registration with this number", body = ErrorBody),
        (status = 409, description = "The member is not approved, or claimed this already", body = ErrorBody),
        (status = 415, description = "Neither JSON nor a form", body = ErrorBody),
        (status = 422, description = "No such building or grid in use", body = ErrorBody),
        (status = 429, description = "Too many submissions", body = ErrorBody),
    ))]
pub async fn claims(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(number): Path<String>,
    Query(q): Query<LangQuery>,
    body: JsonOrForm<JoinClaim>,
) -> Result<Answer> {
    crate::participation::claim(
        &state,
        client,
        &number,
        body.body,
        q.lang.as_deref(),
        body.form,
    )
    .await
}

/// The registrations and claims of an area in the caller's scope, newest first; what a
/// person registered only for the community they registered with.
#[utoipa::path(get, path = "/v1/join/registrations", tag = "join", params(JoinQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The registrations and claims", body = JoinList),
        (status = 400, description = "A bad area, kind or state", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a dispatcher, commander or administrator of the area", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<JoinQuery>,
) -> Result<axum::Json<JoinList>> {
    Ok(axum::Json(
        crate::participation::list(&state, &caller, q).await?,
    ))
}

/// Approves or refuses (with a reason) a pending registration or claim: the community's
/// dispatcher, or the street or district above it; audited.
#[utoipa::path(post, path = "/v1/join/registrations/{number}/decision", tag = "join",
    params(("number" = String, Path, description = "The registration number")),
    request_body = JoinDecision, security(("bearer" = [])),
    responses(
        (status = 200, description = "Decided", body = JoinStatus),
        (status = 400, description = "Not a number; a refusal without a reason", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the community's, or above it", body = ErrorBody),
        (status = 404, description = "No such registration", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(number): Path<String>,
    Json(body): Json<JoinDecision>,
) -> Result<axum::Json<JoinStatus>> {
    Ok(axum::Json(
        crate::participation::decide(&state, &caller, &number, body).await?,
    ))
}

/// The QR code of the community's public page, to print and post.
#[utoipa::path(get, path = "/v1/join/{community}/qr.png", tag = "join",
    params(("community" = String, Path, description = "A community code (12 digits)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The QR code", content_type = "image/png", body = Vec<u8>),
        (status = 400, description = "Not a community code", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the community's, or above it", body = ErrorBody),
        (status = 404, description = "No such community", body = ErrorBody),
    ))]
pub async fn qr(
    State(state): State<AppState>,
    caller: Caller,
    PublicUrl(base): PublicUrl,
    Path(community): Path<String>,
) -> Result<Response> {
    let png = crate::participation::qr(&state, &caller, &community, &base).await?;
    Ok(super::attachment("image/png", "join-qr.png", png))
}

/// Participation per community, street and district: units and members registered,
/// pending, roles claimed.
#[utoipa::path(get, path = "/v1/participation/figures", tag = "join", params(FiguresQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The area, its streets and communities", body = Figures),
        (status = 400, description = "Not an area code", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Outside the caller's scope", body = ErrorBody),
    ))]
pub async fn figures(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<FiguresQuery>,
) -> Result<axum::Json<Figures>> {
    Ok(axum::Json(
        crate::participation::figures(&state, &caller, q).await?,
    ))
}
