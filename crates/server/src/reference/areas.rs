//! The district's named areas as stored data: the hierarchy imported from an
//! administrator's table (checked whole by `tables`, stored in one transaction, nothing
//! half-imported), the district named at a first start, and the hierarchy the service
//! keeps in memory rebuilt from storage.

use domain::hierarchy::{Community, District, Grid, Hierarchy, Street};
use protocol::{GridView, ImportReport};

use super::imports::{self, Checked, Planned};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{AdminAuditEntry, AreaLevel};

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

/// Checks the hierarchy table `bytes` (a CSV or a workbook named `file_name`) against the
/// stored hierarchy: the merged hierarchy to store, or every problem.
pub fn check(state: &AppState, file_name: &str, bytes: &[u8]) -> Checked<Hierarchy> {
    let sheets = imports::sheets(file_name, bytes)?;
    let known = state.hierarchy();
    let checked = tables::hierarchy::check(&sheets, &known)?;
    let names = |h: &Hierarchy| -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for d in h.districts() {
            m.insert(d.code.to_string(), d.name.clone().into());
        }
        for s in h.streets() {
            m.insert(s.code.to_string(), s.name.clone().into());
        }
        for c in h.communities() {
            m.insert(c.code.to_string(), c.name.clone().into());
        }
        m.into()
    };
    Ok(Planned {
        created: checked.created,
        updated: checked.updated,
        unchanged: checked.unchanged,
        retired: 0,
        moved: 0,
        before: names(&known),
        after: names(&checked.merged),
        plan: checked.merged,
    })
}

/// Stores every area of `h` (new ones added, changed names renamed) in one transaction with
/// the audit `entry`, and makes it the service's hierarchy.
pub async fn apply(state: &AppState, h: Hierarchy, entry: AdminAuditEntry) -> Result<()> {
    let now = state.now_ms();
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
            super::feed::publish_areas(tx, now)?;
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    let st = state.clone();
    tokio::task::spawn_blocking(move || st.reload_hierarchy())
        .await
        .map_err(|e| Error::Internal(format!("hierarchy task: {e}")))??;
    state.reference_changed();
    Ok(())
}

/// At a first start: the district this service runs, named by the operator (a one-row
/// hierarchy import); nothing changes when it is already stored under that name.
pub async fn name_district(state: &AppState, code: &str, name: &str) -> Result<ImportReport> {
    let prefecture = code.get(..4).unwrap_or_default();
    let csv = format!("level,code,name,parent_code\ndistrict,{code},{name},{prefecture}\n");
    imports::import_by_service(state, "hierarchy", "--district", csv.as_bytes())
        .await
        .map_err(|e| Error::Config(format!("--district {code} --district-name {name:?}: {e}")))
}
