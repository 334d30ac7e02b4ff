//! Inputs the `geojson_import` fuzz target (fuzz/, `cargo xtask fuzz`) found to crash the
//! import, kept as regression tests: each is refused with an error naming its fault.

use gridmap::{GridSet, ImportOptions, Problem};

fn problem(text: &str) -> Problem {
    let err = GridSet::from_geojson(text, &ImportOptions::default())
        .expect_err("the input must be refused");
    err.problem().cloned().expect("a feature problem")
}

/// The fuzzer's crash input as found (kept as the seed
/// fuzz/corpus/geojson_import/seed-fuzz-found-empty-position.geojson): a ring whose last
/// position is `[]` panicked (index out of bounds) instead of being refused.
#[test]
fn an_empty_position_is_refused_not_a_panic() {
    let text = r#"{"type": "Feature", "properties": {"code": 130302001001001, "name": "一网格", "community": "130302001001", "community_name": "海港社区"}, "geometry": {"type": "Polygon", "coordinates": [[[120.53, 39.91], [120.55, 39.91], [119.55, 39.93], [119.53, 39.93], []]]}}"#;
    assert_eq!(
        problem(text),
        Problem::ShortPosition {
            polygon: 0,
            ring: 0,
            position: 4,
            numbers: 0
        }
    );
}

/// A position with a longitude but no latitude, in a hole of a multipolygon's second part.
#[test]
fn a_position_without_latitude_is_refused_naming_it() {
    let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "130302001001001"}, "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[119.53, 39.91], [119.55, 39.91], [119.55, 39.93], [119.53, 39.91]]],
        [[[119.60, 39.91], [119.62, 39.91], [119.62, 39.93], [119.60, 39.91]],
         [[119.61, 39.915], [119.615], [119.615, 39.92], [119.61, 39.915]]]
    ]}}]}"#;
    let found = problem(text);
    assert_eq!(
        found,
        Problem::ShortPosition {
            polygon: 1,
            ring: 1,
            position: 1,
            numbers: 1
        }
    );
    assert!(
        found.to_string().contains("longitude and a latitude"),
        "{found}"
    );
}
