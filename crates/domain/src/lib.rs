//! The domain of grid governance: hierarchy codes, people and roles, categories, the case
//! state machine of the seven-step loop, deadlines and KPIs. Pure: no IO, no SQL, no HTTP.
//!
//! Module map:
//! - [`timestamp`]: [`Timestamp`] (unix milliseconds) and [`Minutes`].
//! - [`hierarchy`]: district → street → community → grid → building → unit codes, the
//!   named levels and the [`Hierarchy`] lookup; [`fixtures::haigang`] is the real district.
//! - [`people`]: [`PersonId`], [`Role`], [`Scope`], [`Person`] and the pure scope checks
//!   [`people::can_see`], [`people::can_act`], [`people::can_report`].
//! - [`organisation`]: departments, street offices and property companies that handle
//!   tasks beside grid workers ([`Organisation`], [`OrgCode`]).
//! - [`category`]: event and component categories with time limits, [`Catalogue`].
//! - [`case`]: [`Case`], [`CaseState`], [`Action`] and [`Case::apply`], which returns an
//!   [`AuditEntry`] for every applied transition.
//! - [`deadline`]: overdue and escalation as pure functions of a case and the time.
//! - [`kpi`]: 结案率, 按期结案率, 处置率, 一次完成率 and response times.
//! - [`participation`]: 双报到, units and party members registering with communities,
//!   role claims, and who decides and who sees their phones.
//! - [`limits`]: how much text and how many photos a report or action may carry.
//! - [`error`]: [`Error`], [`TransitionError`], [`Denied`] and [`Result`].

pub mod case;
pub mod category;
pub mod deadline;
pub mod error;
pub mod fixtures;
pub mod hierarchy;
pub mod kpi;
pub mod limits;
pub mod organisation;
pub mod participation;
pub mod people;
pub mod timestamp;

pub use case::{
    Action, ActionKind, AuditEntry, Case, CaseId, CaseState, Evidence, EvidenceStage, Location,
    PhotoHash, RejectReason, Report, Source,
};
pub use category::{
    Catalogue, Category, CategoryCode, CategoryKind, Priority, Routing, TimeLimits,
};
pub use deadline::EscalationLevel;
pub use error::{Denied, Error, Result, TransitionError};
pub use hierarchy::{
    BuildingCode, Community, CommunityCode, District, DistrictCode, Grid, GridCode, Hierarchy,
    Street, StreetCode, UnitCode,
};
pub use kpi::Kpi;
pub use organisation::{OrgCode, OrgKind, Organisation};
pub use people::{Person, PersonId, Role, Scope};
pub use timestamp::{Minutes, Timestamp};
