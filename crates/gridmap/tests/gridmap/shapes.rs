//! Small hand-made grids and GeoJSON builders shared by the tests.

use serde_json::{Value, json};

/// A closed axis-aligned square ring [x0, y0]..[x1, y1] as GeoJSON positions (CCW).
pub fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Value {
    json!([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])
}

/// A Feature with a code property and a geometry.
pub fn feature(code: &str, geometry: Value) -> Value {
    json!({"type": "Feature", "properties": {"code": code}, "geometry": geometry})
}

pub fn polygon(rings: Vec<Value>) -> Value {
    json!({"type": "Polygon", "coordinates": rings})
}

pub fn collection(features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// Two grids side by side (touching along x = 119.55) and a third grid that is a square
/// with a square hole, and a two-part multipolygon grid.
pub fn sample() -> String {
    collection(vec![
        feature(
            "130302001001001",
            polygon(vec![square(119.53, 39.91, 119.55, 39.93)]),
        ),
        feature(
            "130302001001002",
            polygon(vec![square(119.55, 39.91, 119.57, 39.93)]),
        ),
        feature(
            "130302001002001",
            polygon(vec![
                square(119.53, 39.94, 119.57, 39.98),
                // hole, clockwise
                json!([
                    [119.54, 39.95],
                    [119.54, 39.97],
                    [119.56, 39.97],
                    [119.56, 39.95],
                    [119.54, 39.95]
                ]),
            ]),
        ),
        feature(
            "130302001002002",
            json!({"type": "MultiPolygon", "coordinates": [
                [square(119.545, 39.955, 119.555, 39.965)],
                [square(119.60, 39.91, 119.62, 39.93)],
            ]}),
        ),
    ])
}
