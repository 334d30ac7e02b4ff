//! 双报到 in storage: registrations and role claims, one row each under its number, with
//! their state and the community's decision; counted per community for the figures.

use domain::PersonId;
use domain::participation::State;

use crate::error::Result;

/// What a row is: a unit's registration, a member's, or a member's role claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JoinKind {
    Unit,
    Member,
    Claim,
}

impl JoinKind {
    pub const ALL: [JoinKind; 3] = [JoinKind::Unit, JoinKind::Member, JoinKind::Claim];

    pub fn key(self) -> &'static str {
        match self {
            JoinKind::Unit => "unit",
            JoinKind::Member => "member",
            JoinKind::Claim => "claim",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key.trim())
    }
}

/// One registration or claim as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinRecord {
    pub number: String,
    pub kind: JoinKind,
    pub community: String,
    pub state: State,
    /// What makes two of the same kind in a community the same (a member's phone and tie,
    /// a unit's name, a claim's role and place).
    pub key: String,
    /// A claim's member registration.
    pub member: Option<String>,
    /// What was sent, as JSON (the domain's registration or claim).
    pub detail: String,
    pub created_at: i64,
    /// When, by whom and (a refusal) why it was decided.
    pub decided: Option<(i64, PersonId, Option<String>)>,
}

/// Filters of a list: `area` is a code prefix (community, street or district).
#[derive(Debug, Clone, Default)]
pub struct JoinFilter {
    pub area: String,
    pub kind: Option<JoinKind>,
    pub state: Option<State>,
    pub limit: u32,
}

/// How many rows of a kind and state a community has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinCount {
    pub community: String,
    pub kind: JoinKind,
    pub state: State,
    pub count: u64,
}

pub trait JoinRepo {
    /// Stores a new registration or claim (its number is new).
    fn join_insert(&mut self, record: &JoinRecord) -> Result<()>;
    fn join_get(&mut self, number: &str) -> Result<Option<JoinRecord>>;
    /// Records the decision on a pending row; false when it was not pending (nothing
    /// changed).
    fn join_decide(
        &mut self,
        number: &str,
        state: State,
        at: i64,
        by: PersonId,
        reason: Option<&str>,
    ) -> Result<bool>;
    /// Rows matching the filter, newest first (then by number), at most `limit`.
    fn join_list(&mut self, filter: &JoinFilter) -> Result<Vec<JoinRecord>>;
    /// A pending or approved row of `kind` with `key` in `community`, if one exists.
    fn join_find_live(
        &mut self,
        community: &str,
        kind: JoinKind,
        key: &str,
    ) -> Result<Option<JoinRecord>>;
    /// The counts per community, kind and state of the communities under `area`.
    fn join_counts(&mut self, area: &str) -> Result<Vec<JoinCount>>;
}
