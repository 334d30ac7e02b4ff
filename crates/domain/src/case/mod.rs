//! Cases of the seven-step loop: [`Case`], its [`CaseState`], what a report carries
//! ([`Report`]), evidence, and the state machine ([`Case::apply`] with [`Action`]s, in
//! `transition`), which returns an [`AuditEntry`] for every applied transition.
//!
//! ```text
//!             report                         self-resolve (自行处置)
//!               │                                   │
//!               ▼                                   │
//!   ┌──────── Reported ──reject──▶ Rejected         │
//!   │           │ accept_case (立案)  │ reopen ─▶ Reported
//!   │           ▼                     │
//!   │        Accepted ◀──return── Dispatched/InProgress
//!   │           │ dispatch            ▲        │ resolve
//!   │           ▼                     │rework  ▼
//!   │       Dispatched ─start─▶ InProgress   Resolved ◀──┘(self-resolve)
//!   │                                         │ verify(passed)
//!   │                                         ▼
//!   │                                      Verified ─close─▶ Closed ─reopen─▶ Accepted
//! ```
//!
//! Failed verification (返工) sends the case back to `Dispatched` (same assignee,
//! `rework_count + 1`), or to `Accepted` when nobody was assigned (a self-resolved report).

mod action;
mod audit;
mod filing;
mod joint;
mod placement;
mod transition;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use action::{Action, ActionKind, RejectReason};
pub use audit::AuditEntry;
pub use placement::PlacementError;

use crate::category::{Category, CategoryCode, CategoryKind, Priority, TimeLimits};
use crate::deadline::EscalationLevel;
use crate::error::{Error, Result, TransitionError};
use crate::hierarchy::{CommunityCode, GridCode};
use crate::organisation::OrgCode;
use crate::people::{self, Person, PersonId};
use crate::timestamp::{Minutes, Timestamp};

/// A case's id (a UUID, made on the device that captured the report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct CaseId(Uuid);

impl CaseId {
    /// A new time-ordered id (UUID v7), for devices creating reports.
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }

    /// Wraps an existing UUID.
    pub const fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// Parses the textual form of a UUID.
    pub fn parse(input: &str) -> Result<Self> {
        Uuid::parse_str(input).map(Self).map_err(|e| Error::Id {
            kind: "case id",
            input: input.to_owned(),
            problem: e.to_string(),
        })
    }

    /// The UUID.
    pub const fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl Default for CaseId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for CaseId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// Where a case is in the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CaseState {
    /// 信息收集: reported, waiting to be accepted or rejected.
    Reported,
    /// 案卷建立: accepted as a case (立案), waiting for dispatch.
    Accepted,
    /// Rejected: duplicate, out of scope or invalid. Final unless reopened.
    Rejected,
    /// 任务派遣: assigned to a handler with a deadline.
    Dispatched,
    /// 任务处理: the handler has started.
    InProgress,
    /// 处理反馈: the handler (or the reporter, self-resolved) sent evidence.
    Resolved,
    /// 核实: checked on site and found resolved.
    Verified,
    /// 结案: closed. Final unless reopened.
    Closed,
}

impl CaseState {
    /// All states.
    pub const ALL: [CaseState; 8] = [
        CaseState::Reported,
        CaseState::Accepted,
        CaseState::Rejected,
        CaseState::Dispatched,
        CaseState::InProgress,
        CaseState::Resolved,
        CaseState::Verified,
        CaseState::Closed,
    ];

    /// The wire name, as serde writes it, e.g. `in_progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Reported => "reported",
            CaseState::Accepted => "accepted",
            CaseState::Rejected => "rejected",
            CaseState::Dispatched => "dispatched",
            CaseState::InProgress => "in_progress",
            CaseState::Resolved => "resolved",
            CaseState::Verified => "verified",
            CaseState::Closed => "closed",
        }
    }

    /// In words, e.g. "in progress".
    pub fn as_words(self) -> &'static str {
        match self {
            CaseState::Reported => "reported",
            CaseState::Accepted => "accepted",
            CaseState::Rejected => "rejected",
            CaseState::Dispatched => "dispatched",
            CaseState::InProgress => "in progress",
            CaseState::Resolved => "resolved",
            CaseState::Verified => "verified",
            CaseState::Closed => "closed",
        }
    }

    /// Whether a handler is working on it (dispatched or in progress).
    pub fn is_active_task(self) -> bool {
        matches!(self, CaseState::Dispatched | CaseState::InProgress)
    }

    /// Whether a deadline governs the case: the handler's part is not done yet (reported,
    /// accepted, dispatched or in progress). See [`crate::deadline::current_deadline`].
    pub fn awaits_handling(self) -> bool {
        matches!(
            self,
            CaseState::Reported
                | CaseState::Accepted
                | CaseState::Dispatched
                | CaseState::InProgress
        )
    }

    /// Whether the loop has ended (closed or rejected).
    pub fn is_final(self) -> bool {
        matches!(self, CaseState::Closed | CaseState::Rejected)
    }
}

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_words())
    }
}

/// How a case came in: from a phone's 随手拍, filed at the desk, from the 12345 hotline,
/// from another city system through Open311, or as a task sent from above (由上至下) with no
/// report behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Source {
    #[default]
    App,
    Desk,
    Hotline,
    Open311,
    Task,
}

impl Source {
    /// Every source, in the order forms list them.
    pub const ALL: [Source; 5] = [
        Source::App,
        Source::Desk,
        Source::Hotline,
        Source::Open311,
        Source::Task,
    ];

    /// The snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::App => "app",
            Source::Desk => "desk",
            Source::Hotline => "hotline",
            Source::Open311 => "open311",
            Source::Task => "task",
        }
    }

    /// The source named `s` (its snake_case name).
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim())
            .ok_or_else(|| Error::Id {
                kind: "case source",
                input: s.to_owned(),
                problem: "expected app, desk, hotline, open311 or task".to_owned(),
            })
    }
}

/// A WGS-84 position (longitude, latitude in degrees).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub lon: f64,
    pub lat: f64,
}

impl Location {
    /// A position with finite longitude in -180..=180 and latitude in -90..=90.
    pub fn new(lon: f64, lat: f64) -> Result<Self> {
        let loc = Self { lon, lat };
        loc.validate()?;
        Ok(loc)
    }

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        if !(self.lon.is_finite() && (-180.0..=180.0).contains(&self.lon)) {
            return Err(Error::Location(format!(
                "longitude {} is not in -180..=180",
                self.lon
            )));
        }
        if !(self.lat.is_finite() && (-90.0..=90.0).contains(&self.lat)) {
            return Err(Error::Location(format!(
                "latitude {} is not in -90..=90",
                self.lat
            )));
        }
        Ok(())
    }
}

/// The sha256 of a prepared photo: 64 lowercase hexadecimal characters.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct PhotoHash(String);

impl PhotoHash {
    /// Parses 64 hexadecimal characters (upper case is folded to lower case).
    pub fn parse(input: &str) -> Result<Self> {
        let fail = |problem: String| Error::PhotoHash {
            input: input.to_owned(),
            problem,
        };
        if input.len() != 64 || input.chars().count() != 64 {
            return Err(fail(format!(
                "expected 64 hexadecimal characters, got {}",
                input.chars().count()
            )));
        }
        if let Some((i, c)) = input
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_hexdigit())
        {
            return Err(fail(format!(
                "character {} is {c:?}, not hexadecimal",
                i + 1
            )));
        }
        Ok(Self(input.to_ascii_lowercase()))
    }

    /// The hash as lowercase hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhotoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PhotoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhotoHash({})", self.0)
    }
}

impl TryFrom<String> for PhotoHash {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Self::parse(&s)
    }
}

impl From<PhotoHash> for String {
    fn from(h: PhotoHash) -> String {
        h.0
    }
}

/// At which step evidence was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStage {
    /// Photos and description of the report.
    Report,
    /// Photos of the fix (by the handler, or the reporter when self-resolved).
    Resolution,
    /// The handler's reason for returning the task.
    Return,
    /// The verifier's note (why it failed, or remarks).
    Verification,
    /// The reason for reopening.
    Reopen,
}

/// Photos and a note added to a case by a person at a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub stage: EvidenceStage,
    pub by: PersonId,
    pub at: Timestamp,
    pub photos: Vec<PhotoHash>,
    pub note: String,
}

/// Why a case was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub reason: RejectReason,
    pub note: String,
}

/// A fix made on the spot by the reporter (自行处置).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfResolution {
    /// Photos after the fix (at least one).
    pub photos: Vec<PhotoHash>,
    pub note: String,
}

/// What a person reports: the input of [`Case::report`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Made on the device, so a replayed report is recognised.
    pub id: CaseId,
    pub priority: Priority,
    /// The community where the problem is.
    pub community: CommunityCode,
    /// The grid where the problem is, when the location fell in one.
    pub grid: Option<GridCode>,
    pub location: Location,
    /// Free-text address or landmark (may be empty).
    pub address: String,
    pub description: String,
    pub photos: Vec<PhotoHash>,
    /// Present when the reporter fixed the problem on the spot.
    pub self_resolution: Option<SelfResolution>,
}

/// A case: a reported problem and everything that happened to it.
///
/// Invariants kept by [`Case::report`] and [`Case::apply`] (and checked by the property
/// tests): dispatched and in-progress cases have an assignee (a joint case has its parts
/// instead); resolved, verified and closed
/// cases have `resolved_at` and resolution evidence; closed cases were verified; rejected
/// cases have a rejection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    pub category: CategoryCode,
    pub kind: CategoryKind,
    pub priority: Priority,
    /// The category's limits for this priority when reported (later catalogue edits do
    /// not change running cases).
    pub limits: TimeLimits,
    pub state: CaseState,
    pub community: CommunityCode,
    pub grid: Option<GridCode>,
    pub location: Location,
    pub address: String,
    pub description: String,
    pub reporter: PersonId,
    /// Reported as already fixed on the spot (自行处置).
    pub self_resolved: bool,
    /// The current handler (set by dispatch/reassign, cleared by return and reopen).
    pub assignee: Option<PersonId>,
    /// The organisation of the current assignee when a department handler has the task
    /// (set and cleared with `assignee`), so KPIs count it per department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<OrgCode>,
    /// Who sent the current resolution (cleared when verification fails).
    pub resolved_by: Option<PersonId>,
    /// Accept (立案) by this time.
    pub accept_due: Timestamp,
    /// Resolve by this time: report + accept + resolve limits, then acceptance + resolve
    /// limit, then the dispatcher's deadline.
    pub resolve_due: Timestamp,
    pub reported_at: Timestamp,
    pub accepted_at: Option<Timestamp>,
    pub rejected_at: Option<Timestamp>,
    /// The first dispatch.
    pub dispatched_at: Option<Timestamp>,
    /// The current assignment (dispatch or reassign).
    pub assigned_at: Option<Timestamp>,
    /// When the assignee acknowledged the current task.
    pub acknowledged_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub verified_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// Failed verifications (返工).
    pub rework_count: u32,
    /// Tasks returned by handlers.
    pub return_count: u32,
    /// Times reopened after closing or rejection.
    pub reopen_count: u32,
    /// The highest escalation reached for the current deadline (see
    /// [`Case::refresh_escalation`]).
    pub escalation: EscalationLevel,
    pub rejection: Option<Rejection>,
    pub evidence: Vec<Evidence>,
    /// 吹哨: the parts of a joint case, one department's task each (see [`Case::part`]);
    /// the case resolves when they all have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<CaseId>,
    /// The joint case this one is a part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<CaseId>,
    /// A part's handler must report in (报到, acknowledge) within this long of being
    /// assigned; until they do, it is the deadline that governs the part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_in: Option<Minutes>,
    /// How the case came in.
    #[serde(default)]
    pub source: Source,
    /// The case's number in the system it came from (a 12345 hotline ticket, an Open311
    /// request), when it came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
}

impl Case {
    /// A new case from a report by `actor` at `now`, in state `Reported`, or `Resolved`
    /// when the report carries a self-resolution (only grid workers may self-resolve).
    ///
    /// Checks: the actor may report in that community ([`people::can_report`]); the grid
    /// lies in the community; the location is valid; there is a description or a photo; a
    /// self-resolution has at least one photo.
    pub fn report(
        actor: &Person,
        report: Report,
        category: &Category,
        now: Timestamp,
    ) -> std::result::Result<(Case, AuditEntry), TransitionError> {
        let kind = if report.self_resolution.is_some() {
            action::ActionKind::SelfResolve
        } else {
            action::ActionKind::Report
        };
        people::can_report(actor, &report.community)?;
        let invalid = |problem: String| TransitionError::Invalid {
            action: kind,
            problem,
        };
        if kind == ActionKind::SelfResolve && !actor.role.is_grid_worker() {
            return Err(crate::error::Denied::Role {
                role: actor.role,
                action: kind,
            }
            .into());
        }
        if let Some(grid) = &report.grid
            && grid.community() != report.community
        {
            return Err(invalid(format!(
                "grid {grid} is not in community {}",
                report.community
            )));
        }
        report
            .location
            .validate()
            .map_err(|e| invalid(e.to_string()))?;
        if report.description.trim().is_empty() && report.photos.is_empty() {
            return Err(invalid(
                "a report needs a description or a photo".to_owned(),
            ));
        }
        if let Some(fix) = &report.self_resolution
            && fix.photos.is_empty()
        {
            return Err(invalid(
                "a problem fixed on the spot needs at least one photo of the result".to_owned(),
            ));
        }
        let limits = category.limits_for(report.priority);
        let mut evidence = vec![Evidence {
            stage: EvidenceStage::Report,
            by: actor.id,
            at: now,
            photos: report.photos,
            note: report.description.clone(),
        }];
        let (state, resolved_at, resolved_by) = match report.self_resolution {
            Some(fix) => {
                evidence.push(Evidence {
                    stage: EvidenceStage::Resolution,
                    by: actor.id,
                    at: now,
                    photos: fix.photos,
                    note: fix.note,
                });
                (CaseState::Resolved, Some(now), Some(actor.id))
            }
            None => (CaseState::Reported, None, None),
        };
        let case = Case {
            id: report.id,
            category: category.code,
            kind: category.kind,
            priority: report.priority,
            limits,
            state,
            community: report.community,
            grid: report.grid,
            location: report.location,
            address: report.address,
            description: report.description,
            reporter: actor.id,
            self_resolved: state == CaseState::Resolved,
            assignee: None,
            department: None,
            resolved_by,
            accept_due: now + limits.accept,
            resolve_due: now + limits.accept + limits.resolve,
            reported_at: now,
            accepted_at: None,
            rejected_at: None,
            dispatched_at: None,
            assigned_at: None,
            acknowledged_at: None,
            started_at: None,
            resolved_at,
            verified_at: None,
            closed_at: None,
            rework_count: 0,
            return_count: 0,
            reopen_count: 0,
            escalation: EscalationLevel::None,
            rejection: None,
            evidence,
            parts: Vec::new(),
            part_of: None,
            report_in: None,
            source: Source::App,
            external_ref: None,
        };
        let entry = AuditEntry {
            case: case.id,
            actor: actor.id,
            role: actor.role,
            action: kind,
            from: None,
            to: case.state,
            at: now,
            detail: format!(
                "{} {} ({}) as {} priority",
                if kind == ActionKind::SelfResolve {
                    "self-resolved"
                } else {
                    "reported"
                },
                category.code,
                category.name_zh,
                case.priority
            ),
        };
        Ok((case, entry))
    }

    /// The case this one duplicates, when rejected as a duplicate.
    pub fn duplicate_of(&self) -> Option<CaseId> {
        match &self.rejection {
            Some(Rejection {
                reason: RejectReason::Duplicate { of },
                ..
            }) => Some(*of),
            _ => None,
        }
    }

    /// Raises [`Case::escalation`] to the level due at `now` (see
    /// [`crate::deadline::escalation_level`]) and returns the new level when it rose. It
    /// never lowers the level; transitions that set a new deadline reset it.
    pub fn refresh_escalation(&mut self, now: Timestamp) -> Option<EscalationLevel> {
        let level = crate::deadline::escalation_level(self, now);
        if level > self.escalation {
            self.escalation = level;
            Some(level)
        } else {
            None
        }
    }
}
