//! Deadlines, overdue and escalation as functions of the case and the time.

use domain::deadline::{self, DeadlineKind, current_deadline, escalation_level, is_overdue};
use domain::{Action, Case, CaseState, EscalationLevel, Priority, Timestamp};

use crate::world::{World, at, photo};

#[test]
fn an_unaccepted_report_escalates_by_accept_limits() {
    let w = World::new();
    let case = w.reported_by(w.courier());
    let d = current_deadline(&case).unwrap();
    assert_eq!(d.kind, DeadlineKind::Accept);
    assert_eq!(d.due, at(60));
    let level = |m| escalation_level(&case, at(m));
    assert!(!is_overdue(&case, at(60)), "due at the minute is not late");
    assert_eq!(level(60), EscalationLevel::None);
    assert!(is_overdue(&case, at(61)));
    assert_eq!(level(61), EscalationLevel::Community);
    assert_eq!(level(120), EscalationLevel::Community);
    assert_eq!(level(121), EscalationLevel::Street);
    assert_eq!(level(180), EscalationLevel::Street);
    assert_eq!(level(181), EscalationLevel::District);
    assert_eq!(
        deadline::overdue_by(&case, at(61)),
        Some(std::time::Duration::from_secs(60))
    );
}

#[test]
fn a_dispatched_case_escalates_by_resolve_limits() {
    let w = World::new();
    let case = w.dispatched(); // deadline at(600), resolve limit 1 day (5101 normal)
    assert_eq!(case.limits.resolve.get(), 1440);
    assert_eq!(escalation_level(&case, at(600)), EscalationLevel::None);
    assert_eq!(escalation_level(&case, at(601)), EscalationLevel::Community);
    assert_eq!(
        escalation_level(&case, at(600 + 1441)),
        EscalationLevel::Street
    );
    assert_eq!(
        escalation_level(&case, at(600 + 2881)),
        EscalationLevel::District
    );
}

#[test]
fn resolved_and_finished_cases_are_not_overdue() {
    let w = World::new();
    let mut case = w.resolved();
    assert_eq!(current_deadline(&case), None);
    assert!(!is_overdue(&case, at(100_000)));
    case.apply(
        w.hongqili(),
        Action::Verify {
            passed: true,
            note: String::new(),
        },
        at(110),
    )
    .unwrap();
    case.apply(w.hongqili(), Action::Close, at(120)).unwrap();
    assert_eq!(escalation_level(&case, at(100_000)), EscalationLevel::None);
}

#[test]
fn escalation_is_recorded_once_per_level_and_reset_by_a_new_deadline() {
    let w = World::new();
    let mut case = w.reported_by(w.courier());
    assert_eq!(case.refresh_escalation(at(30)), None);
    assert_eq!(
        case.refresh_escalation(at(61)),
        Some(EscalationLevel::Community)
    );
    assert_eq!(case.refresh_escalation(at(62)), None);
    assert_eq!(
        case.refresh_escalation(at(500)),
        Some(EscalationLevel::District)
    );
    case.apply(w.hongqili(), Action::AcceptCase, at(501))
        .unwrap();
    assert_eq!(case.escalation, EscalationLevel::None);
    assert_eq!(case.resolve_due, at(501 + 1440));
}

#[test]
fn due_times_come_from_the_category_and_priority() {
    let w = World::new();
    let t = Timestamp::from_millis(0);
    assert_eq!(
        deadline::accept_due(&w.category, Priority::Normal, t).millis(),
        60 * 60_000
    );
    assert_eq!(
        deadline::accept_due(&w.category, Priority::Urgent, t).millis(),
        15 * 60_000
    );
    assert_eq!(
        deadline::resolve_due(&w.category, Priority::Urgent, t).millis(),
        120 * 60_000
    );
    let mut r = w.report_in(w.grids[0], false, 9);
    r.priority = Priority::Urgent;
    let (case, _) = Case::report(w.courier(), r, &w.category, at(0)).unwrap();
    assert_eq!(case.accept_due, at(15));
    assert_eq!(case.state, CaseState::Reported);
    assert_eq!(deadline::default_dispatch_deadline(&case, at(10)), at(130));
    let _ = photo(0);
}
