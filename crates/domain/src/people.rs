//! People, their roles and scopes, and the pure permission checks: may this person see this
//! case, report here, or take this action on this case?
//!
//! Rules (who sees what):
//! - grid workers (full- and part-time) see cases in their grids, cases assigned to them
//!   and their own reports;
//! - information reporters see only their own reports;
//! - department handlers (of a department, street office or property company) see the
//!   tasks given to them and their own reports;
//! - community / street dispatchers see their community / street;
//! - the district commander and administrators see the district.
//!
//! Rules (who does what, see also [`crate::case`]):
//! - dispatchers (community, street) and the district commander accept, reject, dispatch,
//!   reassign, verify, close and reopen cases in their scope;
//! - only the current assignee (a grid worker or a department handler) acknowledges,
//!   starts, resolves or returns a task; a handler is given only cases in their
//!   organisation's area;
//! - the original reporter (grid worker or information reporter) may also verify on site
//!   (核实), as the standard's seven-step loop says, but nobody verifies their own
//!   resolution (this covers self-resolved reports: a dispatcher verifies those);
//! - administrators manage people, hierarchy and categories; they see the district's cases
//!   but take no case actions and do not report.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::case::{Action, ActionKind, Case};
use crate::error::{Denied, Error, Result};
use crate::hierarchy::{CommunityCode, DistrictCode, GridCode, StreetCode};
use crate::organisation::{OrgCode, Organisation};

/// A person's id (a UUID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct PersonId(Uuid);

impl PersonId {
    /// A new random id (UUID v4).
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }

    /// Wraps an existing UUID.
    pub const fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// Parses the textual form of a UUID.
    pub fn parse(input: &str) -> Result<Self> {
        Uuid::parse_str(input).map(Self).map_err(|e| Error::Id {
            kind: "person id",
            input: input.to_owned(),
            problem: e.to_string(),
        })
    }

    /// The UUID.
    pub const fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for PersonId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// What a person does in the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Role {
    /// 专职网格员: patrols, reports, handles tasks in their grids.
    FullTimeGridWorker,
    /// 兼职网格员: as a full-time worker, part-time.
    PartTimeGridWorker,
    /// 基层治理信息员 (couriers, volunteers): report only; see their own reports.
    InformationReporter,
    /// 社区受理/派遣员: files, dispatches, verifies and closes cases in a community.
    CommunityDispatcher,
    /// 街道受理/派遣员: the same for a street.
    StreetDispatcher,
    /// 区指挥中心: the whole district, escalations and KPIs.
    DistrictCommander,
    /// 系统管理员: hierarchy, people, devices, categories; no case actions.
    Administrator,
    /// 部门处置员: a department's, street office's or property company's handler; handles
    /// the tasks given to them in their organisation's area.
    DepartmentHandler,
}

impl Role {
    /// All roles, for iteration in tests and forms.
    pub const ALL: [Role; 8] = [
        Role::FullTimeGridWorker,
        Role::PartTimeGridWorker,
        Role::InformationReporter,
        Role::CommunityDispatcher,
        Role::StreetDispatcher,
        Role::DistrictCommander,
        Role::Administrator,
        Role::DepartmentHandler,
    ];

    /// A full- or part-time grid worker.
    pub fn is_grid_worker(self) -> bool {
        matches!(self, Role::FullTimeGridWorker | Role::PartTimeGridWorker)
    }

    /// Those who are given tasks: grid workers and department handlers.
    pub fn handles_tasks(self) -> bool {
        self.is_grid_worker() || self == Role::DepartmentHandler
    }

    /// A community or street dispatcher or the district commander: those who run cases.
    pub fn is_dispatcher(self) -> bool {
        matches!(
            self,
            Role::CommunityDispatcher | Role::StreetDispatcher | Role::DistrictCommander
        )
    }

    /// The wire name, as serde writes it, e.g. `street_dispatcher`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::FullTimeGridWorker => "full_time_grid_worker",
            Role::PartTimeGridWorker => "part_time_grid_worker",
            Role::InformationReporter => "information_reporter",
            Role::CommunityDispatcher => "community_dispatcher",
            Role::StreetDispatcher => "street_dispatcher",
            Role::DistrictCommander => "district_commander",
            Role::Administrator => "administrator",
            Role::DepartmentHandler => "department_handler",
        }
    }

    /// The English name, e.g. "street dispatcher".
    pub fn name_en(self) -> &'static str {
        match self {
            Role::FullTimeGridWorker => "full-time grid worker",
            Role::PartTimeGridWorker => "part-time grid worker",
            Role::InformationReporter => "information reporter",
            Role::CommunityDispatcher => "community dispatcher",
            Role::StreetDispatcher => "street dispatcher",
            Role::DistrictCommander => "district commander",
            Role::Administrator => "administrator",
            Role::DepartmentHandler => "department handler",
        }
    }

    /// The Chinese name, e.g. "街道派遣员".
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::FullTimeGridWorker => "专职网格员",
            Role::PartTimeGridWorker => "兼职网格员",
            Role::InformationReporter => "信息员",
            Role::CommunityDispatcher => "社区派遣员",
            Role::StreetDispatcher => "街道派遣员",
            Role::DistrictCommander => "区指挥中心",
            Role::Administrator => "系统管理员",
            Role::DepartmentHandler => "部门处置员",
        }
    }

    /// The English name with "a"/"an", for messages.
    pub fn with_article(self) -> String {
        let name = self.name_en();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_en())
    }
}

/// The area a person works in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "level", content = "code")]
pub enum Scope {
    /// One or more grids (grid workers).
    Grids(Vec<GridCode>),
    /// A community (community dispatchers; information reporters).
    Community(CommunityCode),
    /// A street (street dispatchers; information reporters).
    Street(StreetCode),
    /// A district (commander, administrators; information reporters).
    District(DistrictCode),
}

impl Scope {
    /// Whether a place (a community, and a grid when known) lies in this area. A grid scope
    /// covers only cases located in one of its grids.
    pub fn covers(&self, community: &CommunityCode, grid: Option<&GridCode>) -> bool {
        match self {
            Scope::Grids(grids) => grid.is_some_and(|g| grids.contains(g)),
            Scope::Community(c) => community == c,
            Scope::Street(s) => &community.street() == s,
            Scope::District(d) => &community.district() == d,
        }
    }

    /// Whether a grid lies in this area.
    pub fn covers_grid(&self, grid: &GridCode) -> bool {
        self.covers(&grid.community(), Some(grid))
    }

    /// The district this area is in (`None` for an empty list of grids).
    pub fn district(&self) -> Option<DistrictCode> {
        match self {
            Scope::Grids(grids) => grids.first().map(GridCode::district),
            Scope::Community(c) => Some(c.district()),
            Scope::Street(s) => Some(s.district()),
            Scope::District(d) => Some(*d),
        }
    }
}

/// A person with a role in an area; a department handler also names their organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrgCode>,
}

impl Person {
    /// A person whose role and scope fit together: grid workers have one or more grids,
    /// community dispatchers a community, street dispatchers a street, the commander and
    /// administrators a district; information reporters a community, street or district
    /// (where they report). The name must not be empty.
    pub fn new(id: PersonId, name: impl Into<String>, role: Role, scope: Scope) -> Result<Self> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(Error::Person(format!("person {id} has an empty name")));
        }
        let fits = match (&scope, role) {
            (Scope::Grids(g), Role::FullTimeGridWorker | Role::PartTimeGridWorker) => !g.is_empty(),
            (Scope::Community(_), Role::CommunityDispatcher) => true,
            (Scope::Street(_), Role::StreetDispatcher) => true,
            (Scope::District(_), Role::DistrictCommander | Role::Administrator) => true,
            (
                Scope::Community(_) | Scope::Street(_) | Scope::District(_),
                Role::InformationReporter,
            ) => true,
            _ => false,
        };
        if role == Role::DepartmentHandler {
            return Err(Error::Person(format!(
                "{name}: a department handler belongs to an organisation (Person::handler)"
            )));
        }
        if !fits {
            let needs = match role {
                Role::FullTimeGridWorker | Role::PartTimeGridWorker => "one or more grids",
                Role::InformationReporter => "a community, street or district",
                Role::CommunityDispatcher => "a community",
                Role::StreetDispatcher => "a street",
                Role::DistrictCommander | Role::Administrator => "a district",
                Role::DepartmentHandler => "an organisation",
            };
            return Err(Error::Person(format!(
                "{name}: {} needs a scope of {needs}, not {scope:?}",
                role.with_article()
            )));
        }
        Ok(Self {
            id,
            name,
            role,
            scope,
            organisation: None,
        })
    }

    /// A handler of `organisation`: their scope is the organisation's area. A retired
    /// organisation takes no new people.
    pub fn handler(
        id: PersonId,
        name: impl Into<String>,
        organisation: &Organisation,
    ) -> Result<Self> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(Error::Person(format!("person {id} has an empty name")));
        }
        if organisation.retired {
            return Err(Error::Person(format!(
                "{name}: organisation {} ({}) is retired",
                organisation.name, organisation.code
            )));
        }
        Ok(Self {
            id,
            name,
            role: Role::DepartmentHandler,
            scope: organisation.area.clone(),
            organisation: Some(organisation.code.clone()),
        })
    }
}

/// Whether `person` may see `case` (see the module docs for the rules).
pub fn can_see(person: &Person, case: &Case) -> bool {
    let in_area = person.scope.covers(&case.community, case.grid.as_ref());
    match person.role {
        Role::InformationReporter => case.reporter == person.id,
        Role::DepartmentHandler => case.assignee == Some(person.id) || case.reporter == person.id,
        Role::FullTimeGridWorker | Role::PartTimeGridWorker => {
            in_area || case.assignee == Some(person.id) || case.reporter == person.id
        }
        Role::CommunityDispatcher
        | Role::StreetDispatcher
        | Role::DistrictCommander
        | Role::Administrator => in_area,
    }
}

/// Whether `person` may report a problem located in `community`: anyone but an
/// administrator, anywhere in the district of their scope. A grid worker standing across
/// their grid's boundary still reports; the case goes to the community where it is.
pub fn can_report(person: &Person, community: &CommunityCode) -> std::result::Result<(), Denied> {
    if person.role == Role::Administrator {
        return Err(Denied::Role {
            role: person.role,
            action: ActionKind::Report,
        });
    }
    if person.scope.district() != Some(community.district()) {
        return Err(Denied::OutOfScope {
            role: person.role,
            scope: person.scope.clone(),
            community: *community,
            grid: None,
        });
    }
    Ok(())
}

/// Whether `person` may take `action` on `case` as far as role and scope go (whether the
/// case's state allows it is [`crate::case::Case::apply`]'s business).
pub fn can_act(person: &Person, case: &Case, action: &Action) -> std::result::Result<(), Denied> {
    let kind = action.kind();
    let role = person.role;
    let out_of_scope = || Denied::OutOfScope {
        role,
        scope: person.scope.clone(),
        community: case.community,
        grid: case.grid,
    };
    match kind {
        ActionKind::Report | ActionKind::SelfResolve => Err(Denied::Role { role, action: kind }),
        ActionKind::AcceptCase
        | ActionKind::Reject
        | ActionKind::Dispatch
        | ActionKind::Reassign
        | ActionKind::Close
        | ActionKind::Reopen => {
            if !role.is_dispatcher() {
                return Err(Denied::Role { role, action: kind });
            }
            if !person.scope.covers(&case.community, case.grid.as_ref()) {
                return Err(out_of_scope());
            }
            match action {
                Action::Dispatch { assignee, .. } | Action::Reassign { assignee, .. } => {
                    check_assignee(person, assignee, case)
                }
                _ => Ok(()),
            }
        }
        // 街道吹哨: the street calls departments (or the command centre does).
        ActionKind::Whistle => {
            if !matches!(role, Role::StreetDispatcher | Role::DistrictCommander) {
                return Err(Denied::Role { role, action: kind });
            }
            if !person.scope.covers(&case.community, case.grid.as_ref()) {
                return Err(out_of_scope());
            }
            Ok(())
        }
        // Recorded by the service for the handler who finished the last part.
        ActionKind::PartsDone => {
            if role.handles_tasks() {
                Ok(())
            } else {
                Err(Denied::Role { role, action: kind })
            }
        }
        ActionKind::AcknowledgeTask
        | ActionKind::Start
        | ActionKind::Resolve
        | ActionKind::Return => {
            if !role.handles_tasks() {
                return Err(Denied::Role { role, action: kind });
            }
            if case.assignee != Some(person.id) {
                return Err(Denied::NotAssignee {
                    action: kind,
                    assignee: case.assignee,
                });
            }
            Ok(())
        }
        ActionKind::Verify => {
            if role.is_dispatcher() {
                if !person.scope.covers(&case.community, case.grid.as_ref()) {
                    return Err(out_of_scope());
                }
            } else if role.handles_tasks() || role == Role::InformationReporter {
                if case.reporter != person.id {
                    return Err(Denied::NotReporter { role });
                }
            } else {
                return Err(Denied::Role { role, action: kind });
            }
            if case.resolved_by == Some(person.id) {
                return Err(Denied::OwnResolution);
            }
            Ok(())
        }
    }
}

/// Whether `dispatcher` may hand `case` to `assignee`: a grid worker with at least one grid
/// inside the dispatcher's area, or a department handler whose organisation serves the
/// case's place.
pub(crate) fn check_assignee(
    dispatcher: &Person,
    assignee: &Person,
    case: &Case,
) -> std::result::Result<(), Denied> {
    if assignee.role == Role::DepartmentHandler {
        return if assignee.scope.covers(&case.community, None) {
            Ok(())
        } else {
            Err(Denied::Assignee {
                assignee: assignee.id,
                why: format!(
                    "their organisation serves {:?}, which does not hold community {}",
                    assignee.scope, case.community
                ),
            })
        };
    }
    if !assignee.role.is_grid_worker() {
        return Err(Denied::Assignee {
            assignee: assignee.id,
            why: format!(
                "{} does not handle tasks; only grid workers and department handlers do",
                assignee.role.with_article()
            ),
        });
    }
    let Scope::Grids(grids) = &assignee.scope else {
        return Err(Denied::Assignee {
            assignee: assignee.id,
            why: "a grid worker without grids cannot handle tasks".to_owned(),
        });
    };
    if !grids.iter().any(|g| dispatcher.scope.covers_grid(g)) {
        return Err(Denied::Assignee {
            assignee: assignee.id,
            why: format!(
                "none of their grids is in the area of {} ({})",
                dispatcher.role.with_article(),
                dispatcher.name
            ),
        });
    }
    Ok(())
}
