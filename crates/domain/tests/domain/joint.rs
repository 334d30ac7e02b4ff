//! 街道吹哨，部门报到: a street calls departments to one case; each department's part must
//! be reported in (acknowledged) in time, or it escalates like any deadline; the case
//! resolves only when every part has.

use domain::deadline::{self, DeadlineKind, EscalationLevel};
use domain::{Action, CaseState, Minutes};

use crate::world::{World, at, photo};

#[test]
fn a_whistle_makes_a_part_per_department_and_the_case_resolves_when_all_are_done() {
    let w = World::new();
    let (city, property) = (w.person(12), w.person(13));
    let mut case = w.reported_by(w.courier());
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();

    // Only the street (or the command centre) blows the whistle.
    let denied = case.part(w.hongqili(), city, Minutes(30), at(600), at(20));
    assert!(denied.is_err(), "a community dispatcher whistled");
    // A grid worker is no department.
    assert!(
        case.part(w.wenhualu(), w.worker_a(), Minutes(30), at(600), at(20))
            .is_err()
    );
    // Reporting in must end before the deadline.
    assert!(
        case.part(w.wenhualu(), city, Minutes(700), at(600), at(20))
            .is_err()
    );

    let (mut a, entry) = case
        .part(w.wenhualu(), city, Minutes(30), at(600), at(20))
        .unwrap();
    assert_eq!(entry.to, CaseState::Dispatched);
    let (mut b, _) = case
        .part(w.wenhualu(), property, Minutes(30), at(600), at(20))
        .unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!((a.part_of, a.assignee), (Some(case.id), Some(city.id)));
    assert_eq!(b.department.as_ref().map(|d| d.as_str()), Some("wh-wy"));
    case.apply(
        w.wenhualu(),
        Action::Whistle {
            parts: vec![a.id, b.id],
            deadline: at(600),
        },
        at(20),
    )
    .unwrap();
    assert_eq!((case.state, case.assignee), (CaseState::Dispatched, None));
    // The whole case is not reassigned while it waits on its parts.
    let reassign = Action::Reassign {
        assignee: city.clone(),
        deadline: at(700),
    };
    assert!(case.apply(w.wenhualu(), reassign, at(25)).is_err());

    // Until a department reports in, that is its deadline.
    let d = deadline::current_deadline(&a).unwrap();
    assert_eq!((d.kind, d.due), (DeadlineKind::ReportIn, at(50)));
    a.apply(city, Action::AcknowledgeTask, at(45)).unwrap();
    assert_eq!(
        deadline::current_deadline(&a).unwrap().kind,
        DeadlineKind::Resolve
    );
    a.apply(
        city,
        Action::Resolve {
            photos: vec![photo(1)],
            note: "路面已修复".into(),
        },
        at(200),
    )
    .unwrap();
    assert!(
        !case.parts_done(&[a.clone(), b.clone()]),
        "one part is still open"
    );

    b.apply(property, Action::AcknowledgeTask, at(48)).unwrap();
    b.apply(
        property,
        Action::Resolve {
            photos: vec![photo(2)],
            note: "已清理".into(),
        },
        at(300),
    )
    .unwrap();
    assert!(case.parts_done(&[a.clone(), b.clone()]));
    case.apply(
        property,
        Action::PartsDone {
            photos: vec![photo(1), photo(2)],
            note: "各部门均已处置".into(),
        },
        at(300),
    )
    .unwrap();
    assert_eq!(case.state, CaseState::Resolved);
    // The street verifies (监管分离): the handlers do not.
    let verify = Action::Verify {
        passed: true,
        note: String::new(),
    };
    assert!(case.apply(property, verify.clone(), at(310)).is_err());
    case.apply(w.wenhualu(), verify, at(310)).unwrap();
}

#[test]
fn a_part_not_reported_in_escalates_in_steps_of_its_window() {
    let w = World::new();
    let city = w.person(12);
    let mut case = w.reported_by(w.courier());
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    let (mut part, _) = case
        .part(w.commander(), city, Minutes(30), at(600), at(20))
        .unwrap();
    assert_eq!(part.refresh_escalation(at(49)), None, "still in time");
    assert_eq!(
        part.refresh_escalation(at(51)),
        Some(EscalationLevel::Community)
    );
    assert_eq!(
        part.refresh_escalation(at(81)),
        Some(EscalationLevel::Street)
    );
    assert_eq!(
        part.refresh_escalation(at(111)),
        Some(EscalationLevel::District)
    );
    // Reporting in late still counts; the resolve deadline governs from then on.
    part.apply(city, Action::AcknowledgeTask, at(120)).unwrap();
    assert!(!deadline::is_overdue(&part, at(130)));
}
