//! GeoJSON import: every refusal names the feature and its fault; good input round-trips.

use crate::shapes::{collection, feature, polygon, sample, square};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use gridmap::{Datum, Error, ExportOptions, Grid, GridCode, GridSet, ImportOptions, Problem};
use serde_json::json;

fn import(text: &str) -> Result<GridSet, Error> {
    GridSet::from_geojson(text, &ImportOptions::default())
}

fn refused(text: &str) -> (usize, Problem, String) {
    let err = import(text).expect_err("input must be refused");
    let message = err.to_string();
    (
        err.feature_index().expect("error names a feature"),
        err.problem().cloned().expect("feature problem"),
        message,
    )
}

const A: &str = "130302001001001";
const B: &str = "130302001001002";

#[test]
fn the_sample_with_holes_multipolygons_and_touching_edges_is_accepted() {
    let set = import(&sample()).unwrap();
    assert_eq!(set.len(), 4);
    let with_hole = &set.grids()[2];
    assert_eq!(with_hole.area.0[0].interiors().len(), 1);
    assert_eq!(set.grids()[3].area.0.len(), 2);
}

#[test]
fn unclosed_ring_is_refused() {
    let open = json!([
        [119.53, 39.91],
        [119.55, 39.91],
        [119.55, 39.93],
        [119.53, 39.93]
    ]);
    let text = collection(vec![
        feature(A, polygon(vec![square(119.60, 39.91, 119.61, 39.92)])),
        feature(B, polygon(vec![open])),
    ]);
    let (index, problem, message) = refused(&text);
    assert_eq!(index, 1);
    assert_eq!(
        problem,
        Problem::UnclosedRing {
            polygon: 0,
            ring: 0
        }
    );
    assert!(
        message.contains("feature [1] (code 130302001001002)"),
        "{message}"
    );
    assert!(message.contains("not closed"), "{message}");
}

#[test]
fn unclosed_hole_is_refused_naming_the_ring() {
    let hole = json!([
        [119.54, 39.915],
        [119.54, 39.92],
        [119.545, 39.92],
        [119.545, 39.915]
    ]);
    let text = collection(vec![feature(
        A,
        polygon(vec![square(119.53, 39.91, 119.55, 39.93), hole]),
    )]);
    let problem = refused(&text).1;
    assert_eq!(
        problem,
        Problem::UnclosedRing {
            polygon: 0,
            ring: 1
        }
    );
    assert_eq!(
        problem.zh(),
        "第1个多边形的第1个内环（洞）没有闭合（首尾坐标不同）"
    );
}

#[test]
fn self_intersecting_ring_is_refused() {
    // A bow tie: the edges (0,0)-(1,1) and (1,0)-(0,1) cross.
    let bow_tie = json!([
        [119.53, 39.91],
        [119.55, 39.93],
        [119.55, 39.91],
        [119.53, 39.93],
        [119.53, 39.91]
    ]);
    let (index, problem, message) = refused(&collection(vec![feature(A, polygon(vec![bow_tie]))]));
    assert_eq!(index, 0);
    assert!(
        matches!(problem, Problem::SelfIntersectingRing { polygon: 0, ref ring } if ring.contains("exterior")),
        "{problem:?}"
    );
    assert!(
        message.contains("intersects itself") && message.contains(A),
        "{message}"
    );
    assert_eq!(problem.zh(), "第1个多边形的外边界自相交");
}

#[test]
fn out_of_range_coordinates_are_refused() {
    let far = json!([
        [119.53, 39.91],
        [200.0, 39.91],
        [119.55, 39.93],
        [119.53, 39.91]
    ]);
    let (_, problem, _) = refused(&collection(vec![feature(A, polygon(vec![far]))]));
    assert_eq!(
        problem,
        Problem::BadCoordinate {
            polygon: 0,
            ring: 0,
            position: 1,
            lon: 200.0,
            lat: 39.91
        }
    );
    let polar = json!([
        [119.53, 39.91],
        [119.55, 91.0],
        [119.55, 39.93],
        [119.53, 39.91]
    ]);
    let (_, problem, _) = refused(&collection(vec![feature(A, polygon(vec![polar]))]));
    assert!(matches!(problem, Problem::BadCoordinate { lat, .. } if lat == 91.0));
}

#[test]
fn nan_coordinates_are_refused() {
    // JSON has no NaN: the text form fails as GeoJSON, and a NaN built in code is refused.
    let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"130302001001001"},
        "geometry":{"type":"Polygon","coordinates":[[[119.53,39.91],[NaN,39.91],[119.55,39.93],[119.53,39.91]]]}}]}"#;
    assert!(matches!(import(text), Err(Error::GeoJson(_))));

    let ring = LineString(vec![
        Coord {
            x: 119.53,
            y: 39.91,
        },
        Coord {
            x: f64::NAN,
            y: 39.91,
        },
        Coord {
            x: 119.55,
            y: 39.93,
        },
        Coord {
            x: 119.53,
            y: 39.91,
        },
    ]);
    let grid = Grid::new(
        GridCode::parse(A).unwrap(),
        MultiPolygon(vec![Polygon::new(ring, vec![])]),
    );
    let err = GridSet::new(vec![grid]).unwrap_err();
    assert!(
        matches!(err.problem(), Some(Problem::BadCoordinate { position: 1, lon, .. }) if lon.is_nan()),
        "{err}"
    );
    assert!(err.to_string().contains(A));
}

#[test]
fn duplicate_codes_are_refused() {
    let text = collection(vec![
        feature(A, polygon(vec![square(119.53, 39.91, 119.55, 39.93)])),
        feature(B, polygon(vec![square(119.55, 39.91, 119.57, 39.93)])),
        feature(A, polygon(vec![square(119.60, 39.91, 119.62, 39.93)])),
    ]);
    let (index, problem, message) = refused(&text);
    assert_eq!(index, 2);
    assert_eq!(problem, Problem::DuplicateCode { first_index: 0 });
    assert!(
        message.contains("feature [2] (code 130302001001001)"),
        "{message}"
    );
}

#[test]
fn overlapping_grids_are_refused_but_touching_ones_are_not() {
    let touching = collection(vec![
        feature(A, polygon(vec![square(119.53, 39.91, 119.55, 39.93)])),
        feature(B, polygon(vec![square(119.55, 39.92, 119.57, 39.94)])),
    ]);
    assert!(import(&touching).is_ok());
    let overlapping = collection(vec![
        feature(A, polygon(vec![square(119.53, 39.91, 119.55, 39.93)])),
        feature(B, polygon(vec![square(119.549, 39.92, 119.57, 39.94)])),
    ]);
    let (index, problem, message) = refused(&overlapping);
    assert_eq!(index, 1);
    assert_eq!(
        problem,
        Problem::Overlaps {
            other_index: 0,
            other_code: A.into()
        }
    );
    assert!(
        message.contains("overlaps feature [0] (code 130302001001001)"),
        "{message}"
    );
    // In Chinese, features counted from 1.
    assert_eq!(problem.zh(), "与第1个要素（网格 130302001001001）重叠");
    let err = import(&overlapping).expect_err("refused");
    assert_eq!(
        err.zh(),
        "第2个要素（网格 130302001001002）：与第1个要素（网格 130302001001001）重叠"
    );
    // A grid inside another's hole is fine; one covering the hole's rim is not.
    let in_hole = collection(vec![
        feature(
            A,
            polygon(vec![
                square(119.53, 39.91, 119.57, 39.95),
                square(119.54, 39.92, 119.56, 39.94),
            ]),
        ),
        feature(B, polygon(vec![square(119.54, 39.92, 119.56, 39.94)])),
    ]);
    assert!(import(&in_hole).is_ok());
    let equal = collection(vec![
        feature(A, polygon(vec![square(119.53, 39.91, 119.55, 39.93)])),
        feature(B, polygon(vec![square(119.53, 39.91, 119.55, 39.93)])),
    ]);
    assert!(matches!(
        refused(&equal).1,
        Problem::Overlaps { other_index: 0, .. }
    ));
}

#[test]
fn multipolygon_parts_that_overlap_are_refused() {
    let parts = json!({"type": "MultiPolygon", "coordinates": [
        [square(119.53, 39.91, 119.55, 39.93)],
        [square(119.54, 39.92, 119.56, 39.94)],
    ]});
    assert_eq!(
        refused(&collection(vec![feature(A, parts)])).1,
        Problem::PartsOverlap {
            first: 0,
            second: 1
        }
    );
}

#[test]
fn hole_outside_its_polygon_is_refused() {
    let text = collection(vec![feature(
        A,
        polygon(vec![
            square(119.53, 39.91, 119.55, 39.93),
            square(119.60, 39.91, 119.61, 39.92),
        ]),
    )]);
    assert!(matches!(
        refused(&text).1,
        Problem::InvalidPolygon { polygon: 0, .. }
    ));
}

#[test]
fn ring_with_too_few_positions_is_refused() {
    let text = collection(vec![feature(
        A,
        polygon(vec![json!([
            [119.53, 39.91],
            [119.55, 39.91],
            [119.53, 39.91]
        ])]),
    )]);
    assert_eq!(
        refused(&text).1,
        Problem::TooFewPositions {
            polygon: 0,
            ring: 0,
            positions: 3
        }
    );
}

#[test]
fn non_polygon_geometry_is_refused() {
    let point = collection(vec![feature(
        A,
        json!({"type": "Point", "coordinates": [119.53, 39.91]}),
    )]);
    assert_eq!(refused(&point).1, Problem::NotPolygon("Point"));
    let line = collection(vec![feature(
        A,
        json!({"type": "LineString", "coordinates": [[119.53, 39.91], [119.54, 39.92]]}),
    )]);
    assert_eq!(refused(&line).1, Problem::NotPolygon("LineString"));
    let none = collection(vec![
        json!({"type": "Feature", "properties": {"code": A}, "geometry": null}),
    ]);
    assert_eq!(refused(&none).1, Problem::NoGeometry);
    let bare = json!({"type": "Polygon", "coordinates": [square(119.53, 39.91, 119.55, 39.93)]})
        .to_string();
    assert!(matches!(import(&bare), Err(Error::NotFeatures("Polygon"))));
}

#[test]
fn missing_or_malformed_code_is_refused() {
    let no_code = collection(vec![
        feature(A, polygon(vec![square(119.53, 39.91, 119.55, 39.93)])),
        json!({"type": "Feature", "properties": {"name": "x"}, "geometry": polygon(vec![square(119.55, 39.91, 119.57, 39.93)])}),
    ]);
    let (index, problem, message) = refused(&no_code);
    assert_eq!((index, problem), (1, Problem::MissingCode("code".into())));
    assert!(message.starts_with("feature [1]: "), "{message}");
    let short = collection(vec![feature(
        "13030200100100",
        polygon(vec![square(119.53, 39.91, 119.55, 39.93)]),
    )]);
    assert!(
        matches!(refused(&short).1, Problem::BadCode { ref property, .. } if property == "code")
    );
}

#[test]
fn code_property_is_configurable_and_numbers_are_accepted() {
    let text = collection(vec![json!({"type": "Feature",
        "properties": {"wgbm": 130302001001007u64, "name": "第7网格", "community_name": "红旗里社区", "community": "130302001001"},
        "geometry": polygon(vec![square(119.53, 39.91, 119.55, 39.93)])})]);
    assert!(matches!(refused(&text).1, Problem::MissingCode(ref p) if p == "code"));
    let options = ImportOptions {
        code_property: "wgbm".into(),
        ..Default::default()
    };
    let set = GridSet::from_geojson(&text, &options).unwrap();
    let grid = &set.grids()[0];
    assert_eq!(grid.code.as_str(), "130302001001007");
    assert_eq!(grid.name.as_deref(), Some("第7网格"));
    assert_eq!(grid.community_name.as_deref(), Some("红旗里社区"));
}

#[test]
fn community_property_must_match_the_code() {
    let text = collection(vec![json!({"type": "Feature",
        "properties": {"code": A, "community": "130302001002"},
        "geometry": polygon(vec![square(119.53, 39.91, 119.55, 39.93)])})]);
    let problem = refused(&text).1;
    assert!(matches!(problem, Problem::CommunityMismatch { .. }));
    // A grid outside the community its feature names, both codes in the Chinese.
    assert_eq!(
        problem.zh(),
        "属性“community”为“130302001002”，但按网格编码 130302001001001 应为社区 130302001001"
    );
}

#[test]
fn export_then_import_gives_the_same_grids() {
    let set = import(&sample()).unwrap();
    let text = set.to_geojson(&ExportOptions::default());
    assert_eq!(import(&text).unwrap(), set);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["features"][0]["properties"]["code"], A);
    assert_eq!(
        value["features"][0]["properties"]["community"],
        "130302001001"
    );
    assert_eq!(value["features"][3]["geometry"]["type"], "MultiPolygon");
}

#[test]
fn gcj02_input_is_converted_to_wgs84() {
    let wgs = import(&sample()).unwrap();
    let gcj_text = wgs.to_geojson(&ExportOptions {
        datum: Datum::Gcj02,
        ..Default::default()
    });
    // Read as WGS-84 the shapes sit hundreds of metres off; read as GCJ-02 they come back.
    let misread = import(&gcj_text).unwrap();
    let dx =
        misread.grids()[0].area.0[0].exterior().0[0].x - wgs.grids()[0].area.0[0].exterior().0[0].x;
    assert!(
        dx.abs() > 1e-3,
        "GCJ-02 offset in Haigang is hundreds of metres"
    );
    let options = ImportOptions {
        datum: Datum::Gcj02,
        ..Default::default()
    };
    let back = GridSet::from_geojson(&gcj_text, &options).unwrap();
    for (a, b) in wgs.iter().zip(&back) {
        for (pa, pb) in a.area.0.iter().zip(&b.area.0) {
            for (ca, cb) in pa.exterior().0.iter().zip(&pb.exterior().0) {
                assert!(
                    (ca.x - cb.x).abs() < 1e-7 && (ca.y - cb.y).abs() < 1e-7,
                    "{ca:?} vs {cb:?}"
                );
            }
        }
    }
}
