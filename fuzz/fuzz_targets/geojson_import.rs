//! Fuzzes GeoJSON grid import: `gridmap::GridSet::from_geojson` (what the device runs on the
//! grids the server sends and the CLI on a grid file), then indexing, locating and
//! export-and-import of whatever it accepts.
#![no_main]

use gridmap::{Datum, ExportOptions, GridIndex, GridSet, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The device and the CLI's default (WGS-84), and the CLI's `--gcj02`.
    for datum in [Datum::Wgs84, Datum::Gcj02] {
        let options = ImportOptions {
            datum,
            ..ImportOptions::default()
        };
        match GridSet::from_geojson(text, &options) {
            Ok(set) => accepted(set),
            Err(e) => {
                // A refusal is a message, never a panic.
                let _ = e.to_string();
            }
        }
    }
});

fn accepted(set: GridSet) {
    let codes: Vec<String> = set.iter().map(|g| g.code.to_string()).collect();
    for grid in set.iter() {
        assert!(!grid.area.0.is_empty(), "grid {} has no area", grid.code);
    }
    // What the server stores and sends back is the export; it must import again with the
    // same grids (coordinates may move by a rounding step through JSON text).
    let exported = set.to_geojson(&ExportOptions::default());
    match GridSet::from_geojson(&exported, &ImportOptions::default()) {
        Ok(again) => {
            let again: Vec<String> = again.iter().map(|g| g.code.to_string()).collect();
            assert_eq!(codes, again, "export and import changed the grids");
        }
        Err(e) => panic!("an accepted grid set does not import again after export: {e}"),
    }
    let index = GridIndex::new(set);
    for grid in index.grids().iter() {
        if let Some(c) = grid.area.0[0].exterior().0.first() {
            let _ = index.locate(c.x, c.y);
            let _ = index.locate_near(c.x, c.y, 100.0);
        }
    }
}
