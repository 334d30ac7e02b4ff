//! The buildings table: each building (楼栋) by its code (its grid's code, `-`, a
//! three-digit number), with its name and a point on it in WGS-84 longitude and latitude
//! (`code`, `name`, `lon`, `lat`), and whether it is `retired` (demolished, merged: gone from
//! phones; blank is in use). Every problem is listed: a wrong or duplicate code, a
//! grid that is not stored, a missing or too long name, a longitude or latitude that is not
//! a number in range, and a point that lies outside the grid its code names.

use std::collections::BTreeMap;

use domain::hierarchy::{BuildingCode, GridCode, Hierarchy};

use crate::hierarchy::name_problem;
use crate::sheet::{pick, sorted};
use crate::{Problem, Sheet};

/// The columns of a buildings table; `retired` may be left out.
pub const COLUMNS: [&str; 5] = ["code", "name", "lon", "lat", "retired"];
/// The columns a buildings table must have.
pub const REQUIRED: [&str; 4] = ["code", "name", "lon", "lat"];

/// One building of the file, checked: the row it is on, its code (whose grid is stored
/// and holds the point), its name and the point (WGS-84 degrees).
#[derive(Debug, Clone, PartialEq)]
pub struct BuildingRow {
    pub row: u32,
    pub code: BuildingCode,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    pub retired: bool,
}

/// Checks the buildings table in `sheets`: grids against the stored `hierarchy`, each
/// point with `locate(lon, lat)`, the grid whose boundary holds it.
pub fn check(
    sheets: &[Sheet],
    hierarchy: &Hierarchy,
    locate: &dyn Fn(f64, f64) -> Option<GridCode>,
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
        let mut problem = |column: &str, reason: String| {
            problems.push(sheet.problem(row, column, reason));
        };
        let text = sheet.cell(row, "code");
        let code = if text.is_empty() {
            problem("code", "the code is empty".into());
            None
        } else if let Some(first) = seen.get(text) {
            problem("code", format!("{text} is also on row {first}"));
            None
        } else {
            seen.insert(text, row.number);
            match BuildingCode::parse(text) {
                Err(e) => {
                    problem("code", e.to_string());
                    None
                }
                Ok(code) if hierarchy.grid(&code.parent()).is_none() => {
                    problem(
                        "code",
                        format!(
                            "grid {} is not stored (import the grids first)",
                            code.parent()
                        ),
                    );
                    None
                }
                Ok(code) => Some(code),
            }
        };
        let name = sheet.cell(row, "name");
        if let Some(reason) = name_problem(name) {
            problem("name", reason);
        }
        let (lon_text, lat_text) = (sheet.cell(row, "lon"), sheet.cell(row, "lat"));
        let lon = degrees(lon_text, "longitude", 180.0);
        let lat = degrees(lat_text, "latitude", 90.0).map_err(|reason| {
            if swapped(lon_text, lat_text) {
                format!("{reason} (are lon and lat swapped?)")
            } else {
                reason
            }
        });
        let lon = lon.map_err(|reason| problem("lon", reason)).ok();
        let lat = lat.map_err(|reason| problem("lat", reason)).ok();
        let (Some(code), Some(lon), Some(lat)) = (code, lon, lat) else {
            continue;
        };
        match locate(lon, lat) {
            None => problem(
                "",
                format!("the point ({lon}, {lat}) is outside every grid"),
            ),
            Some(grid) if grid != code.parent() => problem(
                "",
                format!(
                    "the point lies in grid {grid}, not in grid {} of its code",
                    code.parent()
                ),
            ),
            Some(_) => {}
        }
        let retired = match crate::categories::parse_retired(sheet.cell(row, "retired")) {
            Ok(r) => r,
            Err(reason) => {
                problem("retired", reason);
                continue;
            }
        };
        buildings.push(BuildingRow {
            row: row.number,
            code,
            name: name.to_string(),
            lon,
            lat,
            retired,
        });
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    Ok(buildings)
}

/// `text` as a finite number of degrees within ±`limit`.
fn degrees(text: &str, what: &str, limit: f64) -> Result<f64, String> {
    if text.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    match text.parse::<f64>() {
        Ok(d) if d.is_finite() && d.abs() <= limit => Ok(d),
        Ok(d) if d.is_finite() => Err(format!("{what} {text} is not between -{limit} and {limit}")),
        _ => Err(format!(
            "{text:?} is not a {what} (a decimal number of degrees, -{limit} to {limit})"
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
