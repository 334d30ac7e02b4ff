//! Each transition of the case loop: who may make it, what it needs, what it records, and
//! the messages people read when it is refused.

use domain::case::{EvidenceStage, SelfResolution};
use domain::people::{can_act, can_report, can_see};
use domain::{
    Action, ActionKind, Case, CaseId, CaseState, CategoryKind, Denied, Error, Location, Person,
    RejectReason, Role, Scope, TransitionError,
};
use uuid::Uuid;

use crate::world::{World, at, id, photo};

#[test]
fn the_whole_loop_records_every_step() {
    let w = World::new();
    let (mut case, entry) = Case::report(
        w.courier(),
        w.report_in(w.grids[0], false, 0),
        &w.category,
        at(0),
    )
    .unwrap();
    assert_eq!(case.state, CaseState::Reported);
    assert_eq!(entry.action, ActionKind::Report);
    assert_eq!((entry.from, entry.to), (None, CaseState::Reported));
    assert_eq!(
        case.accept_due,
        at(60),
        "normal priority: the one-hour response"
    );
    assert_eq!(case.evidence[0].stage, EvidenceStage::Report);

    let steps: Vec<(&Person, Action, i64, CaseState)> = vec![
        (w.hongqili(), Action::AcceptCase, 10, CaseState::Accepted),
        (
            w.hongqili(),
            Action::Dispatch {
                assignee: w.worker_a().clone(),
                deadline: at(600),
            },
            20,
            CaseState::Dispatched,
        ),
        (
            w.worker_a(),
            Action::AcknowledgeTask,
            25,
            CaseState::Dispatched,
        ),
        (w.worker_a(), Action::Start, 30, CaseState::InProgress),
        (
            w.worker_a(),
            Action::Resolve {
                photos: vec![photo(3)],
                note: "清运完毕".into(),
            },
            100,
            CaseState::Resolved,
        ),
        (
            w.courier(),
            Action::Verify {
                passed: true,
                note: String::new(),
            },
            130,
            CaseState::Verified,
        ),
        (w.hongqili(), Action::Close, 140, CaseState::Closed),
    ];
    for (actor, action, minute, expected) in steps {
        let kind = action.kind();
        let from = case.state;
        let entry = case.apply(actor, action, at(minute)).unwrap();
        assert_eq!(case.state, expected, "{kind}");
        assert_eq!(entry.case, case.id);
        assert_eq!(entry.actor, actor.id);
        assert_eq!(entry.role, actor.role);
        assert_eq!(entry.action, kind);
        assert_eq!(entry.from, Some(from));
        assert_eq!(entry.to, expected);
        assert_eq!(entry.at, at(minute));
        assert!(!entry.detail.is_empty());
    }
    assert_eq!(case.accepted_at, Some(at(10)));
    assert_eq!(case.dispatched_at, Some(at(20)));
    assert_eq!(case.acknowledged_at, Some(at(25)));
    assert_eq!(case.started_at, Some(at(30)));
    assert_eq!(case.resolved_at, Some(at(100)));
    assert_eq!(case.resolved_by, Some(w.worker_a().id));
    assert_eq!(case.verified_at, Some(at(130)));
    assert_eq!(case.closed_at, Some(at(140)));
    assert_eq!(case.resolve_due, at(600));
    assert_eq!(case.rework_count, 0);
}

#[test]
fn an_illegal_step_says_what_must_happen_first() {
    let w = World::new();
    let mut case = w.dispatched();
    case.apply(w.worker_a(), Action::Start, at(30)).unwrap();
    let before = case.clone();
    let err = case.apply(w.hongqili(), Action::Close, at(40)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot close a case that is in progress: it must be resolved and verified first"
    );
    assert_eq!(case, before, "a refused transition changes nothing");

    let mut reported = w.reported_by(w.courier());
    let err = reported
        .apply(
            w.hongqili(),
            Action::Dispatch {
                assignee: w.worker_a().clone(),
                deadline: at(600),
            },
            at(5),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot dispatch a case that is reported: it must be accepted (立案) first"
    );

    let mut resolved = w.resolved();
    let err = resolved
        .apply(w.hongqili(), Action::Close, at(120))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot close a case that is resolved: it must be verified first"
    );
    let err = resolved
        .apply(w.hongqili(), Action::AcceptCase, at(120))
        .unwrap_err();
    assert!(
        matches!(
            err,
            TransitionError::Illegal {
                action: ActionKind::AcceptCase,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn out_of_scope_dispatchers_are_refused_by_name() {
    let w = World::new();
    let mut case = w.reported_by(w.courier()); // in 文化路街道
    let before = case.clone();
    let err = case
        .apply(w.haibinlu(), Action::AcceptCase, at(5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a street dispatcher of street 130302002 may not act on a case in street 130302001"
    );
    assert_eq!(
        err.explain(&w.hierarchy),
        "a street dispatcher of 海滨路街道 may not act on a case in 文化路街道"
    );
    let err = case
        .apply(w.tielili(), Action::AcceptCase, at(5))
        .unwrap_err();
    assert_eq!(
        err.explain(&w.hierarchy),
        "a community dispatcher of 铁路里社区居委会 may not act on a case in 红旗里社区居委会"
    );
    assert_eq!(case, before);
    // The street and district above may act.
    case.clone()
        .apply(w.wenhualu(), Action::AcceptCase, at(5))
        .unwrap();
    case.apply(w.commander(), Action::AcceptCase, at(5))
        .unwrap();
}

#[test]
fn roles_that_do_not_run_cases_are_refused() {
    let w = World::new();
    let mut case = w.reported_by(w.courier());
    let err = case
        .apply(w.admin(), Action::AcceptCase, at(5))
        .unwrap_err();
    assert_eq!(err.to_string(), "an administrator may not accept cases");
    let err = case
        .apply(w.courier(), Action::AcceptCase, at(5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "an information reporter may not accept cases"
    );
    let err = case
        .apply(w.worker_a(), Action::AcceptCase, at(5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a full-time grid worker may not accept cases"
    );
    assert!(
        Case::report(
            w.admin(),
            w.report_in(w.grids[0], false, 1),
            &w.category,
            at(0)
        )
        .is_err()
    );
    let err = Case::report(
        w.courier(),
        w.report_in(w.grids[0], true, 1),
        &w.category,
        at(0),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "an information reporter may not self-resolve cases"
    );
}

#[test]
fn only_the_assignee_works_the_task() {
    let w = World::new();
    let mut case = w.dispatched();
    let err = case.apply(w.worker_b(), Action::Start, at(30)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "only the assignee may start work on this case; it is assigned to {}",
            w.worker_a().id
        )
    );
    let err = case.apply(w.hongqili(), Action::Start, at(30)).unwrap_err();
    assert!(
        matches!(err, TransitionError::Denied(Denied::Role { .. })),
        "{err}"
    );
    case.apply(w.worker_a(), Action::Start, at(30)).unwrap();
}

#[test]
fn dispatch_needs_an_eligible_assignee_and_a_future_deadline() {
    let w = World::new();
    let mut case = w.reported_by(w.courier());
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    let before = case.clone();
    let to = |p: &Person, minute| Action::Dispatch {
        assignee: p.clone(),
        deadline: at(minute),
    };
    let err = case
        .apply(w.hongqili(), to(w.courier(), 600), at(20))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only grid workers and department handlers do"),
        "{err}"
    );
    let err = case
        .apply(w.hongqili(), to(w.worker_c(), 600), at(20))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("none of their grids is in the area"),
        "{err}"
    );
    let err = case
        .apply(w.hongqili(), to(w.worker_a(), 20), at(20))
        .unwrap_err();
    assert!(
        err.to_string().starts_with("cannot dispatch: the deadline"),
        "{err}"
    );
    assert_eq!(case, before);
    // Worker B has a grid in 红旗里 and one in 河涧里: eligible.
    case.apply(w.hongqili(), to(w.worker_b(), 600), at(20))
        .unwrap();
    assert_eq!(case.assignee, Some(w.worker_b().id));
}

#[test]
fn reject_as_duplicate_and_then_nothing_but_reopen() {
    let w = World::new();
    let mut case = w.reported_by(w.courier());
    let other = CaseId::from_uuid(Uuid::from_u128(77));
    let err = case
        .apply(
            w.hongqili(),
            Action::Reject {
                reason: RejectReason::Duplicate { of: case.id },
                note: String::new(),
            },
            at(5),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reject: a case cannot be a duplicate of itself"
    );
    let entry = case
        .apply(
            w.hongqili(),
            Action::Reject {
                reason: RejectReason::Duplicate { of: other },
                note: "同一处".into(),
            },
            at(5),
        )
        .unwrap();
    assert_eq!(entry.to, CaseState::Rejected);
    assert_eq!(case.duplicate_of(), Some(other));
    assert!(entry.detail.contains(&other.to_string()));

    let err = case
        .apply(
            w.hongqili(),
            Action::Dispatch {
                assignee: w.worker_a().clone(),
                deadline: at(600),
            },
            at(6),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot dispatch a case that is rejected: a rejected case is finished; reopen it to work on it again"
    );
    let err = case
        .apply(w.hongqili(), Action::Reopen { reason: " ".into() }, at(7))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reopen: a reason for reopening is required"
    );
    case.apply(
        w.hongqili(),
        Action::Reopen {
            reason: "不是重复".into(),
        },
        at(7),
    )
    .unwrap();
    assert_eq!(case.state, CaseState::Reported);
    assert_eq!(case.rejection, None);
    assert_eq!(case.accept_due, at(67), "a fresh hour to accept");
    assert_eq!(case.reopen_count, 1);
}

#[test]
fn failed_verification_sends_it_back_for_rework() {
    let w = World::new();
    let mut case = w.resolved();
    let err = case.apply(
        w.hongqili(),
        Action::Verify {
            passed: false,
            note: String::new(),
        },
        at(110),
    );
    assert!(matches!(err, Err(TransitionError::Invalid { .. })));
    let entry = case
        .apply(
            w.hongqili(),
            Action::Verify {
                passed: false,
                note: "仍有垃圾".into(),
            },
            at(110),
        )
        .unwrap();
    assert_eq!(
        (entry.from, entry.to),
        (Some(CaseState::Resolved), CaseState::Dispatched)
    );
    assert_eq!(case.rework_count, 1);
    assert_eq!(case.assignee, Some(w.worker_a().id));
    assert_eq!(case.resolved_at, None);
    assert_eq!(case.started_at, None);
    case.apply(
        w.worker_a(),
        Action::Resolve {
            photos: vec![photo(4)],
            note: "再次清理".into(),
        },
        at(150),
    )
    .unwrap();
    case.apply(
        w.hongqili(),
        Action::Verify {
            passed: true,
            note: String::new(),
        },
        at(160),
    )
    .unwrap();
    case.apply(w.hongqili(), Action::Close, at(170)).unwrap();
    assert_eq!(case.rework_count, 1);
    assert_eq!(case.resolved_at, Some(at(150)));
}

#[test]
fn nobody_verifies_their_own_resolution() {
    let w = World::new();
    // Worker A reports, is assigned and resolves: someone else must verify.
    let mut case = w.reported_by(w.worker_a());
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    case.apply(
        w.hongqili(),
        Action::Dispatch {
            assignee: w.worker_a().clone(),
            deadline: at(600),
        },
        at(20),
    )
    .unwrap();
    case.apply(
        w.worker_a(),
        Action::Resolve {
            photos: vec![photo(3)],
            note: String::new(),
        },
        at(50),
    )
    .unwrap();
    let err = case
        .apply(
            w.worker_a(),
            Action::Verify {
                passed: true,
                note: String::new(),
            },
            at(60),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the person who resolved a case may not verify it"
    );
    let err = case
        .apply(
            w.worker_b(),
            Action::Verify {
                passed: true,
                note: String::new(),
            },
            at(60),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a part-time grid worker may only verify cases they reported"
    );
    case.apply(
        w.hongqili(),
        Action::Verify {
            passed: true,
            note: String::new(),
        },
        at(60),
    )
    .unwrap();
}

#[test]
fn self_resolved_reports_still_need_verification() {
    let w = World::new();
    let (mut case, entry) = Case::report(
        w.worker_a(),
        w.report_in(w.grids[0], true, 2),
        &w.category,
        at(0),
    )
    .unwrap();
    assert_eq!(entry.action, ActionKind::SelfResolve);
    assert_eq!(case.state, CaseState::Resolved);
    assert!(case.self_resolved);
    assert_eq!(case.resolved_by, Some(w.worker_a().id));
    let err = case.apply(w.hongqili(), Action::Close, at(5)).unwrap_err();
    assert!(
        err.to_string().contains("it must be verified first"),
        "{err}"
    );
    let err = case
        .apply(
            w.worker_a(),
            Action::Verify {
                passed: true,
                note: String::new(),
            },
            at(5),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        TransitionError::Denied(Denied::OwnResolution)
    ));

    // A failed check of a self-resolved report makes it a filed case awaiting dispatch.
    let mut failed = case.clone();
    failed
        .apply(
            w.hongqili(),
            Action::Verify {
                passed: false,
                note: "没清干净".into(),
            },
            at(5),
        )
        .unwrap();
    assert_eq!(failed.state, CaseState::Accepted);
    assert_eq!(failed.assignee, None);
    assert_eq!(failed.accepted_at, Some(at(5)));

    case.apply(
        w.hongqili(),
        Action::Verify {
            passed: true,
            note: String::new(),
        },
        at(5),
    )
    .unwrap();
    case.apply(w.hongqili(), Action::Close, at(6)).unwrap();
    assert_eq!(case.state, CaseState::Closed);

    let mut no_photo = w.report_in(w.grids[0], true, 3);
    no_photo.self_resolution = Some(SelfResolution {
        photos: vec![],
        note: "ok".into(),
    });
    let err = Case::report(w.worker_a(), no_photo, &w.category, at(0)).unwrap_err();
    assert!(err.to_string().contains("at least one photo"), "{err}");
}

#[test]
fn resolving_needs_a_photo() {
    let w = World::new();
    let mut case = w.dispatched();
    let err = case
        .apply(
            w.worker_a(),
            Action::Resolve {
                photos: vec![],
                note: "done".into(),
            },
            at(30),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot resolve: resolving needs at least one photo as evidence"
    );
    assert_eq!(case.state, CaseState::Dispatched);
    // Resolving straight from dispatched implies the start.
    case.apply(
        w.worker_a(),
        Action::Resolve {
            photos: vec![photo(9)],
            note: String::new(),
        },
        at(30),
    )
    .unwrap();
    assert_eq!(case.started_at, Some(at(30)));
}

#[test]
fn returning_a_task_needs_a_reason_and_frees_the_case() {
    let w = World::new();
    let mut case = w.dispatched();
    let err = case
        .apply(w.worker_a(), Action::Return { reason: "".into() }, at(30))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot return: a reason for returning the task is required"
    );
    case.apply(
        w.worker_a(),
        Action::Return {
            reason: "属燃气公司管辖".into(),
        },
        at(30),
    )
    .unwrap();
    assert_eq!(case.state, CaseState::Accepted);
    assert_eq!(case.assignee, None);
    assert_eq!(case.return_count, 1);
    assert_eq!(case.evidence.last().unwrap().stage, EvidenceStage::Return);
    // Dispatched again later.
    case.apply(
        w.hongqili(),
        Action::Dispatch {
            assignee: w.worker_b().clone(),
            deadline: at(700),
        },
        at(40),
    )
    .unwrap();
    assert_eq!(case.dispatched_at, Some(at(20)), "first dispatch kept");
    assert_eq!(case.assigned_at, Some(at(40)));
}

#[test]
fn reassign_moves_the_task_and_the_old_assignee_loses_it() {
    let w = World::new();
    let mut case = w.dispatched();
    case.apply(w.worker_a(), Action::Start, at(30)).unwrap();
    case.apply(
        w.wenhualu(),
        Action::Reassign {
            assignee: w.worker_b().clone(),
            deadline: at(900),
        },
        at(40),
    )
    .unwrap();
    assert_eq!(case.state, CaseState::Dispatched);
    assert_eq!(case.assignee, Some(w.worker_b().id));
    assert_eq!(case.resolve_due, at(900));
    assert_eq!(case.started_at, None);
    let err = case.apply(w.worker_a(), Action::Start, at(41)).unwrap_err();
    assert!(
        matches!(err, TransitionError::Denied(Denied::NotAssignee { .. })),
        "{err}"
    );
    // Worker A still sees it: it lies in their grid.
    assert!(can_see(w.worker_a(), &case));
}

#[test]
fn reopen_a_closed_case() {
    let w = World::new();
    let mut case = w.resolved();
    case.apply(
        w.hongqili(),
        Action::Verify {
            passed: true,
            note: String::new(),
        },
        at(110),
    )
    .unwrap();
    let err = case
        .apply(w.hongqili(), Action::Reopen { reason: "x".into() }, at(115))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only a closed or rejected case can be reopened"),
        "{err}"
    );
    case.apply(w.hongqili(), Action::Close, at(120)).unwrap();
    let entry = case
        .apply(
            w.commander(),
            Action::Reopen {
                reason: "又出现了".into(),
            },
            at(2000),
        )
        .unwrap();
    assert_eq!(
        (entry.from, entry.to),
        (Some(CaseState::Closed), CaseState::Accepted)
    );
    assert_eq!(case.assignee, None);
    assert_eq!(case.closed_at, None);
    assert_eq!(case.verified_at, None);
    assert_eq!(case.resolved_at, None);
    assert_eq!(case.reopen_count, 1);
}

#[test]
fn replays_are_detected_and_change_nothing() {
    let w = World::new();
    let mut case = w.reported_by(w.courier());
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    let before = case.clone();
    let err = case
        .apply(w.wenhualu(), Action::AcceptCase, at(11))
        .unwrap_err();
    assert!(err.is_already_done());
    assert_eq!(
        err.to_string(),
        "nothing to do: the case is already accepted (accept_case was already applied)"
    );
    assert_eq!(case, before);

    let dispatch = Action::Dispatch {
        assignee: w.worker_a().clone(),
        deadline: at(600),
    };
    case.apply(w.hongqili(), dispatch.clone(), at(20)).unwrap();
    assert!(
        case.apply(w.hongqili(), dispatch, at(21))
            .unwrap_err()
            .is_already_done()
    );
    case.apply(w.worker_a(), Action::AcknowledgeTask, at(22))
        .unwrap();
    assert!(
        case.apply(w.worker_a(), Action::AcknowledgeTask, at(23))
            .unwrap_err()
            .is_already_done()
    );
    assert_eq!(case.acknowledged_at, Some(at(22)));
    case.apply(w.worker_a(), Action::Start, at(30)).unwrap();
    assert!(
        case.apply(w.worker_a(), Action::Start, at(31))
            .unwrap_err()
            .is_already_done()
    );
    let resolve = Action::Resolve {
        photos: vec![photo(1)],
        note: String::new(),
    };
    case.apply(w.worker_a(), resolve.clone(), at(40)).unwrap();
    assert!(
        case.apply(w.worker_a(), resolve, at(41))
            .unwrap_err()
            .is_already_done()
    );
    case.apply(
        w.hongqili(),
        Action::Verify {
            passed: true,
            note: String::new(),
        },
        at(50),
    )
    .unwrap();
    case.apply(w.hongqili(), Action::Close, at(60)).unwrap();
    let before = case.clone();
    assert!(
        case.apply(w.hongqili(), Action::Close, at(61))
            .unwrap_err()
            .is_already_done()
    );
    // An out-of-scope replay is still refused as out of scope, not reported as done.
    let err = case.apply(w.haibinlu(), Action::Close, at(61)).unwrap_err();
    assert!(
        matches!(err, TransitionError::Denied(Denied::OutOfScope { .. })),
        "{err}"
    );
    assert_eq!(case, before);
}

#[test]
fn who_sees_what() {
    let w = World::new();
    let case = w.reported_by(w.courier()); // grid 0, 红旗里, 文化路
    assert!(can_see(w.worker_a(), &case), "their grid");
    assert!(!can_see(w.worker_b(), &case), "not their grid");
    assert!(can_see(w.courier(), &case), "own report");
    assert!(can_see(w.hongqili(), &case));
    assert!(!can_see(w.tielili(), &case));
    assert!(can_see(w.wenhualu(), &case));
    assert!(!can_see(w.haibinlu(), &case));
    assert!(can_see(w.commander(), &case));
    assert!(can_see(w.admin(), &case));
    let by_worker = w.reported_by(w.worker_a());
    assert!(
        !can_see(w.courier(), &by_worker),
        "reporters see only their own"
    );
    // Assigned to worker B (grid 0 is not theirs): they see it.
    let mut case = w.reported_by(w.worker_c());
    assert!(
        can_see(w.worker_c(), &case),
        "own report outside their grid"
    );
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    case.apply(
        w.hongqili(),
        Action::Dispatch {
            assignee: w.worker_b().clone(),
            deadline: at(600),
        },
        at(20),
    )
    .unwrap();
    assert!(can_see(w.worker_b(), &case));
    assert!(can_act(w.worker_b(), &case, &Action::Start).is_ok());
}

#[test]
fn reports_are_checked() {
    let w = World::new();
    let mut r = w.report_in(w.grids[0], false, 5);
    r.grid = Some(w.grids[4]);
    let err = Case::report(w.worker_a(), r, &w.category, at(0)).unwrap_err();
    assert!(err.to_string().contains("is not in community"), "{err}");
    let mut r = w.report_in(w.grids[0], false, 5);
    r.location = Location {
        lon: f64::NAN,
        lat: 39.9,
    };
    assert!(Case::report(w.worker_a(), r, &w.category, at(0)).is_err());
    let mut r = w.report_in(w.grids[0], false, 5);
    r.description = " ".into();
    r.photos.clear();
    let err = Case::report(w.worker_a(), r, &w.category, at(0)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot report: a report needs a description or a photo"
    );
    // Worker C reports across the street boundary: allowed, the case is 红旗里's.
    let (case, _) = Case::report(
        w.worker_c(),
        w.report_in(w.grids[0], false, 6),
        &w.category,
        at(0),
    )
    .unwrap();
    assert_eq!(case.community, w.communities[0]);
    // Not outside the district.
    let elsewhere = domain::CommunityCode::parse("130303001001").unwrap();
    assert!(can_report(w.worker_a(), &elsewhere).is_err());
}

#[test]
fn people_need_a_scope_that_fits_their_role() {
    let w = World::new();
    let e = Person::new(id(50), "x", Role::FullTimeGridWorker, Scope::Grids(vec![])).unwrap_err();
    assert!(matches!(e, Error::Person(_)));
    assert!(
        e.to_string().contains("needs a scope of one or more grids"),
        "{e}"
    );
    assert!(
        Person::new(
            id(50),
            "x",
            Role::StreetDispatcher,
            Scope::Community(w.communities[0])
        )
        .is_err()
    );
    assert!(
        Person::new(
            id(50),
            " ",
            Role::CommunityDispatcher,
            Scope::Community(w.communities[0])
        )
        .is_err()
    );
    assert!(
        Person::new(
            id(50),
            "x",
            Role::InformationReporter,
            Scope::Grids(vec![w.grids[0]])
        )
        .is_err()
    );
    assert!(
        Person::new(
            id(50),
            "x",
            Role::InformationReporter,
            Scope::Street(w.street_a)
        )
        .is_ok()
    );
}

#[test]
fn wire_forms_are_snake_case() {
    let w = World::new();
    let a = Action::Reject {
        reason: RejectReason::OutOfScope,
        note: "非网格事项".into(),
    };
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"action": "reject", "reason": {"kind": "out_of_scope"}, "note": "非网格事项"})
    );
    assert_eq!(serde_json::from_value::<Action>(json).unwrap(), a);
    assert_eq!(
        serde_json::to_value(Role::FullTimeGridWorker).unwrap(),
        "full_time_grid_worker"
    );
    assert_eq!(
        serde_json::to_value(CaseState::InProgress).unwrap(),
        "in_progress"
    );
    // The wire names the rest of the system uses (`as_str`) are serde's, for every value.
    for s in CaseState::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    for r in Role::ALL {
        assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
    }
    for k in ActionKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    for k in [CategoryKind::Event, CategoryKind::Component] {
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    assert_eq!(
        serde_json::to_value(Action::AcceptCase).unwrap(),
        serde_json::json!({"action": "accept_case"})
    );
    let case = w.resolved();
    let json = serde_json::to_string(&case).unwrap();
    assert_eq!(serde_json::from_str::<Case>(&json).unwrap(), case);
    let person = serde_json::to_value(w.worker_a()).unwrap();
    assert_eq!(
        person["scope"],
        serde_json::json!({"level": "grids", "code": ["130302001001001"]})
    );
    // A bad grid code inside a person is refused when read.
    let mut bad = person.clone();
    bad["scope"]["code"][0] = "1303".into();
    assert!(serde_json::from_value::<Person>(bad).is_err());
}
