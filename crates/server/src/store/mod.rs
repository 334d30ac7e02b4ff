//! Storage behind one trait. [`Store`] runs a closure in a read or a write transaction;
//! the closure sees a [`Tx`], whose methods are grouped by aggregate (one repository
//! trait each). Callers never see SQL: `sqlite/` (embedded, the default) and `postgres/`
//! (selected by `database_url`) implement the same traits and pass the same `conformance`.
//!
//! Why synchronous, run on tokio's blocking pool: the case rules (`domain`) run between
//! the reads and the writes of one transaction, and a synchronous closure over a
//! transaction keeps that simple and obviously atomic; an async trait would need boxed
//! futures borrowing the transaction. SQLite is synchronous anyway; PostgreSQL uses the
//! blocking `postgres` client in the same closures.
//!
//! Change-log sequence numbers come from a counter row (`counters.change_seq`) that the
//! writing transaction increments with `UPDATE … RETURNING`. On SQLite (one writer) that
//! is trivially ordered; on PostgreSQL the row lock on the counter is held until commit,
//! so no transaction can commit a lower seq after a higher one became visible: a pull
//! cursor never skips a late commit (the server README says why not a SEQUENCE).

#[cfg(test)]
mod conformance;
mod participation;
pub mod postgres;
mod reference;
pub mod sqlite;
pub mod transfer;

pub use participation::{JoinCount, JoinFilter, JoinKind, JoinRecord, JoinRepo};
pub use reference::{
    AdminAuditEntry, AdminAuditRepo, AreaLevel, AreaRepo, BuildingRepo, CategoryRepo,
    EnrollmentRecord, EnrollmentRepo, GridRepo, OrganisationRepo, PlacardRecord, PlacardRepo,
    PlacardVersion,
};

use domain::{Case, CaseId, Person, PersonId, Role};
use protocol::{ChangeKind, DeviceId, EntityKind, Outcome, PhotoHash};

use crate::error::Result;

/// A store of everything the service keeps (except blob bytes).
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Runs `f` in a read-only transaction (a consistent snapshot).
    fn read_dyn(&self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()>;
    /// Runs `f` in a write transaction; an error rolls everything back.
    fn write_dyn(&self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()>;
    /// Whether storage answers now (readiness, `/v1/health`): a cheap round trip that
    /// fails rather than waits long when it does not. By default, an empty read.
    fn ping(&self) -> Result<()> {
        self.read_dyn(&mut |_| Ok(()))
    }
}

/// Typed helpers over the object-safe [`Store`] methods.
pub trait StoreExt {
    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R>;
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R>;
}

impl<S: Store + ?Sized> StoreExt for S {
    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        let mut f = Some(f);
        let mut out = None;
        self.read_dyn(&mut |tx| {
            if let Some(f) = f.take() {
                out = Some(f(tx)?);
            }
            Ok(())
        })?;
        out.ok_or_else(|| crate::error::Error::Internal("transaction ran no closure".into()))
    }
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        let mut f = Some(f);
        let mut out = None;
        self.write_dyn(&mut |tx| {
            if let Some(f) = f.take() {
                out = Some(f(tx)?);
            }
            Ok(())
        })?;
        out.ok_or_else(|| crate::error::Error::Internal("transaction ran no closure".into()))
    }
}

/// One transaction: every repository.
pub trait Tx:
    PersonRepo
    + DeviceRepo
    + MutationRepo
    + CaseRepo
    + KpiRepo
    + AreaRepo
    + CategoryRepo
    + OrganisationRepo
    + AdminAuditRepo
    + EnrollmentRepo
    + GridRepo
    + BuildingRepo
    + PlacardRepo
    + JoinRepo
    + PatrolRepo
    + BlobRepo
    + ChangeLog
    + SignInFailureRepo
{
}

impl<T> Tx for T where
    T: PersonRepo
        + DeviceRepo
        + MutationRepo
        + CaseRepo
        + KpiRepo
        + AreaRepo
        + CategoryRepo
        + OrganisationRepo
        + AdminAuditRepo
        + EnrollmentRepo
        + GridRepo
        + BuildingRepo
        + PlacardRepo
        + JoinRepo
        + PatrolRepo
        + BlobRepo
        + ChangeLog
        + SignInFailureRepo
{
}

/// A person who can sign in.
#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub person: Person,
    pub username: String,
    pub password_hash: String,
    pub phone: Option<String>,
}

pub trait PersonRepo {
    fn person_insert(&mut self, record: &PersonRecord, now: i64) -> Result<()>;
    /// Replaces the stored person with `record`'s id (login, role, scope, name, phone).
    fn person_update(&mut self, record: &PersonRecord) -> Result<()>;
    fn person_by_username(&mut self, username: &str) -> Result<Option<PersonRecord>>;
    fn person_get(&mut self, id: PersonId) -> Result<Option<PersonRecord>>;
    fn persons_with_role(&mut self, role: Role) -> Result<Vec<PersonRecord>>;
    fn person_count(&mut self) -> Result<u64>;
    /// Marks a person deactivated at `now` (kept, with their history; no sign-in).
    fn person_deactivate(&mut self, id: PersonId, now: i64) -> Result<()>;
    /// When the person was deactivated, if they were.
    fn person_deactivated_at(&mut self, id: PersonId) -> Result<Option<i64>>;
    /// Every person (administrators' lists), by user name.
    fn persons_all(&mut self) -> Result<Vec<(PersonRecord, Option<i64>)>>;
    /// Sets a person's password hash; `must_change` marks it a one-time password.
    fn person_set_password(&mut self, id: PersonId, hash: &str, must_change: bool) -> Result<()>;
    /// Whether the person's password is a one-time password to be changed at sign-in.
    fn person_must_change_password(&mut self, id: PersonId) -> Result<bool>;
}

#[derive(Debug, Clone)]
pub struct DeviceRecord {
    pub id: DeviceId,
    pub person_id: PersonId,
    pub name: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_mid: u64,
}

/// What a refresh token hash was found to be.
#[derive(Debug, Clone)]
pub struct RefreshRecord {
    pub device_id: DeviceId,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// Once used: the random salt its successor pair was derived from.
    pub successor_salt: Option<String>,
}

pub trait DeviceRepo {
    fn device_insert(&mut self, device: &DeviceRecord) -> Result<()>;
    fn device_get(&mut self, id: DeviceId) -> Result<Option<DeviceRecord>>;
    fn devices_list(&mut self) -> Result<Vec<DeviceRecord>>;
    /// Marks the device revoked and deletes its tokens.
    fn device_revoke(&mut self, id: DeviceId, now: i64) -> Result<()>;
    /// Revokes the device and keeps `reason` (shown on the phone when it next calls).
    fn device_revoke_because(&mut self, id: DeviceId, now: i64, reason: &str) -> Result<()>;
    /// Why the device was revoked, when an administrator said.
    fn device_revoke_reason(&mut self, id: DeviceId) -> Result<Option<String>>;
    /// The person's devices must rebuild their copy from a cursor of at least `seq`.
    fn devices_rebuild(&mut self, person: PersonId, seq: u64) -> Result<()>;
    /// The least cursor the device may pull from (0: any), short of a rebuild from 0.
    fn device_rebuild_before(&mut self, id: DeviceId) -> Result<u64>;
    fn device_seen(&mut self, id: DeviceId, now: i64) -> Result<()>;
    fn device_set_last_mid(&mut self, id: DeviceId, mid: u64) -> Result<()>;
    /// The highest pull cursor handed to the device: 0 for a new one; `None` when not known
    /// (a device from before the server recorded it).
    fn device_delivered(&mut self, id: DeviceId) -> Result<Option<u64>>;
    /// Raises the highest pull cursor handed to the device to `cursor` (never lowers it).
    fn device_deliver(&mut self, id: DeviceId, cursor: u64) -> Result<()>;
    fn access_token_insert(&mut self, hash: &str, device: DeviceId, expires_at: i64) -> Result<()>;
    /// The device and expiry of an access token hash.
    fn access_token_get(&mut self, hash: &str) -> Result<Option<(DeviceId, i64)>>;
    fn refresh_token_insert(&mut self, hash: &str, device: DeviceId, expires_at: i64)
    -> Result<()>;
    fn refresh_token_get(&mut self, hash: &str) -> Result<Option<RefreshRecord>>;
    /// Marks a refresh token used at `now`, keeping the salt its successor came from.
    fn refresh_token_use(&mut self, hash: &str, now: i64, successor_salt: &str) -> Result<()>;
    /// Deletes tokens past their expiry (an expired refresh token can no longer be
    /// reused, so it need not be remembered). Returns how many went.
    fn tokens_purge_expired(&mut self, now: i64) -> Result<u64>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOutcome {
    pub outcome: Outcome,
    pub reason: Option<String>,
}

/// A remembered mutation: what it was (its name and the sha256 of its arguments, `None`
/// for outcomes recorded before fingerprints were kept) and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMutation {
    pub name: String,
    pub args_sha256: Option<String>,
    pub outcome: StoredOutcome,
}

pub trait MutationRepo {
    fn mutation_record(
        &mut self,
        device: DeviceId,
        mid: u64,
        name: &str,
        args_sha256: &str,
        outcome: &StoredOutcome,
        now: i64,
    ) -> Result<()>;
    fn mutation_get(&mut self, device: DeviceId, mid: u64) -> Result<Option<StoredMutation>>;
    /// Forgets outcomes recorded before `before` (past the retention window); a replay of
    /// such an old mid is then refused as forgotten, never assumed applied.
    fn mutations_compact(&mut self, before: i64) -> Result<u64>;
}

/// Filters of a case list; all optional. `areas` are code prefixes (grid, community,
/// street or district codes) the caller may see.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub areas: Vec<String>,
    /// Cases that also count whatever the area: reported by or assigned to this person.
    pub person: Option<PersonId>,
    pub state: Option<domain::CaseState>,
    pub category: Option<domain::CategoryCode>,
    pub open: Option<bool>,
    pub overdue: Option<bool>,
    pub source: Option<domain::Source>,
    /// Reported at or after this time, unix ms.
    pub reported_from: Option<i64>,
    /// Reported before this time, unix ms.
    pub reported_to: Option<i64>,
    /// Changed (any step of the loop) at or after this time, unix ms.
    pub updated_from: Option<i64>,
    pub limit: u32,
    pub offset: u32,
}

/// The area code a case belongs to: its grid, or its community when outside every grid.
pub fn case_area(case: &Case) -> String {
    match &case.grid {
        Some(g) => g.as_str().to_string(),
        None => case.community.as_str().to_string(),
    }
}

/// A case as stored: the domain case and what the service keeps beside it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CaseRecord {
    pub case: Case,
    /// Evidence that arrived for a task no longer assigned to its sender.
    #[serde(default)]
    pub conflicts: Vec<protocol::ConflictView>,
    /// Cases merged into this one.
    #[serde(default)]
    pub merged: Vec<CaseId>,
    /// Everyone the task was taken from: the only people besides the assignee whose
    /// evidence for it is kept (as conflicts).
    #[serde(default)]
    pub former_assignees: Vec<PersonId>,
    /// Server time of the last change.
    pub updated_at: i64,
}

impl CaseRecord {
    /// A case newly made at `now` (unix ms), with nothing kept beside it yet.
    pub fn new(case: Case, now: i64) -> Self {
        Self {
            case,
            conflicts: Vec::new(),
            merged: Vec::new(),
            former_assignees: Vec::new(),
            updated_at: now,
        }
    }
}

pub trait CaseRepo {
    fn case_get(&mut self, id: CaseId) -> Result<Option<CaseRecord>>;
    /// Inserts or replaces the case (its query columns are derived from it).
    fn case_put(&mut self, record: &CaseRecord, overdue: bool) -> Result<()>;
    /// Cases matching the query and the total count before limit/offset.
    fn case_list(&mut self, query: &CaseQuery) -> Result<(Vec<CaseRecord>, u64)>;
    /// Open cases of a category in a bounding box (lon/lat min, max).
    fn cases_open_in_box(
        &mut self,
        category: &str,
        min: (f64, f64),
        max: (f64, f64),
    ) -> Result<Vec<CaseRecord>>;
    /// The cases that refer to a photo.
    fn cases_with_photo(&mut self, hash: &domain::PhotoHash) -> Result<Vec<CaseRecord>>;
    /// Every open case (for the deadline sweep).
    fn cases_open(&mut self) -> Result<Vec<CaseRecord>>;
    /// The open cases of an area: its code is a prefix of theirs (a community's holds its
    /// grids' cases and its own queue's).
    fn cases_open_in_area(&mut self, area: &str) -> Result<Vec<CaseRecord>>;
    /// The open cases assigned to `person`.
    fn cases_open_assigned_to(&mut self, person: PersonId) -> Result<Vec<CaseRecord>>;
    fn audit_append(&mut self, case: CaseId, entry: &protocol::AuditView) -> Result<()>;
    fn audit_list(&mut self, case: CaseId) -> Result<Vec<protocol::AuditView>>;
}

/// One row of a KPI report as counted in storage: the group's key (an area code or a
/// person id, per [`protocol::KpiLevel`]), the cases reported in the period, and the counts
/// of `domain::kpi::Kpi::over` for the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiCounts {
    pub key: String,
    pub reported: u64,
    pub counts: domain::kpi::Counts,
    /// The medians of report → acceptance and report → resolution, ms (`Kpi::over`'s).
    pub response_median_ms: Option<u64>,
    pub resolution_median_ms: Option<u64>,
}

/// Report → acceptance of a case reported in the period (`{from}`, `{to}` its bounds), as
/// SQL over the cases table; NULL when it does not count (as `Kpi::over` skips it).
pub(crate) const RESPONSE_SQL: &str = "CASE WHEN reported_at >= {from} AND reported_at < {to} \
    AND accepted_at IS NOT NULL AND accepted_at >= reported_at \
    THEN accepted_at - reported_at END";

/// Report → a handler's resolution of a case reported in the period, as [`RESPONSE_SQL`].
pub(crate) const RESOLUTION_SQL: &str = "CASE WHEN reported_at >= {from} AND reported_at < {to} \
    AND NOT self_resolved AND resolved_at IS NOT NULL AND resolved_at >= reported_at \
    THEN resolved_at - reported_at END";

/// The SQL of the medians of `duration` (one of the above) per group `key`: each group's
/// two middle values (`Kpi::over` rounds between them), over `FROM cases WHERE {filter}`.
pub(crate) fn medians_sql(key: &str, duration: &str, filter: &str) -> String {
    format!(
        "WITH c AS (SELECT {key} AS k, {duration} AS d FROM cases WHERE {filter}),
         r AS (SELECT k, d, ROW_NUMBER() OVER (PARTITION BY k ORDER BY d) AS i,
                      COUNT(*) OVER (PARTITION BY k) AS n
               FROM c WHERE d IS NOT NULL AND k IS NOT NULL)
         SELECT k, max(CASE WHEN i = (n + 1) / 2 THEN d END),
                   max(CASE WHEN i = n / 2 + 1 THEN d END)
         FROM r GROUP BY k"
    )
}

/// Whether a KPI level counts the parts of joint cases (吹哨): per worker and per
/// department, each part is that handler's or department's task; per area, the joint case
/// counts once and its parts are not counted again.
pub fn kpis_count_parts(level: protocol::KpiLevel) -> bool {
    matches!(
        level,
        protocol::KpiLevel::Worker | protocol::KpiLevel::Department
    )
}

/// The group key of a KPI level, as SQL over the cases table (both stores).
pub(crate) fn kpi_key_sql(level: protocol::KpiLevel) -> &'static str {
    use protocol::KpiLevel;
    match level {
        // A grid code, or the community code of a case outside every grid.
        KpiLevel::Grid => "area",
        KpiLevel::Community => "substr(area, 1, 12)",
        KpiLevel::Street => "substr(area, 1, 9)",
        KpiLevel::District => "substr(area, 1, 6)",
        KpiLevel::Worker => "coalesce(assignee, resolved_by)",
        KpiLevel::Department => "department",
        KpiLevel::Category => "category",
    }
}

pub trait KpiRepo {
    /// The KPI counts of the cases in `scope` (its areas and person only), grouped by
    /// `level`, for the period `[from, to)`, one row per group that has a case in scope
    /// (by area, or by assignee or else resolver), in key order. Exactly what `Kpi::over`
    /// counts at `now`, aggregated in storage.
    fn case_kpis(
        &mut self,
        scope: &CaseQuery,
        level: protocol::KpiLevel,
        from: i64,
        to: i64,
        now: i64,
    ) -> Result<Vec<KpiCounts>>;
}

pub trait PatrolRepo {
    fn patrol_get(&mut self, id: protocol::PatrolId) -> Result<Option<protocol::PatrolView>>;
    fn patrol_put(&mut self, patrol: &protocol::PatrolView) -> Result<()>;
    /// Records a check-in in `grid` at `at` (server time; the latest is kept).
    fn grid_visited(&mut self, grid: &str, at: i64) -> Result<()>;
    /// When each grid was last checked in at, by grid code.
    fn grid_visits(&mut self) -> Result<Vec<(String, i64)>>;
}

/// A key's failed sign-ins: how many, and when the last was (ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInFailures {
    pub key: String,
    pub failures: u32,
    pub last_at: i64,
}

/// Failed sign-ins counted per key (`sign_in_throttle` makes the keys), in storage so that
/// every replica sharing it counts every failure.
pub trait SignInFailureRepo {
    /// The counts of those of `keys` that have failures.
    fn sign_in_failures(&mut self, keys: &[String]) -> Result<Vec<SignInFailures>>;
    /// Counts one more failure against each of `keys` at `now`; a key whose last failure
    /// was before `forget_before` starts again from one.
    fn sign_in_failed(&mut self, keys: &[String], now: i64, forget_before: i64) -> Result<()>;
    /// Forgets the failures counted against `keys`.
    fn sign_in_failures_clear(&mut self, keys: &[String]) -> Result<()>;
    /// Forgets every key whose last failure was before `before`; how many went.
    fn sign_in_failures_purge(&mut self, before: i64) -> Result<u64>;
}

pub trait BlobRepo {
    fn blob_record(
        &mut self,
        hash: &PhotoHash,
        size: u64,
        by: Option<PersonId>,
        now: i64,
    ) -> Result<()>;
    /// The person who uploaded a blob, if it is recorded.
    fn blob_get(&mut self, hash: &PhotoHash) -> Result<Option<(u64, Option<PersonId>)>>;
    /// Records that `person` named a photo (first one wins).
    fn photo_claim(&mut self, hash: &PhotoHash, person: PersonId, now: i64) -> Result<()>;
    /// Drops `person`'s claim of a photo that was never stored (their upload failed).
    fn photo_unclaim(&mut self, hash: &PhotoHash, person: PersonId) -> Result<()>;
    /// Whose photo this is: its uploader, or else whoever first named it.
    fn photo_owner(&mut self, hash: &PhotoHash) -> Result<Option<PersonId>>;
    /// Complete photos recorded before `before` that no case holds, at most `limit`.
    fn blobs_orphaned(&mut self, before: i64, limit: u32) -> Result<Vec<PhotoHash>>;
    /// Forgets a photo: its row and its claim.
    fn blob_forget(&mut self, hash: &PhotoHash) -> Result<()>;
}

/// Who a change is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// Everyone whose area covers this code (a grid, or a community for cases outside
    /// every grid).
    Area(String),
    Person(PersonId),
}

/// What a device may read from the change log.
#[derive(Debug, Clone)]
pub struct Visibility {
    /// Area code prefixes: grid codes for workers, a community, street or district code
    /// for dispatchers and the commander.
    pub areas: Vec<String>,
    pub person: PersonId,
}

#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub seq: u64,
    pub entity: EntityKind,
    pub id: String,
    pub kind: ChangeKind,
    pub data: Option<String>,
}

pub trait ChangeLog {
    /// Puts (or removes) an entity for an audience under a new sequence number.
    fn change_put(
        &mut self,
        entity: EntityKind,
        id: &str,
        audience: &Audience,
        kind: ChangeKind,
        data: Option<&str>,
        now: i64,
    ) -> Result<u64>;
    /// Forgets an entity's row for an audience (it is visible to them another way).
    fn change_forget(&mut self, entity: EntityKind, id: &str, audience: &Audience) -> Result<()>;
    /// Up to `limit` changes after `cursor` visible under `vis`, and the highest
    /// committed seq (the cursor to hand out when the page is not full).
    fn changes_since(
        &mut self,
        cursor: u64,
        vis: &Visibility,
        limit: u32,
    ) -> Result<(Vec<ChangeRow>, u64)>;
    /// The highest committed sequence number.
    fn changes_head(&mut self) -> Result<u64>;
    /// Cursors at or below this were compacted away (410 Gone).
    fn changes_compacted_through(&mut self) -> Result<u64>;
    /// Drops `remove` rows older than `before` and raises the compaction mark.
    fn changes_compact(&mut self, before: i64) -> Result<u64>;
}
