//! 双报到 at the service: units and party members register with a community without an
//! account (the public page `/join/{community}` or its JSON API), get a registration number
//! to keep, and claim roles once approved; the community's dispatchers (or the street or
//! district above) approve or refuse, each decision in the audit log; phones only to the
//! community the person registered with; figures per community, street and district.

mod page;
mod throttle;

pub use throttle::JoinThrottle;

use std::net::IpAddr;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::participation::{
    self as rules, Decision, Invalid, MemberRegistration, RoleClaim, State, Tie, UnitKind,
    UnitRegistration,
};
use domain::{BuildingCode, CommunityCode, GridCode, Person};
use protocol::{
    Figures, FiguresQuery, FiguresRow, JoinClaim, JoinDecision, JoinEntry, JoinList, JoinMember,
    JoinPersonal, JoinQuery, JoinStatus, JoinUnit,
};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::{JoinFilter, JoinKind, JoinRecord, Tx};

/// The most rows a desk list returns.
const LIST_LIMIT: u32 = 500;

/// The language of the public page and of the messages of public errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `en` (any case) is English; anything else, or nothing, Chinese.
    pub fn of(lang: Option<&str>) -> Self {
        match lang.map(str::trim) {
            Some(l) if l.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Zh,
        }
    }
    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A public submission's answer: JSON to an API client, a page to a form post.
pub enum Answer {
    Json(JoinStatus),
    Page(StatusCode, String),
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Json(status) => (StatusCode::CREATED, axum::Json(status)).into_response(),
            Answer::Page(code, html) => (code, Html(html)).into_response(),
        }
    }
}

fn invalid(e: Invalid, lang: Lang) -> Error {
    Error::bad_request(e.code, lang.pick(&e.zh, &e.en).to_string())
}

fn bad(code: &'static str, lang: Lang, zh: String, en: String) -> Error {
    Error::bad_request(code, lang.pick(&zh, &en).to_string())
}

/// A phone as the people tables store it.
fn phone(text: &str, lang: Lang) -> Result<String> {
    tables::people::parse_phone(text)
        .map_err(|r| Error::bad_request("bad_phone", lang.pick(&r.zh, &r.en).to_string()))
}

/// A community code the service knows.
fn community_code(state: &AppState, code: &str, lang: Lang) -> Result<CommunityCode> {
    let code = CommunityCode::parse(code.trim()).map_err(|e| {
        bad(
            "bad_community",
            lang,
            format!("“{code}”不是社区编码"),
            e.to_string(),
        )
    })?;
    if state.hierarchy().community(&code).is_none() {
        return Err(Error::not_found(
            lang.pick(
                &format!("没有编码为 {code} 的社区"),
                &format!("no community {code}"),
            )
            .to_string(),
        ));
    }
    Ok(code)
}

fn number_of(number: &str, lang: Lang) -> Result<String> {
    rules::parse_number(number).ok_or_else(|| {
        bad(
            "bad_number",
            lang,
            format!("“{number}”不是报到编号（SB加10位字母数字）"),
            format!("{number:?} is not a registration number (SB and 10 letters or digits)"),
        )
    })
}

/// Counts a public submission, or refuses it (429) while its address or community is
/// over its hourly limit.
fn admit(state: &AppState, client: Option<IpAddr>, community: &CommunityCode) -> Result<()> {
    state
        .join_throttle()
        .admit(client, community.as_str(), state.now_ms())
        .map_err(|secs| {
            Error::TooManyRequests(format!(
                "too many registrations from here: try again in {} minutes (提交过于频繁，请稍后再试)",
                (secs + 59) / 60
            ))
        })
}

fn status_of(state: &AppState, r: &JoinRecord) -> JoinStatus {
    let name = CommunityCode::parse(&r.community)
        .map(|c| state.hierarchy().community_name(&c))
        .unwrap_or_default();
    JoinStatus {
        number: r.number.clone(),
        kind: r.kind.key().to_string(),
        state: r.state.key().to_string(),
        community: r.community.clone(),
        community_name: name,
        submitted_at: r.created_at,
        decided_at: r.decided.as_ref().map(|d| d.0),
        reason: r.decided.as_ref().and_then(|d| d.2.clone()),
    }
}

/// Stores a new registration or claim under a fresh number, unless a live one (pending or
/// approved) of the same kind and key is already there.
async fn submit(
    state: &AppState,
    community: CommunityCode,
    kind: JoinKind,
    key: String,
    member: Option<String>,
    detail: String,
    lang: Lang,
) -> Result<JoinStatus> {
    let now = state.now_ms();
    let record = state
        .write(move |tx| {
            if tx.join_find_live(community.as_str(), kind, &key)?.is_some() {
                return Err(Error::conflict(
                    "already_registered",
                    lang.pick(
                        "已在本社区报到（待审核或已通过），请勿重复提交",
                        "already registered with this community (pending or approved)",
                    ),
                ));
            }
            let number = loop {
                let mut random = [0u8; rules::NUMBER_LEN];
                rand::fill(&mut random);
                let n = rules::number_from(&random);
                if tx.join_get(&n)?.is_none() {
                    break n;
                }
            };
            let record = JoinRecord {
                number,
                kind,
                community: community.as_str().to_string(),
                state: State::Pending,
                key,
                member,
                detail,
                created_at: now,
                decided: None,
            };
            tx.join_insert(&record)?;
            Ok(record)
        })
        .await?;
    tracing::info!(number = %record.number, kind = record.kind.key(), community = %record.community, "join registration");
    Ok(status_of(state, &record))
}

/// The answer to a public submission: JSON, or for a form post the page with the number
/// (or what to correct).
fn answer(
    state: &AppState,
    community: &str,
    form: bool,
    lang: Lang,
    result: Result<JoinStatus>,
) -> Result<Answer> {
    if !form {
        return result.map(Answer::Json);
    }
    let name = CommunityCode::parse(community)
        .ok()
        .and_then(|c| state.hierarchy().community(&c).map(|c| c.name.clone()))
        .unwrap_or_default();
    Ok(match result {
        Ok(status) => Answer::Page(
            StatusCode::CREATED,
            page::receipt(lang, community, &name, &status),
        ),
        Err(e) => Answer::Page(e.status(), page::problem(lang, community, &name, &e)),
    })
}

async fn unit_registration(
    state: &AppState,
    client: Option<IpAddr>,
    community: &str,
    body: JoinUnit,
    lang: Lang,
) -> Result<JoinStatus> {
    let code = community_code(state, community, lang)?;
    let kind = UnitKind::parse(&body.kind).ok_or_else(|| {
        bad(
            "bad_unit_kind",
            lang,
            "请选择单位类型".into(),
            format!(
                "unit kind {:?}: one of agency, institution, state_enterprise, \
                 private_enterprise, social_organisation",
                body.kind
            ),
        )
    })?;
    let mut unit = UnitRegistration {
        name: body.name,
        kind,
        contact_name: body.contact_name,
        contact_phone: body.contact_phone,
        party_organisation: body.party_organisation,
    }
    .validated()
    .map_err(|e| invalid(e, lang))?;
    unit.contact_phone = phone(&unit.contact_phone, lang)?;
    admit(state, client, &code)?;
    let key = unit.name.clone();
    let detail = serde_json::to_string(&unit)?;
    submit(state, code, JoinKind::Unit, key, None, detail, lang).await
}

/// `POST /v1/join/{community}/units`: a unit registers (JSON, or the page's form).
pub async fn register_unit(
    state: &AppState,
    client: Option<IpAddr>,
    community: &str,
    body: JoinUnit,
    form: bool,
) -> Result<Answer> {
    let lang = Lang::of(body.lang.as_deref());
    let result = unit_registration(state, client, community, body, lang).await;
    answer(state, community, form, lang, result)
}

async fn member_registration(
    state: &AppState,
    client: Option<IpAddr>,
    community: &str,
    body: JoinMember,
    lang: Lang,
) -> Result<JoinStatus> {
    let code = community_code(state, community, lang)?;
    let tie = Tie::parse(&body.tie).ok_or_else(|| {
        bad(
            "bad_tie",
            lang,
            "请选择报到类型（居住地或单位所在地）".into(),
            format!("tie {:?}: residence or unit", body.tie),
        )
    })?;
    let mut member = MemberRegistration {
        name: body.name,
        phone: body.phone,
        unit: body.unit,
        party_branch: body.party_branch,
        tie,
    }
    .validated()
    .map_err(|e| invalid(e, lang))?;
    member.phone = phone(&member.phone, lang)?;
    admit(state, client, &code)?;
    let key = member.phone.clone();
    let detail = serde_json::to_string(&member)?;
    submit(state, code, JoinKind::Member, key, None, detail, lang).await
}

/// `POST /v1/join/{community}/members`: a party member registers.
pub async fn register_member(
    state: &AppState,
    client: Option<IpAddr>,
    community: &str,
    body: JoinMember,
    form: bool,
) -> Result<Answer> {
    let lang = Lang::of(body.lang.as_deref());
    let result = member_registration(state, client, community, body, lang).await;
    answer(state, community, form, lang, result)
}

/// The claim a request names, its places parsed (not yet checked against the community).
fn parse_claim(body: &JoinClaim, lang: Lang) -> Result<RoleClaim> {
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let building = || -> Result<BuildingCode> {
        let text = given(&body.building).unwrap_or_default();
        BuildingCode::parse(text).map_err(|e| {
            bad(
                "bad_building",
                lang,
                format!("“{text}”不是楼栋编码"),
                e.to_string(),
            )
        })
    };
    Ok(match body.role.trim() {
        "building_head" => RoleClaim::BuildingHead {
            building: building()?,
        },
        "unit_head" => RoleClaim::UnitHead {
            building: building()?,
            unit: given(&body.unit).unwrap_or_default().to_string(),
        },
        "part_time_grid_worker" => {
            let text = given(&body.grid).unwrap_or_default();
            RoleClaim::PartTimeGridWorker {
                grid: GridCode::parse(text).map_err(|e| {
                    bad(
                        "bad_grid",
                        lang,
                        format!("“{text}”不是网格编码"),
                        e.to_string(),
                    )
                })?,
            }
        }
        "volunteer" => RoleClaim::Volunteer {
            post: given(&body.post).unwrap_or_default().to_string(),
        },
        other => {
            return Err(bad(
                "bad_role",
                lang,
                "请选择认领的岗位".into(),
                format!(
                    "role {other:?}: building_head, unit_head, part_time_grid_worker or volunteer"
                ),
            ));
        }
    })
}

/// Whether the claimed building or grid is stored and in use.
fn place_exists(tx: &mut dyn Tx, claim: &RoleClaim) -> Result<bool> {
    Ok(match claim {
        RoleClaim::BuildingHead { building } | RoleClaim::UnitHead { building, .. } => {
            matches!(tx.building_get(building)?, Some((_, false)))
        }
        RoleClaim::PartTimeGridWorker { grid } => tx.grids_all()?.iter().any(|g| g.code == *grid),
        RoleClaim::Volunteer { .. } => true,
    })
}

fn claim_place(claim: &RoleClaim) -> String {
    match claim {
        RoleClaim::BuildingHead { building } => building.as_str().to_string(),
        RoleClaim::UnitHead { building, unit } => format!("{}/{unit}", building.as_str()),
        RoleClaim::PartTimeGridWorker { grid } => grid.as_str().to_string(),
        RoleClaim::Volunteer { post } => post.clone(),
    }
}

async fn claim_registration(
    state: &AppState,
    client: Option<IpAddr>,
    number: &str,
    body: JoinClaim,
    lang: Lang,
) -> Result<(JoinStatus, String)> {
    let number = number_of(number, lang)?;
    let claim = parse_claim(&body, lang)?;
    let n = number.clone();
    let member = state
        .read(move |tx| tx.join_get(&n))
        .await?
        .filter(|r| r.kind == JoinKind::Member)
        .ok_or_else(|| {
            Error::not_found(lang.pick(
                "没有这个党员报到编号",
                "no member registration with this number",
            ))
        })?;
    if member.state != State::Approved {
        return Err(Error::conflict(
            "not_approved",
            lang.pick(
                "报到通过审核后才能认领岗位",
                "a member claims roles once the community approved the registration",
            ),
        ));
    }
    let community = CommunityCode::parse(&member.community)
        .map_err(|e| Error::Storage(format!("join registration {number}: {e}")))?;
    let claim = rules::claim_in(claim, &community).map_err(|e| invalid(e, lang))?;
    let c = claim.clone();
    if !state.read(move |tx| place_exists(tx, &c)).await? {
        return Err(Error::unprocessable(
            "unknown_place",
            lang.pick("没有这个楼栋或网格", "no such building or grid in use"),
        ));
    }
    admit(state, client, &community)?;
    let key = format!("{number} {} {}", claim.key(), claim_place(&claim));
    let detail = serde_json::to_string(&claim)?;
    let code = community.as_str().to_string();
    let status = submit(
        state,
        community,
        JoinKind::Claim,
        key,
        Some(number),
        detail,
        lang,
    )
    .await?;
    Ok((status, code))
}

/// `POST /v1/join/registrations/{number}/claims`: an approved member claims a role in the
/// community they registered with (the number is what shows they are that member).
pub async fn claim(
    state: &AppState,
    client: Option<IpAddr>,
    number: &str,
    body: JoinClaim,
    lang: Option<&str>,
    form: bool,
) -> Result<Answer> {
    let lang = Lang::of(lang);
    match claim_registration(state, client, number, body, lang).await {
        Ok((status, community)) => answer(state, &community, form, lang, Ok(status)),
        Err(e) => answer(state, "", form, lang, Err(e)),
    }
}

/// `GET /v1/join/registrations/{number}`: where a registration or claim stands (nothing
/// personal: the number is all it takes).
pub async fn status(state: &AppState, number: &str) -> Result<JoinStatus> {
    let number = number_of(number, Lang::En)?;
    let n = number.clone();
    let record = state
        .read(move |tx| tx.join_get(&n))
        .await?
        .ok_or_else(|| Error::not_found(format!("no registration {number}")))?;
    Ok(status_of(state, &record))
}

/// The code of the caller's own scope (a grid worker has none here).
fn scope_code(person: &Person) -> Result<String> {
    Ok(match &person.scope {
        domain::Scope::Community(c) => c.as_str().to_string(),
        domain::Scope::Street(s) => s.as_str().to_string(),
        domain::Scope::District(d) => d.as_str().to_string(),
        domain::Scope::Grids(_) => {
            return Err(Error::forbidden(
                "双报到 is for dispatchers, the commander and administrators",
            ));
        }
    })
}

/// The area a desk request reads: the one asked for, else the caller's scope; refused
/// outside the scope.
fn area_of(person: &Person, asked: Option<&str>) -> Result<String> {
    let area = match asked.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => a.to_string(),
        None => scope_code(person)?,
    };
    if !matches!(area.len(), 6 | 9 | 12) || !area.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::bad_request(
            "bad_area",
            format!("{area:?}: a community (12 digits), street (9) or district (6) code"),
        ));
    }
    if !rules::may_see_figures(person, &area) {
        return Err(Error::forbidden(format!(
            "area {area} is not in your scope"
        )));
    }
    Ok(area)
}

/// What a row holds, for the community it was registered with.
fn personal(tx: &mut dyn Tx, r: &JoinRecord) -> Result<JoinPersonal> {
    Ok(match r.kind {
        JoinKind::Unit => {
            let u: UnitRegistration = serde_json::from_str(&r.detail)?;
            JoinPersonal {
                name: u.name,
                phone: u.contact_phone,
                unit: u.kind.key().to_string(),
                party: u.party_organisation,
                contact_name: Some(u.contact_name),
                tie: None,
                claim: None,
            }
        }
        JoinKind::Member => {
            let m: MemberRegistration = serde_json::from_str(&r.detail)?;
            JoinPersonal {
                name: m.name,
                phone: m.phone,
                unit: m.unit,
                party: m.party_branch,
                contact_name: None,
                tie: Some(m.tie.key().to_string()),
                claim: None,
            }
        }
        JoinKind::Claim => {
            let claim: RoleClaim = serde_json::from_str(&r.detail)?;
            let member = match &r.member {
                Some(n) => tx.join_get(n)?,
                None => None,
            };
            let mut p = match member {
                Some(m) => personal(tx, &m)?,
                None => JoinPersonal::default(),
            };
            p.claim = Some(format!("{} {}", claim.key(), claim_place(&claim)));
            p
        }
    })
}

/// `GET /v1/join/registrations`: the registrations and claims of an area in the caller's
/// scope, newest first; what people registered only for their own community.
pub async fn list(state: &AppState, caller: &Caller, q: JoinQuery) -> Result<JoinList> {
    let person = caller.person().clone();
    let area = area_of(&person, q.area.as_deref())?;
    let kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(JoinKind::parse(k).ok_or_else(|| {
            Error::bad_request("bad_kind", format!("kind {k:?}: unit, member or claim"))
        })?),
        None => None,
    };
    let wanted = match q.state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(State::parse(s).ok_or_else(|| {
            Error::bad_request(
                "bad_state",
                format!("state {s:?}: pending, approved or refused"),
            )
        })?),
        None => None,
    };
    let st = state.clone();
    state
        .read(move |tx| {
            let rows = tx.join_list(&JoinFilter {
                area,
                kind,
                state: wanted,
                limit: LIST_LIMIT,
            })?;
            let mut entries = Vec::with_capacity(rows.len());
            for r in &rows {
                let own = CommunityCode::parse(&r.community)
                    .is_ok_and(|c| rules::may_see_personal(&person, &c));
                entries.push(JoinEntry {
                    status: status_of(&st, r),
                    member: r.member.clone(),
                    personal: if own { Some(personal(tx, r)?) } else { None },
                });
            }
            Ok(JoinList { entries })
        })
        .await
}

/// `POST /v1/join/registrations/{number}/decision`: the community (or the street or
/// district above it) approves or refuses a pending registration or claim; audited.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    number: &str,
    body: JoinDecision,
) -> Result<JoinStatus> {
    let number = number_of(number, Lang::En)?;
    let decision = if body.approve {
        Decision::Approve
    } else {
        Decision::Refuse {
            reason: body.reason.unwrap_or_default(),
        }
    };
    let caller = caller.clone();
    let now = state.now_ms();
    let record = state
        .write(move |tx| {
            let Some(mut r) = tx.join_get(&number)? else {
                return Err(Error::not_found(format!("no registration {number}")));
            };
            let community = CommunityCode::parse(&r.community)
                .map_err(|e| Error::Storage(format!("join registration {number}: {e}")))?;
            if !rules::may_decide(caller.person(), &community) {
                return Err(Error::forbidden(format!(
                    "registrations with community {community} are not yours to decide"
                )));
            }
            let (next, reason) = rules::decide(r.state, &decision).map_err(|e| {
                if e.code == "already_decided" {
                    Error::conflict(e.code, e.en)
                } else {
                    Error::bad_request(e.code, e.en)
                }
            })?;
            if !tx.join_decide(&number, next, now, caller.id(), reason.as_deref())? {
                return Err(Error::conflict("already_decided", "already decided"));
            }
            let action = if next == State::Approved {
                "join.approve"
            } else {
                "join.refuse"
            };
            tx.admin_audit_put(&crate::people_admin::audit(
                &caller,
                now,
                action,
                &number,
                serde_json::json!({ "kind": r.kind.key(), "community": r.community, "state": "pending" }),
                serde_json::json!({ "state": next.key(), "reason": reason }),
            ))?;
            r.state = next;
            r.decided = Some((now, caller.id(), reason));
            Ok(r)
        })
        .await?;
    Ok(status_of(state, &record))
}

/// `GET /v1/join/{community}/qr.png`: the QR code of the community's public page, for its
/// dispatchers (and those above) to print.
pub async fn qr(state: &AppState, caller: &Caller, community: &str, base: &str) -> Result<Vec<u8>> {
    let code = community_code(state, community, Lang::En)?;
    if !rules::may_decide(caller.person(), &code) {
        return Err(Error::forbidden(format!(
            "the QR code of community {code} is not yours to print"
        )));
    }
    crate::enrollments::qr_png(&page_url(base, &code))
}

/// The address of a community's public page.
pub fn page_url(base: &str, community: &CommunityCode) -> String {
    format!("{}/join/{}", base.trim_end_matches('/'), community.as_str())
}

/// `GET /v1/participation/figures`: per community, street and district of the area,
/// units and members registered (approved), pending, roles claimed (approved).
pub async fn figures(state: &AppState, caller: &Caller, q: FiguresQuery) -> Result<Figures> {
    let area = area_of(caller.person(), q.area.as_deref())?;
    let a = area.clone();
    let counts = state.read(move |tx| tx.join_counts(&a)).await?;
    let h = state.hierarchy();
    let row = |level: &str, code: &str, name: String| {
        let mut r = FiguresRow {
            level: level.to_string(),
            code: code.to_string(),
            name,
            units: 0,
            members: 0,
            pending: 0,
            roles: 0,
        };
        for c in counts.iter().filter(|c| c.community.starts_with(code)) {
            match (c.kind, c.state) {
                (_, State::Pending) => r.pending += c.count,
                (JoinKind::Unit, State::Approved) => r.units += c.count,
                (JoinKind::Member, State::Approved) => r.members += c.count,
                (JoinKind::Claim, State::Approved) => r.roles += c.count,
                (_, State::Refused) => {}
            }
        }
        r
    };
    let mut rows = Vec::new();
    let communities: Vec<&domain::Community> = h
        .communities()
        .filter(|c| c.code.as_str().starts_with(&area))
        .collect();
    match area.len() {
        6 => {
            let d = area
                .parse::<domain::DistrictCode>()
                .map_err(|e| Error::bad_request("bad_area", e.to_string()))?;
            rows.push(row("district", &area, h.district_name(&d)));
            for s in h.streets_in(&d) {
                rows.push(row("street", s.code.as_str(), s.name.clone()));
            }
        }
        9 => {
            let s = area
                .parse::<domain::StreetCode>()
                .map_err(|e| Error::bad_request("bad_area", e.to_string()))?;
            rows.push(row("street", &area, h.street_name(&s)));
        }
        _ => {}
    }
    for c in communities {
        rows.push(row("community", c.code.as_str(), c.name.clone()));
    }
    Ok(Figures { rows })
}

/// `GET /join/{community}`: the public page, its forms in Chinese (or English), and the
/// state of a number when one is asked for.
pub async fn public_page(
    state: &AppState,
    community: &str,
    lang: Option<&str>,
    number: Option<&str>,
) -> Result<String> {
    let lang = Lang::of(lang);
    let code = community_code(state, community, lang)?;
    let name = state.hierarchy().community_name(&code);
    let asked = match number.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => Some(match status(state, n).await {
            Ok(s) => Ok(s),
            Err(e) => Err(e),
        }),
        None => None,
    };
    Ok(page::html(lang, code.as_str(), &name, asked.as_ref()))
}
