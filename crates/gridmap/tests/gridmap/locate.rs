//! Locating points: inside, on shared edges, in holes, in multipolygon parts, near misses.

use crate::shapes::sample;
use gridmap::{GridIndex, ImportOptions};

fn index() -> GridIndex {
    GridIndex::from_geojson(&sample(), &ImportOptions::default()).expect("sample grids")
}

fn code(index: &GridIndex, lon: f64, lat: f64) -> Option<&str> {
    index.locate(lon, lat).map(|c| c.as_str())
}

#[test]
fn points_inside_grids_are_found() {
    let index = index();
    assert_eq!(code(&index, 119.54, 39.92), Some("130302001001001"));
    assert_eq!(code(&index, 119.56, 39.92), Some("130302001001002"));
    assert_eq!(code(&index, 119.535, 39.975), Some("130302001002001"));
    // The multipolygon's far part.
    assert_eq!(code(&index, 119.61, 39.92), Some("130302001002002"));
}

#[test]
fn a_hole_belongs_to_whoever_fills_it_or_no_one() {
    let index = index();
    // The small square inside the hole is a part of the multipolygon grid.
    assert_eq!(code(&index, 119.55, 39.96), Some("130302001002002"));
    // The rest of the hole is in no grid.
    assert_eq!(code(&index, 119.541, 39.951), None);
}

#[test]
fn a_point_on_a_shared_edge_goes_to_the_first_grid() {
    let index = index();
    assert_eq!(code(&index, 119.55, 39.92), Some("130302001001001"));
    assert_eq!(
        index.locate_brute_force(119.55, 39.92).map(|c| c.as_str()),
        Some("130302001001001")
    );
}

#[test]
fn outside_every_grid_locate_says_none_and_locate_near_finds_the_nearest_within_range() {
    let index = index();
    // 100 m east of the east edge (x = 119.57) of grid 002, at 39.92 N.
    let metres_per_degree_lon =
        6_371_008.8_f64 * std::f64::consts::PI / 180.0 * 39.92_f64.to_radians().cos();
    let lon = 119.57 + 100.0 / metres_per_degree_lon;
    assert_eq!(code(&index, lon, 39.92), None);
    let near = index.locate_near(lon, 39.92, 200.0).unwrap();
    assert_eq!(near.grid.code.as_str(), "130302001001002");
    assert!(!near.inside);
    assert!((near.distance_m - 100.0).abs() < 0.5, "{}", near.distance_m);
    assert!(index.locate_near(lon, 39.92, 50.0).is_none());
    // Inside: distance 0.
    let inside = index.locate_near(119.54, 39.92, 50.0).unwrap();
    assert!(inside.inside && inside.distance_m == 0.0);
}

#[test]
fn locate_near_inside_a_hole_measures_to_the_nearest_rim() {
    let index = index();
    // Hole spans 119.54..119.56 × 39.95..39.97; the island 119.545..119.555 × 39.955..39.965.
    // At (119.5415, 39.96): 0.0015° of longitude to the hole's west rim, 0.0035° to the island.
    let near = index.locate_near(119.5415, 39.96, 1000.0).unwrap();
    assert_eq!(near.grid.code.as_str(), "130302001002001");
    assert!((near.distance_m - 127.9).abs() < 1.0, "{}", near.distance_m);
}

#[test]
fn bad_points_are_in_no_grid() {
    let index = index();
    assert_eq!(index.locate(f64::NAN, 39.92), None);
    assert_eq!(index.locate(119.54, f64::INFINITY), None);
    assert_eq!(index.locate(500.0, 39.92), None);
    assert!(index.locate_near(f64::NAN, 39.92, 100.0).is_none());
    assert!(index.locate_near(119.60, 39.90, f64::NAN).is_none());
    assert!(index.locate_near(119.60, 39.90, -5.0).is_none());
}
