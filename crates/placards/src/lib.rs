//! 网格公示 placards: what one entrance's placard shows ([`Placard`]), its fingerprint and
//! what changed between two versions, and the printable PDF of many ([`render`]).
//!
//! A placard hangs at a building's or a unit's entrance. It names the grid (number and
//! name), the area the grid covers (its community and buildings), the grid's workers with
//! their phones, the community's contact, a small map of the grid's boundary with the
//! entrance marked, and a QR code of the entrance's stable address: a grid worker's app
//! scanning it checks in there, any other phone opens the entrance's public page.
//!
//! The PDF embeds a subset of a CJK font the caller loads ([`Fonts`]): only the glyphs the
//! placards use, so a page stays small.

mod error;
mod fonts;
mod layout;

pub use error::{Error, Result};
pub use fonts::Fonts;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A person named on a placard, with the phone residents call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// What they are here: 专职网格员, 兼职网格员, 社区受理员 …
    pub role: String,
    pub name: String,
    pub phone: Option<String>,
}

/// Everything one entrance's placard shows. Two placards with equal values print alike,
/// so a stored copy of what was printed tells whether the one on the wall is out of date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placard {
    /// The entrance's stable address, in the QR code.
    pub url: String,
    /// District, street and community names, in that order.
    pub place: Vec<String>,
    pub grid_code: String,
    pub grid_name: String,
    /// The building's name.
    pub building: String,
    /// The unit (单元), for a unit's entrance.
    pub unit: Option<String>,
    /// The area the grid covers, in words: its community and its buildings.
    pub coverage: String,
    /// The grid's workers, full-time first.
    pub workers: Vec<Contact>,
    /// The building head (楼栋长) and, at a unit's entrance, the unit head (单元长), where
    /// the district set them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heads: Vec<Contact>,
    /// Who residents of the community call besides the grid worker.
    pub community_contact: Vec<Contact>,
    /// The grid's boundary: rings of WGS-84 `[lon, lat]` (outer rings and holes alike).
    pub outline: Vec<Vec<[f64; 2]>>,
    /// Where the entrance's building stands, WGS-84.
    pub here: [f64; 2],
}

/// What part of a placard changed between two versions, for the list of stale placards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Changed {
    /// A worker's name or phone, or who the grid's workers are.
    Workers,
    /// The grid's number or name, or the place names above it.
    Grid,
    /// The grid's boundary or the buildings it covers.
    Boundary,
    /// The building's or unit's name, or where it stands.
    Entrance,
    /// The building's or unit's head.
    Heads,
    /// The community's contact.
    CommunityContact,
    /// The address in the QR code (the service moved).
    Address,
}

impl Placard {
    /// A short, stable fingerprint of what the placard shows (hex sha256 of its JSON).
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(&json))
    }

    /// What differs from `older`, in a fixed order; empty when they print alike.
    pub fn changes_since(&self, older: &Placard) -> Vec<Changed> {
        let mut out = Vec::new();
        if self.workers != older.workers {
            out.push(Changed::Workers);
        }
        if self.grid_code != older.grid_code
            || self.grid_name != older.grid_name
            || self.place != older.place
        {
            out.push(Changed::Grid);
        }
        if self.outline != older.outline || self.coverage != older.coverage {
            out.push(Changed::Boundary);
        }
        if self.building != older.building || self.unit != older.unit || self.here != older.here {
            out.push(Changed::Entrance);
        }
        if self.heads != older.heads {
            out.push(Changed::Heads);
        }
        if self.community_contact != older.community_contact {
            out.push(Changed::CommunityContact);
        }
        if self.url != older.url {
            out.push(Changed::Address);
        }
        out
    }
}

/// The paper a placard is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    /// 148 × 210 mm, the usual size at a unit's door.
    #[default]
    A5,
    /// 210 × 297 mm.
    A4,
}

/// One PDF with a page per placard, in order, on `size` paper; the text in `fonts`,
/// subset to the glyphs used.
pub fn render(placards: &[Placard], size: PaperSize, fonts: &Fonts) -> Result<Vec<u8>> {
    if placards.is_empty() {
        return Err(Error::Empty);
    }
    layout::document(placards, size, fonts)
}
