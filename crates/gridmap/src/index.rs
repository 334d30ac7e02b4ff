//! The grid index: an R-tree of polygon bounding boxes over a [`GridSet`], answering
//! "which grid is this point in?" and "which grid is nearest, within so many metres?".

use geo::{BoundingRect, Coord, Intersects, LineString, Polygon};
use rstar::{AABB, RTree, RTreeObject};
use std::ops::ControlFlow;

use crate::grid::{Grid, GridSet, envelope_of, is_lon_lat};
use domain::hierarchy::GridCode;

/// Metres per degree of latitude on the mean Earth sphere (R = 6,371,008.8 m).
const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// Where a point fell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location<'a> {
    pub grid: &'a Grid,
    /// 0 when inside; otherwise the distance to the grid's boundary in metres.
    pub distance_m: f64,
    /// Whether the point is inside the grid (or on its boundary).
    pub inside: bool,
}

/// One polygon of one grid, as the R-tree stores it.
#[derive(Debug, Clone, Copy)]
struct Part {
    grid: u32,
    polygon: u32,
    envelope: AABB<[f64; 2]>,
}

impl RTreeObject for Part {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// A [`GridSet`] with an R-tree over its polygons (each part of a multipolygon apart, so
/// boxes stay tight). Lookups take the R-tree's candidate boxes, then decide exactly with
/// a robust point-in-polygon test. A point on an edge shared by two grids belongs to the
/// one listed first in the set.
#[derive(Debug)]
pub struct GridIndex {
    set: GridSet,
    tree: RTree<Part>,
}

impl GridIndex {
    pub fn new(set: GridSet) -> Self {
        let mut parts = Vec::new();
        for (g, grid) in set.iter().enumerate() {
            for (p, polygon) in grid.area.0.iter().enumerate() {
                if let Some(rect) = polygon.bounding_rect() {
                    parts.push(Part {
                        grid: index_u32(g),
                        polygon: index_u32(p),
                        envelope: envelope_of(rect),
                    });
                }
            }
        }
        Self {
            set,
            tree: RTree::bulk_load(parts),
        }
    }

    /// The grids, in their original order.
    pub fn grids(&self) -> &GridSet {
        &self.set
    }

    pub fn into_grids(self) -> GridSet {
        self.set
    }

    fn polygon(&self, part: &Part) -> &Polygon<f64> {
        &self.set.grids()[part.grid as usize].area.0[part.polygon as usize]
    }

    /// The grid containing (lon, lat) in WGS-84 degrees, boundary included; `None` when
    /// the point is in no grid or is not a valid coordinate.
    pub fn locate(&self, lon: f64, lat: f64) -> Option<&GridCode> {
        self.locate_grid(lon, lat).map(|grid| &grid.code)
    }

    /// Like [`locate`](Self::locate), returning the whole grid.
    pub fn locate_grid(&self, lon: f64, lat: f64) -> Option<&Grid> {
        if !is_lon_lat(lon, lat) {
            return None;
        }
        let point = Coord { x: lon, y: lat };
        let mut best: Option<u32> = None;
        let _ =
            self.tree
                .locate_in_envelope_intersecting_int(&AABB::from_point([lon, lat]), |part| {
                    if best.is_none_or(|b| part.grid < b) && self.polygon(part).intersects(&point) {
                        best = Some(part.grid);
                    }
                    ControlFlow::<()>::Continue(())
                });
        best.map(|g| &self.set.grids()[g as usize])
    }

    /// The grid containing (lon, lat), or else the grid whose boundary is nearest, if it
    /// is at most `max_m` metres away (GPS error at the edge of the district). Distances
    /// use a local equirectangular projection around the point: well under 0.1 % off for
    /// the few hundred metres this is meant for.
    pub fn locate_near(&self, lon: f64, lat: f64, max_m: f64) -> Option<Location<'_>> {
        if let Some(grid) = self.locate_grid(lon, lat) {
            return Some(Location {
                grid,
                distance_m: 0.0,
                inside: true,
            });
        }
        if !is_lon_lat(lon, lat) || max_m.is_nan() || max_m < 0.0 {
            return None;
        }
        let max_m = max_m.min(1_000_000.0);
        let cos_lat = lat.to_radians().cos().max(1e-6);
        let dlat = max_m / METRES_PER_DEGREE * 1.01;
        let dlon = (dlat / cos_lat).min(360.0);
        let search = AABB::from_corners([lon - dlon, lat - dlat], [lon + dlon, lat + dlat]);
        let project = |c: Coord<f64>| Coord {
            x: (c.x - lon) * cos_lat * METRES_PER_DEGREE,
            y: (c.y - lat) * METRES_PER_DEGREE,
        };
        let mut best: Option<(f64, u32)> = None;
        for part in self.tree.locate_in_envelope_intersecting(&search) {
            let polygon = self.polygon(part);
            let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
            let d = rings
                .map(|ring| distance_to_ring(ring, &project))
                .fold(f64::INFINITY, f64::min);
            let better = match best {
                None => true,
                Some((bd, bg)) => d < bd || (d == bd && part.grid < bg),
            };
            if d <= max_m && better {
                best = Some((d, part.grid));
            }
        }
        best.map(|(distance_m, g)| Location {
            grid: &self.set.grids()[g as usize],
            distance_m,
            inside: false,
        })
    }

    /// The grid with this code, if any.
    pub fn get(&self, code: &GridCode) -> Option<&Grid> {
        self.set.get(code)
    }

    /// Linear scan over every polygon with the same exact test as [`locate`](Self::locate),
    /// without the R-tree: the baseline the benchmark compares against.
    pub fn locate_brute_force(&self, lon: f64, lat: f64) -> Option<&GridCode> {
        let point = Coord { x: lon, y: lat };
        self.set
            .iter()
            .find(|grid| grid.area.0.iter().any(|polygon| polygon.intersects(&point)))
            .map(|grid| &grid.code)
    }
}

fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Distance in metres from the origin to the nearest segment of a ring, after projection.
fn distance_to_ring(ring: &LineString<f64>, project: &impl Fn(Coord<f64>) -> Coord<f64>) -> f64 {
    let mut best = f64::INFINITY;
    let mut coords = ring.0.iter().map(|&c| project(c));
    let Some(mut a) = coords.next() else {
        return best;
    };
    for b in coords {
        best = best.min(distance_to_segment(a, b));
        a = b;
    }
    best
}

fn distance_to_segment(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let ab = b - a;
    let len2 = ab.x * ab.x + ab.y * ab.y;
    let t = if len2 > 0.0 {
        ((-a.x * ab.x - a.y * ab.y) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let p = a + ab * t;
    p.x.hypot(p.y)
}
