//! A grid (code, names, area) and a checked set of grids: valid rings and coordinates,
//! unique codes, and no two grids whose interiors intersect (shared edges are fine).

use geo::algorithm::validation::InvalidPolygon;
use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::{
    BoundingRect, MultiPolygon, Orient, Polygon, PreparedGeometry, Relate, Validation,
    orient::Direction,
};
use rstar::{AABB, RTree, RTreeObject};
use std::collections::HashMap;

use crate::error::{Error, Problem, Result};
use domain::hierarchy::GridCode;

/// One grid: its code, optional display names, and its area in WGS-84 (lon, lat) degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub code: GridCode,
    /// Display name, e.g. "人民里社区第3网格".
    pub name: Option<String>,
    /// Name of the community the grid belongs to (its code is `code.community()`).
    pub community_name: Option<String>,
    /// The grid's area: one or more polygons, possibly with holes.
    pub area: MultiPolygon<f64>,
}

impl Grid {
    /// A grid with no names.
    pub fn new(code: GridCode, area: MultiPolygon<f64>) -> Self {
        Self {
            code,
            name: None,
            community_name: None,
            area,
        }
    }

    /// A point inside the grid's area (not on its edge, not in a hole), WGS-84 `(lon,
    /// lat)`: where a task about the whole grid is placed.
    pub fn inside_point(&self) -> Option<(f64, f64)> {
        use geo::InteriorPoint;
        self.area.interior_point().map(|p| (p.x(), p.y()))
    }
}

/// Grids that passed every check of [`GridSet::new`]. Order is kept: it is the feature
/// order of the GeoJSON they came from, and errors name features by it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridSet {
    grids: Vec<Grid>,
}

impl GridSet {
    /// Checks the grids and keeps them, with rings oriented as RFC 7946 asks
    /// (exteriors counter-clockwise, holes clockwise).
    ///
    /// Refused, naming the first faulty grid by index and code: non-finite or
    /// out-of-range coordinates, rings with fewer than 4 positions, self-intersecting or
    /// otherwise invalid polygons, multipolygons whose parts overlap, a code used twice,
    /// and two grids whose interiors intersect.
    pub fn new(grids: Vec<Grid>) -> Result<Self> {
        Self::check_all(grids).map_err(|mut errors| errors.swap_remove(0))
    }

    /// As [`GridSet::new`], listing every problem (in feature order) instead of the first:
    /// each grid's own faults, every repeated code, every pair of grids that overlap.
    /// A grid with faults of its own is left out of the code and overlap checks.
    pub fn check_all(grids: Vec<Grid>) -> std::result::Result<Self, Vec<Error>> {
        let mut errors = Vec::new();
        // Coordinates first: geo's algorithms (orient, relate) may panic on NaN.
        let mut sound = vec![true; grids.len()];
        for (index, grid) in grids.iter().enumerate() {
            if let Err(problem) = check_rings(&grid.area) {
                errors.push(feature_error(index, grid, problem));
                sound[index] = false;
            }
        }
        let grids: Vec<Grid> = grids
            .into_iter()
            .zip(&sound)
            .map(|(mut grid, &ok)| {
                if ok {
                    grid.area = grid.area.orient(Direction::Default);
                }
                grid
            })
            .collect();
        for (index, grid) in grids.iter().enumerate() {
            if sound[index]
                && let Err(problem) = check_shape(&grid.area)
            {
                errors.push(feature_error(index, grid, problem));
                sound[index] = false;
            }
        }
        check_unique_codes(&grids, &mut errors);
        check_no_overlaps(&grids, &sound, &mut errors);
        if errors.is_empty() {
            Ok(Self { grids })
        } else {
            errors.sort_by_key(|e| e.feature_index());
            Err(errors)
        }
    }

    pub fn grids(&self) -> &[Grid] {
        &self.grids
    }

    pub fn len(&self) -> usize {
        self.grids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.grids.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Grid> {
        self.grids.iter()
    }

    /// The grid with this code, if any (linear scan).
    pub fn get(&self, code: &GridCode) -> Option<&Grid> {
        self.grids.iter().find(|grid| &grid.code == code)
    }

    pub fn into_grids(self) -> Vec<Grid> {
        self.grids
    }
}

impl<'a> IntoIterator for &'a GridSet {
    type Item = &'a Grid;
    type IntoIter = std::slice::Iter<'a, Grid>;
    fn into_iter(self) -> Self::IntoIter {
        self.grids.iter()
    }
}

pub(crate) fn feature_error(index: usize, grid: &Grid, problem: Problem) -> Error {
    Error::Feature {
        index,
        code: Some(grid.code.to_string()),
        problem,
    }
}

/// Whether (lon, lat) is a finite WGS-84 coordinate.
pub(crate) fn is_lon_lat(lon: f64, lat: f64) -> bool {
    lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
}

/// Ring lengths, closure and coordinate ranges: what must hold before any geometry
/// algorithm runs.
fn check_rings(area: &MultiPolygon<f64>) -> std::result::Result<(), Problem> {
    if area.0.is_empty() {
        return Err(Problem::EmptyGeometry);
    }
    for (p, polygon) in area.0.iter().enumerate() {
        check_polygon_rings(p, polygon)?;
    }
    Ok(())
}

/// Simple rings, holes inside, parts apart.
fn check_shape(area: &MultiPolygon<f64>) -> std::result::Result<(), Problem> {
    for (p, polygon) in area.0.iter().enumerate() {
        check_polygon_shape(p, polygon)?;
    }
    for (first, a) in area.0.iter().enumerate() {
        for (second, b) in area.0.iter().enumerate().skip(first + 1) {
            if bboxes_share_area(a.bounding_rect(), b.bounding_rect()) && interiors_intersect(a, b)
            {
                return Err(Problem::PartsOverlap { first, second });
            }
        }
    }
    Ok(())
}

fn check_polygon_rings(p: usize, polygon: &Polygon<f64>) -> std::result::Result<(), Problem> {
    let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
    for (r, ring) in rings.enumerate() {
        if ring.0.len() < 4 {
            return Err(Problem::TooFewPositions {
                polygon: p,
                ring: r,
                positions: ring.0.len(),
            });
        }
        if ring.0.first() != ring.0.last() {
            return Err(Problem::UnclosedRing {
                polygon: p,
                ring: r,
            });
        }
        for (position, c) in ring.0.iter().enumerate() {
            if !is_lon_lat(c.x, c.y) {
                return Err(Problem::BadCoordinate {
                    polygon: p,
                    ring: r,
                    position,
                    lon: c.x,
                    lat: c.y,
                });
            }
        }
    }
    Ok(())
}

fn check_polygon_shape(p: usize, polygon: &Polygon<f64>) -> std::result::Result<(), Problem> {
    match polygon.check_validation() {
        Ok(()) => Ok(()),
        Err(InvalidPolygon::SelfIntersection(role)) => Err(Problem::SelfIntersectingRing {
            polygon: p,
            ring: role.to_string(),
        }),
        Err(other) => Err(Problem::InvalidPolygon {
            polygon: p,
            reason: other.to_string(),
        }),
    }
}

fn check_unique_codes(grids: &[Grid], errors: &mut Vec<Error>) {
    let mut seen: HashMap<&GridCode, usize> = HashMap::with_capacity(grids.len());
    for (index, grid) in grids.iter().enumerate() {
        if let Some(&first_index) = seen.get(&grid.code) {
            errors.push(feature_error(
                index,
                grid,
                Problem::DuplicateCode { first_index },
            ));
            continue;
        }
        seen.insert(&grid.code, index);
    }
}

/// A grid's bounding box in the overlap check's R-tree.
struct Boxed {
    index: usize,
    envelope: AABB<[f64; 2]>,
}

impl RTreeObject for Boxed {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

pub(crate) fn envelope_of(rect: geo::Rect<f64>) -> AABB<[f64; 2]> {
    AABB::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y])
}

fn bboxes_share_area(a: Option<geo::Rect<f64>>, b: Option<geo::Rect<f64>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.min().x < b.max().x
                && b.min().x < a.max().x
                && a.min().y < b.max().y
                && b.min().y < a.max().y
        }
        _ => false,
    }
}

fn interiors_intersect<A: Relate<f64>, B: Relate<f64>>(a: &A, b: &B) -> bool {
    a.relate(b).get(CoordPos::Inside, CoordPos::Inside) != Dimensions::Empty
}

/// Refuses the first grid (in input order) whose interior meets an earlier grid's.
/// Candidate pairs come from an R-tree of bounding boxes; each pair is then decided
/// exactly with the DE-9IM relation (interior ∩ interior non-empty).
fn check_no_overlaps(grids: &[Grid], sound: &[bool], errors: &mut Vec<Error>) {
    let rects: Vec<Option<geo::Rect<f64>>> = grids
        .iter()
        .zip(sound)
        .map(|(g, &ok)| if ok { g.area.bounding_rect() } else { None })
        .collect();
    let boxes: Vec<Boxed> = rects
        .iter()
        .enumerate()
        .filter_map(|(index, rect)| {
            rect.map(|r| Boxed {
                index,
                envelope: envelope_of(r),
            })
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    let mut candidates = Vec::new();
    for (j, grid) in grids.iter().enumerate() {
        let Some(rect) = rects[j] else { continue };
        candidates.clear();
        candidates.extend(
            tree.locate_in_envelope_intersecting(&envelope_of(rect))
                .map(|b| b.index)
                .filter(|&i| i < j && bboxes_share_area(rects[i], rects[j])),
        );
        if candidates.is_empty() {
            continue;
        }
        candidates.sort_unstable();
        let prepared = PreparedGeometry::from(&grid.area);
        for &i in &candidates {
            if interiors_intersect(&prepared, &grids[i].area) {
                errors.push(feature_error(
                    j,
                    grid,
                    Problem::Overlaps {
                        other_index: i,
                        other_code: grids[i].code.to_string(),
                    },
                ));
            }
        }
    }
}
