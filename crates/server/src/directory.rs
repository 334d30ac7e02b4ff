//! The desk's directory (`GET /v1/directory`): the names a browser desk shows beside codes,
//! what the app's desk has from its synced copy: categories, areas, the grids of the
//! caller's area with their outlines, and the people published to that area.

use std::collections::HashMap;

use domain::Role;
use protocol::Directory;

use crate::error::{Error, Result};
use crate::reference::feed::published_areas;
use crate::sessions::Caller;
use crate::state::AppState;

/// The directory of the caller's area (dispatchers, the commander and administrators).
pub async fn directory(state: &AppState, caller: &Caller) -> Result<Directory> {
    let role = caller.role();
    if !(role.is_dispatcher() || role == Role::Administrator) {
        return Err(Error::forbidden(
            "the directory is for dispatchers, the command centre and administrators",
        ));
    }
    let areas = crate::access::visible_areas(role, &caller.person().scope);
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
