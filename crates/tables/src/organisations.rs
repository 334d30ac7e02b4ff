//! The organisations table: departments, street offices and property companies that are
//! given tasks (`code`, `name`, `kind` by its wire or Chinese name, `area`: the district,
//! street or community code it serves), with an optional `party_branch` (a property
//! company with one is 红色物业), duty `phone`, and `retired`. Every problem is listed: a
//! wrong or repeated code, a missing or too long name, an unknown kind, an area that is
//! not stored or does not fit the kind, a wrong phone, a retired value that is not yes or no.

use std::collections::BTreeMap;

use domain::hierarchy::Hierarchy;
use domain::{OrgCode, OrgKind, Organisation};

use crate::categories::parse_retired;
use crate::hierarchy::name_problem;
use crate::people::{parse_phone, stored_area};
use crate::sheet::{new_code, pick, sorted};
use crate::{Problem, Reason, Sheet};

/// The columns of an organisations table; `party_branch`, `phone` and `retired` may be
/// left out.
pub const COLUMNS: [&str; 7] = [
    "code",
    "name",
    "kind",
    "area",
    "party_branch",
    "phone",
    "retired",
];
/// The columns an organisations table must have.
pub const REQUIRED: [&str; 4] = ["code", "name", "kind", "area"];

/// Checks the organisations table in `sheets` against the stored `hierarchy`.
pub fn check(sheets: &[Sheet], hierarchy: &Hierarchy) -> Result<Vec<Organisation>, Vec<Problem>> {
    let sheet = pick(sheets, &REQUIRED)?;
    let missing = sheet.require(&REQUIRED);
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut problems = Vec::new();
    let mut found = Vec::new();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for row in &sheet.rows {
        let before = problems.len();
        let mut problem = |column: &str, why: Reason| {
            problems.push(sheet.problem(row, column, why));
        };
        let code = match new_code(sheet, row, &mut seen) {
            Ok(text) => OrgCode::parse(text)
                .map_err(|e| problem("code", e.into()))
                .ok(),
            Err(why) => {
                problem("code", why);
                None
            }
        };
        let name = sheet.cell(row, "name");
        if let Some(why) = name_problem(name) {
            problem("name", why);
        }
        let kind_text = sheet.cell(row, "kind");
        let kind = kind_text
            .parse::<OrgKind>()
            .map_err(|en| {
                let accepted: Vec<String> = OrgKind::ALL
                    .iter()
                    .map(|k| format!("{} / {}", k.as_str(), k.name_zh()))
                    .collect();
                let why = Reason::new(
                    format!(
                        "未知的单位类型“{kind_text}”（可填：{}）",
                        accepted.join("，")
                    ),
                    en,
                );
                problem("kind", why);
            })
            .ok();
        let area = stored_area(sheet.cell(row, "area"), hierarchy)
            .map_err(|why| problem("area", why))
            .ok();
        if let (Some(kind), Some(area)) = (kind, &area)
            && !kind.fits(area)
        {
            let why = Reason::new(
                format!(
                    "{}服务的区域应为{}",
                    kind.name_zh(),
                    match kind {
                        OrgKind::Department => "区",
                        OrgKind::StreetOffice => "街道",
                        OrgKind::PropertyCompany => "社区或街道",
                    }
                ),
                format!("a {} serves {}", kind.name_en(), kind.needs()),
            );
            problem("area", why);
        }
        let party_branch = Some(sheet.cell(row, "party_branch")).filter(|b| !b.is_empty());
        if let Some(why) = party_branch.and_then(name_problem) {
            problem("party_branch", why);
        }
        let phone = match sheet.cell(row, "phone") {
            "" => None,
            text => parse_phone(text).map_err(|why| problem("phone", why)).ok(),
        };
        let retired = parse_retired(sheet.cell(row, "retired"))
            .map_err(|why| problem("retired", why))
            .ok();
        if problems.len() > before {
            continue;
        }
        if let (Some(code), Some(kind), Some(area), Some(retired)) = (code, kind, area, retired) {
            found.push(Organisation {
                code,
                name: name.to_string(),
                kind,
                area,
                party_branch: party_branch.map(str::to_string),
                phone,
                retired,
            });
        }
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    Ok(found)
}
