//! The desk in a browser: Debian's Chromium (headless, through chromedriver) opens the
//! desk `wangge serve` serves at `/`, against the real server with the demo district. A
//! community dispatcher signs in (no server field: the page's own origin), opens the
//! district board, sees a report a worker's device sends while the board is open appear on
//! it without a reload, then accepts, dispatches, verifies and closes that case, the worker
//! (a real device engine) doing the task with a photo in between. A grid worker is sent to
//! the app. Screenshots at 1920×1080.

use std::path::Path;

use device::engine::{CaptureReport, TaskAct, TaskAction};
use device::{Engine, EngineConfig};
use serde_json::json;

use crate::harness::{self, ChromeDriver};
use crate::webdriver::Session;
use crate::{PHOTO_AFTER, PHOTO_BEFORE, card, screens_dir, server};

/// A point inside a grid's outline: the mean of its outer ring's corners (the demo's grids
/// are convex).
fn inside(geometry: &serde_json::Value) -> (f64, f64) {
    let ring = match geometry["type"].as_str() {
        Some("MultiPolygon") => &geometry["coordinates"][0][0],
        _ => &geometry["coordinates"][0],
    };
    let points: Vec<(f64, f64)> = ring
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect();
    // The ring repeats its first corner last.
    let corners = &points[..points.len() - 1];
    let n = corners.len() as f64;
    (
        corners.iter().map(|p| p.0).sum::<f64>() / n,
        corners.iter().map(|p| p.1).sum::<f64>() / n,
    )
}

/// The worker's phone: a real device engine, signed in and synced.
async fn worker_device(dir: &Path, url: &str, user: &(String, String)) -> Engine {
    let engine = Engine::open_with(
        dir,
        EngineConfig {
            device_name: "网格员手机".into(),
            ..EngineConfig::default()
        },
    )
    .unwrap();
    engine.login(url, &user.0, &user.1).await.unwrap();
    engine.sync_now().await.unwrap();
    engine
}

/// The worker reports 施工废弃料 in their first grid with a photo, and sends it.
async fn report(worker: &Engine, description: &str) -> String {
    let grid = worker.my_grids().unwrap().remove(0);
    let (lon, lat) = inside(&grid.geometry);
    let photo = worker.prepare_photo_bytes(PHOTO_BEFORE).unwrap();
    let case = worker
        .capture_report(CaptureReport {
            category: "5305".parse().unwrap(),
            priority: domain::Priority::Normal,
            description: description.into(),
            lon,
            lat,
            photos: vec![photo.sha256],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    assert_eq!(case.grid.map(|g| g.to_string()), Some(grid.code));
    worker.sync_now().await.unwrap();
    assert_eq!(worker.sync_status().queued, 0);
    case.id.to_string()
}

/// The point of case `id` on the board.
fn board_point(id: &str) -> String {
    format!("[data-testid=board-case][data-case-id='{id}']")
}

async fn sign_in(d: &Session<'_>, user: &(String, String)) {
    d.type_into("[data-testid=signin-username]", &user.0).await;
    d.type_into("[data-testid=signin-password]", &user.1).await;
    d.click_on("[data-testid=signin-submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dispatcher_works_the_case_loop_in_a_browser_and_the_board_updates_live() {
    let tmp = harness::test_folder("browser");
    let shot = |name: &str| screens_dir().join(format!("{name}.png"));
    let mut srv = server::Server::start(&tmp.path().join("server"), None).await;
    let url = format!("http://127.0.0.1:{}", srv.port());
    let accounts = server::demo_accounts();
    let worker = worker_device(&tmp.path().join("worker"), &url, &accounts.worker).await;
    let first = report(&worker, "浏览器测试：文化路北侧施工废弃料堆放").await;

    let chrome = ChromeDriver::start(&tmp.path().join("chromedriver.log"));
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let d = Session::chromium(
        "browser desk",
        chrome.port,
        &tmp.path().join("chromium-profile"),
        &downloads,
        (1920, 1080),
    )
    .await;
    d.go(&format!("{url}/")).await;
    d.wait_for("[data-testid=signin-submit]").await;
    // The browser signs in to the server that served the page: no server to type.
    assert!(
        d.find_all("[data-testid=signin-server]").await.is_empty(),
        "the browser's sign-in asks for a server"
    );

    // A grid worker is sent to the app.
    sign_in(&d, &accounts.worker).await;
    d.wait_until(
        "the sign-in screen to send the worker to the app",
        "[...document.querySelectorAll('.notice.danger, [role=alert]')]
           .some((e) => e.innerText.includes('App'))
         && !!document.querySelector('[data-testid=signin-submit]')",
    )
    .await;
    d.screenshot(&shot("40-browser-worker-refused")).await;

    sign_in(&d, &accounts.dispatcher).await;
    d.click_on("[data-testid=desk-board]").await;
    d.wait_for("[data-testid=board-map]").await;
    d.wait_for(&board_point(&first)).await;
    d.screenshot(&shot("41-browser-board")).await;

    // A report arrives while the board is open: it appears without a reload.
    d.script("window.__sameDocument = true;", vec![]).await;
    let second = report(&worker, "浏览器测试：文化路南侧建筑垃圾").await;
    d.wait_until(
        "the new report on the board, the page not reloaded",
        &format!(
            "!!document.querySelector(\"{}\") && window.__sameDocument === true",
            board_point(&second)
        ),
    )
    .await;
    d.screenshot(&shot("42-browser-board-live")).await;

    // The case loop at the browser desk: accept, dispatch to the worker.
    d.click_on("[data-testid=desk-review]").await;
    d.click_on(&card(&first)).await;
    d.wait_for("[data-testid=review-accept]").await;
    d.screenshot(&shot("43-browser-review")).await;
    d.click_on("[data-testid=review-accept]").await;
    d.wait_until(
        "the report to leave the review queue",
        &format!("!document.querySelector(\"{}\")", card(&first)),
    )
    .await;
    d.click_on("[data-testid=desk-dispatch]").await;
    d.click_on(&card(&first)).await;
    d.wait_for("input[name=assignee]").await;
    d.click_on("label.worker").await;
    d.screenshot(&shot("44-browser-dispatch")).await;
    d.click_on("[data-testid=dispatch-submit]").await;
    d.wait_until(
        "the case to leave the dispatch list",
        &format!("!document.querySelector(\"{}\")", card(&first)),
    )
    .await;

    // The worker's phone does the task with a photo of the work.
    worker.sync_now().await.unwrap();
    let id = first.parse().unwrap();
    for action in [TaskAction::Acknowledge, TaskAction::Start] {
        worker
            .task_act(TaskAct {
                id,
                action,
                note: None,
                photos: vec![],
                reason: None,
            })
            .unwrap();
    }
    let evidence = worker.prepare_photo_bytes(PHOTO_AFTER).unwrap();
    worker
        .task_act(TaskAct {
            id,
            action: TaskAction::Resolve,
            note: Some("已清运施工废弃料".into()),
            photos: vec![evidence.sha256],
            reason: None,
        })
        .unwrap();
    worker.sync_now().await.unwrap();
    assert_eq!(worker.sync_status().queued, 0);

    // Verified with the evidence, and closed.
    d.click_on("[data-testid=desk-verify]").await;
    d.click_on(&card(&first)).await;
    d.wait_for("[data-testid=verify-pass]").await;
    d.wait_until(
        "the report's photo and the evidence to show, fetched from the server",
        "[...document.querySelectorAll('.desk-gallery img')]
           .filter((i) => i.complete && i.naturalWidth > 0).length >= 2",
    )
    .await;
    d.screenshot(&shot("45-browser-verify")).await;
    d.click_on("[data-testid=verify-pass]").await;
    d.click_on("[data-testid=verify-close]").await;
    d.wait_until(
        "the case to leave the verify list",
        &format!("!document.querySelector(\"{}\")", card(&first)),
    )
    .await;
    let closed = srv
        .state()
        .read(move |tx| tx.case_get(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(closed.case.state, domain::CaseState::Closed);
    // The board no longer shows it; the other report is still open.
    d.click_on("[data-testid=desk-board]").await;
    d.wait_for(&board_point(&second)).await;
    d.wait_until(
        "the closed case to leave the board",
        &format!("!document.querySelector(\"{}\")", board_point(&first)),
    )
    .await;
    assert_eq!(
        d.script(
            "return document.querySelector('[data-testid=board-error]') ? 'error' : 'ok';",
            vec![]
        )
        .await,
        json!("ok")
    );
    d.screenshot(&shot("46-browser-board-after")).await;

    // Signing out ends the browser's session: a reload finds nobody signed in.
    d.click_on("[data-testid=desk-sign-out]").await;
    d.wait_for("[data-testid=signin-submit]").await;
    d.go(&format!("{url}/")).await;
    d.wait_for("[data-testid=signin-submit]").await;
    // The command centre's board: the whole district, 941 grids, on the big screen.
    let commander = ("commander".to_string(), accounts.dispatcher.1.clone());
    sign_in(&d, &commander).await;
    d.click_on("[data-testid=desk-board]").await;
    d.wait_until(
        "every grid of the district on the board",
        "document.querySelectorAll('[data-testid=board-map] [data-testid=board-grid]').length === 941",
    )
    .await;
    d.wait_for(&board_point(&second)).await;
    d.screenshot(&shot("47-browser-board-district")).await;

    d.end().await;
    drop(chrome);
    srv.stop().await;
}
