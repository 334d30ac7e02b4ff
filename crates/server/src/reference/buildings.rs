//! The buildings import: a table of building codes (`GRIDCODE-NNN`), names, WGS-84
//! positions and units, checked against the stored grids (the grid of the code is stored,
//! and the point lies inside it, or inside the grid new boundaries moved the building to),
//! then stored and published to each building's grid; a row marked retired retires its
//! building (removed from the phones, kept in storage).

use protocol::BuildingView;

use super::imports::{self, Checked, Planned};
use crate::error::Result;
use crate::state::AppState;
use crate::store::AdminAuditEntry;

/// What a file does to one building.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Stored (new, changed, or back in use).
    Put(BuildingView),
    /// Retired: gone from the phones of its grid.
    Retire(BuildingView),
}

fn head_view(h: &tables::buildings::Head) -> protocol::BuildingHead {
    protocol::BuildingHead {
        name: h.name.clone(),
        phone: h.phone.clone(),
    }
}

/// Checks the buildings table `bytes`: the buildings it creates, changes or retires, or
/// every problem.
pub async fn check(
    state: &AppState,
    file_name: &str,
    bytes: &[u8],
) -> Result<Checked<Vec<Change>>> {
    let sheets = match imports::sheets(file_name, bytes) {
        Ok(s) => s,
        Err(p) => return Ok(Err(p)),
    };
    let hierarchy = state.hierarchy();
    let index = state.grids();
    let locate = |lon: f64, lat: f64| index.locate(lon, lat).copied();
    let moved: std::collections::HashMap<domain::BuildingCode, domain::GridCode> = state
        .read(|tx| tx.buildings_moved())
        .await?
        .into_iter()
        .collect();
    let placed = |code: &domain::BuildingCode| moved.get(code).copied();
    let rows = match tables::buildings::check(&sheets, &hierarchy, &locate, &placed) {
        Ok(rows) => rows,
        Err(p) => return Ok(Err(p)),
    };
    let (stored, rows) = state
        .read(move |tx| {
            let stored = rows
                .iter()
                .map(|r| tx.building_get(&r.code))
                .collect::<Result<Vec<_>>>()?;
            Ok((stored, rows))
        })
        .await?;
    let (mut created, mut updated, mut unchanged, mut retired) = (0, 0, 0, 0);
    let mut before = Vec::new();
    let mut changed = Vec::new();
    for (old, row) in stored.into_iter().zip(rows) {
        let new = BuildingView {
            grid: row.grid,
            code: row.code,
            name: row.name,
            lon: row.lon,
            lat: row.lat,
            units: row
                .units
                .or_else(|| old.as_ref().map(|(o, _)| o.units.clone()))
                .unwrap_or_default(),
            head: match &row.heads {
                Some(h) => h.building.as_ref().map(head_view),
                None => old.as_ref().and_then(|(o, _)| o.head.clone()),
            },
            unit_heads: match &row.heads {
                Some(h) => h
                    .units
                    .iter()
                    .map(|(u, head)| (u.clone(), head_view(head)))
                    .collect(),
                None => old
                    .as_ref()
                    .map(|(o, _)| o.unit_heads.clone())
                    .unwrap_or_default(),
            },
        };
        match (old, row.retired) {
            (Some((o, false)), true) => {
                updated += 1;
                retired += 1;
                before.push(serde_json::to_value(&o)?);
                changed.push(Change::Retire(o));
            }
            (_, true) => unchanged += 1,
            (None, false) => {
                created += 1;
                changed.push(Change::Put(new));
            }
            (Some((o, false)), false) if o == new => unchanged += 1,
            (Some((o, _)), false) => {
                updated += 1;
                before.push(serde_json::to_value(o)?);
                changed.push(Change::Put(new));
            }
        }
    }
    Ok(Ok(Planned {
        created,
        updated,
        unchanged,
        retired,
        moved: 0,
        after: serde_json::to_value(&changed)?,
        plan: changed,
        before: before.into(),
    }))
}

/// Stores, retires and publishes the buildings with the audit `entry` in one transaction.
pub async fn apply(state: &AppState, changes: Vec<Change>, entry: AdminAuditEntry) -> Result<()> {
    let now = state.now_ms();
    state
        .write(move |tx| {
            for change in &changes {
                match change {
                    Change::Put(b) => super::feed::put_buildings(tx, std::slice::from_ref(b), now)?,
                    Change::Retire(b) => super::feed::retire_building(tx, b, now)?,
                }
            }
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    state.hint();
    Ok(())
}
