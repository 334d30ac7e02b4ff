//! The hierarchy table: districts, streets and communities with their codes and names
//! (columns `level`, `code`, `name`, `parent_code`, as in `fixtures/haigang-hierarchy.csv`),
//! checked against what is already stored and merged into it. Every problem is listed:
//! a wrong code, a code that is not under its parent, a parent neither in the file nor
//! stored, a duplicate, a missing or too long name, grids (which come with boundaries, from
//! GeoJSON).

use std::collections::BTreeMap;

use domain::hierarchy::{
    Community, CommunityCode, District, DistrictCode, Hierarchy, Street, StreetCode,
};

use crate::sheet::{pick, sorted};
use crate::{Problem, Reason, Sheet};

/// The columns of a hierarchy table.
pub const COLUMNS: [&str; 4] = ["level", "code", "name", "parent_code"];
/// Longest name of a district, street or community, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// Why `name` (trimmed) cannot be a name: empty, or longer than [`MAX_NAME_CHARS`].
pub fn name_problem(name: &str) -> Option<Reason> {
    let chars = name.chars().count();
    if name.is_empty() {
        Some(Reason::empty_name())
    } else if chars > MAX_NAME_CHARS {
        Some(Reason::long_name(chars, MAX_NAME_CHARS))
    } else {
        None
    }
}

/// What importing a hierarchy table does: the stored hierarchy with the file's areas
/// added or renamed (grids kept), and how many areas it creates, renames or leaves.
#[derive(Debug, Clone)]
pub struct HierarchyImport {
    pub merged: Hierarchy,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

#[derive(Default)]
struct Areas {
    districts: BTreeMap<DistrictCode, String>,
    streets: BTreeMap<StreetCode, String>,
    communities: BTreeMap<CommunityCode, String>,
}

/// Checks the hierarchy table in `sheets` against the `known` (stored) hierarchy.
pub fn check(sheets: &[Sheet], known: &Hierarchy) -> Result<HierarchyImport, Vec<Problem>> {
    let sheet = pick(sheets, &COLUMNS)?;
    let missing = sheet.require(&COLUMNS);
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut problems = Vec::new();
    let mut file = Areas::default();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    // Parents before children, whatever the file's order.
    let mut rows: Vec<_> = sheet.rows.iter().collect();
    let rank = |level: &str| match level {
        "district" => 0,
        "street" => 1,
        "community" => 2,
        _ => 3,
    };
    rows.sort_by_key(|r| (rank(sheet.cell(r, "level")), r.number));
    for row in rows {
        let level = sheet.cell(row, "level");
        let code = sheet.cell(row, "code");
        let name = sheet.cell(row, "name");
        let parent = sheet.cell(row, "parent_code");
        let mut problem = |column: &str, why: Reason| {
            problems.push(sheet.problem(row, column, why));
        };
        if let Some(first) = seen.get(code) {
            problem("code", Reason::repeated(code, *first));
            continue;
        }
        seen.insert(code.to_string(), row.number);
        if let Some(why) = name_problem(name) {
            problem("name", why);
        }
        match level {
            "district" => match DistrictCode::parse(code) {
                Err(e) => problem("code", e.into()),
                Ok(c) => {
                    if parent.is_empty() || parent.len() >= code.len() || !code.starts_with(parent)
                    {
                        problem(
                            "parent_code",
                            Reason::new(
                                format!("“{parent}”不是区 {c} 所属的市（应为区编码的前几位）"),
                                format!(
                                    "{parent:?} is not the prefecture of district {c} (the \
                                     first digits of its code)"
                                ),
                            ),
                        );
                    }
                    file.districts.insert(c, name.to_string());
                }
            },
            "street" => match StreetCode::parse(code) {
                Err(e) => problem("code", e.into()),
                Ok(c) => {
                    let district = c.parent();
                    if parent != district.as_str() {
                        problem(
                            "parent_code",
                            Reason::new(
                                format!("按编码，街道 {c} 属于区 {district}，不是“{parent}”"),
                                format!(
                                    "street {c} is in district {district} by its code, not \
                                     {parent:?}"
                                ),
                            ),
                        );
                    } else if !file.districts.contains_key(&district)
                        && known.district(&district).is_none()
                    {
                        problem(
                            "parent_code",
                            Reason::new(
                                format!("区 {district} 既不在本文件中，也不在已有区划中"),
                                format!("district {district} is neither in this file nor stored"),
                            ),
                        );
                    }
                    file.streets.insert(c, name.to_string());
                }
            },
            "community" => match CommunityCode::parse(code) {
                Err(e) => problem("code", e.into()),
                Ok(c) => {
                    let street = c.parent();
                    if parent != street.as_str() {
                        problem(
                            "parent_code",
                            Reason::new(
                                format!("按编码，社区 {c} 属于街道 {street}，不是“{parent}”"),
                                format!(
                                    "community {c} is in street {street} by its code, not \
                                     {parent:?}"
                                ),
                            ),
                        );
                    } else if !file.streets.contains_key(&street) && known.street(&street).is_none()
                    {
                        problem(
                            "parent_code",
                            Reason::new(
                                format!("街道 {street} 既不在本文件中，也不在已有区划中"),
                                format!("street {street} is neither in this file nor stored"),
                            ),
                        );
                    }
                    file.communities.insert(c, name.to_string());
                }
            },
            "grid" => problem(
                "level",
                Reason::new(
                    "网格带有边界，请用 GeoJSON 文件导入（导入“网格边界”，或 wangge admin \
                     import grids）",
                    "grids come with their boundaries: import them from GeoJSON (wangge admin \
                     import grids)",
                ),
            ),
            other => problem(
                "level",
                Reason::new(
                    format!("未知层级“{other}”（应为 district、street 或 community）"),
                    format!("unknown level {other:?} (district, street or community)"),
                ),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    Ok(merge(known, &file))
}

/// The known hierarchy with the file's areas added or renamed, and the counts.
fn merge(known: &Hierarchy, file: &Areas) -> HierarchyImport {
    let (mut created, mut updated, mut unchanged) = (0u32, 0u32, 0u32);
    let mut count = |before: Option<&str>, now: &str| match before {
        None => created += 1,
        Some(b) if b == now => unchanged += 1,
        Some(_) => updated += 1,
    };
    for (c, n) in &file.districts {
        count(known.district(c).map(|d| d.name.as_str()), n);
    }
    for (c, n) in &file.streets {
        count(known.street(c).map(|s| s.name.as_str()), n);
    }
    for (c, n) in &file.communities {
        count(known.community(c).map(|x| x.name.as_str()), n);
    }
    let mut all = Areas::default();
    for d in known.districts() {
        all.districts.insert(d.code, d.name.clone());
    }
    for s in known.streets() {
        all.streets.insert(s.code, s.name.clone());
    }
    for c in known.communities() {
        all.communities.insert(c.code, c.name.clone());
    }
    all.districts.extend(file.districts.clone());
    all.streets.extend(file.streets.clone());
    all.communities.extend(file.communities.clone());
    let mut merged = Hierarchy::new();
    // Checked above: every parent is present, every name valid, no duplicate.
    for (code, name) in all.districts {
        let _ = merged.add_district(District { code, name });
    }
    for (code, name) in all.streets {
        let _ = merged.add_street(Street { code, name });
    }
    for (code, name) in all.communities {
        let _ = merged.add_community(Community { code, name });
    }
    for g in known.grids() {
        let _ = merged.add_grid(g.clone());
    }
    HierarchyImport {
        merged,
        created,
        updated,
        unchanged,
    }
}
