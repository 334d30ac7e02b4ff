//! `wangge demo grids`, `wangge demo files` and `wangge grid locate`, run as the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn wangge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wangge"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run wangge")
}

fn ok(args: &[&str]) -> String {
    let out = wangge(args);
    assert!(
        out.status.success(),
        "wangge {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn demo(dir: &Path, seed: &str) -> String {
    let path = dir.join(format!("grids-{seed}.geojson"));
    ok(&[
        "demo",
        "grids",
        "--out",
        path.to_str().expect("utf-8 path"),
        "--seed",
        seed,
    ]);
    path.to_str().expect("utf-8 path").to_owned()
}

#[test]
fn demo_grids_writes_941_features_the_same_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "5");
    let text = std::fs::read_to_string(&a).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let features = value["features"].as_array().unwrap();
    assert_eq!(features.len(), 941);
    let code = features[0]["properties"]["code"].as_str().unwrap();
    assert!(code.starts_with("130302") && code.len() == 15, "{code}");
    let b = std::fs::read_to_string(demo(dir.path(), "5")).unwrap();
    assert_eq!(text, b);
    // Same seed to stdout: same bytes.
    assert_eq!(ok(&["demo", "grids", "--seed", "5"]), text);
    assert_ne!(ok(&["demo", "grids", "--seed", "6"]), text);
}

#[test]
fn locate_prints_the_grid_of_a_point_or_says_none_with_the_nearest() {
    let dir = tempfile::tempdir().unwrap();
    let grids = demo(dir.path(), "1");
    let inside = ok(&["grid", "locate", "--grids", &grids, "119.6", "39.95"]);
    let code = inside.split_whitespace().next().unwrap();
    assert!(code.len() == 15 && code.starts_with("130302"), "{inside}");

    // 0.001° east of the district's east edge (119.65) is ~85 m out.
    let outside = ok(&["grid", "locate", "--grids", &grids, "119.651", "39.95"]);
    assert!(outside.starts_with("none"), "{outside}");
    assert!(outside.contains("no grid is within 50 m"), "{outside}");
    let near = ok(&[
        "grid", "locate", "--grids", &grids, "--near", "200", "119.651", "39.95",
    ]);
    assert!(
        near.starts_with("none") && near.contains("nearest is 130302"),
        "{near}"
    );
    assert!(near.contains(" m"), "{near}");
}

#[test]
fn demo_buildings_csv_places_back_into_their_grids() {
    let dir = tempfile::tempdir().unwrap();
    let grids = dir.path().join("g.geojson");
    let buildings = dir.path().join("b.csv");
    let (g, b) = (grids.to_str().unwrap(), buildings.to_str().unwrap());
    ok(&["demo", "grids", "--seed", "3", "--out", g, "--buildings", b]);
    let text = std::fs::read_to_string(&buildings).unwrap();
    assert!(text.starts_with("code,grid_code,lon,lat\n"));
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert!(rows.len() >= 941 * 8, "{}", rows.len());
    // Feed the buildings back as points: each lands in its own grid.
    let points = dir.path().join("points.csv");
    let mut csv = String::from("id,lon,lat\n");
    for r in &rows {
        csv.push_str(&format!("{},{},{}\n", r[0], r[2], r[3]));
    }
    std::fs::write(&points, csv).unwrap();
    let placed = ok(&[
        "grid",
        "locate",
        "--grids",
        g,
        "--points",
        points.to_str().unwrap(),
    ]);
    for (line, r) in placed.lines().skip(1).zip(&rows) {
        assert!(
            line.ends_with(&format!(",{}", r[1])),
            "{line} not in {}",
            r[1]
        );
    }
}

#[test]
fn locate_batch_writes_a_csv_with_a_grid_code_per_point() {
    let dir = tempfile::tempdir().unwrap();
    let grids = demo(dir.path(), "1");
    let points = dir.path().join("points.csv");
    std::fs::write(
        &points,
        "id,lon,lat\nr1,119.60,39.95\nr2,119.70,39.95\nr3,119.53,39.91\n",
    )
    .unwrap();
    let out = dir.path().join("placed.csv");
    ok(&[
        "grid",
        "locate",
        "--grids",
        &grids,
        "--points",
        points.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id,lon,lat,grid_code");
    assert_eq!(lines.len(), 4);
    let single = ok(&["grid", "locate", "--grids", &grids, "119.60", "39.95"]);
    let expected = single.split_whitespace().next().unwrap();
    assert_eq!(lines[1], format!("r1,119.60,39.95,{expected}"));
    assert_eq!(
        lines[2], "r2,119.70,39.95,",
        "outside the district: empty code"
    );
    assert!(
        lines[3].starts_with("r3,119.53,39.91,130302"),
        "{}",
        lines[3]
    );
    // To stdout, the same.
    let stdout = ok(&[
        "grid",
        "locate",
        "--grids",
        &grids,
        "--points",
        points.to_str().unwrap(),
    ]);
    assert_eq!(stdout, text);
}

#[test]
fn gcj02_grids_and_points_locate_like_their_wgs84_originals() {
    let dir = tempfile::tempdir().unwrap();
    let wgs = demo(dir.path(), "2");
    let gcj = dir.path().join("gcj.geojson");
    ok(&[
        "demo",
        "grids",
        "--seed",
        "2",
        "--gcj02",
        "--out",
        gcj.to_str().unwrap(),
    ]);
    let gcj = gcj.to_str().unwrap();
    let a = ok(&["grid", "locate", "--grids", &wgs, "119.58", "39.93"]);
    let b = ok(&[
        "grid", "locate", "--grids", gcj, "--gcj02", "119.58", "39.93",
    ]);
    assert_eq!(a, b);
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.geojson");
    std::fs::write(
        &bad,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"130302001001001"},
        "geometry":{"type":"Polygon","coordinates":[[[119.53,39.91],[119.55,39.91],[119.55,39.93],[119.53,39.93]]]}}]}"#,
    )
    .unwrap();
    let out = wangge(&[
        "grid",
        "locate",
        "--grids",
        bad.to_str().unwrap(),
        "119.54",
        "39.92",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("feature [0] (code 130302001001001)") && err.contains("not closed"),
        "{err}"
    );

    let grids = demo(dir.path(), "1");
    let points = dir.path().join("points.csv");
    std::fs::write(&points, "id,lon,lat\nr1,119.60,39.95\nr2,east,39.95\n").unwrap();
    let out = wangge(&[
        "grid",
        "locate",
        "--grids",
        &grids,
        "--points",
        points.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3 (id r2)") && err.contains("lon \"east\""),
        "{err}"
    );

    std::fs::write(&points, "name,x,y\nr1,119.60,39.95\n").unwrap();
    let out = wangge(&[
        "grid",
        "locate",
        "--grids",
        &grids,
        "--points",
        points.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no \"id\" column"));
}

/// The demo imports the files in `fixtures/`; they must be what the generator writes, so a
/// change to the generator comes with renewed files (`wangge demo files --out fixtures`).
#[test]
fn the_demo_fixtures_are_what_wangge_demo_files_writes() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", "files", "--out", dir.path().to_str().unwrap()]);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    for name in [
        "haigang-grids.geojson",
        "haigang-buildings.csv",
        "haigang-organisations.csv",
        "haigang-people.csv",
        "haigang-categories.csv",
    ] {
        let written = std::fs::read(dir.path().join(name)).unwrap();
        let stored = std::fs::read(fixtures.join(name)).unwrap();
        assert!(
            written == stored,
            "fixtures/{name} is not what `wangge demo files` writes: run \
             `cargo run -p wangge -- demo files --out fixtures`"
        );
    }
}
