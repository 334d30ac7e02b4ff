//! 双报到 on the wire: a unit's and a party member's registration with a community (no
//! account: answered with a registration number to keep), a member's role claim, the
//! public state of a number, the desk's list and decisions, and the participation figures.

use serde::{Deserialize, Serialize};

/// `POST /v1/join/{community}/units` (JSON, or the public page's form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinUnit {
    /// 单位名称.
    pub name: String,
    /// `agency` (机关), `institution` (事业单位), `state_enterprise` (国有企业),
    /// `private_enterprise` (非公企业) or `social_organisation` (社会组织).
    pub kind: String,
    pub contact_name: String,
    /// A mobile (11 digits) or a landline `0AAA-NNNNNNN`.
    pub contact_phone: String,
    /// The unit's party organisation (党组织).
    pub party_organisation: String,
    /// `zh` (the default) or `en`: the language of a form post's answer page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// `POST /v1/join/{community}/members` (JSON, or the public page's form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinMember {
    pub name: String,
    pub phone: String,
    /// The unit the member works in.
    pub unit: String,
    /// The member's party branch (所在党支部).
    pub party_branch: String,
    /// `residence`: the community they live in; `unit`: their unit's community.
    pub tie: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// `POST /v1/join/registrations/{number}/claims`: a role an approved member claims in the
/// community they registered with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinClaim {
    /// `building_head` (楼栋长, with `building`), `unit_head` (单元长, with `building` and
    /// `unit`), `part_time_grid_worker` (兼职网格员, with `grid`) or `volunteer` (with `post`).
    pub role: String,
    #[serde(default)]
    pub building: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub grid: Option<String>,
    #[serde(default)]
    pub post: Option<String>,
}

/// The answer to a registration or claim: the number to keep, and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoinStatus {
    /// `SB` and ten letters or digits.
    pub number: String,
    /// `unit`, `member` or `claim`.
    pub kind: String,
    /// `pending`, `approved` or `refused`.
    pub state: String,
    pub community: String,
    pub community_name: String,
    /// Unix ms.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub submitted_at: i64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub decided_at: Option<i64>,
    /// Why it was refused.
    pub reason: Option<String>,
}

/// `GET /v1/join/registrations`: filters, all optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct JoinQuery {
    /// A community, street or district code in the caller's scope (default: the scope).
    #[serde(default)]
    pub area: Option<String>,
    /// `unit`, `member` or `claim`.
    #[serde(default)]
    pub kind: Option<String>,
    /// `pending`, `approved` or `refused`.
    #[serde(default)]
    pub state: Option<String>,
}

/// What someone registered, shown only to the community they registered with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoinPersonal {
    /// The unit's or the member's name.
    pub name: String,
    /// The member's, or the unit contact's, phone.
    pub phone: String,
    /// A unit's kind; a member's unit.
    pub unit: String,
    /// A unit's party organisation; a member's party branch.
    pub party: String,
    /// A unit's contact.
    pub contact_name: Option<String>,
    /// A member's `residence` or `unit`.
    pub tie: Option<String>,
    /// A claim's role and place (`building_head 130302001001001-003`, …).
    pub claim: Option<String>,
}

/// One registration or claim at the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoinEntry {
    #[serde(flatten)]
    pub status: JoinStatus,
    /// A claim: the member's registration number.
    pub member: Option<String>,
    /// Only for the community the person registered with (个人信息保护法).
    pub personal: Option<JoinPersonal>,
}

/// `GET /v1/join/registrations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoinList {
    /// Newest first, at most 500.
    pub entries: Vec<JoinEntry>,
}

/// `POST /v1/join/registrations/{number}/decision`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JoinDecision {
    pub approve: bool,
    /// Required when refusing.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `GET /v1/participation/figures?area=`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct FiguresQuery {
    /// A community, street or district code in the caller's scope (default: the scope).
    #[serde(default)]
    pub area: Option<String>,
}

/// One area's participation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiguresRow {
    /// `district`, `street` or `community`.
    pub level: String,
    pub code: String,
    pub name: String,
    /// Units registered (approved).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub units: u64,
    /// Party members registered (approved).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub members: u64,
    /// Registrations and claims waiting for a decision.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pending: u64,
    /// Roles claimed (approved).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub roles: u64,
}

/// `GET /v1/participation/figures`: the area, then its streets, then its communities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figures {
    pub rows: Vec<FiguresRow>,
}
