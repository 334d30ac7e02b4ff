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
    let mut grids = Vec::with_capacity(views.len());
    for v in views {
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
        grids.push(grid);
    }
    let set = GridSet::new(grids).map_err(|e| Error::Storage(format!("grids: {e}")))?;
    Ok(GridIndex::new(set))
}

/// The view of a gridmap grid, its polygon as GeoJSON.
pub fn grid_view(grid: &gridmap::Grid) -> Result<GridView> {
    let geometry = geojson::Geometry::from(&grid.area);
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

/// Publishes the category catalogue to everyone.
pub fn put_categories(tx: &mut dyn Tx, catalogue: &domain::Catalogue, now: i64) -> Result<()> {
    for c in catalogue.iter() {
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

/// Stores a person and publishes grid workers to the people of their grids (so
/// dispatchers get their workers list, and workers their colleagues on placards).
pub fn put_person(tx: &mut dyn Tx, record: &PersonRecord, now: i64) -> Result<()> {
    tx.person_insert(record, now)?;
    let data = serde_json::to_string(&wire::person_view(record))?;
    tx.change_put(
        EntityKind::Person,
        &record.person.id.to_string(),
        &Audience::Person(record.person.id),
        ChangeKind::Put,
        Some(&data),
        now,
    )?;
    if let Scope::Grids(grids) = &record.person.scope
        && record.person.role.is_grid_worker()
    {
        for g in grids {
            tx.change_put(
                EntityKind::Person,
                &record.person.id.to_string(),
                &Audience::Area(g.as_str().to_string()),
                ChangeKind::Put,
                Some(&data),
                now,
            )?;
        }
    }
    Ok(())
}
