//! The grids import: a GeoJSON FeatureCollection of grid boundaries (WGS-84, or GCJ-02 as
//! drawn on Chinese web maps), checked whole against the stored hierarchy and grids (every
//! faulty feature listed: a wrong code, a community not stored, a polygon that is not one,
//! grids that overlap each other or a stored grid), then stored and published.

use domain::GridCode;
use gridmap::{Datum, GridIndex, ImportOptions};
use protocol::{GridView, ImportQuery};

use super::imports::{Checked, Planned};
use super::regrid::{BuildingMove, Touched};
use crate::error::Result;
use crate::state::AppState;
use crate::store::AdminAuditEntry;

/// What a grids file changes: the grids it stores (new or redrawn), the stored grids it
/// retires, the grid index after it, and the buildings and open cases that will then lie
/// in other grids.
pub struct GridPlan {
    pub grids: Vec<GridView>,
    pub retired: Vec<GridCode>,
    pub touched: Touched,
    pub index: std::sync::Arc<GridIndex>,
    pub buildings: Vec<BuildingMove>,
}

/// Checks the GeoJSON `bytes` of `file_name`: the grids to store and retire, or every
/// problem, a feature's position as its row and the property (or `geometry`) at fault as
/// its column. A grid may be retired only with no workers in it and no building left
/// outside every grid.
pub async fn check(
    state: &AppState,
    file_name: &str,
    bytes: &[u8],
    q: &ImportQuery,
) -> Result<Checked<GridPlan>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(Err(vec![tables::Problem::whole(
            file_name,
            tables::Reason::new(
                "GeoJSON 文件应为 UTF-8 文本",
                "a GeoJSON file is UTF-8 text",
            ),
        )]));
    };
    let options = ImportOptions {
        code_property: q.code_property.clone().unwrap_or_else(|| "code".into()),
        datum: if q.gcj02 { Datum::Gcj02 } else { Datum::Wgs84 },
        ..ImportOptions::default()
    };
    let index = state.grids();
    let stored = index.grids().grids();
    let hierarchy = state.hierarchy();
    let community_known = |c: &gridmap::CommunityCode| hierarchy.community(c).is_some();
    let file = match gridmap::GridSet::from_geojson_all(text, &options, stored, &community_known) {
        Ok(file) => file,
        Err(errors) => {
            return Ok(Err(errors
                .iter()
                .map(|e| problem(file_name, e, &options))
                .collect()));
        }
    };
    let mut views = Vec::with_capacity(file.grids.len());
    let (mut created, mut updated, mut unchanged, mut retired) = (0, 0, 0, 0);
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    let mut touched = Touched::default();
    let mut rows = std::collections::HashMap::new();
    for (grid, &index) in file.grids.iter().zip(&file.feature_indexes) {
        rows.insert(grid.code, index);
        let old = stored.iter().find(|g| g.code == grid.code);
        let mut grid = grid.clone();
        if grid.name.is_none() {
            grid.name = old.and_then(|o| o.name.clone());
        }
        let view = super::feed::grid_view(&grid)?;
        match old.map(super::feed::grid_view).transpose()? {
            None => created += 1,
            Some(o) if o == view => unchanged += 1,
            Some(o) => {
                updated += 1;
                if o.geometry != view.geometry {
                    touched.grids.push(view.code);
                }
                before.insert(o.code.to_string(), o.name.clone().into());
            }
        }
        if !touched.communities.contains(&view.community) {
            touched.communities.push(view.community);
        }
        after.insert(view.code.to_string(), view.name.clone().into());
        views.push(view);
    }
    let mut problems = Vec::new();
    let mut retiring = Vec::new();
    let people = state.read(|tx| tx.persons_all()).await?;
    for &(index, code) in &file.retired {
        let row = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let at = |why| tables::Problem::new(file_name, row, options.code_property.clone(), why);
        let Some(old) = stored.iter().find(|g| g.code == code) else {
            if !state.read(move |tx| tx.grid_is_retired(&code)).await? {
                problems.push(at(tables::Reason::new(
                    format!("网格 {code} 未导入过，无从退役"),
                    format!("grid {code} is not stored: there is nothing to retire"),
                )));
            }
            unchanged += 1;
            continue;
        };
        let workers: Vec<&str> = people
            .iter()
            .filter(|(p, deactivated)| {
                deactivated.is_none()
                    && matches!(&p.person.scope, domain::Scope::Grids(g) if g.contains(&code))
            })
            .map(|(p, _)| p.username.as_str())
            .collect();
        if !workers.is_empty() {
            let names = workers.join(", ");
            problems.push(at(tables::Reason::new(
                format!("网格 {code} 仍有网格员 {names}：请先调整他们的网格"),
                format!("grid {code} still has workers {names}: move them to other grids first"),
            )));
        }
        updated += 1;
        retired += 1;
        before.insert(code.to_string(), old.name.clone().into());
        after.insert(code.to_string(), "retired".into());
        rows.insert(code, index);
        retiring.push(code);
        touched.grids.push(code);
    }
    let index = std::sync::Arc::new(super::regrid::index_after(stored, &views, &retiring)?);
    let (buildings, stranded, cases) = {
        let (touched, index) = (touched.clone(), index.clone());
        state
            .read(move |tx| {
                let (moves, stranded) = super::regrid::buildings_after(tx, &touched, &index)?;
                let cases = super::regrid::cases_after(tx, &touched, &index)?.len();
                Ok((moves, stranded, cases))
            })
            .await?
    };
    for b in stranded {
        let row = rows
            .get(&b.grid)
            .map_or(0, |i| u32::try_from(i + 1).unwrap_or(u32::MAX));
        problems.push(tables::Problem::new(
            file_name,
            row,
            "geometry",
            tables::Reason::new(
                format!("楼栋 {}（{}）将不在任何网格内", b.code, b.name),
                format!(
                    "building {} ({}) would lie outside every grid",
                    b.code, b.name
                ),
            ),
        ));
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(Planned {
        created,
        updated,
        unchanged,
        retired,
        moved: u32::try_from(cases + buildings.len()).unwrap_or(u32::MAX),
        before: before.into(),
        after: after.into(),
        plan: GridPlan {
            grids: views,
            retired: retiring,
            touched,
            index,
            buildings,
        },
    }))
}

/// A gridmap error as an import problem.
fn problem(file_name: &str, e: &gridmap::Error, options: &ImportOptions) -> tables::Problem {
    use gridmap::Problem as P;
    let column = match e.problem() {
        Some(
            P::MissingCode(_)
            | P::BadCode { .. }
            | P::DuplicateCode { .. }
            | P::UnknownCommunity(_),
        ) => options.code_property.clone(),
        Some(P::CommunityMismatch { property, .. }) => property.clone(),
        Some(_) => "geometry".into(),
        None => String::new(),
    };
    let row = e
        .feature_index()
        .map_or(0, |i| u32::try_from(i + 1).unwrap_or(u32::MAX));
    // Features are numbered from 1 here, as rows are (and as the Chinese always has them).
    let said = |problem: &P| match problem {
        P::Overlaps {
            other_index,
            other_code,
        } => format!(
            "overlaps feature {} (grid {other_code}): their interiors intersect",
            other_index + 1
        ),
        P::DuplicateCode { first_index } => {
            format!("the code is also on feature {}", first_index + 1)
        }
        other => other.to_string(),
    };
    let why = match e {
        gridmap::Error::Feature { code, problem, .. } => {
            let (zh, en) = (problem.zh(), said(problem));
            match code {
                Some(code) => {
                    tables::Reason::new(format!("网格 {code}：{zh}"), format!("grid {code}: {en}"))
                }
                None => tables::Reason::new(zh, en),
            }
        }
        other => tables::Reason::new(other.zh(), other.to_string()),
    };
    tables::Problem::new(file_name, row, column, why)
}

/// Stores and retires the grids, moves the buildings and re-places the open cases the
/// new boundaries move, with the audit `entry`, in one transaction; then re-indexes.
pub async fn apply(state: &AppState, plan: GridPlan, mut entry: AdminAuditEntry) -> Result<()> {
    let now = state.now();
    state
        .write(move |tx| {
            let ms = now.millis();
            super::feed::put_grids(tx, &plan.grids, ms)?;
            super::regrid::retire_grids(tx, &plan.retired, ms)?;
            super::regrid::move_buildings(tx, &plan.buildings, ms)?;
            let cases = super::regrid::place_cases(tx, &plan.touched, &plan.index, now)?;
            if let Some(serde_json::Value::Object(after)) = entry.after.as_mut() {
                after.insert("cases_placed".into(), cases.into());
                after.insert(
                    "buildings_moved".into(),
                    serde_json::to_value(&plan.buildings)?,
                );
            }
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    super::import::reindex(state).await
}
