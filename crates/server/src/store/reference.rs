//! The repositories of the district's reference data and its administration: named areas,
//! categories, organisations, grids, buildings, the administrators' audit log and enrollment codes.

use domain::{GridCode, PersonId};
use protocol::DeviceId;

use crate::error::Result;

/// A named area of the hierarchy above grids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaLevel {
    District,
    Street,
    Community,
}

impl AreaLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::District => "district",
            Self::Street => "street",
            Self::Community => "community",
        }
    }
}

pub trait AreaRepo {
    /// Stores an area, or renames it when its code is stored (a new or renamed area is
    /// not published yet).
    fn area_put(&mut self, level: AreaLevel, code: &str, name: &str) -> Result<()>;
    /// Every stored area, `(level, code, name)`, in code order.
    fn areas_all(&mut self) -> Result<Vec<(AreaLevel, String, String)>>;
    /// The areas the change feed does not have as stored, in code order.
    fn areas_unpublished(&mut self) -> Result<Vec<(AreaLevel, String, String)>>;
    /// Marks an area published as stored.
    fn area_published(&mut self, code: &str) -> Result<()>;
}

/// One change made through the administration API: who, when, what, and the subject's
/// state before and after (absent for a creation or a removal).
#[derive(Debug, Clone, PartialEq)]
pub struct AdminAuditEntry {
    /// Assigned when stored; rises with every entry.
    pub id: i64,
    pub at: i64,
    pub actor: PersonId,
    pub username: String,
    /// `import.grids`, `person.move`, `enrollment.create`, …
    pub action: String,
    /// What changed: a file name, a user name, a code.
    pub subject: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub trait AdminAuditRepo {
    /// Appends an entry (its `id` is ignored) and returns the id it got.
    fn admin_audit_put(&mut self, entry: &AdminAuditEntry) -> Result<i64>;
    /// Up to `limit` entries older than `before_id` (all when `None`), newest first.
    fn admin_audit_page(
        &mut self,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AdminAuditEntry>>;
}

/// An enrollment code: the hash of its secret, whose phone it signs in, who made it,
/// until when it works, and when it was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentRecord {
    pub hash: String,
    pub person_id: PersonId,
    pub created_by: PersonId,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub trait EnrollmentRepo {
    fn enrollment_insert(&mut self, enrollment: &EnrollmentRecord) -> Result<()>;
    fn enrollment_get(&mut self, hash: &str) -> Result<Option<EnrollmentRecord>>;
    /// Marks the code used by `device`; false when it was used already.
    fn enrollment_use(&mut self, hash: &str, device: DeviceId, now: i64) -> Result<bool>;
}

pub trait CategoryRepo {
    /// Stores a category, or replaces the stored one with its code.
    fn category_put(&mut self, category: &domain::Category) -> Result<()>;
    /// Every stored category (retired ones too), in code order.
    fn categories_all(&mut self) -> Result<Vec<domain::Category>>;
}

pub trait OrganisationRepo {
    /// Stores an organisation, or replaces the stored one with its code.
    fn organisation_put(&mut self, organisation: &domain::Organisation) -> Result<()>;
    /// Every stored organisation (retired ones too), in code order.
    fn organisations_all(&mut self) -> Result<Vec<domain::Organisation>>;
}

pub trait GridRepo {
    /// Stores a grid (in use: a retired one comes back).
    fn grid_put(&mut self, code: &GridCode, data: &protocol::GridView) -> Result<()>;
    /// The grids in use, in code order.
    fn grids_all(&mut self) -> Result<Vec<protocol::GridView>>;
    /// How many grids are in use.
    fn grid_count(&mut self) -> Result<u64>;
    /// Retires a grid: kept, but no longer in use.
    fn grid_retire(&mut self, code: &GridCode, now: i64) -> Result<()>;
    /// Whether `code` is a stored grid that was retired.
    fn grid_is_retired(&mut self, code: &GridCode) -> Result<bool>;
}

pub trait BuildingRepo {
    /// Stores a building (in use: a retired one comes back).
    fn building_put(&mut self, building: &protocol::BuildingView) -> Result<()>;
    /// The stored building, and whether it is retired.
    fn building_get(
        &mut self,
        code: &domain::BuildingCode,
    ) -> Result<Option<(protocol::BuildingView, bool)>>;
    /// Marks a stored building retired at `now`.
    fn building_retire(&mut self, code: &domain::BuildingCode, now: i64) -> Result<()>;
    fn building_count(&mut self) -> Result<u64>;
    /// Buildings that new grid boundaries moved out of their code's grid, with the grid
    /// each lies in now.
    fn buildings_moved(&mut self) -> Result<Vec<(domain::BuildingCode, GridCode)>>;
    /// The buildings of a grid that are in use.
    fn buildings_in_grid(&mut self, grid: &GridCode) -> Result<Vec<protocol::BuildingView>>;
}

/// What is known of one entrance's placard (网格公示牌): the version last printed and the
/// version a worker last confirmed posted at the door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacardRecord {
    /// A building code, or `building/unit` for a unit's entrance.
    pub entrance: String,
    pub community: String,
    /// The last printed version: the placard's content as JSON, its fingerprint, when and
    /// by whom.
    pub printed: Option<PlacardVersion>,
    /// The fingerprint a worker confirmed posted, when and by whom.
    pub posted: Option<(String, i64, PersonId)>,
}

/// One printed version of a placard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacardVersion {
    pub content: String,
    pub fingerprint: String,
    pub at: i64,
    pub by: PersonId,
}

pub trait PlacardRepo {
    /// The placards of a community that were ever printed or posted, by entrance.
    fn placards_in_community(&mut self, community: &str) -> Result<Vec<PlacardRecord>>;
    fn placard_get(&mut self, entrance: &str) -> Result<Option<PlacardRecord>>;
    /// Records a printed version of an entrance's placard (replacing the previous one).
    fn placard_printed(
        &mut self,
        entrance: &str,
        community: &str,
        version: &PlacardVersion,
    ) -> Result<()>;
    /// Records that the version `fingerprint` now hangs at a printed entrance.
    fn placard_posted(
        &mut self,
        entrance: &str,
        fingerprint: &str,
        at: i64,
        by: PersonId,
    ) -> Result<()>;
}
