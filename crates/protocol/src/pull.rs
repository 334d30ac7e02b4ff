//! Pull: the change feed a device reads by server sequence number.

use serde::{Deserialize, Serialize};

/// `GET /v1/pull?cursor=&limit=`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    /// The `cursor` of the last page applied; 0 (or absent) for everything.
    #[serde(default)]
    pub cursor: u64,
    /// Most changes in the page: taken within 1 and the server's cap (0 counts as 1).
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Pass back as `cursor` next time; store it in the same transaction as the page.
    pub cursor: u64,
    /// More changes wait: pull again at once.
    pub has_more: bool,
}

/// One change. `put` carries the entity's whole current state in `data`; `remove`
/// means it left this person's scope (not that it was deleted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub seq: u64,
    pub kind: ChangeKind,
    pub entity: EntityKind,
    /// The entity's id: a uuid for cases, persons and patrols, a code for grids and
    /// categories.
    pub id: String,
    /// For `put`: a [`crate::CaseView`], [`crate::CategoryView`], [`crate::GridView`],
    /// [`crate::PersonView`], [`crate::PatrolView`] or [`crate::BuildingView`] by `entity`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Put,
    Remove,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Case,
    Category,
    Grid,
    Person,
    Patrol,
    Building,
    /// A district, street or community of the hierarchy ([`crate::AreaView`]).
    Area,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Case => "case",
            EntityKind::Category => "category",
            EntityKind::Grid => "grid",
            EntityKind::Person => "person",
            EntityKind::Patrol => "patrol",
            EntityKind::Building => "building",
            EntityKind::Area => "area",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "case" => EntityKind::Case,
            "category" => EntityKind::Category,
            "grid" => EntityKind::Grid,
            "person" => EntityKind::Person,
            "patrol" => EntityKind::Patrol,
            "building" => EntityKind::Building,
            "area" => EntityKind::Area,
            _ => return None,
        })
    }
}
