//! The district's named areas as stored data: the hierarchy imported from an
//! administrator's table (checked whole by `tables`, stored in one transaction, nothing
//! half-imported), the district named at a first start, and the hierarchy the service
//! keeps in memory rebuilt from storage.

use domain::hierarchy::{Community, District, Grid, Hierarchy, Street};
use protocol::{GridView, ImportProblem, ImportReport};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::AreaLevel;

/// The hierarchy of stored areas and grids (a grid whose community is not stored yet is
/// left out of the names; it still locates reports).
pub fn hierarchy_of(
    areas: &[(AreaLevel, String, String)],
    grids: &[GridView],
) -> Result<Hierarchy> {
    let mut h = Hierarchy::new();
    let bad = |e: domain::Error| Error::Storage(format!("stored area: {e}"));
    // Code order puts every district before its streets and every street before its
    // communities (a parent's code is a prefix of its children's).
    for (level, code, name) in areas {
        let name = name.clone();
        match level {
            AreaLevel::District => h.add_district(District {
                code: code.parse().map_err(bad)?,
                name,
            }),
            AreaLevel::Street => h.add_street(Street {
                code: code.parse().map_err(bad)?,
                name,
            }),
            AreaLevel::Community => h.add_community(Community {
                code: code.parse().map_err(bad)?,
                name,
            }),
        }
        .map_err(bad)?;
    }
    for g in grids {
        if h.community(&g.community).is_some() {
            h.add_grid(Grid {
                code: g.code,
                name: g.name.clone(),
            })
            .map_err(bad)?;
        }
    }
    Ok(h)
}

fn problem(p: tables::Problem) -> ImportProblem {
    ImportProblem {
        sheet: p.sheet,
        row: p.row,
        column: p.column,
        reason: p.reason,
    }
}

/// Imports the hierarchy table `bytes` (a CSV or a workbook named `file_name`): refused
/// whole with every problem listed, or (unless `dry_run`) stored in one transaction.
pub async fn import_hierarchy(
    state: &AppState,
    file_name: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport> {
    let mut report = ImportReport {
        kind: "hierarchy".into(),
        dry_run,
        applied: false,
        created: 0,
        updated: 0,
        unchanged: 0,
        problems: Vec::new(),
    };
    let sheets = match tables::read(file_name, bytes) {
        Ok(sheets) => sheets,
        Err(p) => {
            report.problems.push(problem(p));
            return Ok(report);
        }
    };
    let checked = match tables::hierarchy::check(&sheets, &state.hierarchy()) {
        Ok(checked) => checked,
        Err(problems) => {
            report.problems = problems.into_iter().map(problem).collect();
            return Ok(report);
        }
    };
    report.created = checked.created;
    report.updated = checked.updated;
    report.unchanged = checked.unchanged;
    if dry_run || checked.created + checked.updated == 0 {
        return Ok(report);
    }
    store(state, &checked.merged).await?;
    report.applied = true;
    Ok(report)
}

/// Stores every area of `h` (new ones added, changed names renamed) in one transaction and
/// makes it the service's hierarchy.
async fn store(state: &AppState, h: &Hierarchy) -> Result<()> {
    let mut rows: Vec<(AreaLevel, String, String)> = Vec::new();
    rows.extend(
        h.districts()
            .map(|d| (AreaLevel::District, d.code.to_string(), d.name.clone())),
    );
    rows.extend(
        h.streets()
            .map(|s| (AreaLevel::Street, s.code.to_string(), s.name.clone())),
    );
    rows.extend(
        h.communities()
            .map(|c| (AreaLevel::Community, c.code.to_string(), c.name.clone())),
    );
    state
        .write(move |tx| {
            for (level, code, name) in &rows {
                tx.area_put(*level, code, name)?;
            }
            Ok(())
        })
        .await?;
    let st = state.clone();
    tokio::task::spawn_blocking(move || st.reload_hierarchy())
        .await
        .map_err(|e| Error::Internal(format!("hierarchy task: {e}")))?
}

/// At a first start: the district this service runs, named by the operator (a one-row
/// hierarchy import); nothing changes when it is already stored under that name.
pub async fn name_district(state: &AppState, code: &str, name: &str) -> Result<ImportReport> {
    let prefecture = code.get(..4).unwrap_or_default();
    let csv = format!("level,code,name,parent_code\ndistrict,{code},{name},{prefecture}\n");
    let report = import_hierarchy(state, "--district", csv.as_bytes(), false).await?;
    if let Some(p) = report.problems.first() {
        return Err(Error::Config(format!(
            "--district {code} --district-name {name:?}: {}",
            p.reason
        )));
    }
    Ok(report)
}
