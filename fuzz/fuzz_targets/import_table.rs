//! Fuzzes the administrators' import files: `tables::read` (a CSV, or an Excel workbook by
//! calamine when the bytes start like one), then `tables::hierarchy::check` against an
//! empty hierarchy, as the server's `POST /v1/admin/import/hierarchy` runs them on an
//! uploaded file (`wangge admin import` sends one); then checks what an accepted file
//! merges into.
//!
//! calamine panics on some damaged workbooks (upstream bugs), and `tables::read` contains
//! such a panic: it refuses the file with a Problem (tested in crates/tables/tests/
//! fuzz_found.rs). So a panic raised inside calamine's source is reported on stderr, once
//! per place, and unwinds to that refusal; any other panic aborts as libFuzzer's does.
#![no_main]

use std::collections::BTreeSet;
use std::sync::{Mutex, Once};

use domain::hierarchy::Hierarchy;
use libfuzzer_sys::fuzz_target;
use tables::Problem;

fuzz_target!(|data: &[u8]| {
    contain_calamine_panics();
    let sheets = match tables::read("fuzz.csv", data) {
        Ok(sheets) => sheets,
        Err(problem) => {
            refusal(&problem);
            return;
        }
    };
    for sheet in &sheets {
        assert!(
            sheet.rows.len() <= tables::MAX_ROWS,
            "{} rows",
            sheet.rows.len()
        );
        for row in &sheet.rows {
            assert!(row.number >= 1, "row number {}", row.number);
            assert!(
                row.cells.iter().any(|c| !c.is_empty()),
                "an empty row is kept"
            );
        }
    }
    let import = match tables::hierarchy::check(&sheets, &Hierarchy::new()) {
        Ok(import) => import,
        Err(problems) => {
            assert!(!problems.is_empty(), "refused with no problem");
            for problem in &problems {
                refusal(problem);
            }
            return;
        }
    };
    let merged = &import.merged;
    let held = merged.districts().count() + merged.streets().count() + merged.communities().count();
    assert_eq!(
        import.created as usize, held,
        "created {} areas into an empty hierarchy but it holds {held}",
        import.created
    );
    assert_eq!(
        (import.updated, import.unchanged),
        (0, 0),
        "updated or unchanged areas of an empty hierarchy"
    );
    assert_eq!(merged.grids().count(), 0, "grids from a hierarchy table");
    // Importing the same file again, into what the first import stored, changes nothing.
    match tables::hierarchy::check(&sheets, merged) {
        Ok(again) => assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, import.created),
            "a second import of the same file"
        ),
        Err(problems) => panic!("accepted once, refused the second time: {problems:?}"),
    }
});

/// A refusal says why, and prints.
fn refusal(problem: &Problem) {
    assert!(!problem.reason.trim().is_empty(), "no reason: {problem:?}");
    let _ = problem.to_string();
}

/// Wraps libFuzzer's panic hook (print, then abort) once: a panic located in calamine is
/// printed the first time its place is seen, and left to unwind to `tables::read`.
fn contain_calamine_panics() {
    static ONCE: Once = Once::new();
    static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            match place {
                Some(place) if place.contains("/calamine-") => {
                    let new = SEEN
                        .lock()
                        .map(|mut s| s.insert(place.clone()))
                        .unwrap_or(true);
                    if new {
                        eprintln!("CONTAINED calamine panic at {place}: {info}");
                    }
                }
                _ => abort(info),
            }
        }));
    });
}
