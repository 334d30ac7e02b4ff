//! Administration: importing a district's reference data from files, enrolling phones
//! by QR code, and the administrators' audit log.

use serde::{Deserialize, Serialize};

/// `POST /v1/admin/import/{kind}?dry_run=&file_name=`, the file as the body: what the import
/// did (or, with `dry_run`, would do). A file with problems is refused whole (422) with
/// every problem listed, and nothing is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// `hierarchy`, `grids`, `buildings`, `organisations`, `people` or `categories`.
    pub kind: String,
    pub dry_run: bool,
    /// Whether anything was stored (false for a dry run and for a refused file).
    pub applied: bool,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Of `updated`, how many the file retires (categories, buildings, grids).
    #[serde(default)]
    pub retired: u32,
    /// Open cases and buildings that new grid boundaries move to another grid (or, for a
    /// case outside every grid, to its community's queue).
    #[serde(default)]
    pub moved: u32,
    pub problems: Vec<ImportProblem>,
}

/// One problem of an import file, where a person finds it in the spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// The sheet's name (a CSV file's name).
    pub sheet: String,
    /// The row as the spreadsheet numbers it (the header is 1); in a GeoJSON file the
    /// feature's position (the first is 1); 0 for the whole file.
    pub row: u32,
    /// The column's header; empty for the whole row.
    pub column: String,
    /// What is wrong, in Chinese (what the app shows first).
    pub reason: String,
    /// What is wrong, in English (the app's language switch); empty from a service older
    /// than the field.
    #[serde(default)]
    pub reason_en: String,
}

/// `?dry_run=&file_name=` of an import.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Report what would change without storing anything.
    #[serde(default)]
    pub dry_run: bool,
    /// The file's name, for messages (a CSV's sheet is named after it).
    pub file_name: Option<String>,
    /// Grids: the boundaries were drawn on a Chinese web map (GCJ-02), not in WGS-84.
    #[serde(default)]
    pub gcj02: bool,
    /// Grids: the feature property holding the 15-digit grid code (default `code`).
    pub code_property: Option<String>,
}

/// `POST /v1/admin/enrollments`: an enrollment code for a person's phone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrollmentRequest {
    /// Whose phone it signs in.
    pub username: String,
    /// How long the code works, in hours: 1 to 168 (default 24).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 168))]
    pub hours: Option<u32>,
}

/// An enrollment code, shown once: the QR code (as text and as a PNG) a phone scans to sign
/// in with no password. It works once, until `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrollmentCode {
    pub username: String,
    pub name: String,
    /// The QR code's text: `wangge://enroll?server=URL&code=SECRET`.
    pub link: String,
    /// The secret alone (typed or pasted when there is no camera).
    pub code: String,
    /// The service address the phone will use.
    pub server: String,
    /// Unix milliseconds.
    pub expires_at: i64,
    /// The QR code as a PNG image, base64.
    pub qr_png_base64: String,
}

/// One entry of the administrators' audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminAuditView {
    pub id: i64,
    /// Unix milliseconds.
    pub at: i64,
    pub username: String,
    /// `import.grids`, `enrollment.create`, `person.move`, …
    pub action: String,
    pub subject: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
}

/// `GET /v1/admin/audit?before=&limit=`: a page of the audit log, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct AdminAuditQuery {
    /// Entries older than this id (the last id of the previous page).
    pub before: Option<i64>,
    /// At most this many (1 to 500, default 100).
    pub limit: Option<u32>,
}

/// A person as administrators see them: who, where, whether they may still sign in, and
/// how many devices they have signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminPersonView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: domain::PersonId,
    pub username: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub role: domain::Role,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub scope: domain::Scope,
    pub phone: Option<String>,
    /// False once deactivated.
    pub active: bool,
    /// Devices signed in and not revoked.
    pub devices: u32,
}

/// `GET /v1/admin/people?q=&community=&role=`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct AdminPeopleQuery {
    /// Part of a user name, name or phone.
    pub q: Option<String>,
    /// People working in this community (12 digits): its grids' workers, its dispatchers.
    pub community: Option<String>,
    /// A role's wire name, e.g. `full_time_grid_worker`.
    pub role: Option<String>,
}

/// What happens to a moved worker's open tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpenTasks {
    /// They stay with the worker, wherever they now work.
    Keep,
    /// Each goes to the full-time worker who still covers its grid, with its deadline.
    HandOver,
}

/// `POST /v1/admin/people/{username}/move`: a grid worker to other grids.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MoveWorker {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["130302001001002"])))]
    pub grids: Vec<domain::GridCode>,
    pub open_tasks: OpenTasks,
}

/// `POST /v1/devices/{id}/revoke` (the body may be left out).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Revoke {
    /// Shown on the phone when it wipes itself (at most 200 characters); without one it
    /// says an administrator revoked it.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /v1/admin/people/{username}/deactivate`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Deactivate {
    /// Shown on the person's phones when they wipe themselves.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /v1/admin/people`: a new person, checked as a row of the people table is. They
/// have no password: their phone is enrolled by QR code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 64, example = "w130302001001001")
    )]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 64, example = "王芳"))]
    pub name: String,
    /// A role's wire name (e.g. `full_time_grid_worker`) or Chinese name (专职网格员).
    #[cfg_attr(feature = "openapi", schema(example = "full_time_grid_worker"))]
    pub role: String,
    /// A grid worker's grids (15 digits each, separated by `;`), or the community, street or
    /// district the role works in.
    #[cfg_attr(feature = "openapi", schema(example = "130302001001001"))]
    pub area: String,
    /// A Chinese mobile (11 digits) or landline number.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "13803350001"))]
    pub phone: Option<String>,
}

/// `PATCH /v1/admin/people/{username}`: what to change; absent fields stay as they are, an
/// empty `phone` removes it. A new role needs an `area` that fits it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EditPerson {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// `PUT /v1/admin/categories/{code}`: a category added or changed, checked as a row of the
/// categories table is. Absent fields keep the stored value; a new code needs every field
/// but `retired`. Retiring keeps the category on the cases that have it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryForm {
    #[serde(default)]
    pub major_name_zh: Option<String>,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub name_en: Option<String>,
    /// `grid_worker`, `community_queue` or `department` (or 网格员, 社区受理, 专业部门).
    #[serde(default)]
    pub routing: Option<String>,
    /// The organisation code a `department` routing sends cases to.
    #[serde(default)]
    pub department: Option<String>,
    /// Minutes to accept and to resolve, per priority.
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

/// `POST /v1/admin/people/{username}/password`: a one-time password, shown once. Signing in
/// with it asks for a new password first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OneTimePassword {
    pub username: String,
    pub password: String,
}
