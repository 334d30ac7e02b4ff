//! 街道吹哨，部门报到 in the real window: a report of the first community, accepted by its
//! community dispatcher (put in on the server), is whistled for by the street dispatcher at
//! the desk (派遣 switched to 吹哨, two departments ticked, the default 30 minutes); the
//! dispatch list keeps the joint case with both departments not yet reported in. The city
//! management handler who got the part sees 联合任务 with 请于 … 前报到 on their phone and
//! reports in (报到); after a sync the desk shows that department 已报到 and the other still
//! due, and the KPIs per department count the call. Screenshots `33-…` to `38-…`.

use std::path::PathBuf;

use serde_json::json;

use crate::harness::{self, Display, Driver};
use crate::server;
use crate::webdriver::Session;
use crate::{assert_no_error, card, screens_dir, sync_now};

use ::server::AppState;
use domain::{CaseId, GridCode};
use protocol::{CaseAction, Command};

/// A report at the first building of the community's grid 001 by its worker, accepted by
/// the community dispatcher: a case waiting for dispatch (a category the community's queue
/// receives, so nothing dispatches it on arrival).
async fn accepted_case(state: &AppState, community: &str, description: &str) -> CaseId {
    let st = state.clone();
    let community = community.to_string();
    let description = description.to_string();
    state
        .write(move |tx| {
            let grid = GridCode::parse(&format!("{community}001")).unwrap();
            let worker = tx.person_by_username(&format!("w{community}001"))?.unwrap();
            let dispatcher = tx.person_by_username(&format!("c{community}"))?.unwrap();
            let building = tx.buildings_in_grid(&grid)?.into_iter().next().unwrap();
            let id = CaseId::new();
            let args = json!({
                "case_id": id, "category": "5305", "priority": "normal",
                "description": description, "lon": building.lon, "lat": building.lat,
                "photos": [],
            });
            let cmd = Command::parse("report.create", &args).unwrap();
            ::server::caseloop::apply_command(tx, &st, &worker.person, cmd, st.now_ms())?;
            ::server::caseloop::act(tx, &st, &dispatcher.person, id, CaseAction::Accept)?;
            Ok(id)
        })
        .await
        .unwrap()
}

/// `department`'s part of the joint case `id` and the user name of the handler who has it.
async fn part_handler(state: &AppState, id: CaseId, department: &str) -> (CaseId, String) {
    let department = department.to_string();
    state
        .write(move |tx| {
            let joint = tx.case_get(id)?.unwrap();
            for part in &joint.case.parts {
                let part = tx.case_get(*part)?.unwrap().case;
                if part.department.as_ref().map(|d| d.as_str()) == Some(department.as_str()) {
                    let handler = tx.person_get(part.assignee.unwrap())?.unwrap();
                    return Ok((part.id, handler.username));
                }
            }
            panic!("no part for {department}")
        })
        .await
        .unwrap()
}

/// Waits until the sync bar says the first sync is done and nothing waits to be sent.
async fn synced(s: &Session<'_>) {
    s.wait_until(
        "a finished sync",
        "(() => { const b = document.querySelector('[data-testid=sync-bar]');
                  return b && b.dataset.state === 'idle' && b.dataset.synced === 'yes'
                    && Number(b.dataset.queued) === 0; })()",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_street_dispatcher_whistles_and_a_department_reports_in_through_the_real_window() {
    harness::require_system_tools();
    let driver_bin = harness::tauri_driver();
    let app = PathBuf::from(env!("CARGO_BIN_EXE_wangge-app"));
    let screens = screens_dir();
    let tmp = harness::test_folder("whistle");
    let shot = |name: &str| screens.join(format!("{name}.png"));

    let mut srv = server::Server::start(&tmp.path().join("server"), None).await;
    let url = format!("http://127.0.0.1:{}", srv.port());
    let accounts = server::demo_accounts();
    let community = accounts.dispatcher.0.trim_start_matches('c').to_string();
    let street = format!("s{}", &community[..9]);
    let id = accepted_case(
        srv.state(),
        &community,
        "文化路14号楼北侧施工废弃料堆放，堵塞消防通道并压坏井盖",
    )
    .await;
    let id_text = id.to_string();

    // The street dispatcher's desk, signed in at start.
    let desk_display = Display::start();
    let desk_home = tmp.path().join("street");
    let desk_driver = Driver::start(
        &driver_bin,
        &desk_display,
        &desk_home,
        &[
            (
                "WANGGE_APP_DATA_DIR",
                desk_home.join("device").display().to_string(),
            ),
            ("WANGGE_WINDOW_SIZE", "1280x820".into()),
            ("WANGGE_SERVER", url.clone()),
            ("WANGGE_DEMO_USER", street.clone()),
            ("WANGGE_DEMO_PASSWORD", accounts.dispatcher.1.clone()),
        ],
        &tmp.path().join("street-driver.log"),
    );
    let d = Session::start(
        "street dispatcher",
        desk_driver.port,
        &app,
        &desk_display,
        (1280, 820),
    )
    .await;
    // The departments offered come from the synced people.
    synced(&d).await;

    d.click_on("[data-testid=desk-dispatch]").await;
    d.click_on(&card(&id_text)).await;
    d.click_on("[data-testid=dispatch-mode-whistle]").await;
    d.wait_for("[data-testid=whistle-department-cg]").await;
    d.click_on("[data-testid=whistle-department-cg]").await;
    d.click_on("[data-testid=whistle-department-sz]").await;
    let minutes = d
        .script(
            "return document.querySelector('[data-testid=whistle-report-in]').value;",
            vec![],
        )
        .await;
    assert_eq!(minutes.as_str(), Some("30"), "30 minutes to report in");
    d.screenshot(&shot("33-desk-whistle")).await;
    d.click_on("[data-testid=whistle-submit]").await;

    // The joint case stays listed, waiting on its two departments.
    d.wait_until(
        "the joint case's two parts, neither reported in",
        "document.querySelectorAll('[data-testid=joint-part][data-report-in=due]').length === 2",
    )
    .await;
    d.wait_for(&format!(
        "{}[data-state=dispatched] [data-joint=joint]",
        card(&id_text)
    ))
    .await;
    assert_no_error(&d, "34-desk-joint").await;
    d.screenshot(&shot("34-desk-joint")).await;

    // The city management handler who got the part, on their phone.
    let (part, handler) = part_handler(srv.state(), id, "cg").await;
    let phone_display = Display::start();
    let phone_home = tmp.path().join("handler");
    let phone_driver = Driver::start(
        &driver_bin,
        &phone_display,
        &phone_home,
        &[
            (
                "WANGGE_APP_DATA_DIR",
                phone_home.join("device").display().to_string(),
            ),
            ("WANGGE_WINDOW_SIZE", "400x820".into()),
            ("WANGGE_SERVER", url.clone()),
            ("WANGGE_DEMO_USER", handler.clone()),
            ("WANGGE_DEMO_PASSWORD", accounts.dispatcher.1.clone()),
        ],
        &tmp.path().join("handler-driver.log"),
    );
    let h = Session::start(
        "department handler",
        phone_driver.port,
        &app,
        &phone_display,
        (400, 820),
    )
    .await;
    synced(&h).await;
    let task = format!("[data-testid=task-list] {}", card(&part.to_string()));
    h.wait_for(&format!(
        "{task} [data-joint=part] [data-testid=case-card-report-in]"
    ))
    .await;
    h.screenshot(&shot("35-handler-joint-task")).await;
    h.click_on(&task).await;
    h.wait_for("[data-testid=task-joint][data-report-in=due]")
        .await;
    let notice = h
        .script(
            "return document.querySelector('[data-testid=task-report-in]').innerText;",
            vec![],
        )
        .await;
    let notice = notice.as_str().unwrap_or_default().to_string();
    assert!(
        notice.starts_with("请于 ") && notice.contains(" 前报到"),
        "the report-in time: {notice}"
    );
    let button = h
        .script(
            "return document.querySelector('[data-testid=task-acknowledge]').innerText.trim();",
            vec![],
        )
        .await;
    assert_eq!(button.as_str(), Some("报到"));
    h.screenshot(&shot("36-handler-report-in")).await;
    h.click_on("[data-testid=task-acknowledge]").await;
    h.wait_for("[data-testid=task-joint][data-report-in=in]")
        .await;
    h.click_on("[data-testid=back]").await;
    sync_now(&h).await;
    synced(&h).await;

    // The desk reads the parts again: city management reported in, the other still due.
    d.click_on(".desk-title .btn").await;
    d.wait_until(
        "one department reported in and one still due",
        "document.querySelectorAll('[data-testid=joint-part][data-report-in=in]').length === 1
         && document.querySelectorAll('[data-testid=joint-part][data-report-in=due]').length === 1",
    )
    .await;
    assert_no_error(&d, "37-desk-joint-reported").await;
    d.screenshot(&shot("37-desk-joint-reported")).await;

    // The KPIs per department count the whistle.
    d.click_on("[data-testid=desk-kpis]").await;
    d.click_on("[data-testid=kpi-department]").await;
    d.wait_until(
        "a department called once",
        "[...document.querySelectorAll('[data-testid=kpi-called]')].some((c) => c.innerText.trim() === '1')",
    )
    .await;
    d.script(
        "document.querySelector('[data-testid=kpi-called]').scrollIntoView({ block: 'center' });",
        vec![],
    )
    .await;
    assert_no_error(&d, "38-desk-kpis-whistle").await;
    d.screenshot(&shot("38-desk-kpis-whistle")).await;

    h.end().await;
    d.end().await;
    srv.stop().await;
    drop((desk_driver, phone_driver));
}
