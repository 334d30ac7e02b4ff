//! The desk's directory (`GET /v1/directory`): the names a browser desk shows beside codes,
//! what the app's desk has from its synced copy: categories, areas, the grids of the
//! caller's area with their outlines, and the people published to that area.

use std::collections::HashMap;

use domain::{GridCode, Role};
use protocol::{BuildingView, Directory};

use crate::error::{Error, Result};
use crate::reference::feed::published_areas;
use crate::sessions::Caller;
use crate::state::AppState;

/// The area prefixes a desk person reads, or forbidden for anyone else.
fn desk_areas(caller: &Caller) -> Result<Vec<String>> {
    let role = caller.role();
    if !(role.is_dispatcher() || role == Role::Administrator) {
        return Err(Error::forbidden(
            "the directory is for dispatchers, the command centre and administrators",
        ));
    }
    Ok(crate::access::visible_areas(role, &caller.person().scope))
}

/// A grid's buildings, in code order (what the app's desk has from its synced copy).
pub async fn buildings(state: &AppState, caller: &Caller, grid: &str) -> Result<Vec<BuildingView>> {
    let areas = desk_areas(caller)?;
    let grid =
        GridCode::parse(grid).map_err(|e| Error::bad_request("bad_grid", format!("grid: {e}")))?;
    if !areas.iter().any(|a| grid.as_str().starts_with(a.as_str())) {
        return Err(Error::forbidden("that grid is outside your area"));
    }
    let mut list = state.read(move |tx| tx.buildings_in_grid(&grid)).await?;
    list.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    Ok(list)
}

/// The directory of the caller's area (dispatchers, the commander and administrators).
pub async fn directory(state: &AppState, caller: &Caller) -> Result<Directory> {
    let areas = desk_areas(caller)?;
    let me = caller.id();
    state
        .read(move |tx| {
            let within = |code: &str| areas.iter().any(|a| code.starts_with(a.as_str()));
            let organisations: HashMap<_, _> = tx
                .organisations_all()?
                .into_iter()
                .map(|o| (o.code, o.name))
                .collect();
            let mut people = Vec::new();
            for (record, deactivated_at) in tx.persons_all()? {
                let mine = record.person.id == me;
                if deactivated_at.is_some() && !mine {
                    continue;
                }
                if !mine && !published_areas(tx, &record)?.iter().any(|a| within(a)) {
                    continue;
                }
                let mut view = crate::wire::person_view(&record);
                view.organisation_name = record
                    .person
                    .organisation
                    .as_ref()
                    .and_then(|o| organisations.get(o).cloned());
                people.push(view);
            }
            Ok(Directory {
                categories: tx
                    .categories_all()?
                    .iter()
                    .map(crate::wire::category_view)
                    .collect(),
                areas: tx
                    .areas_all()?
                    .into_iter()
                    .map(|(level, code, name)| protocol::AreaView {
                        level: level.as_str().to_string(),
                        code,
                        name,
                    })
                    .collect(),
                grids: tx
                    .grids_all()?
                    .into_iter()
                    .filter(|g| within(g.code.as_str()))
                    .collect(),
                people,
            })
        })
        .await
}
