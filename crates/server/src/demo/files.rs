//! The demo district's files, as any district would bring them: Haigang's 941 generated
//! grids (GeoJSON), their buildings, the departments and property company that handle
//! component problems, the demo accounts, and the categories routed to departments (CSV
//! tables in the import formats). `wangge demo files` writes them; the copies in `fixtures/` are what the demo
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
/// The organisations table: the district's departments and a property company.
pub const ORGANISATIONS_FILE: &str = "haigang-organisations.csv";
/// The people table (no passwords: the demo gives every account the demo password).
pub const PEOPLE_FILE: &str = "haigang-people.csv";
/// The categories the demo routes to departments (a partial categories table).
pub const CATEGORIES_FILE: &str = "haigang-categories.csv";

/// The demo's organisations: (code, name, kind, area, party branch, duty phone), each with
/// two handlers.
const ORGANISATIONS: [(&str, &str, &str, &str, &str, &str); 5] = [
    (
        "cg",
        "海港区城市管理局",
        "department",
        "130302",
        "",
        "0335-3010001",
    ),
    (
        "sz",
        "海港区市政工程管理处",
        "department",
        "130302",
        "",
        "0335-3010002",
    ),
    (
        "yl",
        "海港区园林绿化中心",
        "department",
        "130302",
        "",
        "0335-3010003",
    ),
    (
        "gs",
        "海港区供水公司",
        "department",
        "130302",
        "",
        "0335-3010004",
    ),
    (
        "whl-wy",
        "文化路红色物业",
        "property_company",
        "130302001",
        "文化路物业党支部",
        "0335-3010005",
    ),
];

/// Which department the demo sends each component major class to (by code prefix; the
/// first match wins): water manhole covers to 供水, the rest of 公用设施 and 道路交通 to 市政,
/// 市容环境 to 城管, 园林绿化 to 园林. 房屋土地 stays with the community.
const ROUTED: [(&str, &str); 5] = [
    ("0101", "gs"),
    ("01", "sz"),
    ("02", "sz"),
    ("03", "cg"),
    ("04", "yl"),
];

/// The demo's files as stored in the repository's `fixtures/` folder: (name, bytes), in the
/// order they must be imported.
pub const FIXTURES: [(&str, &str, &str); 6] = [
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
        "organisations",
        ORGANISATIONS_FILE,
        include_str!("../../../../fixtures/haigang-organisations.csv"),
    ),
    (
        "people",
        PEOPLE_FILE,
        include_str!("../../../../fixtures/haigang-people.csv"),
    ),
    (
        "categories",
        CATEGORIES_FILE,
        include_str!("../../../../fixtures/haigang-categories.csv"),
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
        (ORGANISATIONS_FILE, organisations_csv()?),
        (
            PEOPLE_FILE,
            people_csv(&domain::fixtures::haigang(), &grids)?,
        ),
        (CATEGORIES_FILE, categories_csv()?),
    ])
}

fn organisations_csv() -> Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(format!("demo organisations: {e}"));
    out.write_record(["code", "name", "kind", "area", "party_branch", "phone"])
        .map_err(fail)?;
    for (code, name, kind, area, branch, phone) in ORGANISATIONS {
        out.write_record([code, name, kind, area, branch, phone])
            .map_err(fail)?;
    }
    into_text(out)
}

/// The component categories of the standard catalogue routed to their department.
fn categories_csv() -> Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(format!("demo categories: {e}"));
    out.write_record(["code", "routing", "department"])
        .map_err(fail)?;
    for c in domain::category::default_catalogue().iter() {
        let code = c.code.to_string();
        if let Some((_, department)) = ROUTED.iter().find(|(p, _)| code.starts_with(p)) {
            out.write_record([code.as_str(), "department", department])
                .map_err(fail)?;
        }
    }
    into_text(out)
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
    for (code, name, ..) in ORGANISATIONS {
        for n in 1..=2 {
            write([
                &format!("{code}{n}"),
                &format!("{name} 处置员{n}"),
                role(Role::DepartmentHandler),
                code,
                &format!(
                    "1390335{:04}",
                    ORGANISATIONS.iter().position(|o| o.0 == code).unwrap_or(0) * 10 + n
                ),
            ])?;
        }
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
