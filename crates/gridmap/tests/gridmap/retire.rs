//! A grids file that merges grids: one redrawn over a stored neighbour that the same file
//! retires (its geometry not read); a retired value that is neither yes nor no, or a code
//! both drawn and retired, is named by its feature.

use crate::shapes::{collection, feature, polygon, square};
use gridmap::{Grid, GridCode, GridSet, ImportOptions, Problem};
use serde_json::{Value, json};

const A: &str = "130302001001001";
const B: &str = "130302001001002";

fn stored() -> Vec<Grid> {
    let text = collection(vec![
        feature(A, polygon(vec![square(119.53, 39.91, 119.55, 39.93)])),
        feature(B, polygon(vec![square(119.55, 39.91, 119.57, 39.93)])),
    ]);
    GridSet::from_geojson(&text, &ImportOptions::default())
        .expect("the stored grids read")
        .into_grids()
}

fn retired(code: &str, flag: Value) -> Value {
    json!({"type": "Feature", "properties": {"code": code, "retired": flag}, "geometry": null})
}

fn read(features: Vec<Value>) -> Result<gridmap::GridFile, Vec<gridmap::Error>> {
    GridSet::from_geojson_all(
        &collection(features),
        &ImportOptions::default(),
        &stored(),
        &|_| true,
    )
}

#[test]
fn a_grid_redrawn_over_a_neighbour_the_file_retires_is_a_merge() {
    let merged = feature(A, polygon(vec![square(119.53, 39.91, 119.57, 39.93)]));
    let file = read(vec![merged.clone(), retired(B, json!("是"))]).unwrap();
    assert_eq!(file.grids.len(), 1);
    assert_eq!(file.feature_indexes, vec![0]);
    assert_eq!(file.retired, vec![(1, GridCode::parse(B).unwrap())]);
    for yes in [json!(true), json!(1), json!("yes"), json!(" Y ")] {
        assert_eq!(
            read(vec![merged.clone(), retired(B, yes)])
                .unwrap()
                .retired
                .len(),
            1
        );
    }
    // Without B retired, the redrawn A overlaps the stored B.
    let errors = read(vec![merged.clone(), retired(B, json!("否"))]).unwrap_err();
    assert!(
        matches!(errors[0].problem(), Some(Problem::OverlapsKnown { code }) if code == B),
        "{errors:?}"
    );
}

#[test]
fn a_bad_retired_value_and_a_code_both_drawn_and_retired_are_named_by_feature() {
    let drawn = feature(A, polygon(vec![square(119.53, 39.91, 119.55, 39.93)]));
    let errors = read(vec![drawn.clone(), retired(B, json!("maybe"))]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].feature_index(), Some(1));
    assert!(matches!(
        errors[0].problem(),
        Some(Problem::BadFlag { property, value }) if property == "retired" && value == "\"maybe\""
    ));
    let errors = read(vec![drawn, retired(A, json!(true))]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].feature_index(), Some(1));
    assert_eq!(
        errors[0].problem(),
        Some(&Problem::DuplicateCode { first_index: 0 })
    );
}
