//! The administrative hierarchy and its codes: district (区) → street (街道) → community
//! (社区) → grid (网格) → building (楼栋) → unit (单元), plus the [`Hierarchy`] lookup.
//!
//! Code scheme (all ASCII, fixed width):
//!
//! | Level | Example | Shape |
//! | --- | --- | --- |
//! | district | `130302` | 6 digits (GB/T 2260) |
//! | street | `130302001` | district + 3 digits |
//! | community | `130302001010` | street + 3 digits |
//! | grid | `130302001010007` | community + 3-digit grid number |
//! | building | `130302001010007-012` | grid + `-` + 3-digit building number |
//! | unit | `130302001010007-012-03` | building + `-` + 2-digit unit number |
//!
//! The trailing number of a street, community, grid, building or unit is never all zeros.
//! Codes are `Copy`, serialize as strings and validate when deserialized.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Checks `input` against a pattern of `d` (digit) and literal bytes; returns the bytes.
fn parse_pattern<const N: usize>(
    kind: &'static str,
    shape: &'static str,
    pattern: &[u8; N],
    input: &str,
) -> Result<[u8; N]> {
    let chars = input.chars().count();
    if chars != N || input.len() != N {
        return Err(Error::CodeLength {
            kind,
            input: input.to_owned(),
            shape,
            actual: chars,
        });
    }
    let mut out = [0u8; N];
    for (i, (&b, &p)) in input.as_bytes().iter().zip(pattern.iter()).enumerate() {
        if p == b'd' {
            if !b.is_ascii_digit() {
                return Err(Error::CodeNotDigit {
                    kind,
                    input: input.to_owned(),
                    position: i + 1,
                    found: char::from(b),
                });
            }
        } else if b != p {
            return Err(Error::CodeFormat {
                kind,
                input: input.to_owned(),
                problem: format!("character {} must be {:?}", i + 1, char::from(p)),
            });
        }
        out[i] = b;
    }
    Ok(out)
}

/// Rejects a code whose trailing `len` digits (its own number) are all zeros.
fn nonzero_tail(kind: &'static str, what: &'static str, bytes: &[u8], len: usize) -> Result<()> {
    let tail = &bytes[bytes.len() - len..];
    if tail.iter().all(|&b| b == b'0') {
        return Err(Error::CodeFormat {
            kind,
            input: ascii(bytes).to_owned(),
            problem: format!("the {what} (last {len} digits) must not be all zeros"),
        });
    }
    Ok(())
}

/// The text of validated ASCII bytes.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// The first `M` bytes of an array, as an array.
fn prefix<const N: usize, const M: usize>(bytes: &[u8; N]) -> [u8; M] {
    let mut out = [0u8; M];
    out.copy_from_slice(&bytes[..M]);
    out
}

/// Builds the pattern `ddd…` of `N` digits.
const fn digits<const N: usize>() -> [u8; N] {
    [b'd'; N]
}

const BUILDING_PATTERN: &[u8; 19] = b"ddddddddddddddd-ddd";
const UNIT_PATTERN: &[u8; 22] = b"ddddddddddddddd-ddd-dd";

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $len:literal, $kind:literal, $shape:literal, $pattern:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name([u8; $len]);

        impl $name {
            /// Number of characters in this code.
            pub const LEN: usize = $len;
            /// What this code is called in error messages.
            pub const KIND: &'static str = $kind;

            /// The code as text.
            pub fn as_str(&self) -> &str {
                ascii(&self.0)
            }

            fn check_shape(input: &str) -> Result<[u8; $len]> {
                parse_pattern::<$len>($kind, $shape, $pattern, input)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(s: String) -> Result<Self> {
                Self::parse(&s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self> {
                Self::parse(s)
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.as_str().to_owned()
            }
        }
    };
}

code_type!(
    /// A district code, six digits of GB/T 2260, e.g. `130302` (海港区).
    DistrictCode, 6, "district code", "6 digits", &digits::<6>()
);
code_type!(
    /// A street (街道) code: the district code and three digits, e.g. `130302001`.
    StreetCode, 9, "street code", "9 digits", &digits::<9>()
);
code_type!(
    /// A community (社区) code: the street code and three digits, e.g. `130302001010`.
    CommunityCode, 12, "community code", "12 digits", &digits::<12>()
);
code_type!(
    /// A grid (网格) code: the community code and a three-digit grid number, e.g.
    /// `130302001010007`.
    GridCode, 15, "grid code", "15 digits", &digits::<15>()
);
code_type!(
    /// A building (楼栋) code: the grid code, `-`, and a three-digit building number, e.g.
    /// `130302001010007-012`.
    BuildingCode, 19, "building code",
    "19 characters: a 15-digit grid code, '-', a 3-digit building number",
    BUILDING_PATTERN
);
code_type!(
    /// A unit (单元) code: the building code, `-`, and a two-digit unit number, e.g.
    /// `130302001010007-012-03`.
    UnitCode, 22, "unit code",
    "22 characters: a 19-character building code, '-', a 2-digit unit number",
    UNIT_PATTERN
);

/// Checks that `child`'s parent is `parent`, or says which parent it has.
fn check_parent<P: fmt::Display + PartialEq>(
    kind: &'static str,
    child: &impl fmt::Display,
    parent_kind: &'static str,
    actual: P,
    expected: &P,
) -> Result<()> {
    if &actual == expected {
        Ok(())
    } else {
        Err(Error::WrongParent {
            kind,
            code: child.to_string(),
            parent_kind,
            expected_parent: expected.to_string(),
            actual_parent: actual.to_string(),
        })
    }
}

impl DistrictCode {
    /// Parses six digits.
    pub fn parse(input: &str) -> Result<Self> {
        let bytes = Self::check_shape(input)?;
        nonzero_tail(Self::KIND, "county part", &bytes, 2)?;
        Ok(Self(bytes))
    }
}

impl StreetCode {
    /// Parses nine digits whose street number (last three) is not `000`.
    pub fn parse(input: &str) -> Result<Self> {
        let bytes = Self::check_shape(input)?;
        nonzero_tail(Self::KIND, "street number", &bytes, 3)?;
        Ok(Self(bytes))
    }

    /// Parses a street code and checks it lies in `district`.
    pub fn parse_under(district: &DistrictCode, input: &str) -> Result<Self> {
        let code = Self::parse(input)?;
        check_parent(
            Self::KIND,
            &code,
            DistrictCode::KIND,
            code.parent(),
            district,
        )?;
        Ok(code)
    }

    /// The district this street is in.
    pub fn parent(&self) -> DistrictCode {
        DistrictCode(prefix(&self.0))
    }

    /// The district this street is in (same as [`StreetCode::parent`]).
    pub fn district(&self) -> DistrictCode {
        self.parent()
    }

    /// The street's number within its district (1..=999).
    pub fn number(&self) -> u16 {
        tail_number(&self.0, 3)
    }
}

impl CommunityCode {
    /// Parses twelve digits whose community number (last three) is not `000`.
    pub fn parse(input: &str) -> Result<Self> {
        let bytes = Self::check_shape(input)?;
        nonzero_tail(Self::KIND, "community number", &bytes, 3)?;
        Ok(Self(bytes))
    }

    /// Parses a community code and checks it lies in `street`.
    pub fn parse_under(street: &StreetCode, input: &str) -> Result<Self> {
        let code = Self::parse(input)?;
        check_parent(Self::KIND, &code, StreetCode::KIND, code.parent(), street)?;
        Ok(code)
    }

    /// The street this community is in.
    pub fn parent(&self) -> StreetCode {
        StreetCode(prefix(&self.0))
    }

    /// The street this community is in (same as [`CommunityCode::parent`]).
    pub fn street(&self) -> StreetCode {
        self.parent()
    }

    /// The district this community is in.
    pub fn district(&self) -> DistrictCode {
        DistrictCode(prefix(&self.0))
    }

    /// The community's number within its street (1..=999).
    pub fn number(&self) -> u16 {
        tail_number(&self.0, 3)
    }

    /// The code of grid `number` (1..=999) in this community.
    pub fn grid(&self, number: u16) -> Result<GridCode> {
        GridCode::new(self, number)
    }
}

impl GridCode {
    /// Parses fifteen digits whose grid number (last three) is not `000`.
    pub fn parse(input: &str) -> Result<Self> {
        let bytes = Self::check_shape(input)?;
        nonzero_tail(Self::KIND, "grid number", &bytes, 3)?;
        Ok(Self(bytes))
    }

    /// Parses a grid code and checks it lies in `community`.
    pub fn parse_under(community: &CommunityCode, input: &str) -> Result<Self> {
        let code = Self::parse(input)?;
        check_parent(
            Self::KIND,
            &code,
            CommunityCode::KIND,
            code.parent(),
            community,
        )?;
        Ok(code)
    }

    /// The code of grid `number` (1..=999) in `community`.
    pub fn new(community: &CommunityCode, number: u16) -> Result<Self> {
        if !(1..=999).contains(&number) {
            return Err(Error::CodeFormat {
                kind: Self::KIND,
                input: format!("{community}{number:03}"),
                problem: format!("grid number {number} is not in 1..=999"),
            });
        }
        Self::parse(&format!("{community}{number:03}"))
    }

    /// The community this grid is in.
    pub fn parent(&self) -> CommunityCode {
        CommunityCode(prefix(&self.0))
    }

    /// The community this grid is in (same as [`GridCode::parent`]).
    pub fn community(&self) -> CommunityCode {
        self.parent()
    }

    /// The street this grid is in.
    pub fn street(&self) -> StreetCode {
        StreetCode(prefix(&self.0))
    }

    /// The district this grid is in.
    pub fn district(&self) -> DistrictCode {
        DistrictCode(prefix(&self.0))
    }

    /// The grid's number within its community (1..=999).
    pub fn number(&self) -> u16 {
        tail_number(&self.0, 3)
    }

    /// The code of building `number` (1..=999) in this grid.
    pub fn building(&self, number: u16) -> Result<BuildingCode> {
        BuildingCode::parse(&format!("{self}-{number:03}"))
    }
}

impl BuildingCode {
    /// Parses `<15-digit grid code>-<3-digit building number>`.
    pub fn parse(input: &str) -> Result<Self> {
        let bytes = Self::check_shape(input)?;
        nonzero_tail(GridCode::KIND, "grid number", &bytes[..15], 3)?;
        nonzero_tail(Self::KIND, "building number", &bytes, 3)?;
        Ok(Self(bytes))
    }

    /// Parses a building code and checks it lies in `grid`.
    pub fn parse_under(grid: &GridCode, input: &str) -> Result<Self> {
        let code = Self::parse(input)?;
        check_parent(Self::KIND, &code, GridCode::KIND, code.parent(), grid)?;
        Ok(code)
    }

    /// The grid this building is in.
    pub fn parent(&self) -> GridCode {
        GridCode(prefix(&self.0))
    }

    /// The grid this building is in (same as [`BuildingCode::parent`]).
    pub fn grid(&self) -> GridCode {
        self.parent()
    }

    /// The building's number within its grid (1..=999).
    pub fn number(&self) -> u16 {
        tail_number(&self.0, 3)
    }

    /// The code of unit `number` (1..=99) in this building.
    pub fn unit(&self, number: u8) -> Result<UnitCode> {
        UnitCode::parse(&format!("{self}-{number:02}"))
    }
}

impl UnitCode {
    /// Parses `<building code>-<2-digit unit number>`.
    pub fn parse(input: &str) -> Result<Self> {
        let bytes = Self::check_shape(input)?;
        nonzero_tail(GridCode::KIND, "grid number", &bytes[..15], 3)?;
        nonzero_tail(BuildingCode::KIND, "building number", &bytes[..19], 3)?;
        nonzero_tail(Self::KIND, "unit number", &bytes, 2)?;
        Ok(Self(bytes))
    }

    /// Parses a unit code and checks it lies in `building`.
    pub fn parse_under(building: &BuildingCode, input: &str) -> Result<Self> {
        let code = Self::parse(input)?;
        check_parent(
            Self::KIND,
            &code,
            BuildingCode::KIND,
            code.parent(),
            building,
        )?;
        Ok(code)
    }

    /// The building this unit is in.
    pub fn parent(&self) -> BuildingCode {
        BuildingCode(prefix(&self.0))
    }

    /// The unit's number within its building (1..=99).
    pub fn number(&self) -> u16 {
        tail_number(&self.0, 2)
    }
}

/// The number in the last `len` digits.
fn tail_number(bytes: &[u8], len: usize) -> u16 {
    bytes[bytes.len() - len..]
        .iter()
        .fold(0u16, |n, &b| n * 10 + u16::from(b - b'0'))
}

/// A district (区) with its name, e.g. `130302` 海港区.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub code: DistrictCode,
    pub name: String,
}

/// A street (街道) with its name, e.g. `130302001` 文化路街道.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Street {
    pub code: StreetCode,
    pub name: String,
}

/// A community (社区) with its name, e.g. `130302001010` 人民里社区居委会.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    pub code: CommunityCode,
    pub name: String,
}

/// A grid (网格) with its name, e.g. `130302001010007` 人民里社区第7网格.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    pub code: GridCode,
    pub name: String,
}

/// The levels of one or more districts, with lookup by code.
///
/// Invariant: every street's district, community's street and grid's community is present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hierarchy {
    districts: BTreeMap<DistrictCode, District>,
    streets: BTreeMap<StreetCode, Street>,
    communities: BTreeMap<CommunityCode, Community>,
    grids: BTreeMap<GridCode, Grid>,
}

fn duplicate(kind: &'static str, code: &impl fmt::Display) -> Error {
    Error::Hierarchy(format!("{kind} {code} is already in the hierarchy"))
}

fn missing_parent(
    kind: &'static str,
    code: &impl fmt::Display,
    parent: &impl fmt::Display,
) -> Error {
    Error::Hierarchy(format!(
        "{kind} {code} cannot be added: its parent {parent} is not in the hierarchy"
    ))
}

fn check_name(kind: &'static str, code: &impl fmt::Display, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::Hierarchy(format!("{kind} {code} has an empty name")));
    }
    Ok(())
}

impl Hierarchy {
    /// An empty hierarchy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a district. Fails on a duplicate code or an empty name.
    pub fn add_district(&mut self, district: District) -> Result<()> {
        check_name(DistrictCode::KIND, &district.code, &district.name)?;
        if self.districts.contains_key(&district.code) {
            return Err(duplicate(DistrictCode::KIND, &district.code));
        }
        self.districts.insert(district.code, district);
        Ok(())
    }

    /// Adds a street whose district is already present.
    pub fn add_street(&mut self, street: Street) -> Result<()> {
        check_name(StreetCode::KIND, &street.code, &street.name)?;
        if self.streets.contains_key(&street.code) {
            return Err(duplicate(StreetCode::KIND, &street.code));
        }
        if !self.districts.contains_key(&street.code.parent()) {
            return Err(missing_parent(
                StreetCode::KIND,
                &street.code,
                &street.code.parent(),
            ));
        }
        self.streets.insert(street.code, street);
        Ok(())
    }

    /// Adds a community whose street is already present.
    pub fn add_community(&mut self, community: Community) -> Result<()> {
        check_name(CommunityCode::KIND, &community.code, &community.name)?;
        if self.communities.contains_key(&community.code) {
            return Err(duplicate(CommunityCode::KIND, &community.code));
        }
        if !self.streets.contains_key(&community.code.parent()) {
            return Err(missing_parent(
                CommunityCode::KIND,
                &community.code,
                &community.code.parent(),
            ));
        }
        self.communities.insert(community.code, community);
        Ok(())
    }

    /// Adds a grid whose community is already present.
    pub fn add_grid(&mut self, grid: Grid) -> Result<()> {
        check_name(GridCode::KIND, &grid.code, &grid.name)?;
        if self.grids.contains_key(&grid.code) {
            return Err(duplicate(GridCode::KIND, &grid.code));
        }
        if !self.communities.contains_key(&grid.code.parent()) {
            return Err(missing_parent(
                GridCode::KIND,
                &grid.code,
                &grid.code.parent(),
            ));
        }
        self.grids.insert(grid.code, grid);
        Ok(())
    }

    /// The district with this code.
    pub fn district(&self, code: &DistrictCode) -> Option<&District> {
        self.districts.get(code)
    }

    /// The street with this code.
    pub fn street(&self, code: &StreetCode) -> Option<&Street> {
        self.streets.get(code)
    }

    /// The community with this code.
    pub fn community(&self, code: &CommunityCode) -> Option<&Community> {
        self.communities.get(code)
    }

    /// The grid with this code.
    pub fn grid(&self, code: &GridCode) -> Option<&Grid> {
        self.grids.get(code)
    }

    /// All districts, in code order.
    pub fn districts(&self) -> impl Iterator<Item = &District> {
        self.districts.values()
    }

    /// All streets, in code order.
    pub fn streets(&self) -> impl Iterator<Item = &Street> {
        self.streets.values()
    }

    /// All communities, in code order.
    pub fn communities(&self) -> impl Iterator<Item = &Community> {
        self.communities.values()
    }

    /// All grids, in code order.
    pub fn grids(&self) -> impl Iterator<Item = &Grid> {
        self.grids.values()
    }

    /// The streets of a district.
    pub fn streets_in(&self, district: &DistrictCode) -> impl Iterator<Item = &Street> {
        let district = *district;
        self.streets
            .values()
            .filter(move |s| s.code.parent() == district)
    }

    /// The communities of a street.
    pub fn communities_in(&self, street: &StreetCode) -> impl Iterator<Item = &Community> {
        let street = *street;
        self.communities
            .values()
            .filter(move |c| c.code.parent() == street)
    }

    /// The grids of a community.
    pub fn grids_in(&self, community: &CommunityCode) -> impl Iterator<Item = &Grid> {
        let community = *community;
        self.grids
            .values()
            .filter(move |g| g.code.parent() == community)
    }

    /// The first community whose name contains `name` (e.g. "人民里").
    pub fn community_named(&self, name: &str) -> Option<&Community> {
        self.communities.values().find(|c| c.name.contains(name))
    }

    /// The first street whose name contains `name` (e.g. "文化路").
    pub fn street_named(&self, name: &str) -> Option<&Street> {
        self.streets.values().find(|s| s.name.contains(name))
    }

    /// The name of a district, or its code when unknown.
    pub fn district_name(&self, code: &DistrictCode) -> String {
        self.district(code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    }

    /// The name of a street, or its code when unknown.
    pub fn street_name(&self, code: &StreetCode) -> String {
        self.street(code)
            .map_or_else(|| code.to_string(), |s| s.name.clone())
    }

    /// The name of a community, or its code when unknown.
    pub fn community_name(&self, code: &CommunityCode) -> String {
        self.community(code)
            .map_or_else(|| code.to_string(), |c| c.name.clone())
    }

    /// The name of a grid, or its code when unknown.
    pub fn grid_name(&self, code: &GridCode) -> String {
        self.grid(code)
            .map_or_else(|| code.to_string(), |g| g.name.clone())
    }

    /// Parses the hierarchy CSV format `level,code,name,parent_code` (header required; levels
    /// `district`, `street`, `community`, `grid`; fields may be double-quoted). A district's
    /// parent code is its prefecture (a prefix of the district code, e.g. `1303`); every
    /// other row's parent must be the level above, be present in the file, and match the
    /// code's own prefix. Rows may come in any order. Errors name the line.
    pub fn from_csv_str(text: &str) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        let header = lines
            .by_ref()
            .find(|(_, l)| !l.trim().is_empty())
            .ok_or_else(|| Error::HierarchyCsv {
                line: 1,
                problem: "the file is empty".into(),
            })?;
        let header_fields = split_csv_line(header.1).map_err(|p| csv_err(header.0, p))?;
        if header_fields != ["level", "code", "name", "parent_code"] {
            return Err(csv_err(
                header.0,
                format!(
                    "expected the header level,code,name,parent_code, found {:?}",
                    header.1
                ),
            ));
        }
        let mut rows: Vec<(usize, Level, String, String, String)> = Vec::new();
        for (line, raw) in lines {
            if raw.trim().is_empty() {
                continue;
            }
            let fields = split_csv_line(raw).map_err(|p| csv_err(line, p))?;
            let [level, code, name, parent]: [String; 4] =
                fields.try_into().map_err(|f: Vec<String>| {
                    csv_err(line, format!("expected 4 fields, found {}", f.len()))
                })?;
            let level = match level.as_str() {
                "district" => Level::District,
                "street" => Level::Street,
                "community" => Level::Community,
                "grid" => Level::Grid,
                other => {
                    return Err(csv_err(
                        line,
                        format!(
                            "unknown level {other:?} (expected district, street, community or grid)"
                        ),
                    ));
                }
            };
            rows.push((line, level, code, name, parent));
        }
        rows.sort_by_key(|r| r.1);
        let mut h = Hierarchy::new();
        for (line, level, code, name, parent) in rows {
            let at = |e: Error| csv_err(line, e.to_string());
            match level {
                Level::District => {
                    let code = DistrictCode::parse(&code).map_err(at)?;
                    let ok = !parent.is_empty()
                        && parent.len() < code.as_str().len()
                        && code.as_str().starts_with(parent.as_str());
                    if !ok {
                        return Err(csv_err(
                            line,
                            format!(
                                "district {code}'s parent code {parent:?} is not its prefecture (a prefix of the code)"
                            ),
                        ));
                    }
                    h.add_district(District { code, name }).map_err(at)?;
                }
                Level::Street => {
                    let parent = DistrictCode::parse(&parent).map_err(at)?;
                    let code = StreetCode::parse_under(&parent, &code).map_err(at)?;
                    h.add_street(Street { code, name }).map_err(at)?;
                }
                Level::Community => {
                    let parent = StreetCode::parse(&parent).map_err(at)?;
                    let code = CommunityCode::parse_under(&parent, &code).map_err(at)?;
                    h.add_community(Community { code, name }).map_err(at)?;
                }
                Level::Grid => {
                    let parent = CommunityCode::parse(&parent).map_err(at)?;
                    let code = GridCode::parse_under(&parent, &code).map_err(at)?;
                    h.add_grid(Grid { code, name }).map_err(at)?;
                }
            }
        }
        Ok(h)
    }
}

/// Levels of a hierarchy CSV row, in the order they must be inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    District,
    Street,
    Community,
    Grid,
}

fn csv_err(line: usize, problem: impl Into<String>) -> Error {
    Error::HierarchyCsv {
        line,
        problem: problem.into(),
    }
}

/// Splits one CSV line into trimmed fields; `"…"` quotes a field and `""` is a quote in it.
fn split_csv_line(line: &str) -> std::result::Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() && !was_quoted => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            (false, ',') => {
                fields.push(if was_quoted {
                    field.clone()
                } else {
                    field.trim().to_owned()
                });
                field.clear();
                was_quoted = false;
            }
            (false, '"') => return Err("a quote in the middle of an unquoted field".into()),
            (false, c) => {
                if was_quoted && !c.is_whitespace() {
                    return Err("text after a closing quote".into());
                }
                field.push(c);
            }
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    fields.push(if was_quoted {
        field
    } else {
        field.trim().to_owned()
    });
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_level_and_walks_up() {
        let g = GridCode::parse("130302001010007").unwrap();
        assert_eq!(g.as_str(), "130302001010007");
        assert_eq!(g.number(), 7);
        assert_eq!(g.parent().as_str(), "130302001010");
        assert_eq!(g.parent().parent().as_str(), "130302001");
        assert_eq!(g.parent().parent().parent().as_str(), "130302");
        assert_eq!(g.street(), g.community().street());
        assert_eq!(g.district().to_string(), "130302");
        let b = g.building(12).unwrap();
        assert_eq!(b.as_str(), "130302001010007-012");
        assert_eq!(b.parent(), g);
        let u = b.unit(3).unwrap();
        assert_eq!(u.as_str(), "130302001010007-012-03");
        assert_eq!(u.parent(), b);
        assert_eq!(u.number(), 3);
        let c = CommunityCode::parse("130302001010").unwrap();
        assert_eq!(c.grid(7).unwrap(), g);
    }

    #[test]
    fn wrong_length_says_so() {
        let e = GridCode::parse("13030200101000").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid grid code \"13030200101000\": expected 15 digits, got 14 characters"
        );
        let e = DistrictCode::parse("1303020").unwrap_err();
        assert!(matches!(e, Error::CodeLength { actual: 7, .. }), "{e}");
        let e = StreetCode::parse("海港区").unwrap_err();
        assert!(matches!(e, Error::CodeLength { actual: 3, .. }), "{e}");
    }

    #[test]
    fn non_digit_says_where() {
        let e = CommunityCode::parse("13030200101O").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid community code \"13030200101O\": character 12 is 'O', expected a digit"
        );
        let e = BuildingCode::parse("130302001010007-01a").unwrap_err();
        assert!(
            matches!(
                e,
                Error::CodeNotDigit {
                    position: 19,
                    found: 'a',
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn separators_and_zero_numbers_are_checked() {
        let e = BuildingCode::parse("130302001010007_012").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid building code \"130302001010007_012\": character 16 must be '-'"
        );
        let e = GridCode::parse("130302001010000").unwrap_err();
        assert!(
            e.to_string()
                .contains("grid number (last 3 digits) must not be all zeros"),
            "{e}"
        );
        assert!(UnitCode::parse("130302001010007-012-00").is_err());
        assert!(UnitCode::parse("130302001010007-000-01").is_err());
        assert!(GridCode::new(&CommunityCode::parse("130302001010").unwrap(), 1000).is_err());
    }

    #[test]
    fn wrong_parent_names_both() {
        let c = CommunityCode::parse("130302001010").unwrap();
        let e = GridCode::parse_under(&c, "130302002005001").unwrap_err();
        assert_eq!(
            e.to_string(),
            "grid code 130302002005001 is not under community code 130302001010: its parent is 130302002005"
        );
        let s = StreetCode::parse("130302002").unwrap();
        assert!(CommunityCode::parse_under(&s, "130302001010").is_err());
        assert!(CommunityCode::parse_under(&s, "130302002005").is_ok());
    }

    #[test]
    fn serde_as_string_validates() {
        let g = GridCode::parse("130302001010007").unwrap();
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(json, "\"130302001010007\"");
        assert_eq!(serde_json::from_str::<GridCode>(&json).unwrap(), g);
        let err = serde_json::from_str::<GridCode>("\"1303\"").unwrap_err();
        assert!(err.to_string().contains("expected 15 digits"), "{err}");
    }

    #[test]
    fn csv_parses_and_reports_line_numbers() {
        let text = "level,code,name,parent_code\n\
                    community,130302001010,人民里社区居委会,130302001\n\
                    district,130302,海港区,1303\n\
                    street,130302001,文化路街道,130302\n\
                    grid,130302001010007,\"人民里, 第7网格\",130302001010\n";
        let h = Hierarchy::from_csv_str(text).unwrap();
        let g = GridCode::parse("130302001010007").unwrap();
        assert_eq!(h.grid(&g).unwrap().name, "人民里, 第7网格");
        assert_eq!(h.community_name(&g.community()), "人民里社区居委会");
        assert_eq!(h.grids_in(&g.community()).count(), 1);

        let bad = "level,code,name,parent_code\nstreet,130302001,文化路街道,130302\n";
        let e = Hierarchy::from_csv_str(bad).unwrap_err();
        assert_eq!(
            e.to_string(),
            "hierarchy CSV line 2: street code 130302001 cannot be added: its parent 130302 is not in the hierarchy"
        );

        let bad =
            "level,code,name,parent_code\ndistrict,130302,海港区,1303\nstreet,130303001,x,130302\n";
        let e = Hierarchy::from_csv_str(bad).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("hierarchy CSV line 3: street code 130303001 is not under"),
            "{e}"
        );

        let bad = "level,code,name\n";
        assert!(
            Hierarchy::from_csv_str(bad)
                .unwrap_err()
                .to_string()
                .contains("header")
        );
        let bad = "level,code,name,parent_code\ndistrict,130302,海港区\n";
        assert!(
            Hierarchy::from_csv_str(bad)
                .unwrap_err()
                .to_string()
                .contains("expected 4 fields")
        );
        let bad = "level,code,name,parent_code\ncounty,130302,海港区,1303\n";
        assert!(
            Hierarchy::from_csv_str(bad)
                .unwrap_err()
                .to_string()
                .contains("unknown level")
        );
        let bad = "level,code,name,parent_code\ndistrict,130302,海港区,1303\ndistrict,130302,海港区,1303\n";
        assert!(
            Hierarchy::from_csv_str(bad)
                .unwrap_err()
                .to_string()
                .contains("already")
        );
        assert!(Hierarchy::from_csv_str("").is_err());
    }
}
