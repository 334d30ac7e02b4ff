//! Errors of the domain crate: [`Error`] for parsing and validation, with
//! [`TransitionError`] and its [`Denied`] part for the case state machine.

use std::fmt;

use crate::case::{ActionKind, CaseState};
use crate::category::CategoryCode;
use crate::hierarchy::{CommunityCode, GridCode, Hierarchy};
use crate::people::{PersonId, Role, Scope};

/// `Result` with the crate's [`Error`] by default.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the domain crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A code has the wrong number of characters.
    #[error("invalid {kind} {input:?}: expected {shape}, got {actual} characters")]
    CodeLength {
        kind: &'static str,
        input: String,
        shape: &'static str,
        actual: usize,
    },
    /// A code has something other than a digit where a digit belongs.
    #[error("invalid {kind} {input:?}: character {position} is {found:?}, expected a digit")]
    CodeNotDigit {
        kind: &'static str,
        input: String,
        /// 1-based character position.
        position: usize,
        found: char,
    },
    /// A code is malformed in another way (separator, zero number, …).
    #[error("invalid {kind} {input:?}: {problem}")]
    CodeFormat {
        kind: &'static str,
        input: String,
        problem: String,
    },
    /// A code does not lie under the parent it was expected under.
    #[error(
        "{kind} {code} is not under {parent_kind} {expected_parent}: its parent is {actual_parent}"
    )]
    WrongParent {
        kind: &'static str,
        code: String,
        parent_kind: &'static str,
        expected_parent: String,
        actual_parent: String,
    },
    /// A line of a hierarchy CSV is wrong.
    #[error("hierarchy CSV line {line}: {problem}")]
    HierarchyCsv { line: usize, problem: String },
    /// A hierarchy level cannot be added (duplicate, missing parent, empty name).
    #[error("{0}")]
    Hierarchy(String),
    /// A text is longer than its limit (see [`crate::limits`]).
    #[error("the {what} is too long: {actual} characters, at most {max}")]
    TooLong {
        what: &'static str,
        max: usize,
        actual: usize,
    },
    /// More items than their limit (see [`crate::limits`]).
    #[error("too many {what}: {actual}, at most {max}")]
    TooMany {
        what: &'static str,
        max: usize,
        actual: usize,
    },
    /// An id is not a UUID.
    #[error("invalid {kind} {input:?}: {problem}")]
    Id {
        kind: &'static str,
        input: String,
        problem: String,
    },
    /// An organisation's kind and area do not fit together, or a field is empty.
    #[error("invalid organisation: {0}")]
    Organisation(String),
    /// A person's role and scope do not fit together, or a field is empty.
    #[error("invalid person: {0}")]
    Person(String),
    /// A category is invalid (names, kind, time limits).
    #[error("invalid category {code}: {problem}")]
    Category { code: String, problem: String },
    /// A category code is already in the catalogue.
    #[error("category {0} is already in the catalogue")]
    DuplicateCategory(CategoryCode),
    /// A location is outside the valid range of longitude and latitude.
    #[error("invalid location: {0}")]
    Location(String),
    /// A photo hash is not 64 lowercase hexadecimal characters.
    #[error("invalid photo hash {input:?}: {problem}")]
    PhotoHash { input: String, problem: String },
    /// A case transition failed.
    #[error(transparent)]
    Transition(#[from] TransitionError),
}

/// Why a case transition (or a report) was not applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TransitionError {
    /// The actor may not do this to this case (role or scope).
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The case is already in the state this action leads to; nothing changed. The sync
    /// server treats this as success (a replayed mutation).
    #[error("nothing to do: the case is already {state} ({action} was already applied)")]
    AlreadyDone {
        action: ActionKind,
        state: CaseState,
    },
    /// The action does not apply to a case in this state.
    #[error("cannot {} a case that is {state}: {why}", action.verb())]
    Illegal {
        action: ActionKind,
        state: CaseState,
        why: &'static str,
    },
    /// The action lacks something it needs (reason, evidence, a future deadline, …).
    #[error("cannot {}: {problem}", action.verb())]
    Invalid { action: ActionKind, problem: String },
}

impl TransitionError {
    /// Whether this is [`TransitionError::AlreadyDone`]: the case already is where the
    /// action would take it, which a replaying client may count as success.
    pub fn is_already_done(&self) -> bool {
        matches!(self, TransitionError::AlreadyDone { .. })
    }

    /// A message with place names from `hierarchy` instead of codes where it helps.
    pub fn explain(&self, hierarchy: &Hierarchy) -> String {
        match self {
            TransitionError::Denied(d) => d.explain(hierarchy),
            other => other.to_string(),
        }
    }
}

/// Why a person may not do something to a case.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Denied {
    /// The role may never take this action.
    #[error("{} may not {} cases", role.with_article(), action.verb())]
    Role { role: Role, action: ActionKind },
    /// The role may take this action, but the case lies outside the person's scope.
    #[error("{}", out_of_scope(role, scope, community, grid.as_ref(), None))]
    OutOfScope {
        role: Role,
        scope: Scope,
        community: CommunityCode,
        grid: Option<GridCode>,
    },
    /// Only the case's current assignee may take this action.
    #[error("only the assignee may {} this case; {}", action.verb(),
        match assignee { Some(a) => format!("it is assigned to {a}"), None => "it is not assigned to anyone".to_owned() })]
    NotAssignee {
        action: ActionKind,
        assignee: Option<PersonId>,
    },
    /// The person who resolved a case may not verify it.
    #[error("the person who resolved a case may not verify it")]
    OwnResolution,
    /// Grid workers and information reporters may verify only cases they reported.
    #[error("{} may only verify cases they reported", role.with_article())]
    NotReporter { role: Role },
    /// The chosen assignee may not receive this case.
    #[error("cannot assign the case to {assignee}: {why}")]
    Assignee { assignee: PersonId, why: String },
}

impl Denied {
    /// The message with place names from `hierarchy`, e.g. "a street dispatcher of 海滨路街道
    /// may not act on a case in 文化路街道".
    pub fn explain(&self, hierarchy: &Hierarchy) -> String {
        match self {
            Denied::OutOfScope {
                role,
                scope,
                community,
                grid,
            } => out_of_scope(role, scope, community, grid.as_ref(), Some(hierarchy)),
            other => other.to_string(),
        }
    }
}

/// "a <role> of <area> may not act on a case in <the case's area at the same level>".
fn out_of_scope(
    role: &Role,
    scope: &Scope,
    community: &CommunityCode,
    grid: Option<&GridCode>,
    names: Option<&Hierarchy>,
) -> String {
    let (mine, theirs) = match scope {
        Scope::Grids(grids) => {
            let list = grids
                .iter()
                .map(|g| place(names, Place::Grid(*g)))
                .collect::<Vec<_>>()
                .join(", ");
            let theirs = match grid {
                Some(g) => place(names, Place::Grid(*g)),
                None => format!("{} (no grid)", place(names, Place::Community(*community))),
            };
            (list, theirs)
        }
        Scope::Community(c) => (
            place(names, Place::Community(*c)),
            place(names, Place::Community(*community)),
        ),
        Scope::Street(s) => (
            place(names, Place::Street(*s)),
            place(names, Place::Street(community.street())),
        ),
        Scope::District(d) => (
            place(names, Place::District(*d)),
            place(names, Place::District(community.district())),
        ),
    };
    format!(
        "{} of {mine} may not act on a case in {theirs}",
        role.with_article()
    )
}

enum Place {
    District(crate::hierarchy::DistrictCode),
    Street(crate::hierarchy::StreetCode),
    Community(CommunityCode),
    Grid(GridCode),
}

/// A place by name when a hierarchy knows it, else "<level> <code>".
fn place(names: Option<&Hierarchy>, p: Place) -> String {
    let known = |name: Option<String>, level: &str, code: &dyn fmt::Display| {
        name.unwrap_or_else(|| format!("{level} {code}"))
    };
    match p {
        Place::District(c) => known(
            names.and_then(|h| h.district(&c)).map(|x| x.name.clone()),
            "district",
            &c,
        ),
        Place::Street(c) => known(
            names.and_then(|h| h.street(&c)).map(|x| x.name.clone()),
            "street",
            &c,
        ),
        Place::Community(c) => known(
            names.and_then(|h| h.community(&c)).map(|x| x.name.clone()),
            "community",
            &c,
        ),
        Place::Grid(c) => known(
            names.and_then(|h| h.grid(&c)).map(|x| x.name.clone()),
            "grid",
            &c,
        ),
    }
}
