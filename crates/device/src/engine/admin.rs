//! Administration from the desk, online through the device's session: importing the
//! district's reference data from a file (with a dry run), the people list and deactivation,
//! enrollment codes (a QR code that signs a person's phone in once, with no password) and the
//! administrators' audit log. The answers are the `protocol` admin types as views the UI's
//! TypeScript is generated from, with the same field names.

use domain::{PersonId, Role, Scope};
use protocol::{
    AdminAuditQuery, AdminAuditView, AdminPeopleQuery, AdminPersonView, Deactivate, EnrollmentCode,
    EnrollmentRequest, ImportProblem, ImportQuery, ImportReport, PersonView,
};
use reqwest::StatusCode;
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
    /// People (CSV or .xlsx).
    People,
    /// The category catalogue (CSV or .xlsx).
    Categories,
}

impl ImportKind {
    /// Every kind, in the order the import screen offers them.
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Hierarchy,
        ImportKind::Grids,
        ImportKind::Buildings,
        ImportKind::People,
        ImportKind::Categories,
    ];

    /// The kind's name in the route.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Hierarchy => "hierarchy",
            ImportKind::Grids => "grids",
            ImportKind::Buildings => "buildings",
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
    /// Of `updated`, how many the file retires (categories).
    pub retired: u32,
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
    pub reason: String,
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

impl From<ImportProblem> for ImportProblemInfo {
    fn from(p: ImportProblem) -> Self {
        Self {
            sheet: p.sheet,
            row: p.row,
            column: p.column,
            reason: p.reason,
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
    let text = |v: &Option<String>| {
        v.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
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
    /// Sends an import file (`POST /v1/admin/import/{kind}`). A refused file (422) is not an
    /// error: its report lists every problem, and nothing was stored.
    pub async fn admin_import(&self, args: &ImportArgs, file: Vec<u8>) -> Result<ImportReportInfo> {
        let query = import_query(args);
        let kind = args.kind.as_str();
        let response = self
            .authed(
                "admin_import",
                &[StatusCode::UNPROCESSABLE_ENTITY],
                |client, server, token| {
                    client
                        .post(format!("{server}/v1/admin/import/{kind}"))
                        .bearer_auth(token)
                        .query(&query)
                        .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                        .body(file.clone())
                },
            )
            .await?;
        let report: ImportReport = api::json(response).await?;
        Ok(report.into())
    }

    /// People of the district matching `query` (`GET /v1/admin/people`, administrators).
    pub async fn admin_people(&self, query: &PeopleQuery) -> Result<Vec<AdminPersonInfo>> {
        let query = people_query(query);
        let response = self
            .authed("admin_people", &[], |client, server, token| {
                client
                    .get(format!("{server}/v1/admin/people"))
                    .bearer_auth(token)
                    .query(&query)
            })
            .await?;
        let people: Vec<AdminPersonView> = api::json(response).await?;
        Ok(people.into_iter().map(Into::into).collect())
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
        let session = self.session()?;
        let mut url = reqwest::Url::parse(&session.server)
            .map_err(|e| Error::Invalid(format!("the server address {}: {e}", session.server)))?;
        url.path_segments_mut()
            .map_err(|()| Error::Invalid(format!("the server address {}", session.server)))?
            .pop_if_empty()
            .extend(["v1", "admin", "people", username, "deactivate"]);
        let response = self
            .authed("admin_deactivate", &[], |client, _server, token| {
                client.post(url.clone()).bearer_auth(token).json(&body)
            })
            .await?;
        let person: AdminPersonView = api::json(response).await?;
        Ok(person.into())
    }

    /// Makes an enrollment code for `username`'s phone (`POST /v1/admin/enrollments`),
    /// working for `hours` (the server's default, 24, when `None`).
    pub async fn admin_enroll(&self, username: &str, hours: Option<u32>) -> Result<EnrollmentInfo> {
        let body = EnrollmentRequest {
            username: username.trim().to_string(),
            hours,
        };
        let response = self
            .authed("admin_enroll", &[], |client, server, token| {
                client
                    .post(format!("{server}/v1/admin/enrollments"))
                    .bearer_auth(token)
                    .json(&body)
            })
            .await?;
        let code: EnrollmentCode = api::json(response).await?;
        Ok(code.into())
    }

    /// A page of the administrators' audit log, newest first: entries older than `before`
    /// (an id), at most `limit` (the server's default, 100, when `None`).
    pub async fn admin_audit(
        &self,
        before: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<AdminAuditInfo>> {
        let query = AdminAuditQuery { before, limit };
        let response = self
            .authed("admin_audit", &[], |client, server, token| {
                client
                    .get(format!("{server}/v1/admin/audit"))
                    .bearer_auth(token)
                    .query(&query)
            })
            .await?;
        let page: Vec<AdminAuditView> = api::json(response).await?;
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
