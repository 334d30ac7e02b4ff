//! The buildings table: each building (楼栋) by its code (the code of the grid it was
//! registered in, `-`, a three-digit number), with its name and a point on it in WGS-84
//! longitude and latitude (`code`, `name`, `lon`, `lat`), its `units` (单元: a count, `3` for
//! units 1 to 3, or their names, `东,西`; blank for none; a sheet without the column keeps
//! the stored units), its building head (`head`, 楼栋长, with `head_phone`) and unit heads
//! (`unit_heads`, 单元长: `unit:name:phone` separated by `;`, e.g. `1:张三:13900000001;2:李四`;
//! a sheet without these columns keeps the stored heads), and whether it is `retired`
//! (demolished, merged: gone from phones; blank is in use). Every problem is listed: a wrong
//! or duplicate code, a grid that is not stored, a missing or too long name, a longitude or
//! latitude that is not a number in range, units that are not a count or a list of short
//! distinct names, and a point that lies outside the grid its code names (or, for a stored
//! building that new grid boundaries moved, the grid it lies in now).

use std::collections::BTreeMap;

use domain::hierarchy::{BuildingCode, GridCode, Hierarchy};

use crate::hierarchy::name_problem;
use crate::sheet::{new_code, pick, sorted};
use crate::{Problem, Reason, Sheet};

/// The columns of a buildings table; all but the first four may be left out.
pub const COLUMNS: [&str; 9] = [
    "code",
    "name",
    "lon",
    "lat",
    "units",
    "head",
    "head_phone",
    "unit_heads",
    "retired",
];
/// The most units a building may have.
pub const MAX_UNITS: usize = 99;
/// The most characters of a unit's name.
pub const MAX_UNIT_CHARS: usize = 8;
/// The columns a buildings table must have.
pub const REQUIRED: [&str; 4] = ["code", "name", "lon", "lat"];

/// One building of the file, checked: the row it is on, its code, the grid that holds the
/// point, its name, the point (WGS-84 degrees) and its units' names.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildingRow {
    pub row: u32,
    pub code: BuildingCode,
    pub grid: GridCode,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// `None` when the sheet has no `units` column: the stored units stay.
    pub units: Option<Vec<String>>,
    /// `None` when the sheet has none of the head columns: the stored heads stay.
    pub heads: Option<Heads>,
    pub retired: bool,
}

/// A building head (楼栋长) or unit head (单元长), as the table names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub name: String,
    /// Stored in one form (see the people table's phones).
    pub phone: Option<String>,
}

/// A building's heads: its own, and its units' by unit name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heads {
    pub building: Option<Head>,
    pub units: BTreeMap<String, Head>,
}

/// Checks the buildings table in `sheets`: grids against the stored `hierarchy`, each
/// point with `locate(lon, lat)`, the grid whose boundary holds it, and `placed(code)`,
/// the grid a stored building lies in now when new boundaries moved it out of its code's.
pub fn check(
    sheets: &[Sheet],
    hierarchy: &Hierarchy,
    locate: &dyn Fn(f64, f64) -> Option<GridCode>,
    placed: &dyn Fn(&BuildingCode) -> Option<GridCode>,
) -> Result<Vec<BuildingRow>, Vec<Problem>> {
    let sheet = pick(sheets, &REQUIRED)?;
    let missing = sheet.require(&REQUIRED);
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut problems = Vec::new();
    let mut buildings = Vec::new();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for row in &sheet.rows {
        let mut problem = |column: &str, why: Reason| {
            problems.push(sheet.problem(row, column, why));
        };
        let code = match new_code(sheet, row, &mut seen).map(BuildingCode::parse) {
            Err(why) => {
                problem("code", why);
                None
            }
            Ok(Err(e)) => {
                problem("code", e.into());
                None
            }
            Ok(Ok(code)) if hierarchy.grid(&code.parent()).is_none() && placed(&code).is_none() => {
                problem("code", Reason::grid_not_stored(&code.parent()));
                None
            }
            Ok(Ok(code)) => Some(code),
        };
        let name = sheet.cell(row, "name");
        if let Some(why) = name_problem(name) {
            problem("name", why);
        }
        let (lon_text, lat_text) = (sheet.cell(row, "lon"), sheet.cell(row, "lat"));
        let lon = degrees(lon_text, Axis::Longitude);
        let lat = degrees(lat_text, Axis::Latitude).map_err(|why| {
            if swapped(lon_text, lat_text) {
                Reason::new(
                    format!("{}（经纬度是否填反了？）", why.zh),
                    format!("{} (are lon and lat swapped?)", why.en),
                )
            } else {
                why
            }
        });
        let lon = lon.map_err(|why| problem("lon", why)).ok();
        let lat = lat.map_err(|why| problem("lat", why)).ok();
        let (Some(code), Some(lon), Some(lat)) = (code, lon, lat) else {
            continue;
        };
        let grid = locate(lon, lat);
        match grid {
            None => problem(
                "",
                Reason::new(
                    format!("坐标（{lon}, {lat}）不在任何网格内"),
                    format!("the point ({lon}, {lat}) is outside every grid"),
                ),
            ),
            Some(grid) if grid != code.parent() && placed(&code) != Some(grid) => {
                let own = code.parent();
                problem(
                    "",
                    Reason::new(
                        format!("坐标位于网格 {grid}，不在编码所属的网格 {own} 内"),
                        format!("the point lies in grid {grid}, not in grid {own} of its code"),
                    ),
                );
            }
            Some(_) => {}
        }
        let units = if sheet.header.iter().any(|h| h == "units") {
            units(sheet.cell(row, "units"))
                .map(Some)
                .map_err(|why| problem("units", why))
        } else {
            Ok(None)
        };
        let has = |c: &str| sheet.header.iter().any(|h| h == c);
        let heads = if ["head", "head_phone", "unit_heads"].iter().any(|c| has(c)) {
            let unit_names = units.as_ref().ok().and_then(|u| u.as_ref());
            heads(
                sheet.cell(row, "head"),
                sheet.cell(row, "head_phone"),
                sheet.cell(row, "unit_heads"),
                unit_names.map(Vec::as_slice),
            )
            .map(Some)
            .map_err(|(column, why)| problem(column, why))
        } else {
            Ok(None)
        };
        let retired = crate::categories::parse_retired(sheet.cell(row, "retired"))
            .map_err(|why| problem("retired", why));
        let (Some(grid), Ok(units), Ok(heads), Ok(retired)) = (grid, units, heads, retired) else {
            continue;
        };
        buildings.push(BuildingRow {
            row: row.number,
            code,
            grid,
            name: name.to_string(),
            lon,
            lat,
            units,
            heads,
            retired,
        });
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    Ok(buildings)
}

/// The most characters of a head's name.
pub const MAX_HEAD_CHARS: usize = 20;

fn head_name(name: &str, what: &str) -> Result<String, Reason> {
    let name = name.trim();
    if name.chars().count() > MAX_HEAD_CHARS {
        return Err(Reason::new(
            format!("{what}姓名“{name}”超过 {MAX_HEAD_CHARS} 字"),
            format!("the {what} name {name:?} is longer than {MAX_HEAD_CHARS} characters"),
        ));
    }
    Ok(name.to_string())
}

/// The heads of the `head`, `head_phone` and `unit_heads` cells; a unit head's unit must
/// be one of `units` when the row lists them. The error names its column.
fn heads(
    head: &str,
    phone: &str,
    unit_heads: &str,
    units: Option<&[String]>,
) -> Result<Heads, (&'static str, Reason)> {
    let phone = match phone.trim() {
        "" => None,
        p => Some(crate::people::parse_phone(p).map_err(|why| ("head_phone", why))?),
    };
    let building = match head_name(head, "楼栋长").map_err(|why| ("head", why))? {
        name if name.is_empty() && phone.is_some() => {
            return Err((
                "head",
                Reason::new(
                    "填了楼栋长电话，却没有楼栋长姓名",
                    "a building head's phone without their name",
                ),
            ));
        }
        name if name.is_empty() => None,
        name => Some(Head { name, phone }),
    };
    let mut by_unit = BTreeMap::new();
    for entry in unit_heads
        .split([';', '；'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let bad = || {
            (
                "unit_heads",
                Reason::new(
                    format!("“{entry}”应写成 单元:姓名:电话（电话可省），如 1:张三:13900000001"),
                    format!(
                        "{entry:?}: write unit:name:phone (the phone may be left out), e.g. 1:张三:13900000001"
                    ),
                ),
            )
        };
        let parts: Vec<&str> = entry.split([':', '：']).map(str::trim).collect();
        let (unit, name, phone) = match parts.as_slice() {
            [u, n] => (*u, *n, None),
            [u, n, p] => (*u, *n, Some(*p).filter(|p| !p.is_empty())),
            _ => return Err(bad()),
        };
        let unit = unit.trim_end_matches("单元").trim();
        if unit.is_empty() || name.is_empty() {
            return Err(bad());
        }
        if units.is_some_and(|us| !us.iter().any(|u| u == unit)) {
            return Err((
                "unit_heads",
                Reason::new(
                    format!("没有“{unit}”单元，不能设单元长"),
                    format!("there is no unit {unit:?} for a unit head"),
                ),
            ));
        }
        let name = head_name(name, "单元长").map_err(|why| ("unit_heads", why))?;
        let phone = phone
            .map(crate::people::parse_phone)
            .transpose()
            .map_err(|why| ("unit_heads", why))?;
        if by_unit
            .insert(unit.to_string(), Head { name, phone })
            .is_some()
        {
            return Err((
                "unit_heads",
                Reason::new(
                    format!("“{unit}”单元的单元长写了两次"),
                    format!("unit {unit:?} has two unit heads"),
                ),
            ));
        }
    }
    Ok(Heads {
        building,
        units: by_unit,
    })
}

/// The units of a `units` cell: none when blank, `1` to `n` for a count `n`, else the names
/// it lists (separated by `,`, `，`, `、` or `;`), each short and none twice.
fn units(text: &str) -> Result<Vec<String>, Reason> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    if let Ok(n) = text.parse::<usize>() {
        if !(1..=MAX_UNITS).contains(&n) {
            return Err(Reason::new(
                format!("单元数 {n} 应在 1 到 {MAX_UNITS} 之间"),
                format!("{n} units: a building has 1 to {MAX_UNITS}"),
            ));
        }
        return Ok((1..=n).map(|u| u.to_string()).collect());
    }
    let names: Vec<String> = text
        .split([',', '，', '、', ';', '；'])
        .map(|u| u.trim().trim_end_matches("单元").trim().to_string())
        .collect();
    if names.len() > MAX_UNITS {
        return Err(Reason::new(
            format!("列了 {} 个单元，最多 {MAX_UNITS} 个", names.len()),
            format!("{} units listed: at most {MAX_UNITS}", names.len()),
        ));
    }
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(Reason::new(
                format!(
                    "第{}个单元名称为空（写单元数，如 3，或用逗号分隔的名称，如 东,西）",
                    i + 1
                ),
                format!(
                    "unit {} has no name (give a count, e.g. 3, or names separated by commas, e.g. 东,西)",
                    i + 1
                ),
            ));
        }
        if name.chars().count() > MAX_UNIT_CHARS {
            return Err(Reason::new(
                format!("单元名称“{name}”超过 {MAX_UNIT_CHARS} 个字"),
                format!("unit name {name:?} is longer than {MAX_UNIT_CHARS} characters"),
            ));
        }
        if names[..i].contains(name) {
            return Err(Reason::new(
                format!("单元“{name}”列了两次"),
                format!("unit {name:?} is listed twice"),
            ));
        }
    }
    Ok(names)
}

/// A longitude or a latitude.
#[derive(Clone, Copy)]
enum Axis {
    Longitude,
    Latitude,
}

impl Axis {
    /// Its name in Chinese and in English, and the most degrees it has either way.
    fn said(self) -> (&'static str, &'static str, f64) {
        match self {
            Axis::Longitude => ("经度", "longitude", 180.0),
            Axis::Latitude => ("纬度", "latitude", 90.0),
        }
    }
}

/// `text` as a finite number of degrees within the axis's range.
fn degrees(text: &str, axis: Axis) -> Result<f64, Reason> {
    let (zh, en, limit) = axis.said();
    if text.is_empty() {
        return Err(Reason::new(
            format!("{zh}为空"),
            format!("the {en} is empty"),
        ));
    }
    match text.parse::<f64>() {
        Ok(d) if d.is_finite() && d.abs() <= limit => Ok(d),
        Ok(d) if d.is_finite() => Err(Reason::new(
            format!("{zh} {text} 不在 -{limit} 到 {limit} 之间"),
            format!("{en} {text} is not between -{limit} and {limit}"),
        )),
        _ => Err(Reason::new(
            format!("“{text}”不是{zh}（应为十进制度数，-{limit} 到 {limit}）"),
            format!("{text:?} is not a {en} (a decimal number of degrees, -{limit} to {limit})"),
        )),
    }
}

/// Whether `lon` would be a latitude and `lat` a longitude, but not the other way round.
fn swapped(lon: &str, lat: &str) -> bool {
    match (lon.parse::<f64>(), lat.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.abs() <= 90.0 && y.abs() > 90.0 && y.abs() <= 180.0,
        _ => false,
    }
}
