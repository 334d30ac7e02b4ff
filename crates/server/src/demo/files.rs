//! The demo district's files, as any district would bring them: Haigang's 941 generated
//! grids (GeoJSON), their buildings and the demo accounts (CSV tables in the import
//! formats). `wangge demo files` writes them; the copies in `fixtures/` are what the demo
//! imports, and a test keeps the two the same.

use domain::{Hierarchy, Role};
use gridmap::{ExportOptions, GridSet};

use crate::error::{Error, Result};

/// The hierarchy table of the demo (Haigang's real codes and names).
pub const HIERARCHY_FILE: &str = "haigang-hierarchy.csv";
/// The grids' polygons, WGS-84.
pub const GRIDS_FILE: &str = "haigang-grids.geojson";
/// The buildings table.
pub const BUILDINGS_FILE: &str = "haigang-buildings.csv";
/// The people table (no passwords: the demo gives every account the demo password).
pub const PEOPLE_FILE: &str = "haigang-people.csv";

/// The demo's files as stored in the repository's `fixtures/` folder: (name, bytes), in the
/// order they must be imported.
pub const FIXTURES: [(&str, &str, &str); 4] = [
    (
        "hierarchy",
        HIERARCHY_FILE,
        include_str!("../../../../fixtures/haigang-hierarchy.csv"),
    ),
    (
        "grids",
        GRIDS_FILE,
        include_str!("../../../../fixtures/haigang-grids.geojson"),
    ),
    (
        "buildings",
        BUILDINGS_FILE,
        include_str!("../../../../fixtures/haigang-buildings.csv"),
    ),
    (
        "people",
        PEOPLE_FILE,
        include_str!("../../../../fixtures/haigang-people.csv"),
    ),
];

/// The generated files (grids, buildings, people) for the demo grids of `seed`, with their
/// file names.
pub fn generate(seed: u64) -> Result<Vec<(&'static str, String)>> {
    let grids = gridmap::demo::haigang_grids(seed)
        .map_err(|e| Error::Internal(format!("demo grids: {e}")))?;
    let mut geojson = grids.to_geojson(&ExportOptions::default());
    geojson.push('\n');
    Ok(vec![
        (GRIDS_FILE, geojson),
        (BUILDINGS_FILE, buildings_csv(&grids, seed)?),
        (
            PEOPLE_FILE,
            people_csv(&domain::fixtures::haigang(), &grids)?,
        ),
    ])
}

fn buildings_csv(grids: &GridSet, seed: u64) -> Result<String> {
    let buildings = gridmap::demo::buildings(grids, seed)
        .map_err(|e| Error::Internal(format!("demo buildings: {e}")))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut write = |row: [String; 5]| {
        out.write_record(row)
            .map_err(|e| Error::Internal(format!("demo buildings: {e}")))
    };
    write(["code", "name", "lon", "lat", "units"].map(String::from))?;
    for b in buildings {
        // One to four units (单元), as residential buildings have.
        let units = 1 + b.code.number() % 4;
        write([
            b.code.to_string(),
            format!("{}号楼", b.code.number()),
            b.lon.to_string(),
            b.lat.to_string(),
            units.to_string(),
        ])?;
    }
    into_text(out)
}

/// The commander, a dispatcher per street and community, a full-time worker per grid (with
/// a phone) and an information reporter. The administrator is made at first start.
fn people_csv(hierarchy: &Hierarchy, grids: &GridSet) -> Result<String> {
    let district = hierarchy
        .districts()
        .next()
        .map(|d| d.code.to_string())
        .ok_or_else(|| Error::Internal("the Haigang fixture has no district".into()))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut write = |row: [&str; 5]| {
        out.write_record(row)
            .map_err(|e| Error::Internal(format!("demo people: {e}")))
    };
    write(["username", "name", "role", "area", "phone"])?;
    let role = |r: Role| r.as_str();
    write([
        "commander",
        "指挥中心 Command",
        role(Role::DistrictCommander),
        &district,
        "",
    ])?;
    for s in hierarchy.streets() {
        let code = s.code.to_string();
        let name = format!("{} 派遣员", s.name);
        write([
            &format!("s{code}"),
            &name,
            role(Role::StreetDispatcher),
            &code,
            "",
        ])?;
    }
    for c in hierarchy.communities() {
        let code = c.code.to_string();
        let name = format!("{} 受理员", c.name);
        write([
            &format!("c{code}"),
            &name,
            role(Role::CommunityDispatcher),
            &code,
            "",
        ])?;
    }
    for (i, g) in grids.iter().enumerate() {
        let code = g.code.to_string();
        write([
            &format!("w{code}"),
            &format!("网格员 {:03}", i + 1),
            role(Role::FullTimeGridWorker),
            &code,
            &format!("1380335{:04}", i + 1),
        ])?;
    }
    write([
        "reporter",
        "信息员 Courier",
        role(Role::InformationReporter),
        &district,
        "",
    ])?;
    into_text(out)
}

fn into_text(out: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = out
        .into_inner()
        .map_err(|e| Error::Internal(format!("demo file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(format!("demo file: {e}")))
}
