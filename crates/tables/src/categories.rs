//! The category table: event and component categories by code, with their names, routing,
//! time limits per priority and whether they are retired, checked against the stored
//! [`Catalogue`] and merged into it. Only `code` is required: a column left out of the file,
//! or a blank cell, keeps the stored value, so a file of two columns changes one limit; a
//! code not yet stored needs every column but `retired`. Every problem is listed: a wrong
//! code, a duplicate, a minute count that is not a positive whole number, a routing or
//! retired value that is not one of the accepted ones, limits out of order, a major class
//! name that differs from its siblings', a `department` routing without a stored, active
//! organisation in the `department` column (the column is read only for that routing). Categories not in the file stay as they are.

use std::collections::BTreeMap;

use domain::category::{Catalogue, Category, CategoryCode, Priority, PriorityLimits, Routing};
use domain::timestamp::Minutes;
use domain::{OrgCode, Organisation};

use crate::hierarchy::MAX_NAME_CHARS;
use crate::sheet::{pick, sorted};
use crate::{Problem, Reason, Row, Sheet};

/// The columns of a category table; only `code` must be present.
pub const COLUMNS: [&str; 13] = [
    "code",
    "major_name_zh",
    "name_zh",
    "name_en",
    "routing",
    "department",
    "urgent_accept_min",
    "urgent_resolve_min",
    "high_accept_min",
    "high_resolve_min",
    "normal_accept_min",
    "normal_resolve_min",
    "retired",
];

/// The columns a category table must have.
const REQUIRED: [&str; 1] = ["code"];

/// The time-limit columns: which priority, and whether the limit is to resolve (else to
/// accept).
const LIMITS: [(&str, Priority, bool); 6] = [
    ("urgent_accept_min", Priority::Urgent, false),
    ("urgent_resolve_min", Priority::Urgent, true),
    ("high_accept_min", Priority::High, false),
    ("high_resolve_min", Priority::High, true),
    ("normal_accept_min", Priority::Normal, false),
    ("normal_resolve_min", Priority::Normal, true),
];

/// What importing a category table does: the stored catalogue with the file's categories
/// added or changed, those categories (`changed`, in code order), and how many the file
/// creates, updates (retiring counted), leaves as they are, and newly retires (a stored
/// category that was active; these are also counted in `updated`).
#[derive(Debug, Clone)]
pub struct CategoryImport {
    pub merged: Catalogue,
    pub changed: Vec<Category>,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub retired: u32,
}

/// Checks the category table in `sheets` against the `known` (stored) catalogue and the
/// stored `organisations` a department routing may name.
pub fn check(
    sheets: &[Sheet],
    known: &Catalogue,
    organisations: &[Organisation],
) -> Result<CategoryImport, Vec<Problem>> {
    let sheet = pick(sheets, &REQUIRED)?;
    let missing = sheet.require(&REQUIRED);
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut problems = unknown_columns(sheet);
    let mut merged = known.clone();
    let mut changed: BTreeMap<CategoryCode, Category> = BTreeMap::new();
    let (mut created, mut updated, mut unchanged, mut retired) = (0u32, 0u32, 0u32, 0u32);
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for row in &sheet.rows {
        let text = sheet.cell(row, "code");
        if text.is_empty() {
            problems.push(sheet.problem(row, "code", Reason::empty_code()));
            continue;
        }
        if let Some(first) = seen.get(text) {
            problems.push(sheet.problem(row, "code", Reason::repeated(text, *first)));
            continue;
        }
        seen.insert(text.to_string(), row.number);
        let code = match CategoryCode::parse(text) {
            Ok(code) => code,
            Err(e) => {
                problems.push(sheet.problem(row, "code", e.into()));
                continue;
            }
        };
        let stored = known.get(&code);
        let mut fields = Fields {
            sheet,
            row,
            code,
            organisations,
            problems: &mut problems,
        };
        let Some(category) = fields.category(stored) else {
            continue;
        };
        if stored == Some(&category) {
            unchanged += 1;
            continue;
        }
        if let Err(e) = category.validate() {
            let l = &category.limits;
            let accept = [l.urgent.accept, l.high.accept, l.normal.accept].map(|m| m.get());
            let resolve = [l.urgent.resolve, l.high.resolve, l.normal.resolve].map(|m| m.get());
            let said = |m: [u32; 3]| format!("{}/{}/{}", m[0], m[1], m[2]);
            let (accept, resolve) = (said(accept), said(resolve));
            let why = Reason::from(&e);
            problems.push(sheet.problem(
                row,
                "",
                Reason::new(
                    format!(
                        "{}（受理 {accept}、处置 {resolve} 分钟，依次为紧急/较急/一般）",
                        why.zh
                    ),
                    format!(
                        "{} (accept {accept}, resolve {resolve} minutes for urgent/high/normal)",
                        why.en
                    ),
                ),
            ));
            continue;
        }
        // Valid on its own: what the catalogue can still refuse is a major class name
        // that differs from its siblings'.
        let applied = match stored {
            None => merged.insert(category.clone()),
            Some(_) => merged.update(category.clone()),
        };
        if let Err(e) = applied {
            problems.push(sheet.problem(row, "major_name_zh", e.into()));
            continue;
        }
        match stored {
            None => created += 1,
            Some(before) => {
                updated += 1;
                if category.retired && !before.retired {
                    retired += 1;
                }
            }
        }
        changed.insert(code, category);
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    Ok(CategoryImport {
        merged,
        changed: changed.into_values().collect(),
        created,
        updated,
        unchanged,
        retired,
    })
}

/// A column the table does not know: a misspelt `normal_resolve_min` would otherwise
/// leave the limit as stored without a word.
fn unknown_columns(sheet: &Sheet) -> Vec<Problem> {
    sheet
        .header
        .iter()
        .filter(|h| !h.is_empty() && !COLUMNS.contains(&h.as_str()))
        .map(|h| {
            let why = Reason::new(
                format!("未知的列“{h}”（可用的列：{}）", COLUMNS.join("、")),
                format!(
                    "unknown column {h:?} (the columns are: {})",
                    COLUMNS.join(", ")
                ),
            );
            Problem::new(&sheet.name, 1, h, why)
        })
        .collect()
}

/// One row's cells read into a category, its problems noted.
struct Fields<'a> {
    sheet: &'a Sheet,
    row: &'a Row,
    code: CategoryCode,
    organisations: &'a [Organisation],
    problems: &'a mut Vec<Problem>,
}

impl Fields<'_> {
    /// The category the row describes, the stored one's values where its cells are blank;
    /// `None` when a cell is wrong or a new category's cell is blank.
    fn category(&mut self, stored: Option<&Category>) -> Option<Category> {
        let before = self.problems.len();
        let major_name_zh = self.get(
            "major_name_zh",
            stored.map(|c| &c.major_name_zh),
            parse_name,
        );
        let name_zh = self.get("name_zh", stored.map(|c| &c.name_zh), parse_name);
        let name_en = self.get("name_en", stored.map(|c| &c.name_en), parse_name);
        let routing = self.get("routing", stored.map(|c| &c.routing), parse_routing);
        let department = self.department(routing, stored);
        let mut limits = stored.map_or(ZERO, |c| c.limits);
        for (column, priority, resolve) in LIMITS {
            let slot = limit_mut(&mut limits, priority, resolve);
            let current = *slot;
            if let Some(m) = self.get(column, stored.map(|_| &current), parse_minutes) {
                *slot = m;
            }
        }
        // A new category is active unless the file says otherwise.
        let was_retired = stored.is_some_and(|c| c.retired);
        let retired = self.get("retired", Some(&was_retired), parse_retired);
        if self.problems.len() > before {
            return None;
        }
        Some(Category {
            code: self.code,
            kind: self.code.kind(),
            major_code: self.code.major(),
            major_name_zh: major_name_zh?,
            name_zh: name_zh?,
            name_en: name_en?,
            limits,
            routing: routing?,
            department,
            retired: retired?,
        })
    }

    /// The department a department routing names (the cell, else the stored one), checked
    /// against the stored organisations; nothing for the other routings.
    fn department(
        &mut self,
        routing: Option<Routing>,
        stored: Option<&Category>,
    ) -> Option<OrgCode> {
        let cell = self.sheet.cell(self.row, "department");
        if routing != Some(Routing::Department) {
            if !cell.is_empty() && routing.is_some() {
                let why = Reason::new(
                    format!("填了单位“{cell}”，但派遣方式不是“专业部门”"),
                    format!("department {cell:?} is named but the routing is not department"),
                );
                self.problems
                    .push(self.sheet.problem(self.row, "department", why));
            }
            return None;
        }
        let code = match cell {
            "" => match stored.and_then(|c| c.department.clone()) {
                Some(code) => code,
                None => {
                    let why = Reason::new(
                        "派遣方式为“专业部门”时要填写单位编码",
                        "a department routing needs the department's code",
                    );
                    self.problems
                        .push(self.sheet.problem(self.row, "department", why));
                    return None;
                }
            },
            text => match OrgCode::parse(text) {
                Ok(code) => code,
                Err(e) => {
                    self.problems
                        .push(self.sheet.problem(self.row, "department", e.into()));
                    return None;
                }
            },
        };
        let why = match self.organisations.iter().find(|o| o.code == code) {
            Some(o) if !o.retired => return Some(code),
            Some(o) => Reason::new(
                format!("单位 {code}（{}）已撤销", o.name),
                format!("organisation {code} ({}) is retired", o.name),
            ),
            None => Reason::new(
                format!("单位 {code} 不存在（请先导入单位）"),
                format!("organisation {code} is not stored (import the organisations first)"),
            ),
        };
        self.problems
            .push(self.sheet.problem(self.row, "department", why));
        None
    }

    /// The cell of `column` parsed, or `stored` when it is blank (or the column missing);
    /// a problem when it does not parse, or when it is blank with nothing stored.
    fn get<T, S: ToOwned<Owned = T> + ?Sized>(
        &mut self,
        column: &str,
        stored: Option<&S>,
        parse: impl FnOnce(&str) -> Result<T, Reason>,
    ) -> Option<T> {
        let cell = self.sheet.cell(self.row, column);
        if cell.is_empty() {
            if stored.is_none() {
                let code = self.code;
                let why = if self.sheet.header.iter().any(|h| h == column) {
                    Reason::new(
                        format!("{column} 为空：类别 {code} 是新类别，除 retired 外每一列都要填写"),
                        format!(
                            "{column} is empty: category {code} is not stored yet, so every \
                             column but retired must be filled in"
                        ),
                    )
                } else {
                    Reason::new(
                        format!(
                            "类别 {code} 是新类别，文件需要有 {column} 列（除 retired 外的每一列）"
                        ),
                        format!(
                            "category {code} is not stored yet, so the file needs the column \
                             {column} (every column but retired)"
                        ),
                    )
                };
                self.problems
                    .push(self.sheet.problem(self.row, column, why));
            }
            return stored.map(ToOwned::to_owned);
        }
        match parse(cell) {
            Ok(value) => Some(value),
            Err(why) => {
                self.problems
                    .push(self.sheet.problem(self.row, column, why));
                None
            }
        }
    }
}

/// Limits of zero minutes, before a new category's cells are read.
const ZERO: PriorityLimits = PriorityLimits {
    urgent: domain::category::TimeLimits::new(0, 0),
    high: domain::category::TimeLimits::new(0, 0),
    normal: domain::category::TimeLimits::new(0, 0),
};

fn limit_mut(limits: &mut PriorityLimits, priority: Priority, resolve: bool) -> &mut Minutes {
    let l = match priority {
        Priority::Urgent => &mut limits.urgent,
        Priority::High => &mut limits.high,
        Priority::Normal => &mut limits.normal,
    };
    if resolve {
        &mut l.resolve
    } else {
        &mut l.accept
    }
}

fn parse_name(text: &str) -> Result<String, Reason> {
    let chars = text.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Reason::long_name(chars, MAX_NAME_CHARS));
    }
    Ok(text.to_string())
}

fn parse_routing(text: &str) -> Result<Routing, Reason> {
    text.parse::<Routing>().map_err(|en| {
        let accepted: Vec<String> = Routing::ALL
            .iter()
            .map(|r| format!("{} / {}", r.as_str(), r.name_zh()))
            .collect();
        Reason::new(
            format!("未知的派遣方式“{text}”（可填：{}）", accepted.join("，")),
            en,
        )
    })
}

fn parse_minutes(text: &str) -> Result<Minutes, Reason> {
    match text.parse::<u32>() {
        Ok(n) if n > 0 => Ok(Minutes(n)),
        _ => Err(Reason::new(
            format!("“{text}”不是正整数分钟数"),
            format!("{text:?} is not a positive whole number of minutes"),
        )),
    }
}

/// The `retired` column of a categories or buildings table (blank is "in use").
pub(crate) fn parse_retired(text: &str) -> Result<bool, Reason> {
    match text.to_lowercase().as_str() {
        "" | "no" | "否" | "0" | "false" => Ok(false),
        "yes" | "是" | "1" | "true" => Ok(true),
        _ => Err(Reason::new(
            format!(
                "“{text}”既不是“是”也不是“否”（停用填 是、yes、1 或 true；在用填 否、no、0、false \
                 或留空）"
            ),
            format!(
                "{text:?} is neither yes nor no (retired: yes, 是, 1 or true; in use: no, 否, \
                 0, false or blank)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_and_minutes_read_the_ways_a_person_writes_them() {
        for yes in ["yes", "YES", "是", "1", "true", "TRUE"] {
            assert_eq!(parse_retired(yes), Ok(true), "{yes}");
        }
        for no in ["no", "否", "0", "false", "False"] {
            assert_eq!(parse_retired(no), Ok(false), "{no}");
        }
        let e = parse_retired("停用").unwrap_err();
        assert!(e.en.contains("\"停用\""), "{e}");
        assert!(e.zh.contains("“停用”"), "{e}");
        assert_eq!(parse_minutes("90"), Ok(Minutes(90)));
        for wrong in ["0", "-5", "1.5", "an hour", "99999999999"] {
            assert!(parse_minutes(wrong).is_err(), "{wrong}");
        }
    }
}
