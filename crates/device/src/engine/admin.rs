//! Administration from the desk, online through the device's session: importing the
//! district's reference data from a file (with a dry run), the people list, one person
//! created or edited, deactivation and one-time passwords, enrollment codes (a QR code that
//! signs a person's phone in once, with no password), one category added or changed (and the
//! synced catalogue with its limits) and the administrators' audit log. The answers are the `protocol` admin types as views the UI's
//! TypeScript is generated from, with the same field names.

use domain::{CategoryCode, CategoryKind, PersonId, Priority, Role, Routing, Scope};
use protocol::{
    AdminAuditQuery, AdminAuditView, AdminPeopleQuery, AdminPersonView, CategoryForm, CategoryView,
    Deactivate, DeviceView, EditPerson, EnrollmentCode, EnrollmentRequest, ImportProblem,
    ImportQuery, ImportReport, MoveWorker, NewPerson, OneTimePassword, OpenTasks, PersonView,
};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Engine, api};
use crate::{Error, Result};

/// What an import file holds (`POST /v1/admin/import/{kind}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Streets and communities (CSV or .xlsx).
    Hierarchy,
    /// Grid boundaries (GeoJSON).
    Grids,
    /// Buildings (CSV or .xlsx).
    Buildings,
    /// Departments, street offices and property companies (CSV or .xlsx).
    Organisations,
    /// People (CSV or .xlsx).
    People,
    /// The category catalogue (CSV or .xlsx).
    Categories,
}

impl ImportKind {
    /// Every kind, in the order the import screen offers them.
    pub const ALL: [ImportKind; 6] = [
        ImportKind::Hierarchy,
        ImportKind::Grids,
        ImportKind::Buildings,
        ImportKind::Organisations,
        ImportKind::People,
        ImportKind::Categories,
    ];

    /// The kind's name in the route.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Hierarchy => "hierarchy",
            ImportKind::Grids => "grids",
            ImportKind::Buildings => "buildings",
            ImportKind::Organisations => "organisations",
            ImportKind::People => "people",
            ImportKind::Categories => "categories",
        }
    }
}

/// How an import file is sent (the file itself travels as the raw body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportArgs {
    pub kind: ImportKind,
    /// Report what would change, store nothing.
    pub dry_run: bool,
    /// The file's name, for the report (a CSV's sheet is named after it).
    pub file_name: String,
    /// Grids: drawn on a Chinese web map (GCJ-02) rather than in WGS-84.
    #[serde(default)]
    pub gcj02: bool,
    /// Grids: the feature property with the 15-digit grid code (default `code`).
    #[serde(default)]
    pub code_property: Option<String>,
}

/// `protocol::ImportReport`: what an import did or (dry run) would do; with problems the
/// file was refused whole and nothing was stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReportInfo {
    pub kind: String,
    pub dry_run: bool,
    /// Whether anything was stored.
    pub applied: bool,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Of `updated`, how many the file retires (categories, buildings, grids).
    pub retired: u32,
    /// Open cases and buildings new grid boundaries move to another grid.
    pub moved: u32,
    pub problems: Vec<ImportProblemInfo>,
}

/// `protocol::ImportProblem`: one problem, where a person finds it in the spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProblemInfo {
    pub sheet: String,
    /// As the spreadsheet numbers rows (header 1); a GeoJSON feature's position; 0 for the
    /// whole file.
    pub row: u32,
    /// The column's header; empty for the whole row.
    pub column: String,
    /// What is wrong, in Chinese.
    pub reason: String,
    /// What is wrong, in English (empty from a service older than the field).
    pub reason_en: String,
}

/// `protocol::EnrollmentCode`: a one-time code that signs a person's phone in, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EnrollmentInfo {
    pub username: String,
    pub name: String,
    /// The QR code's text (`wangge://enroll?server=…&code=…`).
    pub link: String,
    /// The secret alone, to type where there is no camera.
    pub code: String,
    pub server: String,
    pub expires_at: i64,
    /// The QR code as a PNG, base64.
    pub qr_png_base64: String,
}

/// `protocol::AdminAuditView`: one entry of the administrators' audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AdminAuditInfo {
    pub id: i64,
    pub at: i64,
    pub username: String,
    /// `import.grids`, `enrollment.create`, `person.deactivate`, …
    pub action: String,
    pub subject: String,
    #[ts(type = "unknown")]
    pub before: Option<serde_json::Value>,
    #[ts(type = "unknown")]
    pub after: Option<serde_json::Value>,
}

/// A person's area, as the wire writes `domain::Scope`: `{level, code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "level", content = "code")]
pub enum ScopeInfo {
    Grids(Vec<String>),
    Community(String),
    Street(String),
    District(String),
}

impl From<&Scope> for ScopeInfo {
    fn from(scope: &Scope) -> Self {
        match scope {
            Scope::Grids(g) => ScopeInfo::Grids(g.iter().map(ToString::to_string).collect()),
            Scope::Community(c) => ScopeInfo::Community(c.to_string()),
            Scope::Street(s) => ScopeInfo::Street(s.to_string()),
            Scope::District(d) => ScopeInfo::District(d.to_string()),
        }
    }
}

/// `protocol::AdminPersonView`: a person as administrators see them (`GET /v1/admin/people`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AdminPersonInfo {
    pub id: PersonId,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub scope: ScopeInfo,
    pub phone: Option<String>,
    /// False once deactivated: the person can no longer sign in.
    pub active: bool,
    /// How many devices are signed in as the person.
    pub devices: u32,
}

/// A person this device has synced, whose phone a community dispatcher may enroll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonInfo {
    pub id: PersonId,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub scope: ScopeInfo,
    pub phone: Option<String>,
}

/// The `query` of `admin_people`: all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PeopleQuery {
    /// Matches user name, name or phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// A 12-digit community code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

impl From<AdminPersonView> for AdminPersonInfo {
    fn from(p: AdminPersonView) -> Self {
        Self {
            id: p.id,
            username: p.username,
            name: p.name,
            role: p.role,
            scope: ScopeInfo::from(&p.scope),
            phone: p.phone,
            active: p.active,
            devices: p.devices,
        }
    }
}

impl DeviceInfo {
    fn new(d: DeviceView, people: &[PersonView]) -> Self {
        let person_name = people
            .iter()
            .find(|p| p.id == d.person_id)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        Self {
            id: d.id.to_string(),
            person_id: d.person_id,
            username: d.username,
            person_name,
            name: d.name,
            created_at: d.created_at,
            last_seen_at: d.last_seen_at,
            revoked_at: d.revoked_at,
        }
    }
}

impl From<ImportProblem> for ImportProblemInfo {
    fn from(p: ImportProblem) -> Self {
        Self {
            sheet: p.sheet,
            row: p.row,
            column: p.column,
            reason: p.reason,
            reason_en: p.reason_en,
        }
    }
}

impl From<ImportReport> for ImportReportInfo {
    fn from(r: ImportReport) -> Self {
        Self {
            kind: r.kind,
            dry_run: r.dry_run,
            applied: r.applied,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            retired: r.retired,
            moved: r.moved,
            problems: r.problems.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<EnrollmentCode> for EnrollmentInfo {
    fn from(c: EnrollmentCode) -> Self {
        Self {
            username: c.username,
            name: c.name,
            link: c.link,
            code: c.code,
            server: c.server,
            expires_at: c.expires_at,
            qr_png_base64: c.qr_png_base64,
        }
    }
}

impl From<AdminAuditView> for AdminAuditInfo {
    fn from(a: AdminAuditView) -> Self {
        Self {
            id: a.id,
            at: a.at,
            username: a.username,
            action: a.action,
            subject: a.subject,
            before: a.before,
            after: a.after,
        }
    }
}

impl From<&PersonView> for PersonInfo {
    fn from(p: &PersonView) -> Self {
        Self {
            id: p.id,
            username: p.username.clone(),
            name: p.name.clone(),
            role: p.role,
            scope: ScopeInfo::from(&p.scope),
            phone: p.phone.clone(),
        }
    }
}

/// A new person (`protocol::NewPerson`): they have no password; their phone is enrolled by
/// QR code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewPersonInput {
    pub username: String,
    pub name: String,
    pub role: Role,
    /// A grid worker's grids (15 digits each, separated by `;`), or the community, street or
    /// district the role works in.
    pub area: String,
    #[serde(default)]
    pub phone: Option<String>,
}

/// What to change of a person (`protocol::EditPerson`): `None` keeps it, an empty phone
/// removes it. A new role needs an area that fits it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonEdit {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// What happens to a moved worker's open tasks (`protocol::OpenTasks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OpenTasksChoice {
    /// They stay with the worker, wherever they now work.
    Keep,
    /// Each goes to the full-time worker who still covers its grid.
    HandOver,
}

/// A grid worker moved to other grids (`protocol::MoveWorker`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MoveWorkerInput {
    /// The new grids, 15 digits each.
    pub grids: Vec<String>,
    pub open_tasks: OpenTasksChoice,
}

/// `protocol::DeviceView`: a signed-in (or revoked) device, as administrators list them,
/// with the person's name from the synced people when this device has them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeviceInfo {
    pub id: String,
    pub person_id: PersonId,
    pub username: String,
    /// The person's name; empty when this device has not synced them.
    pub person_name: String,
    /// The device's name, as it signed in.
    pub name: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// `protocol::OneTimePassword`: shown once; signing in with it asks for a new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OneTimePasswordInfo {
    pub username: String,
    pub password: String,
}

/// A category as administrators edit it: the catalogue's names with its routing and its
/// time limits (`protocol::CategoryView`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CategoryAdminInfo {
    pub code: CategoryCode,
    pub kind: CategoryKind,
    pub major_code: String,
    pub major_name_zh: String,
    pub name_zh: String,
    pub name_en: String,
    /// Minutes to accept, per priority (urgent, high, normal).
    pub accept_minutes: [u32; 3],
    /// Minutes to resolve, per priority (urgent, high, normal).
    pub resolve_minutes: [u32; 3],
    pub routing: Routing,
    /// The organisation code a `department` routing sends cases to.
    pub department: Option<String>,
    pub retired: bool,
}

/// A category added or changed (`protocol::CategoryForm`): `None` keeps the stored value; a
/// new code needs every field but `retired`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CategoryEdit {
    #[serde(default)]
    pub major_name_zh: Option<String>,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub routing: Option<Routing>,
    /// The organisation code, for the `department` routing.
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub urgent_accept_min: Option<u32>,
    #[serde(default)]
    pub urgent_resolve_min: Option<u32>,
    #[serde(default)]
    pub high_accept_min: Option<u32>,
    #[serde(default)]
    pub high_resolve_min: Option<u32>,
    #[serde(default)]
    pub normal_accept_min: Option<u32>,
    #[serde(default)]
    pub normal_resolve_min: Option<u32>,
    #[serde(default)]
    pub retired: Option<bool>,
}

impl From<CategoryView> for CategoryAdminInfo {
    fn from(c: CategoryView) -> Self {
        Self {
            code: c.code,
            kind: c.kind,
            major_code: c.code.major().to_string(),
            major_name_zh: c.major_name_zh,
            name_zh: c.name_zh,
            name_en: c.name_en,
            accept_minutes: c.accept_minutes,
            resolve_minutes: c.resolve_minutes,
            routing: c.routing,
            department: c.department.map(String::from),
            retired: c.retired,
        }
    }
}

impl From<&domain::Category> for CategoryAdminInfo {
    fn from(c: &domain::Category) -> Self {
        let minutes = |f: fn(domain::TimeLimits) -> u32| {
            [Priority::Urgent, Priority::High, Priority::Normal].map(|p| f(c.limits_for(p)))
        };
        Self {
            code: c.code,
            kind: c.kind,
            major_code: c.major_code.to_string(),
            major_name_zh: c.major_name_zh.clone(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            accept_minutes: minutes(|l| l.accept.get()),
            resolve_minutes: minutes(|l| l.resolve.get()),
            routing: c.routing,
            department: c.department.clone().map(String::from),
            retired: c.retired,
        }
    }
}

/// A text field of a form as the server takes it: trimmed, blank left out.
fn text(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The body of `POST /v1/admin/people`: text trimmed, a blank phone left out.
fn new_person(input: &NewPersonInput) -> NewPerson {
    NewPerson {
        username: input.username.trim().to_string(),
        name: input.name.trim().to_string(),
        role: input.role.as_str().to_string(),
        area: input.area.trim().to_string(),
        phone: text(&input.phone),
    }
}

/// The body of `PATCH /v1/admin/people/{username}`: a blank name or area is no change; a
/// blank phone (given) removes it.
fn edit_person(edit: &PersonEdit) -> EditPerson {
    EditPerson {
        name: text(&edit.name),
        role: edit.role.map(|r| r.as_str().to_string()),
        area: text(&edit.area),
        phone: edit.phone.as_ref().map(|p| p.trim().to_string()),
    }
}

/// The body of `POST /v1/admin/people/{username}/move`: each grid code trimmed and parsed
/// (blank ones left out), so a mistyped one is named before anything is sent.
fn move_worker(input: &MoveWorkerInput) -> Result<MoveWorker> {
    let grids = input
        .grids
        .iter()
        .map(|g| g.trim())
        .filter(|g| !g.is_empty())
        .map(|g| {
            domain::GridCode::parse(g).map_err(|e| Error::Invalid(format!("grid code {g}: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MoveWorker {
        grids,
        open_tasks: match input.open_tasks {
            OpenTasksChoice::Keep => OpenTasks::Keep,
            OpenTasksChoice::HandOver => OpenTasks::HandOver,
        },
    })
}

/// The body of `PUT /v1/admin/categories/{code}`: names trimmed, blank ones left out.
fn category_form(edit: &CategoryEdit) -> CategoryForm {
    CategoryForm {
        major_name_zh: text(&edit.major_name_zh),
        name_zh: text(&edit.name_zh),
        name_en: text(&edit.name_en),
        routing: edit.routing.map(|r| r.as_str().to_string()),
        department: text(&edit.department),
        urgent_accept_min: edit.urgent_accept_min,
        urgent_resolve_min: edit.urgent_resolve_min,
        high_accept_min: edit.high_accept_min,
        high_resolve_min: edit.high_resolve_min,
        normal_accept_min: edit.normal_accept_min,
        normal_resolve_min: edit.normal_resolve_min,
        retired: edit.retired,
    }
}

/// The query string of an import.
fn import_query(args: &ImportArgs) -> ImportQuery {
    let grids = args.kind == ImportKind::Grids;
    ImportQuery {
        dry_run: args.dry_run,
        file_name: Some(args.file_name.clone()).filter(|n| !n.trim().is_empty()),
        gcj02: grids && args.gcj02,
        code_property: args
            .code_property
            .as_ref()
            .map(|p| p.trim().to_string())
            .filter(|p| grids && !p.is_empty()),
    }
}

/// The query string of the people list: blank text left out, the role by its wire name.
fn people_query(query: &PeopleQuery) -> AdminPeopleQuery {
    AdminPeopleQuery {
        q: text(&query.q),
        community: text(&query.community),
        role: query.role.map(|r| r.as_str().to_string()),
    }
}

/// Whether a community dispatcher of `community` may enroll `p`'s phone (the server checks
/// again): the grid workers and information reporters of that community.
fn enrollable_by(community: &domain::CommunityCode, p: &PersonView) -> bool {
    let in_community = match &p.scope {
        Scope::Grids(grids) => {
            !grids.is_empty() && grids.iter().all(|g| g.community() == *community)
        }
        Scope::Community(c) => c == community,
        Scope::Street(_) | Scope::District(_) => false,
    };
    in_community && (p.role.is_grid_worker() || p.role == Role::InformationReporter)
}

impl Engine {
    /// An authorised call: `method` on `/v1/{path…}` of the session's server (each segment
    /// percent-encoded, so a user name is never read as a path), `with` adding the query or
    /// body. Statuses in `pass` are answers, not errors.
    pub(super) async fn v1_call(
        &self,
        endpoint: &'static str,
        method: Method,
        path: &[&str],
        pass: &[StatusCode],
        with: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Response> {
        let server = self.session()?.server;
        let mut url = reqwest::Url::parse(&server)
            .map_err(|e| Error::Invalid(format!("the server address {server}: {e}")))?;
        url.path_segments_mut()
            .map_err(|()| Error::Invalid(format!("the server address {server}")))?
            .pop_if_empty()
            .push("v1")
            .extend(path);
        self.authed(endpoint, pass, |client, _server, token| {
            with(
                client
                    .request(method.clone(), url.clone())
                    .bearer_auth(token),
            )
        })
        .await
    }

    /// An administrator's call: [`Self::v1_call`] on `/v1/admin/{path…}`, the JSON answer
    /// decoded.
    async fn admin_call<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        method: Method,
        path: &[&str],
        pass: &[StatusCode],
        with: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<T> {
        let path: Vec<&str> = std::iter::once("admin")
            .chain(path.iter().copied())
            .collect();
        let response = self.v1_call(endpoint, method, &path, pass, with).await?;
        api::json(response).await
    }

    /// Sends an import file (`POST /v1/admin/import/{kind}`). A refused file (422) is not an
    /// error: its report lists every problem, and nothing was stored.
    pub async fn admin_import(&self, args: &ImportArgs, file: Vec<u8>) -> Result<ImportReportInfo> {
        let query = import_query(args);
        let report: ImportReport = self
            .admin_call(
                "admin_import",
                Method::POST,
                &["import", args.kind.as_str()],
                &[StatusCode::UNPROCESSABLE_ENTITY],
                |request| {
                    request
                        .query(&query)
                        .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                        .body(file.clone())
                },
            )
            .await?;
        Ok(report.into())
    }

    /// People of the district matching `query` (`GET /v1/admin/people`, administrators).
    pub async fn admin_people(&self, query: &PeopleQuery) -> Result<Vec<AdminPersonInfo>> {
        let query = people_query(query);
        let people: Vec<AdminPersonView> = self
            .admin_call("admin_people", Method::GET, &["people"], &[], |r| {
                r.query(&query)
            })
            .await?;
        Ok(people.into_iter().map(Into::into).collect())
    }

    /// Adds a person (`POST /v1/admin/people`), checked as a row of the people table is:
    /// `invalid_person` names each wrong field (`column: reason; …`), `username_taken`.
    pub async fn admin_create_person(&self, input: &NewPersonInput) -> Result<AdminPersonInfo> {
        let body = new_person(input);
        let person: AdminPersonView = self
            .admin_call("admin_create_person", Method::POST, &["people"], &[], |r| {
                r.json(&body)
            })
            .await?;
        Ok(person.into())
    }

    /// Changes a person's name, role, area or phone (`PATCH /v1/admin/people/{username}`):
    /// `invalid_person` as for a new one, `open_tasks` when a worker's grids would change
    /// under an open task. Returns the person as they now are.
    pub async fn admin_edit_person(
        &self,
        username: &str,
        edit: &PersonEdit,
    ) -> Result<AdminPersonInfo> {
        let body = edit_person(edit);
        let person: AdminPersonView = self
            .admin_call(
                "admin_edit_person",
                Method::PATCH,
                &["people", username],
                &[],
                |r| r.json(&body),
            )
            .await?;
        Ok(person.into())
    }

    /// Resets a person's password to a one-time password, shown once
    /// (`POST /v1/admin/people/{username}/password`); their next sign-in asks for their own.
    pub async fn admin_reset_password(&self, username: &str) -> Result<OneTimePasswordInfo> {
        let answer: OneTimePassword = self
            .admin_call(
                "admin_reset_password",
                Method::POST,
                &["people", username, "password"],
                &[],
                |r| r,
            )
            .await?;
        Ok(OneTimePasswordInfo {
            username: answer.username,
            password: answer.password,
        })
    }

    /// Moves a grid worker to other grids (`POST /v1/admin/people/{username}/move`), their
    /// open tasks kept or handed to the worker who still covers each task's grid:
    /// `no_grids`, `unknown_grid`, `not_a_grid_worker`, `no_worker` (a task with no one to
    /// go to). Returns the person as they now are.
    pub async fn admin_move_worker(
        &self,
        username: &str,
        input: &MoveWorkerInput,
    ) -> Result<AdminPersonInfo> {
        let body = move_worker(input)?;
        let person: AdminPersonView = self
            .admin_call(
                "admin_move_worker",
                Method::POST,
                &["people", username, "move"],
                &[],
                |r| r.json(&body),
            )
            .await?;
        Ok(person.into())
    }

    /// Every device signed in to the district, revoked ones too (`GET /v1/devices`,
    /// administrators), the most recently seen first.
    pub async fn admin_devices(&self) -> Result<Vec<DeviceInfo>> {
        let response = self
            .v1_call("admin_devices", Method::GET, &["devices"], &[], |r| r)
            .await?;
        let devices: Vec<DeviceView> = api::json(response).await?;
        let people = self.people()?;
        let mut all: Vec<DeviceInfo> = devices
            .into_iter()
            .map(|d| DeviceInfo::new(d, &people))
            .collect();
        all.sort_by_key(|d| std::cmp::Reverse(d.last_seen_at.unwrap_or(d.created_at)));
        Ok(all)
    }

    /// Revokes a device (`POST /v1/devices/{id}/revoke`): its tokens stop working, and at
    /// its next contact the phone hands in its unsent work, wipes its copy and shows that an
    /// administrator revoked it, with `reason` when one is given.
    pub async fn admin_revoke_device(&self, id: &str, reason: Option<&str>) -> Result<()> {
        let id = protocol::DeviceId::parse(id.trim())
            .map_err(|e| Error::Invalid(format!("device id {id}: {e}")))?;
        let id = id.to_string();
        let body = protocol::Revoke {
            reason: reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
        };
        self.v1_call(
            "admin_revoke_device",
            Method::POST,
            &["devices", &id, "revoke"],
            &[],
            |r| r.json(&body),
        )
        .await?;
        Ok(())
    }

    /// Deactivates a person (`POST /v1/admin/people/{username}/deactivate`): they can no
    /// longer sign in and their devices are revoked; `reason` is shown on their phones.
    /// Returns the person as they now are.
    pub async fn admin_deactivate(
        &self,
        username: &str,
        reason: Option<&str>,
    ) -> Result<AdminPersonInfo> {
        let body = Deactivate {
            reason: reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
        };
        let person: AdminPersonView = self
            .admin_call(
                "admin_deactivate",
                Method::POST,
                &["people", username, "deactivate"],
                &[],
                |r| r.json(&body),
            )
            .await?;
        Ok(person.into())
    }

    /// Makes an enrollment code for `username`'s phone (`POST /v1/admin/enrollments`),
    /// working for `hours` (the server's default, 24, when `None`).
    pub async fn admin_enroll(&self, username: &str, hours: Option<u32>) -> Result<EnrollmentInfo> {
        let body = EnrollmentRequest {
            username: username.trim().to_string(),
            hours,
        };
        let code: EnrollmentCode = self
            .admin_call("admin_enroll", Method::POST, &["enrollments"], &[], |r| {
                r.json(&body)
            })
            .await?;
        Ok(code.into())
    }

    /// Adds or changes one category (`PUT /v1/admin/categories/{code}`), checked as a row of
    /// the categories table is (`invalid_category` names each wrong field). Returns it as
    /// stored; devices get it with their next pull.
    pub async fn admin_put_category(
        &self,
        code: &str,
        edit: &CategoryEdit,
    ) -> Result<CategoryAdminInfo> {
        let body = category_form(edit);
        let stored: CategoryView = self
            .admin_call(
                "admin_put_category",
                Method::PUT,
                &["categories", code.trim()],
                &[],
                |r| r.json(&body),
            )
            .await?;
        Ok(stored.into())
    }

    /// The catalogue with routing and limits, retired categories too, by code: the synced
    /// one, or the built-in catalogue before the first sync.
    pub fn admin_categories(&self) -> Result<Vec<CategoryAdminInfo>> {
        let synced: Vec<CategoryView> = self.store().server_entities("category")?;
        let mut all: Vec<CategoryAdminInfo> = if synced.is_empty() {
            domain::category::default_catalogue()
                .iter()
                .map(CategoryAdminInfo::from)
                .collect()
        } else {
            synced.into_iter().map(Into::into).collect()
        };
        all.sort_by_key(|c| c.code);
        Ok(all)
    }

    /// A page of the administrators' audit log, newest first: entries older than `before`
    /// (an id), at most `limit` (the server's default, 100, when `None`).
    pub async fn admin_audit(
        &self,
        before: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<AdminAuditInfo>> {
        let query = AdminAuditQuery { before, limit };
        let page: Vec<AdminAuditView> = self
            .admin_call("admin_audit", Method::GET, &["audit"], &[], |r| {
                r.query(&query)
            })
            .await?;
        Ok(page.into_iter().map(Into::into).collect())
    }

    /// The people this device has synced whose phones a community dispatcher signed in here
    /// may enroll (their community's grid workers and reporters); none for other roles.
    pub fn enrollable_people(&self) -> Result<Vec<PersonInfo>> {
        let session = self.session()?;
        let Scope::Community(community) = session.person.scope else {
            return Ok(Vec::new());
        };
        if session.person.role != Role::CommunityDispatcher {
            return Ok(Vec::new());
        }
        let mut people: Vec<PersonInfo> = self
            .people()?
            .iter()
            .filter(|p| enrollable_by(&community, p))
            .map(PersonInfo::from)
            .collect();
        people.sort_by(|a, b| a.username.cmp(&b.username));
        Ok(people)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(kind: ImportKind) -> ImportArgs {
        ImportArgs {
            kind,
            dry_run: true,
            file_name: "网格.geojson".into(),
            gcj02: true,
            code_property: Some(" grid_code ".into()),
        }
    }

    #[test]
    fn grid_options_go_only_with_grids() {
        let q = import_query(&args(ImportKind::Grids));
        assert!(q.dry_run && q.gcj02);
        assert_eq!(q.code_property.as_deref(), Some("grid_code"));
        assert_eq!(q.file_name.as_deref(), Some("网格.geojson"));
        let q = import_query(&args(ImportKind::People));
        assert!(!q.gcj02);
        assert_eq!(q.code_property, None);
        let mut blank = args(ImportKind::Grids);
        blank.code_property = Some("  ".into());
        blank.file_name = String::new();
        let q = import_query(&blank);
        assert_eq!((q.code_property, q.file_name), (None, None));
    }

    #[test]
    fn the_people_query_leaves_blanks_out_and_names_roles_as_the_wire_does() {
        let q = people_query(&PeopleQuery {
            q: Some(" 张 ".into()),
            community: Some("  ".into()),
            role: Some(Role::FullTimeGridWorker),
        });
        assert_eq!(q.q.as_deref(), Some("张"));
        assert_eq!(q.community, None);
        assert_eq!(q.role.as_deref(), Some("full_time_grid_worker"));
    }

    #[test]
    fn person_forms_go_out_trimmed_with_roles_by_their_wire_names() {
        let body = new_person(&NewPersonInput {
            username: " w1 ".into(),
            name: " 王芳 ".into(),
            role: Role::FullTimeGridWorker,
            area: " 130302001001001;130302001001002 ".into(),
            phone: Some("  ".into()),
        });
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"username": "w1", "name": "王芳", "role": "full_time_grid_worker",
                "area": "130302001001001;130302001001002", "phone": null})
        );
        // Absent fields stay absent; a blank phone, given, removes it.
        let body = edit_person(&PersonEdit {
            name: Some(" ".into()),
            phone: Some(" ".into()),
            ..PersonEdit::default()
        });
        assert_eq!(
            (body.name, body.role, body.area, body.phone.as_deref()),
            (None, None, None, Some(""))
        );
    }

    #[test]
    fn a_category_form_names_routing_as_the_wire_does_and_keeps_what_is_absent() {
        let body = category_form(&CategoryEdit {
            name_zh: Some(" 井盖缺失 ".into()),
            routing: Some(Routing::GridWorker),
            normal_accept_min: Some(90),
            ..CategoryEdit::default()
        });
        assert_eq!(body.name_zh.as_deref(), Some("井盖缺失"));
        assert_eq!(body.routing.as_deref(), Some("grid_worker"));
        assert_eq!(body.normal_accept_min, Some(90));
        assert_eq!((body.major_name_zh, body.retired), (None, None));
    }

    #[test]
    fn the_built_in_catalogue_lists_with_its_limits() {
        let catalogue = domain::category::default_catalogue();
        let first = catalogue.iter().next().unwrap();
        let info = CategoryAdminInfo::from(first);
        let normal = first.limits_for(Priority::Normal);
        assert_eq!(info.accept_minutes[2], normal.accept.get());
        assert_eq!(info.resolve_minutes[2], normal.resolve.get());
        assert_eq!(info.major_code, first.major_code.to_string());
    }

    #[test]
    fn kinds_are_named_as_the_route_names_them() {
        for kind in ImportKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, serde_json::json!(kind.as_str()));
        }
    }

    #[test]
    fn an_admin_person_reads_from_the_wire() {
        let wire = serde_json::json!({
            "id": "6f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70",
            "username": "w130302001001001",
            "name": "张伟",
            "role": "full_time_grid_worker",
            "scope": {"level": "grids", "code": ["130302001001001"]},
            "phone": "13800000000",
            "active": true,
            "devices": 1
        });
        let person: AdminPersonInfo = serde_json::from_value::<AdminPersonView>(wire)
            .unwrap()
            .into();
        assert_eq!(person.role, Role::FullTimeGridWorker);
        assert_eq!(
            person.scope,
            ScopeInfo::Grids(vec!["130302001001001".into()])
        );
        // The UI reads the scope as the wire writes it.
        assert_eq!(
            serde_json::to_value(&person.scope).unwrap(),
            serde_json::json!({"level": "grids", "code": ["130302001001001"]})
        );
    }

    #[test]
    fn a_community_dispatcher_enrolls_only_their_communitys_workers_and_reporters() {
        let community: domain::CommunityCode = "130302001001".parse().unwrap();
        let person = |role: Role, scope: Scope| PersonView {
            id: PersonId::random(),
            username: "x".into(),
            name: "x".into(),
            role,
            scope,
            phone: None,
            organisation: None,
            organisation_name: None,
        };
        let grid = |code: &str| Scope::Grids(vec![code.parse().unwrap()]);
        assert!(enrollable_by(
            &community,
            &person(Role::FullTimeGridWorker, grid("130302001001001"))
        ));
        assert!(enrollable_by(
            &community,
            &person(Role::InformationReporter, Scope::Community(community))
        ));
        assert!(!enrollable_by(
            &community,
            &person(Role::FullTimeGridWorker, grid("130302001002001"))
        ));
        assert!(!enrollable_by(
            &community,
            &person(Role::CommunityDispatcher, Scope::Community(community))
        ));
    }
}
