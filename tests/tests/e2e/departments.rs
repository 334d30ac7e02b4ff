//! 部门处置: a component category routed to a department. A worker reports a broken
//! manhole cover; the service gives it at once to the water department's handler with
//! the fewest open tasks; the handler does the job offline with a photo; the dispatcher
//! verifies and closes (handling and supervision stay separate); the department's KPIs
//! count it, and the handler never sees what is not theirs.

use device::engine::{CaptureReport, KpiGroup, TaskAct, TaskAction};
use e2e::devices::{photo, point_in_my_grid, signed_in, sync_until_drained};
use e2e::scenario::Scenario;
use e2e::server::PASSWORD;
use server::reference::imports::import_by_service;

const ORGANISATIONS: &str = "code,name,kind,area,phone\n\
    gs,区供水公司,专业部门,130302,0335-3012345\n\
    cg,区城管局,专业部门,130302,\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_component_case_goes_to_its_department_which_fixes_it_offline_and_counts_it() {
    let world = Scenario::start().await;
    let (a, d, desk) = (&world.a, &world.d, world.desk());
    let state = &world.server.state;

    // The district's departments, two handlers of 供水, and 上水井盖 routed to 供水.
    import_by_service(
        state,
        "organisations",
        "organisations.csv",
        ORGANISATIONS.as_bytes(),
    )
    .await
    .expect("organisations imported");
    let people = format!(
        "username,name,role,area,phone,password\n\
         gs.zhou,周师傅,部门处置员,gs,13803350011,{PASSWORD}\n\
         gs.qian,钱师傅,department_handler,gs,13803350012,{PASSWORD}\n"
    );
    import_by_service(state, "people", "people.csv", people.as_bytes())
        .await
        .expect("handlers imported");
    let categories = "code,routing,department\n0101,专业部门,gs\n";
    import_by_service(state, "categories", "categories.csv", categories.as_bytes())
        .await
        .expect("0101 routed to 供水");

    let (_zhou_dir, zhou) = signed_in(&world.server.url, "gs.zhou", PASSWORD).await;
    let (_qian_dir, qian) = signed_in(&world.server.url, "gs.qian", PASSWORD).await;

    // 钱 already has an open task of 供水, so the next one goes to 周.
    let (_, lon, lat) = point_in_my_grid(a);
    let capture = |description: &str, photos: Vec<domain::PhotoHash>| CaptureReport {
        category: "0101".parse().expect("a category code"),
        priority: domain::Priority::Normal,
        description: description.into(),
        lon,
        lat,
        photos,
        self_resolved: false,
        note: None,
    };
    let first = a
        .capture_report(capture("井盖松动", vec![]))
        .expect("captured");
    sync_until_drained(a, 20).await.expect("A syncs");
    let first_case = stored(state, first.id).await;
    assert_eq!(first_case.state, domain::CaseState::Dispatched);
    let qian_id = Scenario::id_of(&qian);
    let zhou_id = Scenario::id_of(&zhou);
    let first_to = first_case.assignee.expect("assigned");
    let (busy, idle) = if first_to == qian_id {
        (&qian, &zhou)
    } else {
        assert_eq!(first_to, zhou_id, "a 供水 handler has it");
        (&zhou, &qian)
    };

    // 1. A worker reports a broken manhole cover with a photo.
    let shot = a.prepare_photo_bytes(&photo(1)).expect("photo");
    let report = a
        .capture_report(capture(
            "上水井盖破损，行人易踩空",
            vec![shot.sha256.clone()],
        ))
        .expect("captured");
    sync_until_drained(a, 20).await.expect("A syncs");

    // 2. It went straight to the idle handler of 供水, accepted and dispatched.
    let routed = stored(state, report.id).await;
    assert_eq!(routed.state, domain::CaseState::Dispatched);
    assert_eq!(routed.assignee, Some(Scenario::id_of(idle)));
    assert_eq!(routed.department.as_ref().map(|o| o.as_str()), Some("gs"));

    // 3. The handler syncs once, then works offline: acknowledge, start, resolve with a
    //    photo. Only their own task is on their phone.
    idle.sync_now().await.expect("handler syncs");
    let tasks = idle.tasks().expect("tasks");
    assert_eq!(
        tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![report.id],
        "the handler has exactly the task given to them"
    );
    busy.sync_now().await.expect("the other handler syncs");
    assert!(
        busy.tasks()
            .expect("tasks")
            .iter()
            .all(|t| t.id != report.id)
    );
    for action in [TaskAction::Acknowledge, TaskAction::Start] {
        idle.task_act(TaskAct {
            id: report.id,
            action,
            note: None,
            photos: vec![],
            reason: None,
        })
        .expect("acted offline");
    }
    let evidence = idle.prepare_photo_bytes(&photo(2)).expect("photo");
    let resolved = idle
        .task_act(TaskAct {
            id: report.id,
            action: TaskAction::Resolve,
            note: Some("已更换井盖".into()),
            photos: vec![evidence.sha256.clone()],
            reason: None,
        })
        .expect("resolved offline");
    assert!(resolved.pending);
    let before = d.case_detail_online(&report.id).await.expect("detail");
    assert_eq!(before.summary.state, domain::CaseState::Dispatched);

    // 4. Back online.
    let sent = sync_until_drained(idle, 20).await.expect("handler syncs");
    assert_eq!((sent.applied, sent.rejected + sent.conflicts), (3, 0));
    assert!(
        idle.server_has_photo(&evidence.sha256)
            .await
            .expect("asked")
    );
    let after = d.case_detail_online(&report.id).await.expect("detail");
    assert_eq!(after.summary.state, domain::CaseState::Resolved);
    assert!(after.evidence.iter().any(|e| e.sha256 == evidence.sha256));

    // 5. The dispatcher verifies and closes.
    desk.verify(report.id, true, "现场核查已修复").await;
    let closed = desk.close(report.id).await;
    assert_eq!(closed.summary.state, domain::CaseState::Closed);

    // 6. 供水's KPIs count both of its cases: two dispatched, one of them handled.
    let kpis = d
        .kpis(KpiGroup::Department, None, None)
        .await
        .expect("KPIs");
    let gs = kpis.iter().find(|r| r.key == "gs").expect("a row for 供水");
    assert_eq!(gs.name, "区供水公司");
    assert_eq!((gs.dispatched, gs.handled), (2, 1), "{gs:?}");
    assert_eq!(gs.handling_rate, Some(50.0));
    assert!(
        kpis.iter().all(|r| r.key != "cg"),
        "城管 had no case: {kpis:?}"
    );
}

/// The case as the service stores it.
async fn stored(state: &server::AppState, id: domain::CaseId) -> domain::Case {
    state
        .read(move |tx| tx.case_get(id))
        .await
        .expect("read the case")
        .expect("the case is stored")
        .case
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dispatcher_sees_the_departments_that_serve_the_place_and_gives_one_a_case() {
    let world = Scenario::start().await;
    let (a, d, desk) = (&world.a, &world.d, world.desk());
    let state = &world.server.state;
    // 城管 serves the district; 文化路物业 only a street that is not the dispatcher's.
    let organisations = format!("{ORGANISATIONS}wy-far,海滨路物业,物业公司,130302002,\n");
    import_by_service(
        state,
        "organisations",
        "organisations.csv",
        organisations.as_bytes(),
    )
    .await
    .expect("organisations imported");
    let people = format!(
        "username,name,role,area,password\n\
         cg.li,李队员,部门处置员,cg,{PASSWORD}\n\
         wy.he,何物业,部门处置员,wy-far,{PASSWORD}\n"
    );
    import_by_service(state, "people", "people.csv", people.as_bytes())
        .await
        .expect("handlers imported");
    let (_dir, li) = signed_in(&world.server.url, "cg.li", PASSWORD).await;

    // The desk offers the grid's workers first, then 城管's handler, named by department;
    // not the property company of another street.
    sync_until_drained(d, 5).await.expect("the desk syncs");
    let (grid, lon, lat) = point_in_my_grid(a);
    let offered = d.workers(Some(&grid), None).expect("workers");
    let names: Vec<(&str, Option<&str>)> = offered
        .iter()
        .map(|w| (w.name.as_str(), w.organisation.as_deref()))
        .collect();
    assert_eq!(
        names.last(),
        Some(&("李队员", Some("区城管局"))),
        "{names:?}"
    );
    assert!(
        names[..names.len() - 1]
            .iter()
            .all(|(_, org)| org.is_none())
    );
    assert!(names.iter().all(|(n, _)| *n != "何物业"), "{names:?}");
    // A grid worker's phone does not get the departments' people.
    a.sync_now().await.expect("A syncs");
    assert!(
        a.workers(None, None)
            .expect("workers")
            .iter()
            .all(|w| w.organisation.is_none())
    );

    // A community-queue case, accepted and given to 城管 by hand.
    let report = a
        .capture_report(CaptureReport {
            category: "0101".parse().expect("a category code"),
            priority: domain::Priority::Normal,
            description: "井盖缺失".into(),
            lon,
            lat,
            photos: vec![],
            self_resolved: false,
            note: None,
        })
        .expect("captured");
    sync_until_drained(a, 20).await.expect("A syncs");
    let accepted = desk.accept(report.id).await;
    assert_eq!(accepted.summary.state, domain::CaseState::Accepted);
    let handler = offered.last().expect("a handler").person_id;
    let given = desk.dispatch(report.id, handler).await;
    assert_eq!(given.summary.state, domain::CaseState::Dispatched);
    assert_eq!(given.summary.assignee_name.as_deref(), Some("李队员"));
    li.sync_now().await.expect("the handler syncs");
    let tasks = li.tasks().expect("tasks");
    assert_eq!(
        tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![report.id]
    );
    let stored = stored(state, report.id).await;
    assert_eq!(stored.department.as_ref().map(|o| o.as_str()), Some("cg"));
}
