//! What new grid boundaries do to what lies in the grids: when a grids file redraws,
//! splits, merges or retires grids, the buildings and open cases of the grids it redraws
//! or retires (and the community queues of the grids it draws) are located again against
//! the grids as they will be, and moved where they now lie.

use std::collections::BTreeMap;

use domain::{CommunityCode, GridCode, Timestamp};
use gridmap::GridIndex;
use protocol::{BuildingView, ChangeKind, EntityKind, GridView};

use crate::error::{Error, Result};
use crate::store::{Audience, CaseRecord, Tx};

/// The grids a file changes the boundaries of, and the communities it draws grids in.
#[derive(Debug, Clone, Default)]
pub struct Touched {
    /// Grids whose polygon changes or that are retired.
    pub grids: Vec<GridCode>,
    /// Communities the file draws grids in (their queues may hold cases a new grid now
    /// covers).
    pub communities: Vec<CommunityCode>,
}

/// A building that will lie in another grid: where it was, and itself in its new grid.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildingMove {
    pub from: GridCode,
    pub building: BuildingView,
}

/// The grid index as it will be: the `stored` grids without those `drawn` or `retired`,
/// plus the drawn ones.
pub fn index_after(
    stored: &[gridmap::Grid],
    drawn: &[GridView],
    retired: &[GridCode],
) -> Result<GridIndex> {
    let mut grids: BTreeMap<GridCode, gridmap::Grid> =
        stored.iter().map(|g| (g.code, g.clone())).collect();
    for code in retired {
        grids.remove(code);
    }
    for view in drawn {
        grids.insert(view.code, super::feed::grid_of(view)?);
    }
    let set = gridmap::GridSet::new(grids.into_values().collect())
        .map_err(|e| Error::Internal(format!("grids after the import: {e}")))?;
    Ok(GridIndex::new(set))
}

/// The buildings of the touched grids that will lie in another grid, and those that would
/// lie outside every grid (which the file may not do).
pub fn buildings_after(
    tx: &mut dyn Tx,
    touched: &Touched,
    index: &GridIndex,
) -> Result<(Vec<BuildingMove>, Vec<BuildingView>)> {
    let (mut moves, mut stranded) = (Vec::new(), Vec::new());
    for grid in &touched.grids {
        for b in tx.buildings_in_grid(grid)? {
            match index.locate(b.lon, b.lat) {
                None => stranded.push(b),
                Some(g) if *g == b.grid => {}
                Some(g) => moves.push(BuildingMove {
                    from: b.grid,
                    building: BuildingView { grid: *g, ..b },
                }),
            }
        }
    }
    Ok((moves, stranded))
}

/// The open cases that will lie elsewhere: those of the touched grids, and those of the
/// touched communities' queues that a grid now covers, each with the grid it goes to
/// (none: its community's queue).
pub fn cases_after(
    tx: &mut dyn Tx,
    touched: &Touched,
    index: &GridIndex,
) -> Result<Vec<(CaseRecord, Option<GridCode>)>> {
    let mut found: BTreeMap<String, (CaseRecord, Option<GridCode>)> = BTreeMap::new();
    let mut consider = |record: CaseRecord| {
        let at = record.case.location;
        let to = index.locate(at.lon, at.lat).copied();
        if to != record.case.grid {
            found.insert(record.case.id.to_string(), (record, to));
        }
    };
    for grid in &touched.grids {
        tx.cases_open_in_area(grid.as_str())?
            .into_iter()
            .for_each(&mut consider);
    }
    for community in &touched.communities {
        tx.cases_open_in_area(community.as_str())?
            .into_iter()
            .filter(|r| r.case.grid.is_none())
            .for_each(&mut consider);
    }
    Ok(found.into_values().collect())
}

/// Retires `grids`: kept in storage, gone from the phones of their area.
pub fn retire_grids(tx: &mut dyn Tx, grids: &[GridCode], now: i64) -> Result<()> {
    for code in grids {
        tx.grid_retire(code, now)?;
        tx.change_put(
            EntityKind::Grid,
            code.as_str(),
            &Audience::Area(code.as_str().to_string()),
            ChangeKind::Remove,
            None,
            now,
        )?;
    }
    Ok(())
}

/// Moves buildings to their new grids: gone from the phones of the grid they left (first,
/// so whoever sees both keeps them), then stored and published to the new one.
pub fn move_buildings(tx: &mut dyn Tx, moves: &[BuildingMove], now: i64) -> Result<()> {
    for m in moves {
        tx.change_put(
            EntityKind::Building,
            m.building.code.as_str(),
            &Audience::Area(m.from.as_str().to_string()),
            ChangeKind::Remove,
            None,
            now,
        )?;
        super::feed::put_buildings(tx, std::slice::from_ref(&m.building), now)?;
    }
    Ok(())
}

/// Re-places the open cases the new boundaries move; returns how many moved.
pub fn place_cases(
    tx: &mut dyn Tx,
    touched: &Touched,
    index: &GridIndex,
    now: Timestamp,
) -> Result<u32> {
    let mut moved = 0;
    for (record, to) in cases_after(tx, touched, index)? {
        if crate::caseloop::place_case(tx, record, to, now)? {
            moved += 1;
        }
    }
    Ok(moved)
}
