//! Reference data in storage and the change feed: grids (stored as views with GeoJSON
//! geometry, indexed with `gridmap` for locating reports), buildings, categories and people,
//! each published to the change feed in the transaction that stores it.

use domain::Scope;
use gridmap::{GridIndex, GridSet};
use protocol::{ChangeKind, EntityKind, GridView};

use crate::error::{Error, Result};
use crate::store::{Audience, PersonRecord, Tx};
use crate::wire;

/// The grid index over stored grid views.
pub fn grid_index(views: &[GridView]) -> Result<GridIndex> {
    let grids = views.iter().map(grid_of).collect::<Result<Vec<_>>>()?;
    let set = GridSet::new(grids).map_err(|e| Error::Storage(format!("grids: {e}")))?;
    Ok(GridIndex::new(set))
}

/// The gridmap grid of a stored grid view.
pub fn grid_of(v: &GridView) -> Result<gridmap::Grid> {
    let geometry: geojson::Geometry = serde_json::from_value(v.geometry.clone())
        .map_err(|e| Error::Storage(format!("grid {}: bad geometry: {e}", v.code)))?;
    let shape: geo::Geometry<f64> = geometry
        .try_into()
        .map_err(|e| Error::Storage(format!("grid {}: bad geometry: {e}", v.code)))?;
    let area = match shape {
        geo::Geometry::Polygon(p) => geo::MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(m) => m,
        _ => return Err(Error::Storage(format!("grid {} is not a polygon", v.code))),
    };
    let mut grid = gridmap::Grid::new(v.code, area);
    grid.name = Some(v.name.clone());
    Ok(grid)
}

/// The view of a gridmap grid, its polygon as GeoJSON with coordinates rounded to 1e-9°
/// (a tenth of a millimetre), so the same boundary read twice (e.g. converted from
/// GCJ-02, whose inverse is iterative) is stored the same.
pub fn grid_view(grid: &gridmap::Grid) -> Result<GridView> {
    use geo::MapCoords;
    let round = |v: f64| (v * 1e9).round() / 1e9;
    let area = grid.area.map_coords(|c| geo::Coord {
        x: round(c.x),
        y: round(c.y),
    });
    let geometry = geojson::Geometry::from(&area);
    Ok(GridView {
        code: grid.code,
        community: grid.code.community(),
        name: grid
            .name
            .clone()
            .unwrap_or_else(|| format!("网格 {}", grid.code.as_str())),
        geometry: serde_json::to_value(geometry)?,
    })
}

/// Stores grids and publishes each to the people of its area.
pub fn put_grids(tx: &mut dyn Tx, grids: &[GridView], now: i64) -> Result<()> {
    for g in grids {
        tx.grid_put(&g.code, g)?;
        let data = serde_json::to_string(g)?;
        tx.change_put(
            EntityKind::Grid,
            g.code.as_str(),
            &Audience::Area(g.code.as_str().to_string()),
            ChangeKind::Put,
            Some(&data),
            now,
        )?;
    }
    Ok(())
}

/// Stores buildings and publishes each to the people of its grid.
pub fn put_buildings(
    tx: &mut dyn Tx,
    buildings: &[protocol::BuildingView],
    now: i64,
) -> Result<()> {
    for b in buildings {
        tx.building_put(b)?;
        let data = serde_json::to_string(b)?;
        tx.change_put(
            EntityKind::Building,
            b.code.as_str(),
            &Audience::Area(b.grid.as_str().to_string()),
            ChangeKind::Put,
            Some(&data),
            now,
        )?;
    }
    Ok(())
}

/// Retires a building and removes it from the phones of its grid.
pub fn retire_building(tx: &mut dyn Tx, b: &protocol::BuildingView, now: i64) -> Result<()> {
    tx.building_retire(&b.code, now)?;
    tx.change_put(
        EntityKind::Building,
        b.code.as_str(),
        &Audience::Area(b.grid.as_str().to_string()),
        ChangeKind::Remove,
        None,
        now,
    )?;
    Ok(())
}

/// Publishes every area the feed does not have as stored, to everyone.
pub fn publish_areas(tx: &mut dyn Tx, now: i64) -> Result<()> {
    for (level, code, name) in tx.areas_unpublished()? {
        let view = protocol::AreaView {
            level: level.as_str().to_string(),
            code: code.clone(),
            name,
        };
        let data = serde_json::to_string(&view)?;
        tx.change_put(
            EntityKind::Area,
            &code,
            &Audience::Everyone,
            ChangeKind::Put,
            Some(&data),
            now,
        )?;
        tx.area_published(&code)?;
    }
    Ok(())
}

/// Stores categories and publishes each to everyone.
pub fn put_categories(tx: &mut dyn Tx, categories: &[domain::Category], now: i64) -> Result<()> {
    for c in categories {
        tx.category_put(c)?;
        let data = serde_json::to_string(&wire::category_view(c))?;
        tx.change_put(
            EntityKind::Category,
            &c.code.to_string(),
            &Audience::Everyone,
            ChangeKind::Put,
            Some(&data),
            now,
        )?;
    }
    Ok(())
}

/// Stores a new person and publishes them.
pub fn put_person(tx: &mut dyn Tx, record: &PersonRecord, now: i64) -> Result<()> {
    tx.person_insert(record, now)?;
    publish_person(tx, record, None, now).map(|_| ())
}

/// Stores a changed person (same id) and publishes the change: removed from the grids
/// they left, put to their own devices and the grids they work in now.
pub fn update_person(
    tx: &mut dyn Tx,
    record: &PersonRecord,
    previous: &PersonRecord,
    now: i64,
) -> Result<()> {
    tx.person_update(record)?;
    let seq = publish_person(tx, record, Some(previous), now)?;
    if record.person.scope != previous.person.scope || record.person.role != previous.person.role {
        // What the person may see changed: their phones rebuild their copy from scratch,
        // so nothing of the old area stays on them.
        tx.devices_rebuild(record.person.id, seq)?;
    }
    Ok(())
}

/// The areas a person is published to: a grid worker's own grids; a department handler's
/// communities, those their organisation serves (so those communities' dispatchers, the
/// streets' and the district's may give them tasks).
pub fn published_areas(tx: &mut dyn Tx, record: &PersonRecord) -> Result<Vec<String>> {
    let person = &record.person;
    Ok(match &person.scope {
        Scope::Grids(grids) if person.role.is_grid_worker() => {
            grids.iter().map(|g| g.as_str().to_string()).collect()
        }
        scope if person.role == domain::Role::DepartmentHandler => {
            let prefix = match scope {
                Scope::Community(c) => c.to_string(),
                Scope::Street(s) => s.to_string(),
                Scope::District(d) => d.to_string(),
                Scope::Grids(_) => return Ok(Vec::new()),
            };
            tx.areas_all()?
                .into_iter()
                .filter(|(level, code, _)| {
                    *level == crate::store::AreaLevel::Community && code.starts_with(&prefix)
                })
                .map(|(_, code, _)| code)
                .collect()
        }
        _ => Vec::new(),
    })
}

/// Publishes a person to themselves and, for grid workers, to the people of their grids
/// (so dispatchers get their workers list, and workers their colleagues on placards); a
/// department handler to the communities their organisation serves.
/// Returns the change seq of the person's own copy.
fn publish_person(
    tx: &mut dyn Tx,
    record: &PersonRecord,
    previous: Option<&PersonRecord>,
    now: i64,
) -> Result<u64> {
    let id = record.person.id.to_string();
    let now_in = published_areas(tx, record)?;
    if let Some(previous) = previous {
        for g in published_areas(tx, previous)? {
            if !now_in.contains(&g) {
                tx.change_put(
                    EntityKind::Person,
                    &id,
                    &Audience::Area(g),
                    ChangeKind::Remove,
                    None,
                    now,
                )?;
            }
        }
    }
    let mut view = wire::person_view(record);
    if let Some(code) = &record.person.organisation {
        view.organisation_name = tx
            .organisations_all()?
            .into_iter()
            .find(|o| &o.code == code)
            .map(|o| o.name);
    }
    let data = serde_json::to_string(&view)?;
    let seq = tx.change_put(
        EntityKind::Person,
        &id,
        &Audience::Person(record.person.id),
        ChangeKind::Put,
        Some(&data),
        now,
    )?;
    for g in now_in {
        tx.change_put(
            EntityKind::Person,
            &id,
            &Audience::Area(g),
            ChangeKind::Put,
            Some(&data),
            now,
        )?;
    }
    Ok(seq)
}
