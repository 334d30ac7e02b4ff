//! Organisations that handle tasks beside grid workers (街道吹哨，部门报到): the district's
//! professional departments (专业部门: 城管, 市政, 园林, 供水 …), a street's own offices, and
//! property companies (物业; 红色物业 when a party branch leads them), each with a code, a
//! kind and the area it serves. Their people are department handlers
//! ([`crate::Role::DepartmentHandler`]) whose scope is the organisation's area.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::people::Scope;

/// An organisation's code, as the district writes it: 1–32 ASCII letters, digits, `-` or
/// `_` (e.g. `cg` for 城管, `HG-SZ` for 市政).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct OrgCode(String);

impl OrgCode {
    /// The longest code.
    pub const MAX_LEN: usize = 32;

    /// Checks the shape: 1–32 ASCII letters, digits, `-` or `_`.
    pub fn parse(input: &str) -> Result<Self> {
        let code = input.trim();
        let problem = if code.is_empty() {
            Some("it is empty".to_owned())
        } else if code.len() > Self::MAX_LEN {
            Some(format!(
                "it has {} characters, at most {}",
                code.len(),
                Self::MAX_LEN
            ))
        } else {
            code.chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
                .map(|c| format!("{c:?} is not a letter, digit, '-' or '_'"))
        };
        match problem {
            Some(problem) => Err(Error::CodeFormat {
                kind: "organisation code",
                input: input.to_owned(),
                problem,
            }),
            None => Ok(Self(code.to_owned())),
        }
    }

    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for OrgCode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl TryFrom<String> for OrgCode {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Self::parse(&s)
    }
}

impl From<OrgCode> for String {
    fn from(c: OrgCode) -> String {
        c.0
    }
}

/// What kind of organisation it is, which fixes the level of the area it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OrgKind {
    /// 专业部门: a district department (城管, 市政, 园林, 供水 …); serves the district.
    Department,
    /// 街道科室: one of a street's own offices; serves the street.
    StreetOffice,
    /// 物业公司: a property company; serves a community or a street.
    PropertyCompany,
}

impl OrgKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [OrgKind; 3] = [
        OrgKind::Department,
        OrgKind::StreetOffice,
        OrgKind::PropertyCompany,
    ];

    /// The wire name, e.g. `street_office`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Department => "department",
            OrgKind::StreetOffice => "street_office",
            OrgKind::PropertyCompany => "property_company",
        }
    }

    /// The Chinese name, as an import file may write it.
    pub fn name_zh(self) -> &'static str {
        match self {
            OrgKind::Department => "专业部门",
            OrgKind::StreetOffice => "街道科室",
            OrgKind::PropertyCompany => "物业公司",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            OrgKind::Department => "department",
            OrgKind::StreetOffice => "street office",
            OrgKind::PropertyCompany => "property company",
        }
    }

    /// Whether an organisation of this kind may serve `area`.
    pub fn fits(self, area: &Scope) -> bool {
        matches!(
            (self, area),
            (OrgKind::Department, Scope::District(_))
                | (OrgKind::StreetOffice, Scope::Street(_))
                | (
                    OrgKind::PropertyCompany,
                    Scope::Community(_) | Scope::Street(_)
                )
        )
    }

    /// The area this kind needs, for messages.
    pub fn needs(self) -> &'static str {
        match self {
            OrgKind::Department => "a district",
            OrgKind::StreetOffice => "a street",
            OrgKind::PropertyCompany => "a community or a street",
        }
    }
}

impl FromStr for OrgKind {
    type Err = String;
    /// The wire name or the Chinese name.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim();
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.name_zh() == s)
            .ok_or_else(|| {
                format!(
                    "unknown organisation kind {s:?} (department / 专业部门, street_office / \
                     街道科室 or property_company / 物业公司)"
                )
            })
    }
}

/// An organisation that may be given tasks. A retired one takes no new tasks; its cases
/// keep its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub code: OrgCode,
    pub name: String,
    pub kind: OrgKind,
    /// The area it serves: the district, a street or a community (by [`OrgKind::fits`]).
    pub area: Scope,
    /// The party branch that leads it (a property company with one is 红色物业).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_branch: Option<String>,
    /// Its duty phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default)]
    pub retired: bool,
}

impl Organisation {
    /// Checks the name is present and the kind fits the area.
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::Organisation(format!(
                "organisation {} has an empty name",
                self.code
            )));
        }
        if !self.kind.fits(&self.area) {
            return Err(Error::Organisation(format!(
                "{} ({}): a {} serves {}, not {:?}",
                self.name,
                self.code,
                self.kind.name_en(),
                self.kind.needs(),
                self.area
            )));
        }
        Ok(())
    }

    /// A property company led by a party branch (红色物业).
    pub fn is_red_property(&self) -> bool {
        self.kind == OrgKind::PropertyCompany && self.party_branch.is_some()
    }
}
