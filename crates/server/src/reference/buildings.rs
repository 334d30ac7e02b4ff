//! The buildings import: a table of building codes (`GRIDCODE-NNN`), names and WGS-84
//! positions, checked against the stored grids (the grid of the code is stored, and the
//! point lies inside it), then stored and published to each building's grid.

use protocol::BuildingView;

use super::imports::{self, Checked, Planned};
use crate::error::Result;
use crate::state::AppState;
use crate::store::AdminAuditEntry;

/// Checks the buildings table `bytes`: the buildings it creates or changes, or every
/// problem.
pub async fn check(
    state: &AppState,
    file_name: &str,
    bytes: &[u8],
) -> Result<Checked<Vec<BuildingView>>> {
    let sheets = match imports::sheets(file_name, bytes) {
        Ok(s) => s,
        Err(p) => return Ok(Err(p)),
    };
    let hierarchy = state.hierarchy();
    let index = state.grids();
    let locate = |lon: f64, lat: f64| index.locate(lon, lat).copied();
    let rows = match tables::buildings::check(&sheets, &hierarchy, &locate) {
        Ok(rows) => rows,
        Err(p) => return Ok(Err(p)),
    };
    let views: Vec<BuildingView> = rows
        .into_iter()
        .map(|r| BuildingView {
            grid: r.code.parent(),
            code: r.code,
            name: r.name,
            lon: r.lon,
            lat: r.lat,
        })
        .collect();
    let (stored, views) = state
        .read(move |tx| {
            let stored = views
                .iter()
                .map(|v| tx.building_get(&v.code))
                .collect::<Result<Vec<_>>>()?;
            Ok((stored, views))
        })
        .await?;
    let (mut created, mut updated, mut unchanged) = (0, 0, 0);
    let mut before = Vec::new();
    let mut changed = Vec::new();
    for (old, new) in stored.into_iter().zip(views) {
        match old {
            None => created += 1,
            Some(o) if o == new => {
                unchanged += 1;
                continue;
            }
            Some(o) => {
                updated += 1;
                before.push(serde_json::to_value(o)?);
            }
        }
        changed.push(new);
    }
    Ok(Ok(Planned {
        created,
        updated,
        unchanged,
        retired: 0,
        after: serde_json::to_value(&changed)?,
        plan: changed,
        before: before.into(),
    }))
}

/// Stores and publishes the buildings with the audit `entry` in one transaction.
pub async fn apply(
    state: &AppState,
    buildings: Vec<BuildingView>,
    entry: AdminAuditEntry,
) -> Result<()> {
    let now = state.now_ms();
    state
        .write(move |tx| {
            super::feed::put_buildings(tx, &buildings, now)?;
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    state.hint();
    Ok(())
}
