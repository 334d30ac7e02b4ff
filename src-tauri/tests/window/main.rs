//! The real app window, end to end: two app windows (a grid worker's and a dispatcher's)
//! under Xvfb, driven through tauri-driver and WebKitWebDriver, against the real sync
//! server on a port of its own. The worker signs in, goes offline (the server stops),
//! captures a report with a photo and sees it queued, comes back online (the server restarts
//! on the same data and port) and sees it sent; the dispatcher accepts and dispatches it; the
//! worker's task appears and is resolved with a photo; the dispatcher verifies and closes,
//! and makes an enrollment QR code for the worker's phone. In 公示牌 the dispatcher prints
//! the community's unprinted placards (the PDF lands in Downloads); the worker confirms one
//! posted with a patrol check-in, and the dispatcher's list says so. The dispatcher exports
//! the assessment workbook and the overdue cases into Downloads and opens 风险预警 and a
//! warning's case, files a 12345 hotline call (受理来电) at the desk and sends a task from
//! above (下发任务).
//! A screenshot of every screen passed is saved (see `screens_dir`). `admin` drives an
//! administrator's window: people, enrollment by QR code, a refused import, the audit log.
//! `whistle` drives a street dispatcher's desk and a department handler's phone: 吹哨 on an
//! accepted case, the handler's 报到, the joint case's parts and the KPIs per department.
//! `browser` drives the desk `wangge serve` serves to browsers, in Debian's Chromium.
//!
//! Needs: tauri-driver (`cargo install tauri-driver --locked --version ^2 --root
//! target/tauri-driver`), WebKitWebDriver (`webkit2gtk-driver`) and Xvfb; the test fails with
//! these instructions when one is missing. The UI must be built first (`npm ci && npm run
//! build` in ui/), since the app embeds ui/dist.

// Test helpers unwrap freely: a failure is a test failure.
#![allow(clippy::unwrap_used)]

mod admin;
mod browser;
mod harness;
mod server;
mod webdriver;
mod whistle;

use std::path::{Path, PathBuf};

use serde_json::json;

use harness::{Display, Driver};
use webdriver::Session;

/// Where the screenshots go: `$WANGGE_SCREENSHOTS`, else `target/tmp/window-screens`.
fn screens_dir() -> PathBuf {
    let dir = std::env::var_os("WANGGE_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-screens"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The photos the worker takes: a broken manhole cover, and the same place fixed (drawn
/// for the test; the engine decodes, orients, resizes and hashes them like any photo).
const PHOTO_BEFORE: &[u8] = include_bytes!("fixtures/manhole-broken.jpg");
const PHOTO_AFTER: &[u8] = include_bytes!("fixtures/manhole-fixed.jpg");

/// Puts a file into a file input as if chosen in the file chooser (the camera on a phone),
/// and lets the UI's change handler run.
async fn choose_photo(s: &Session<'_>, input_css: &str, name: &str, bytes: &[u8]) {
    use base64::Engine as _;
    let input = s.wait_for_present(input_css).await;
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    s.script(
        "const [input, name, b64] = arguments;
         const raw = atob(b64); const bytes = new Uint8Array(raw.length);
         for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
         const dt = new DataTransfer();
         dt.items.add(new File([bytes], name, { type: 'image/jpeg' }));
         input.files = dt.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![input.as_arg(), json!(name), json!(data)],
    )
    .await;
}

/// The CSS selector of the case card showing `text`'s case (by id once known).
fn card(id: &str) -> String {
    format!("[data-testid=case-card][data-case-id='{id}']")
}

/// Fails when the screen shows an error notice.
async fn assert_no_error(s: &Session<'_>, screen: &str) {
    let errors = s
        .script(
            "return [...document.querySelectorAll('.notice.danger, [role=alert]')]
               .map((e) => e.innerText).join(' | ');",
            vec![],
        )
        .await;
    assert_eq!(
        errors.as_str(),
        Some(""),
        "{}: {screen} shows an error",
        s.who
    );
}

/// Clicks the sync bar's "sync now" button.
async fn sync_now(s: &Session<'_>) {
    s.click_on("[data-testid=sync-bar] button.now").await;
}

/// A placard count chip's number.
async fn placard_count(s: &Session<'_>, status: &str) -> u64 {
    s.script(
        "const c = document.querySelector(`[data-testid=placards-count-${arguments[0]}]`);
         return c ? Number(c.dataset.n) : -1;",
        vec![json!(status)],
    )
    .await
    .as_u64()
    .unwrap_or_else(|| panic!("no {status} count on the placards screen"))
}

/// 公示牌: the dispatcher prints the community's unprinted placards (saved into the
/// Downloads folder of `desk_home`, the window's home); the worker confirms the first
/// building's posted with a patrol check-in; after a sync the dispatcher's list shows it
/// posted, by the worker.
async fn placards(d: &Session<'_>, w: &Session<'_>, desk_home: &Path) {
    d.click_on("[data-testid=desk-placards]").await;
    d.wait_for("[data-testid=placard-row]").await;
    let unprinted = placard_count(d, "unprinted").await;
    assert!(
        unprinted > 0,
        "the demo community's placards start unprinted"
    );
    assert_eq!(placard_count(d, "posted").await, 0);
    d.click_on("[data-testid=placards-print-unprinted]").await;
    d.wait_for("[data-testid=placards-saved]").await;
    let saved = d
        .script(
            "return document.querySelector('[data-testid=placards-saved]').innerText.trim();",
            vec![],
        )
        .await;
    let saved = saved.as_str().unwrap_or_default().to_string();
    let path = saved
        .strip_prefix("已保存到 ")
        .and_then(|rest| rest.rsplit_once('（'))
        .map(|(path, _)| PathBuf::from(path))
        .unwrap_or_else(|| panic!("the saved message names no file: {saved}"));
    assert!(
        path.starts_with(desk_home.join("Downloads")),
        "saved outside Downloads: {saved}"
    );
    assert!(
        saved.ends_with(&format!("（{unprinted} 页）")),
        "a page per placard: {saved}"
    );
    let pdf = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(pdf.starts_with(b"%PDF"), "{} is no PDF", path.display());
    d.wait_until(
        "the printed placards to wait to be posted",
        &format!(
            "document.querySelector('[data-testid=placards-count-unprinted]')?.dataset.n === '0'
             && document.querySelector('[data-testid=placards-count-to_post]')?.dataset.n === '{unprinted}'"
        ),
    )
    .await;

    // The worker posts the first building's placard and says so at their check-in.
    w.click_on("[data-testid=tab-patrol]").await;
    w.click_on("[data-testid=patrol-start]").await;
    w.click_on("[data-testid=patrol-placard]").await;
    w.click_on("[data-testid^=checkin-]").await;
    w.wait_for("[data-testid=patrol-placard-confirmed]").await;
    w.screenshot(&screens_dir().join("20-worker-placard-posted.png"))
        .await;
    w.click_on("[data-testid=tab-home]").await;
    sync_now(w).await;
    w.wait_until(
        "the check-in to be sent",
        "(() => { const b = document.querySelector('[data-testid=sync-bar]');
                  return b && b.dataset.state === 'idle' && Number(b.dataset.queued) === 0; })()",
    )
    .await;

    d.click_on("[data-testid=placards-refresh]").await;
    d.wait_for("[data-testid=placard-row][data-status=posted]")
        .await;
    assert_eq!(placard_count(d, "posted").await, 1);
    assert_no_error(d, "20-desk-placards").await;
}

/// The text of a saved-file notice (`已保存到 <path>`) as the path, checked to be in the
/// Downloads folder of `desk_home`.
async fn saved_path(d: &Session<'_>, css: &str, desk_home: &Path) -> PathBuf {
    d.wait_for(css).await;
    let saved = d
        .script(
            &format!("return document.querySelector('{css}').innerText.trim();"),
            vec![],
        )
        .await;
    let saved = saved.as_str().unwrap_or_default().to_string();
    let path = saved
        .strip_prefix("已保存到 ")
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("the saved message names no file: {saved}"));
    assert!(
        path.starts_with(desk_home.join("Downloads")),
        "saved outside Downloads: {saved}"
    );
    path
}

/// The KPI screen's 导出考核表 saves the assessment workbook into Downloads, the overdue
/// board's 导出 CSV its cases, and 风险预警 opens without an error.
async fn exports_and_warnings(d: &Session<'_>, desk_home: &Path) {
    d.click_on("[data-testid=desk-kpis]").await;
    d.click_on("[data-testid=export-assessment]").await;
    let path = saved_path(d, "[data-testid=export-saved]", desk_home).await;
    let xlsx = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(xlsx.starts_with(b"PK"), "{} is no workbook", path.display());

    d.click_on("[data-testid=desk-overdue]").await;
    d.click_on("[data-testid=export-csv]").await;
    let path = saved_path(d, "[data-testid=export-saved]", desk_home).await;
    let csv = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "{} is no CSV",
        path.display()
    );

    d.click_on("[data-testid=desk-warnings]").await;
    d.wait_until(
        "the warnings to load",
        "!!document.querySelector('[data-testid=warnings] section, [data-testid=warnings-empty]')",
    )
    .await;
    assert_no_error(d, "21-desk-warnings").await;
    d.screenshot(&screens_dir().join("21-desk-warnings.png"))
        .await;
    // A warning about cases opens them (the demo's new cases make a community's rise).
    if !d.find_all("[data-testid=warning-case]").await.is_empty() {
        d.click_on("[data-testid=warning-case]").await;
        d.wait_for("[data-testid=warning-case-dialog]").await;
        assert_no_error(d, "22-desk-warning-case").await;
        d.screenshot(&screens_dir().join("22-desk-warning-case.png"))
            .await;
        d.click_on("[data-testid=modal-close]").await;
    }
}

/// 受理来电: the dispatcher files a 12345 hotline call in the dispatch list: a category, the
/// point clicked on the dialog's map (the first grid), a description and the ticket number.
async fn file_a_call(d: &Session<'_>) {
    d.click_on("[data-testid=desk-dispatch]").await;
    d.click_on("[data-testid=file-case]").await;
    d.wait_for("[data-testid=file-case-dialog]").await;
    d.type_into("[data-testid=file-ticket]", "12345-20261207-0001")
        .await;
    d.click_on("[data-testid=file-case-dialog] [data-testid=category-button]")
        .await;
    d.type_into("[data-testid=category-search]", "施工废弃料")
        .await;
    d.click_on("[role=option]").await;
    d.click_on("[data-testid=file-case-dialog] path.grid").await;
    d.wait_until(
        "the clicked point to fill in the coordinates",
        "document.querySelector('[data-testid=file-lon]')?.value !== ''",
    )
    .await;
    d.type_into(
        "[data-testid=file-description]",
        "市民来电：路口堆放建筑垃圾",
    )
    .await;
    d.screenshot(&screens_dir().join("23-desk-file-call.png"))
        .await;
    d.click_on("[data-testid=file-submit]").await;
    d.wait_until(
        "the filed call to be listed",
        "!document.querySelector('[data-testid=file-case-dialog]')
         && document.body.innerText.includes('路口堆放建筑垃圾')",
    )
    .await;
    assert_no_error(d, "23-desk-file-call").await;
    // Its card says how it came in.
    d.wait_for("[data-testid=case-source][data-source=hotline]")
        .await;
    d.screenshot(&screens_dir().join("24-desk-hotline-case.png"))
        .await;

    // 下发任务: a task from above to the first grid's worker.
    d.click_on("[data-testid=send-tasks]").await;
    d.wait_for("[data-testid=send-tasks-dialog]").await;
    d.click_on("[data-testid=task-grid]").await;
    d.click_on("[data-testid=send-tasks-dialog] [data-testid=category-button]")
        .await;
    d.type_into("[data-testid=category-search]", "施工废弃料")
        .await;
    d.click_on("[role=option]").await;
    d.type_into(
        "[data-testid=task-description]",
        "上级交办：排查建筑垃圾堆放点",
    )
    .await;
    d.screenshot(&screens_dir().join("25-desk-send-tasks.png"))
        .await;
    d.click_on("[data-testid=task-submit]").await;
    d.wait_until(
        "the task to be sent",
        "!document.querySelector('[data-testid=send-tasks-dialog]')
         && document.body.innerText.includes('已下发 1 个网格')",
    )
    .await;
    assert_no_error(d, "25-desk-send-tasks").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_and_dispatcher_close_a_case_through_the_real_window() {
    harness::require_system_tools();
    let driver_bin = harness::tauri_driver();
    let app = PathBuf::from(env!("CARGO_BIN_EXE_wangge-app"));
    let screens = screens_dir();
    // The server's and devices' folders and the drivers' logs; kept for a look afterwards
    // with WANGGE_KEEP_TEST_DIR=1.
    let tmp = harness::test_folder("loop");
    let shot = |name: &str| screens.join(format!("{name}.png"));

    // The server, on a port of its own, with the demo district.
    let server_dir = tmp.path().join("server");
    let mut srv = server::Server::start(&server_dir, None).await;
    let port = srv.port();
    let url = format!("http://127.0.0.1:{port}");
    let accounts = server::demo_accounts();

    // One X display per window, so each can be photographed whole.
    let worker_display = Display::start();
    let desk_display = Display::start();

    // The worker's window: a fresh device, signed in through the sign-in screen.
    let worker_home = tmp.path().join("worker");
    let worker_driver = Driver::start(
        &driver_bin,
        &worker_display,
        &worker_home,
        &[
            (
                "WANGGE_APP_DATA_DIR",
                worker_home.join("device").display().to_string(),
            ),
            ("WANGGE_WINDOW_SIZE", "400x820".into()),
        ],
        &tmp.path().join("worker-driver.log"),
    );
    let w = Session::start(
        "worker",
        worker_driver.port,
        &app,
        &worker_display,
        (400, 820),
    )
    .await;

    w.wait_for("[data-testid=signin-submit]").await;
    w.type_into("[data-testid=signin-server]", &url).await;
    w.type_into("[data-testid=signin-username]", &accounts.worker.0)
        .await;
    w.type_into("[data-testid=signin-password]", &accounts.worker.1)
        .await;
    w.screenshot(&shot("01-worker-sign-in")).await;
    w.click_on("[data-testid=signin-submit]").await;
    w.wait_for("[data-testid=my-grid]").await;
    w.wait_until(
        "the first sync (grids, people, categories)",
        "(() => { const b = document.querySelector('[data-testid=sync-bar]');
                  return b && b.dataset.state === 'idle' && b.dataset.synced === 'yes'; })()",
    )
    .await;
    w.wait_until(
        "my grid's name on the home screen",
        "!document.querySelector('[data-testid=my-grid]').innerText.includes('未分配')",
    )
    .await;
    w.screenshot(&shot("02-worker-home")).await;

    // Offline: the server stops.
    srv.stop().await;

    // 随手拍 with a photo, saved with no network.
    // Each run has a server of its own, so the text finds the case. A category the
    // community's queue receives (component categories go straight to their department).
    let description = "文化路14号楼北侧施工废弃料堆放，占用人行道".to_string();
    w.click_on("[data-testid=tab-capture]").await;
    w.wait_for("[data-testid=capture-form]").await;
    choose_photo(
        &w,
        "[data-testid=photo-input]",
        "施工废弃料.jpg",
        PHOTO_BEFORE,
    )
    .await;
    w.wait_for(".photos figure.thumb img").await;
    w.click_on("[data-testid=category-button]").await;
    w.type_into("[data-testid=category-search]", "施工废弃料")
        .await;
    w.click_on("[role=option]").await;
    w.type_into("[data-testid=capture-description]", &description)
        .await;
    w.screenshot(&shot("03-worker-capture-offline")).await;
    w.click_on("[data-testid=capture-save]").await;
    w.wait_for("[data-testid=capture-saved]").await;

    // Home: the report is queued, the sync bar says offline with the queue.
    w.wait_for("[data-testid=my-grid]").await;
    let case_id = w
        .script(
            "const d = arguments[0];
             const c = [...document.querySelectorAll('[data-testid=case-card]')]
               .find((e) => e.innerText.includes(d));
             return c ? c.dataset.caseId : null;",
            vec![json!(description)],
        )
        .await;
    let Some(case_id) = case_id.as_str().map(str::to_string) else {
        panic!(
            "the new report is not on the home screen:\n{}",
            w.page_text().await
        );
    };
    sync_now(&w).await;
    w.wait_until(
        "the sync bar to say offline with the report queued",
        "(() => { const b = document.querySelector('[data-testid=sync-bar]');
                  return b && b.dataset.state === 'offline' && Number(b.dataset.queued) >= 1; })()",
    )
    .await;
    w.wait_for(&format!("{}[data-pending=true]", card(&case_id)))
        .await;
    w.screenshot(&shot("04-worker-queued-offline")).await;

    // Online again: same data, same port. The report goes out.
    srv = server::Server::start(&server_dir, Some(port)).await;
    sync_now(&w).await;
    w.wait_until(
        "the sync bar to say everything is sent",
        "(() => { const b = document.querySelector('[data-testid=sync-bar]');
                  return b && b.dataset.state === 'idle' && Number(b.dataset.queued) === 0; })()",
    )
    .await;
    w.wait_for(&format!("{}[data-pending=false]", card(&case_id)))
        .await;
    w.screenshot(&shot("05-worker-sent")).await;

    // The dispatcher's window, signed in at start by the launch settings.
    let desk_home = tmp.path().join("dispatcher");
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
            ("WANGGE_DEMO_USER", accounts.dispatcher.0.clone()),
            ("WANGGE_DEMO_PASSWORD", accounts.dispatcher.1.clone()),
        ],
        &tmp.path().join("dispatcher-driver.log"),
    );
    let d = Session::start(
        "dispatcher",
        desk_driver.port,
        &app,
        &desk_display,
        (1280, 820),
    )
    .await;

    // Review queue: accept the report.
    d.click_on("[data-testid=desk-review]").await;
    d.click_on(&card(&case_id)).await;
    d.wait_for("[data-testid=review-accept]").await;
    d.screenshot(&shot("06-desk-review")).await;
    d.click_on("[data-testid=review-accept]").await;
    d.wait_until(
        "the report to leave the review queue",
        &format!("!document.querySelector(\"{}\")", card(&case_id)),
    )
    .await;

    // Dispatch it to the worker with the default deadline.
    d.click_on("[data-testid=desk-dispatch]").await;
    d.click_on(&card(&case_id)).await;
    d.wait_for("input[name=assignee]").await;
    // The workers offered are those of the case's grid: the worker who reported it.
    d.click_on("label.worker").await;
    d.screenshot(&shot("07-desk-dispatch")).await;
    d.click_on("[data-testid=dispatch-submit]").await;
    d.wait_until(
        "the case to leave the dispatch list",
        &format!("!document.querySelector(\"{}\")", card(&case_id)),
    )
    .await;

    // The worker's task appears after a sync; start and resolve it with a photo.
    w.click_on("[data-testid=tab-home]").await;
    sync_now(&w).await;
    w.wait_for(&format!("[data-testid=task-list] {}", card(&case_id)))
        .await;
    w.screenshot(&shot("08-worker-task")).await;
    w.click_on(&format!("[data-testid=task-list] {}", card(&case_id)))
        .await;
    w.wait_for("[data-testid=task-detail][data-state=dispatched]")
        .await;
    w.screenshot(&shot("09-worker-task-detail")).await;
    w.click_on("[data-testid=task-start]").await;
    w.wait_for("[data-testid=task-detail][data-state=in_progress]")
        .await;
    w.click_on("[data-testid=task-resolve]").await;
    w.wait_for("[data-testid=resolve-panel]").await;
    choose_photo(
        &w,
        "[data-testid=evidence-input]",
        "处置后.jpg",
        PHOTO_AFTER,
    )
    .await;
    w.wait_for("[data-testid=resolve-panel] figure.thumb img")
        .await;
    w.type_into("[data-testid=resolve-note]", "已清运施工废弃料")
        .await;
    w.screenshot(&shot("10-worker-resolve")).await;
    w.click_on("[data-testid=task-submit]").await;
    w.wait_for("[data-testid=task-detail][data-state=resolved]")
        .await;
    w.click_on("[data-testid=back]").await;
    sync_now(&w).await;
    w.wait_until(
        "the resolution to be sent",
        "(() => { const b = document.querySelector('[data-testid=sync-bar]');
                  return b && b.dataset.state === 'idle' && Number(b.dataset.queued) === 0; })()",
    )
    .await;

    // The dispatcher verifies with the evidence and closes.
    d.click_on("[data-testid=desk-verify]").await;
    d.click_on(&card(&case_id)).await;
    d.wait_for("[data-testid=verify-pass]").await;
    d.screenshot(&shot("11-desk-verify")).await;
    d.click_on("[data-testid=verify-pass]").await;
    d.click_on("[data-testid=verify-close]").await;
    d.wait_until(
        "the case to leave the verify list",
        &format!("!document.querySelector(\"{}\")", card(&case_id)),
    )
    .await;
    d.screenshot(&shot("12-desk-closed")).await;
    d.click_on("[data-testid=desk-kpis]").await;
    d.wait_for("[data-testid=kpis]").await;
    d.screenshot(&shot("13-desk-kpis")).await;

    // The worker sees the report closed.
    sync_now(&w).await;
    w.wait_for(&format!(
        "[data-testid=report-list] {}[data-state=closed]",
        card(&case_id)
    ))
    .await;
    w.screenshot(&shot("14-worker-closed")).await;

    // The other screens open without an error: the worker's map, patrol and "me", the
    // dispatcher's overdue board.
    for (tab, ready, name) in [
        ("map", "svg", "15-worker-map"),
        ("patrol", "[data-testid=patrol]", "16-worker-patrol"),
        ("me", "[data-testid=sign-out]", "17-worker-me"),
    ] {
        w.click_on(&format!("[data-testid=tab-{tab}]")).await;
        w.wait_for(ready).await;
        assert_no_error(&w, name).await;
        w.screenshot(&shot(name)).await;
    }
    d.click_on("[data-testid=desk-overdue]").await;
    d.wait_for("[data-testid=overdue]").await;
    assert_no_error(&d, "18-desk-overdue").await;
    d.screenshot(&shot("18-desk-overdue")).await;

    // A community dispatcher enrolls their own worker's phone (people synced to the desk).
    d.click_on("[data-testid=desk-people]").await;
    let worker_row = format!(
        "[data-testid=person-row][data-username='{}']",
        accounts.worker.0
    );
    d.click_on(&format!("{worker_row} [data-testid=person-enroll]"))
        .await;
    d.wait_for("[data-testid=enroll-qr]").await;
    assert_no_error(&d, "19-desk-enroll").await;
    d.screenshot(&shot("19-desk-enroll")).await;
    d.click_on("[data-testid=modal-close]").await;

    placards(&d, &w, &desk_home).await;
    d.screenshot(&shot("20-desk-placards")).await;
    exports_and_warnings(&d, &desk_home).await;
    file_a_call(&d).await;

    d.end().await;
    w.end().await;
    srv.stop().await;
    drop((worker_driver, desk_driver));
    eprintln!("screenshots in {}", screens.display());
}
