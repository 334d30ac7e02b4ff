//! Reference data from the server copy: categories (falling back to the built-in catalogue
//! before the first sync), the district's named areas, the person's grids with their polygons, locating a point in a
//! grid with `gridmap`, and the people a dispatcher can assign.

use std::collections::BTreeMap;
use std::sync::Arc;

use domain::{CategoryCode, CategoryKind};
use gridmap::{GridIndex, ImportOptions};
use protocol::{BuildingView, CategoryView, GridView, PersonView};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use crate::Result;

/// A category of the catalogue (事件 or 部件) with its major class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CategoryInfo {
    pub code: CategoryCode,
    pub kind: CategoryKind,
    pub major_code: String,
    pub major_name_zh: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A grid with its polygon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GridInfo {
    pub code: String,
    pub name: String,
    pub community: String,
    /// GeoJSON Polygon or MultiPolygon, WGS-84 (`ui/src/api/geometry.ts`).
    #[ts(type = "GridGeometry")]
    pub geometry: serde_json::Value,
}

/// A building of a grid with its units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BuildingInfo {
    pub code: String,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    pub units: Vec<String>,
}

/// A named area of the district (synced): its level (`district`, `street` or
/// `community`), code and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AreaInfo {
    pub level: String,
    pub code: String,
    pub name: String,
}

/// The answer of `locate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Located {
    pub grid: Option<String>,
    /// 0 inside the grid; otherwise metres to its edge.
    pub distance_m: Option<f64>,
}

/// The synced grids, indexed for locating points.
#[derive(Debug)]
pub(crate) struct Grids {
    index: Option<GridIndex>,
}

/// How far outside every grid a point may be and still count as in the nearest one.
const NEAR_GRID_M: f64 = 30.0;

impl Engine {
    /// Every category: the synced ones, or the built-in catalogue before the first sync.
    pub fn categories(&self) -> Result<Vec<CategoryInfo>> {
        let synced: Vec<CategoryView> = self.store().server_entities("category")?;
        if !synced.is_empty() {
            return Ok(synced
                .into_iter()
                .map(|c| CategoryInfo {
                    code: c.code,
                    kind: c.kind,
                    major_code: c.code.major().to_string(),
                    major_name_zh: c.major_name_zh,
                    name_zh: c.name_zh,
                    name_en: c.name_en,
                })
                .collect());
        }
        Ok(domain::category::default_catalogue()
            .iter()
            .map(|c| CategoryInfo {
                code: c.code,
                kind: c.kind,
                major_code: c.major_code.to_string(),
                major_name_zh: c.major_name_zh.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
            })
            .collect())
    }

    /// The district's streets and communities (and the district) by code, as synced.
    pub fn areas(&self) -> Result<Vec<AreaInfo>> {
        let synced: Vec<protocol::AreaView> = self.store().server_entities("area")?;
        let mut areas: Vec<AreaInfo> = synced
            .into_iter()
            .map(|a| AreaInfo {
                level: a.level,
                code: a.code,
                name: a.name,
            })
            .collect();
        areas.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(areas)
    }

    /// The grids this person works in (a grid worker's own; for others every synced grid
    /// in their area).
    pub fn my_grids(&self) -> Result<Vec<GridInfo>> {
        let scope = self.session_opt()?.map(|s| s.person.scope);
        let grids: Vec<GridView> = self.store().server_entities("grid")?;
        Ok(grids
            .into_iter()
            .filter(|g| match &scope {
                Some(scope) => scope.covers_grid(&g.code),
                None => true,
            })
            .map(|g| GridInfo {
                code: g.code.to_string(),
                name: g.name,
                community: g.community.to_string(),
                geometry: g.geometry,
            })
            .collect())
    }

    /// Buildings of a grid: those the server publishes to the people of the grid (synced
    /// `building` entities) with their units (and any other unit checked in at here), and any other building
    /// this device checked in at in that grid (named by its code), ordered by code.
    pub fn buildings(&self, grid: &str) -> Result<Vec<BuildingInfo>> {
        let store = self.store();
        let synced: Vec<BuildingView> = store.server_entities("building")?;
        let mut all: BTreeMap<String, BuildingInfo> = synced
            .into_iter()
            .filter(|b| b.grid.as_str() == grid)
            .map(|b| {
                let code = b.code.to_string();
                let info = BuildingInfo {
                    code: code.clone(),
                    name: b.name,
                    lon: b.lon,
                    lat: b.lat,
                    units: b.units,
                };
                (code, info)
            })
            .collect();
        let visited: Vec<BuildingInfo> = store
            .visited_buildings(grid)?
            .into_iter()
            .map(|v| BuildingInfo {
                name: v.code.clone(),
                code: v.code,
                lon: v.lon,
                lat: v.lat,
                units: v.units,
            })
            .collect();
        for v in visited {
            match all.get_mut(&v.code) {
                Some(known) => {
                    for u in v.units {
                        if !known.units.contains(&u) {
                            known.units.push(u);
                        }
                    }
                }
                None => {
                    all.insert(v.code.clone(), v);
                }
            }
        }
        Ok(all.into_values().collect())
    }

    /// The grid a point lies in, found on the device from the synced grid polygons; a point
    /// just outside every grid (GPS error) counts for the nearest within 30 m.
    pub fn locate(&self, lon: f64, lat: f64) -> Result<Located> {
        let grids = self.grids()?;
        let Some(index) = &grids.index else {
            return Ok(Located {
                grid: None,
                distance_m: None,
            });
        };
        Ok(match index.locate_near(lon, lat, NEAR_GRID_M) {
            Some(found) => Located {
                grid: Some(found.grid.code.as_str().to_string()),
                distance_m: Some(found.distance_m),
            },
            None => Located {
                grid: None,
                distance_m: None,
            },
        })
    }

    /// People of the synced copy (dispatchers receive the workers of their area).
    pub(crate) fn people(&self) -> Result<Vec<PersonView>> {
        self.store().server_entities("person")
    }

    fn grids(&self) -> Result<Arc<Grids>> {
        let mut cached = self
            .inner
            .grids
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(grids) = cached.as_ref() {
            return Ok(grids.clone());
        }
        let views: Vec<GridView> = self.store().server_entities("grid")?;
        let index = if views.is_empty() {
            None
        } else {
            let features: Vec<serde_json::Value> = views
                .iter()
                .map(|g| {
                    serde_json::json!({
                        "type": "Feature",
                        "geometry": g.geometry,
                        "properties": {
                            "code": g.code.to_string(),
                            "name": g.name,
                            "community": g.community.to_string(),
                        },
                    })
                })
                .collect();
            let text =
                serde_json::json!({"type": "FeatureCollection", "features": features}).to_string();
            match GridIndex::from_geojson(&text, &ImportOptions::default()) {
                Ok(index) => Some(index),
                Err(e) => {
                    tracing::warn!("the synced grids cannot be indexed: {e}");
                    None
                }
            }
        };
        let grids = Arc::new(Grids { index });
        *cached = Some(grids.clone());
        Ok(grids)
    }

    /// Forgets the grid index after grids changed.
    pub(crate) fn grids_changed(&self) {
        *self
            .inner
            .grids
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}
