//! KPIs over real cases driven through the state machine, and the published vectors.

use domain::kpi::{Counts, Period};
use domain::{Action, Case, Kpi, RejectReason};
use std::time::Duration;

use crate::world::{World, at, photo};

/// Drives a case in grid 0 through the loop: accepted at +accept, dispatched with a
/// deadline at 600, resolved at `resolved`, verified (with `reworks` failures first) and
/// closed when `close`.
fn case(w: &World, n: u128, accept: i64, resolved: Option<i64>, reworks: u32, close: bool) -> Case {
    let (mut c, _) = Case::report(
        w.courier(),
        w.report_in(w.grids[0], false, n),
        &w.category,
        at(0),
    )
    .unwrap();
    c.apply(w.hongqili(), Action::AcceptCase, at(accept))
        .unwrap();
    c.apply(
        w.hongqili(),
        Action::Dispatch {
            assignee: w.worker_a().clone(),
            deadline: at(600),
        },
        at(accept + 1),
    )
    .unwrap();
    let Some(r) = resolved else { return c };
    for i in 0..reworks {
        let t = r - 10 * i64::from(reworks - i);
        c.apply(
            w.worker_a(),
            Action::Resolve {
                photos: vec![photo(1)],
                note: String::new(),
            },
            at(t),
        )
        .unwrap();
        c.apply(
            w.hongqili(),
            Action::Verify {
                passed: false,
                note: "返工".into(),
            },
            at(t + 1),
        )
        .unwrap();
    }
    c.apply(
        w.worker_a(),
        Action::Resolve {
            photos: vec![photo(2)],
            note: String::new(),
        },
        at(r),
    )
    .unwrap();
    if close {
        c.apply(
            w.hongqili(),
            Action::Verify {
                passed: true,
                note: String::new(),
            },
            at(r + 5),
        )
        .unwrap();
        c.apply(w.hongqili(), Action::Close, at(r + 6)).unwrap();
    }
    c
}

#[test]
fn kpis_over_cases_follow_the_definitions() {
    let w = World::new();
    let mut cases = vec![
        case(&w, 1, 10, Some(100), 0, true), // closed on time, first time
        case(&w, 2, 20, Some(700), 0, true), // closed late
        case(&w, 3, 30, Some(300), 1, true), // closed on time after one rework
        case(&w, 4, 40, Some(200), 0, false), // resolved, not yet closed
        case(&w, 5, 50, None, 0, false),     // dispatched, still open
    ];
    let (mut rejected, _) = Case::report(
        w.courier(),
        w.report_in(w.grids[0], false, 6),
        &w.category,
        at(0),
    )
    .unwrap();
    rejected
        .apply(
            w.hongqili(),
            Action::Reject {
                reason: RejectReason::Invalid,
                note: String::new(),
            },
            at(5),
        )
        .unwrap();
    cases.push(rejected);

    let k = Kpi::over(&cases, &Period::ALL, at(100_000));
    assert_eq!(
        k.counts,
        Counts {
            due: 5,
            closed: 3,
            closed_on_time: 2,
            closed_first_time: 2,
            dispatched: 5,
            handled: 4,
            // Responses of 10, 20, 30, 40 and 50 minutes; four resolutions by handlers.
            response_n: 5,
            response_ms: 150 * 60_000,
            resolution_n: 4,
            resolution_ms: 1300 * 60_000,
            ..Counts::default()
        }
    );
    assert_eq!(k.closing_rate.to_string(), "60.00%");
    assert_eq!(k.on_time_closing_rate.to_string(), "40.00%");
    assert_eq!(k.handling_rate.to_string(), "80.00%");
    assert_eq!(k.first_time_completion.to_string(), "66.67%");
    // Response: 10, 20, 30, 40, 50 minutes.
    assert_eq!(k.response.count, 5);
    assert_eq!(k.response.mean, Some(Duration::from_secs(30 * 60)));
    assert_eq!(k.response.median, Some(Duration::from_secs(30 * 60)));
    // Resolution: 100, 700, 300, 200 minutes (report → last resolution).
    assert_eq!(k.resolution.count, 4);
    assert_eq!(k.resolution.median, Some(Duration::from_secs(250 * 60)));

    // A period that ends before the deadlines has nothing due.
    let early = Kpi::over(&cases, &Period::new(at(0), at(600)), at(100_000));
    assert_eq!(early.counts.due, 0);
    assert_eq!(early.closing_rate.percent(), None);
}

#[test]
fn published_vectors_reproduce_to_two_decimals() {
    let k = Kpi::from_counts(Counts {
        due: 972,
        closed: 911,
        closed_on_time: 737,
        ..Counts::default()
    });
    assert_eq!(
        format!("{} {}", k.closing_rate, k.on_time_closing_rate),
        "93.72% 75.82%"
    );
    let k = Kpi::from_counts(Counts {
        due: 24_932,
        closed: 23_974,
        closed_on_time: 22_345,
        ..Counts::default()
    });
    assert_eq!(
        format!("{} {}", k.closing_rate, k.on_time_closing_rate),
        "96.16% 89.62%"
    );
}
