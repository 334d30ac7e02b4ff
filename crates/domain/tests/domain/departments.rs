//! Departments, street offices and property companies as handlers: who may be given a
//! task, what a handler sees and does, and the department recorded on the case.

use domain::category::default_catalogue;
use domain::{
    Action, CaseState, CategoryCode, OrgCode, OrgKind, Person, Role, Routing, Scope, StreetCode,
};

use crate::world::{World, at, id, org, photo};

fn dispatch_to(p: &Person, minute: i64) -> Action {
    Action::Dispatch {
        assignee: p.clone(),
        deadline: at(minute),
    }
}

#[test]
fn a_department_handler_works_a_task_and_the_case_names_the_department() {
    let w = World::new();
    let handler = w.person(12);
    let mut case = w.reported_by(w.courier());
    assert!(!domain::people::can_see(handler, &case));
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    case.apply(w.hongqili(), dispatch_to(handler, 600), at(20))
        .unwrap();
    assert_eq!(case.assignee, Some(handler.id));
    assert_eq!(case.department, Some(OrgCode::parse("cg").unwrap()));
    assert!(domain::people::can_see(handler, &case));
    // The worker of the grid is not the assignee any more.
    let err = case.apply(w.worker_a(), Action::Start, at(25)).unwrap_err();
    assert!(err.to_string().contains("assignee"), "{err}");
    case.apply(handler, Action::AcknowledgeTask, at(30))
        .unwrap();
    case.apply(handler, Action::Start, at(40)).unwrap();
    let resolve = Action::Resolve {
        photos: vec![photo(3)],
        note: "井盖已更换".into(),
    };
    case.apply(handler, resolve, at(90)).unwrap();
    assert_eq!(case.state, CaseState::Resolved);
    assert_eq!(case.resolved_by, Some(handler.id));
    // Handling and supervision are separate (监管分离): the handler does not verify.
    let verify = Action::Verify {
        passed: true,
        note: String::new(),
    };
    assert!(case.apply(handler, verify.clone(), at(95)).is_err());
    case.apply(w.hongqili(), verify, at(100)).unwrap();
    assert_eq!(case.state, CaseState::Verified);
    assert_eq!(case.department, Some(OrgCode::parse("cg").unwrap()));
}

#[test]
fn a_returned_task_leaves_the_department() {
    let w = World::new();
    let handler = w.person(12);
    let mut case = w.reported_by(w.courier());
    case.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    case.apply(w.hongqili(), dispatch_to(handler, 600), at(20))
        .unwrap();
    let back = Action::Return {
        reason: "不属于城管职责".into(),
    };
    case.apply(handler, back, at(30)).unwrap();
    assert_eq!(case.assignee, None);
    assert_eq!(case.department, None);
    // Dispatched again to a grid worker: no department.
    case.apply(w.hongqili(), dispatch_to(w.worker_a(), 600), at(40))
        .unwrap();
    assert_eq!(case.department, None);
}

#[test]
fn an_organisation_is_given_only_cases_in_the_area_it_serves() {
    let w = World::new();
    // 文化路物业 serves 文化路街道 only.
    let property = w.person(13);
    let mut here = w.reported_by(w.courier());
    here.apply(w.hongqili(), Action::AcceptCase, at(10))
        .unwrap();
    here.apply(w.hongqili(), dispatch_to(property, 600), at(20))
        .unwrap();
    assert_eq!(here.department, Some(OrgCode::parse("wh-wy").unwrap()));

    let mut there = domain::Case::report(
        w.courier(),
        w.report_in(w.grids[4], false, 1),
        &w.category,
        at(0),
    )
    .unwrap()
    .0;
    there
        .apply(w.tielili(), Action::AcceptCase, at(10))
        .unwrap();
    let before = there.clone();
    let err = there
        .apply(w.tielili(), dispatch_to(property, 600), at(20))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("does not hold community 130302002005"),
        "{err}"
    );
    assert_eq!(there, before);
    // The district's department serves everywhere.
    there
        .apply(w.tielili(), dispatch_to(w.person(12), 600), at(20))
        .unwrap();
}

#[test]
fn a_handler_belongs_to_an_organisation_whose_kind_fits_its_area() {
    let street = StreetCode::parse("130302001").unwrap();
    let err = Person::new(
        id(50),
        "无部门",
        Role::DepartmentHandler,
        Scope::Street(street),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("belongs to an organisation"),
        "{err}"
    );

    let bad = domain::Organisation {
        kind: OrgKind::Department,
        ..org("sz", "市政", OrgKind::StreetOffice, Scope::Street(street))
    };
    let err = bad.validate().unwrap_err();
    assert!(err.to_string().contains("serves a district"), "{err}");

    let mut retired = org("yl", "园林", OrgKind::StreetOffice, Scope::Street(street));
    retired.retired = true;
    assert!(Person::handler(id(51), "老林", &retired).is_err());

    for bad in ["", "城管", "a b", &"x".repeat(33)] {
        assert!(OrgCode::parse(bad).is_err(), "{bad:?} accepted");
    }
    assert_eq!(OrgCode::parse(" HG-sz_1 ").unwrap().as_str(), "HG-sz_1");
}

#[test]
fn a_department_routing_names_its_department() {
    let mut c = default_catalogue()
        .get(&CategoryCode::parse("0101").unwrap())
        .unwrap()
        .clone();
    c.routing = Routing::Department;
    assert!(
        c.validate()
            .unwrap_err()
            .to_string()
            .contains("names its department")
    );
    c.department = Some(OrgCode::parse("sz").unwrap());
    c.validate().unwrap();
    c.routing = Routing::CommunityQueue;
    assert!(c.validate().is_err());
    assert_eq!("专业部门".parse::<Routing>(), Ok(Routing::Department));
}
