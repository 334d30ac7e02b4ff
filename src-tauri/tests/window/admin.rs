//! The administrator at the desk, in the real window against the real server: the people of
//! one community (filtered on the server), an enrollment QR code for a worker's phone, a
//! people file with mistakes chosen through the file input (WebDriver's send keys) and
//! refused on a dry run with every problem listed, a deactivation confirmed, and the audit
//! log with what was done (a change's before and after opened). Beside it the worker's phone,
//! a second window signed out: a picture without a QR code is refused, the enrollment link
//! pasted into the sign-in screen signs it in as the worker, and once the worker is
//! deactivated the phone is back on the sign-in screen with the administrator's reason.
//! Then the administrator creates a person (a wrong phone first, marked on its field), edits
//! them and resets their password; the phone signs in with the one-time password, is asked
//! for a new one, sets it and is signed in. Last, a category's normal accept limit changed
//! in 类别与时限 shows in its table. A grid worker is moved to another grid in 调整网格
//! (picked from the grid list, open tasks handed over) and their area changes in the list;
//! 网格地图 draws every grid of the district and marks the moved worker's old grid as the one
//! without a worker; in its community the grids are labelled and a grid clicked names its
//! worker. In 设备 the phone is revoked with a reason, marked revoked in the list, and gives the reason at its next
//! contact. Screenshots `21-…` to `32-…` (see `screens_dir`).

use std::path::PathBuf;

use serde_json::json;

use crate::harness::{self, Display, Driver};
use crate::server;
use crate::webdriver::Session;
use crate::{PHOTO_BEFORE, assert_no_error, screens_dir};

/// A people table with a mistake on each row: an unknown role, a missing user name and a bad
/// phone, an area that does not exist.
const BAD_PEOPLE_CSV: &str = "username,name,role,area,phone,password\n\
    wang.li,王丽,网格长,130302001001001,13800001111,Wangge-pass-2026\n\
    ,张强,专职网格员,130302001001001,12345,Wangge-pass-2026\n\
    li.na,李娜,信息员,999999999999,13800002222,Wangge-pass-2026\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_manages_people_imports_and_the_audit_log_in_the_real_window() {
    harness::require_system_tools();
    let driver_bin = harness::tauri_driver();
    let app = PathBuf::from(env!("CARGO_BIN_EXE_wangge-app"));
    let screens = screens_dir();
    let tmp = harness::test_folder("admin");
    let shot = |name: &str| screens.join(format!("{name}.png"));

    let mut srv = server::Server::start(&tmp.path().join("server"), None).await;
    let url = format!("http://127.0.0.1:{}", srv.port());
    let accounts = server::demo_accounts();
    let community = accounts.dispatcher.0.trim_start_matches('c').to_string();
    let worker = accounts.worker.0.clone();

    // The administrator's window, signed in at start.
    let display = Display::start();
    let home = tmp.path().join("admin");
    let driver = Driver::start(
        &driver_bin,
        &display,
        &home,
        &[
            (
                "WANGGE_APP_DATA_DIR",
                home.join("device").display().to_string(),
            ),
            ("WANGGE_WINDOW_SIZE", "1280x820".into()),
            ("WANGGE_SERVER", url.clone()),
            ("WANGGE_DEMO_USER", accounts.admin.0.clone()),
            ("WANGGE_DEMO_PASSWORD", accounts.admin.1.clone()),
        ],
        &tmp.path().join("admin-driver.log"),
    );
    let a = Session::start("administrator", driver.port, &app, &display, (1280, 820)).await;

    // 人员: the people of one community, as the server filters them.
    a.click_on("[data-testid=desk-people]").await;
    a.wait_for("[data-testid=person-row]").await;
    a.type_into("[data-testid=people-community]", &community)
        .await;
    a.wait_until(
        "only the community's people listed, its worker among them",
        &format!(
            "(() => {{ const rows = [...document.querySelectorAll('[data-testid=person-row]')];
                      return rows.length > 0
                        && rows.some((r) => r.dataset.username === '{worker}')
                        && rows.every((r) => r.innerText.includes('{community}')); }})()"
        ),
    )
    .await;
    assert_no_error(&a, "21-admin-people").await;
    a.screenshot(&shot("21-admin-people")).await;

    // 扫码登记: the worker's enrollment QR code.
    let row = format!("[data-testid=person-row][data-username='{worker}']");
    a.click_on(&format!("{row} [data-testid=person-enroll]"))
        .await;
    a.wait_for("[data-testid=enroll-qr]").await;
    let link = a
        .script(
            "return document.querySelector('[data-testid=enroll-link]').value;",
            vec![],
        )
        .await;
    assert!(
        link.as_str()
            .is_some_and(|l| l.starts_with("wangge://enroll?")),
        "the enrollment link is {link}"
    );
    let expires = a
        .script(
            "return document.querySelector('[data-testid=enroll-expires]').innerText;",
            vec![],
        )
        .await;
    assert!(
        expires.as_str().is_some_and(|e| e.contains("有效期至")),
        "the dialog says {expires}"
    );
    a.screenshot(&shot("22-admin-enroll-qr")).await;
    a.click_on("[data-testid=modal-close]").await;
    let link = link.as_str().unwrap().to_string();
    let name = a
        .script(
            "return document.querySelector(arguments[0] + ' td b').innerText;",
            vec![json!(row)],
        )
        .await;
    let name = name.as_str().unwrap().trim().to_string();

    // The worker's phone, a fresh device: enrolled with the link, no password.
    let phone_display = Display::start();
    let phone_home = tmp.path().join("phone");
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
        ],
        &tmp.path().join("phone-driver.log"),
    );
    let p = Session::start(
        "worker's phone",
        phone_driver.port,
        &app,
        &phone_display,
        (400, 820),
    )
    .await;
    p.click_on("[data-testid=signin-mode-enroll]").await;
    p.wait_for("[data-testid=enroll-form]").await;
    p.type_into("[data-testid=enroll-code]", &link).await;
    p.wait_until(
        "the link's server shown",
        &format!(
            "(() => {{ const s = document.querySelector('[data-testid=enroll-link-server]');
                      return s && s.innerText.includes('{url}')
                        && !document.querySelector('[data-testid=enroll-server]'); }})()"
        ),
    )
    .await;
    assert_no_error(&p, "25-signin-enroll").await;
    p.screenshot(&shot("25-signin-enroll")).await;
    // A picture without a QR code (a photo of a manhole) is refused, saying so.
    let photo = tmp.path().join("井盖.jpg");
    std::fs::write(&photo, PHOTO_BEFORE).unwrap();
    p.choose_file("[data-testid=enroll-image]", &photo).await;
    p.wait_until(
        "the picture refused for having no QR code",
        "(() => { const e = document.querySelector('[data-testid=enroll-error]');
                  return e && e.innerText.includes('图片中没有可识别的二维码'); })()",
    )
    .await;
    p.click_on("[data-testid=enroll-submit]").await;
    p.wait_for("[data-testid=my-grid]").await;
    p.wait_until(
        "the worker's grid after the first sync",
        "(() => { const b = document.querySelector('[data-testid=sync-bar]');
                  return b && b.dataset.state === 'idle' && b.dataset.synced === 'yes'
                    && !document.querySelector('[data-testid=my-grid]').innerText.includes('未分配'); })()",
    )
    .await;
    let home = p.page_text().await;
    assert!(
        home.contains(&format!("{name}，你好")),
        "the phone is signed in as {name}:\n{home}"
    );
    assert_no_error(&p, "the enrolled phone's home").await;

    // 导入: a people file with mistakes, chosen through the file input, refused on a dry run.
    let bad = tmp.path().join("人员-有错误.csv");
    std::fs::write(&bad, BAD_PEOPLE_CSV).unwrap();
    a.click_on("[data-testid=desk-imports]").await;
    a.click_on("[data-testid=import-kind-people]").await;
    a.choose_file("[data-testid=import-file]", &bad).await;
    a.wait_for("[data-testid=import-chosen]").await;
    a.click_on("[data-testid=import-dry-run]").await;
    a.wait_for("[data-testid=import-refused]").await;
    let problems = a
        .script(
            "return [...document.querySelectorAll('[data-testid=import-problems] tbody tr')]
               .map((r) => [...r.cells].map((c) => c.innerText));",
            vec![],
        )
        .await;
    let problems = problems.as_array().cloned().unwrap_or_default();
    let rows: Vec<&str> = problems.iter().filter_map(|p| p[1].as_str()).collect();
    for row in ["2", "3", "4"] {
        assert!(
            rows.contains(&row),
            "row {row} of the file has a mistake the report does not list: {problems:?}"
        );
    }
    assert!(
        problems.iter().all(|p| p[0] == json!("人员-有错误.csv")),
        "each problem names the file as its sheet: {problems:?}"
    );
    // Each reason in Chinese, with the value at fault.
    let reasons: Vec<&str> = problems.iter().filter_map(|p| p[3].as_str()).collect();
    for said in [
        "未知角色“网格长”",
        "“12345”不是电话号码：手机号应为11位数字，以1开头",
        "社区 999999999999 不在区划中",
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(said)),
            "no reason says {said:?}: {problems:?}"
        );
    }
    let banner = a
        .script(
            "return document.querySelector('[data-testid=import-refused]').innerText;",
            vec![],
        )
        .await;
    assert!(
        banner
            .as_str()
            .is_some_and(|b| b.contains("没有导入任何数据")),
        "the banner says {banner}"
    );
    a.screenshot(&shot("23-admin-import-errors")).await;

    // 停用: the worker, after a confirmation.
    a.click_on("[data-testid=desk-people]").await;
    a.type_into("[data-testid=people-search]", &worker).await;
    a.wait_until(
        "the search to list the worker alone",
        &format!(
            "(() => {{ const rows = [...document.querySelectorAll('[data-testid=person-row]')];
                      return rows.length === 1 && rows[0].dataset.username === '{worker}'; }})()"
        ),
    )
    .await;
    a.click_on(&format!("{row} [data-testid=person-deactivate]"))
        .await;
    a.wait_for("[data-testid=deactivate-dialog]").await;
    a.type_into("[data-testid=deactivate-reason]", "调离本网格")
        .await;
    a.click_on("[data-testid=deactivate-confirm]").await;
    a.wait_until(
        "the worker shown as deactivated",
        &format!(
            "(() => {{ const r = document.querySelector(\"{row}\");
                      return r && r.innerText.includes('已停用'); }})()"
        ),
    )
    .await;

    // The phone, at its next contact (sync now, unless the event stream woke it already),
    // wipes itself and shows the sign-in screen with why.
    p.script(
        "const now = document.querySelector('[data-testid=sync-bar] button.now');
         if (now) now.click();",
        vec![],
    )
    .await;
    let ended = p.wait_for("[data-testid=signin-ended]").await;
    let said = p
        .script("return arguments[0].innerText;", vec![ended.as_arg()])
        .await;
    assert!(
        said.as_str()
            .is_some_and(|s| s.contains("管理员已让此设备退出登录：调离本网格。")
                && s.contains("未发送的记录已交给管理员")),
        "the sign-in screen says {said}"
    );
    p.wait_for("[data-testid=signin-submit]").await;
    p.screenshot(&shot("26-signin-ended")).await;

    // 新建人员: an information reporter of the community, a wrong phone first.
    let newcomer = "li.xin";
    a.click_on("[data-testid=desk-people]").await;
    a.script(
        "const q = document.querySelector('[data-testid=people-search]');
         q.value = '';
         q.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    a.click_on("[data-testid=person-new]").await;
    a.wait_for("[data-testid=person-dialog]").await;
    a.type_into("[data-testid=person-form-username]", newcomer)
        .await;
    a.type_into("[data-testid=person-form-name]", "李欣").await;
    a.script(
        "const s = document.querySelector('[data-testid=person-form-role]');
         s.value = 'information_reporter';
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await;
    a.type_into("[data-testid=person-form-area]", &community)
        .await;
    a.type_into("[data-testid=person-form-phone]", "12345")
        .await;
    a.click_on("[data-testid=person-form-save]").await;
    let phone_error = a.wait_for("[data-testid=person-form-phone-error]").await;
    let said = a
        .script("return arguments[0].innerText;", vec![phone_error.as_arg()])
        .await;
    assert!(
        said.as_str().is_some_and(|s| s.contains("12345")),
        "the phone field says {said}"
    );
    a.screenshot(&shot("27-admin-person-form")).await;
    a.type_into("[data-testid=person-form-phone]", "13803350099")
        .await;
    a.click_on("[data-testid=person-form-save]").await;
    let new_row = format!("[data-testid=person-row][data-username='{newcomer}']");
    a.wait_for(&new_row).await;
    assert_no_error(&a, "the person created").await;

    // 编辑: the name changed.
    a.click_on(&format!("{new_row} [data-testid=person-edit]"))
        .await;
    a.wait_for("[data-testid=person-dialog]").await;
    a.type_into("[data-testid=person-form-name]", "李欣然")
        .await;
    a.click_on("[data-testid=person-form-save]").await;
    a.wait_until(
        "the new name in the person's row",
        &format!(
            "(() => {{ const r = document.querySelector(\"{new_row}\");
                      return r && r.innerText.includes('李欣然')
                        && !document.querySelector('[data-testid=person-dialog]'); }})()"
        ),
    )
    .await;

    // 重置密码: confirmed, the one-time password shown once.
    a.click_on(&format!("{new_row} [data-testid=person-reset-password]"))
        .await;
    a.click_on("[data-testid=reset-password-confirm]").await;
    let value = a.wait_for("[data-testid=reset-password-value]").await;
    let one_time = a
        .script("return arguments[0].value;", vec![value.as_arg()])
        .await;
    let one_time = one_time.as_str().unwrap_or_default().to_string();
    assert!(one_time.len() >= 8, "the one-time password is {one_time:?}");
    let next = a
        .script(
            "return document.querySelector('[data-testid=reset-password-next]').innerText;",
            vec![],
        )
        .await;
    assert!(
        next.as_str()
            .is_some_and(|n| n.contains("设置自己的新密码")),
        "the dialog says {next}"
    );
    a.screenshot(&shot("28-admin-reset-password")).await;
    a.click_on("[data-testid=reset-password-close]").await;

    // The phone, signed out: the one-time password asks for a new one, which signs it in.
    p.click_on("[data-testid=signin-mode-password]").await;
    p.type_into("[data-testid=signin-server]", &url).await;
    p.type_into("[data-testid=signin-username]", newcomer).await;
    p.type_into("[data-testid=signin-password]", &one_time)
        .await;
    p.click_on("[data-testid=signin-submit]").await;
    p.wait_for("[data-testid=signin-new-form]").await;
    p.type_into("[data-testid=signin-new-password]", "aaaaaaaa")
        .await;
    p.type_into("[data-testid=signin-new-again]", "aaaaaaaa")
        .await;
    p.click_on("[data-testid=signin-new-submit]").await;
    p.wait_for("[data-testid=signin-new-error]").await;
    p.type_into("[data-testid=signin-new-password]", "Li-xin-2026!")
        .await;
    p.type_into("[data-testid=signin-new-again]", "Li-xin-2026!")
        .await;
    p.click_on("[data-testid=signin-new-submit]").await;
    p.wait_until(
        "the phone signed in as the new person",
        "(() => !document.querySelector('[data-testid=signin-new-form]')
                && !!document.querySelector('[data-testid=sync-bar]')
                && document.body.innerText.includes('李欣然'))()",
    )
    .await;
    assert_no_error(&p, "signed in with the new password").await;

    // 类别与时限: the first category's normal accept limit, changed in its dialog.
    a.click_on("[data-testid=desk-categories]").await;
    let first = a.wait_for("[data-testid=category-row]").await;
    let code = a
        .script("return arguments[0].dataset.code;", vec![first.as_arg()])
        .await;
    let code = code.as_str().unwrap_or_default().to_string();
    let cell = format!(
        "[data-testid=category-row][data-code='{code}'] [data-testid=category-normal-accept]"
    );
    let before = a
        .script(
            "return Number(document.querySelector(arguments[0]).innerText);",
            vec![json!(cell)],
        )
        .await;
    let after = before.as_u64().unwrap_or(0) + 1;
    a.click_on(&format!(
        "[data-testid=category-row][data-code='{code}'] [data-testid=category-edit]"
    ))
    .await;
    a.wait_for("[data-testid=category-dialog]").await;
    a.type_into(
        "[data-testid=category-form-normal_accept_min]",
        &after.to_string(),
    )
    .await;
    a.click_on("[data-testid=category-form-save]").await;
    a.wait_until(
        "the table to show the new limit",
        &format!(
            "(() => {{ const c = document.querySelector(\"{cell}\");
                      return c && c.innerText.trim() === '{after}'
                        && !document.querySelector('[data-testid=category-dialog]'); }})()"
        ),
    )
    .await;
    assert_no_error(&a, "29-admin-categories").await;
    a.screenshot(&shot("29-admin-categories")).await;

    // 调整网格: the worker of the district's last grid moved to the first community's first
    // grid (its worker deactivated above), picked from the grid list, open tasks handed over.
    let to_grid = format!("{community}001");
    a.click_on("[data-testid=desk-people]").await;
    a.script(
        "for (const id of ['people-community', 'people-search']) {
           const q = document.querySelector(`[data-testid=${id}]`);
           q.value = '';
           q.dispatchEvent(new Event('input', { bubbles: true }));
         }",
        vec![],
    )
    .await;
    a.wait_until(
        "the whole district's people listed",
        "(() => new Set([...document.querySelectorAll('[data-testid=person-row]')]
                  .map((r) => r.querySelector('.area').innerText.replace(/\\D/g, '').slice(0, 12))).size > 1)()",
    )
    .await;
    let mover = a
        .script(
            "return [...document.querySelectorAll('[data-testid=person-row]')]
               .filter((r) => r.querySelector('[data-testid=person-move]'))
               .map((r) => r.dataset.username).sort().pop();",
            vec![],
        )
        .await;
    let mover = mover.as_str().expect("a grid worker to move").to_string();
    let from_grid = mover.trim_start_matches('w').to_string();
    let mover_row = format!("[data-testid=person-row][data-username='{mover}']");
    a.type_into("[data-testid=people-search]", &mover).await;
    a.wait_until(
        "the worker to move listed alone, in their grid",
        &format!(
            "(() => {{ const rows = [...document.querySelectorAll('[data-testid=person-row]')];
                      return rows.length === 1 && rows[0].dataset.username === '{mover}'
                        && rows[0].querySelector('.area').innerText.includes('{from_grid}'); }})()"
        ),
    )
    .await;
    a.click_on(&format!("{mover_row} [data-testid=person-move]"))
        .await;
    a.wait_for("[data-testid=move-dialog]").await;
    a.type_into("[data-testid=move-search]", &to_grid).await;
    a.click_on(&format!("[data-testid=move-grid][data-code='{to_grid}']"))
        .await;
    a.type_into("[data-testid=move-search]", &from_grid).await;
    a.click_on(&format!("[data-testid=move-grid][data-code='{from_grid}']"))
        .await;
    a.click_on("[data-testid=move-hand-over]").await;
    clear(&a, "[data-testid=move-search]").await;
    a.wait_until(
        "the new grid alone chosen, named from the synced grids",
        &format!(
            "(() => {{ const f = document.querySelector('[data-testid=move-grids]');
                      const c = document.querySelector('[data-testid=move-chosen]');
                      return f.value.trim() === '{to_grid}' && c
                        && !c.innerText.includes('未同步'); }})()"
        ),
    )
    .await;
    assert_no_error(&a, "30-admin-move").await;
    a.screenshot(&shot("30-admin-move")).await;
    a.click_on("[data-testid=move-save]").await;
    a.wait_until(
        "the worker's area changed in the list",
        &format!(
            "(() => {{ const r = document.querySelector(\"{mover_row}\");
                      const area = r && r.querySelector('.area').innerText;
                      return area && area.includes('{to_grid}') && !area.includes('{from_grid}')
                        && !document.querySelector('[data-testid=move-dialog]'); }})()"
        ),
    )
    .await;
    assert_no_error(&a, "the worker moved").await;

    // 网格地图: every grid of the district drawn, the moved worker's old grid the only one
    // marked as having no worker; in its community the grids are labelled, and a grid
    // clicked names its worker (the people list) and counts its buildings (synced).
    let district_grids = demo_grids_in("");
    a.click_on("[data-testid=desk-gridmap]").await;
    a.wait_until(
        "every grid of the district drawn, the worker's old grid alone without a worker",
        &format!(
            "(() => {{ const shapes = [...document.querySelectorAll('[data-testid=map-grid]')];
                      const bare = shapes.filter((s) => s.dataset.covered === 'no');
                      return shapes.length === {district_grids}
                        && shapes.every((s) => s.dataset.covered !== 'unknown')
                        && bare.length === 1 && bare[0].dataset.code === '{from_grid}'
                        && document.querySelector('[data-testid=gridmap-uncovered-count]').innerText.includes('1 个无网格员')
                        && !!document.querySelector(\"[data-testid=gridmap-uncovered-grid][data-code='{from_grid}']\"); }})()"
        ),
    )
    .await;
    assert_no_error(&a, "32-admin-district-map-all").await;
    a.screenshot(&shot("32-admin-district-map-all")).await;
    let bare_community = &from_grid[..12];
    let community_grids = demo_grids_in(bare_community);
    choose(&a, "[data-testid=gridmap-street]", &from_grid[..9]).await;
    choose(&a, "[data-testid=gridmap-community]", bare_community).await;
    a.wait_until(
        "only the community's grids drawn and labelled, the worker's old grid marked",
        &format!(
            "(() => {{ const shapes = [...document.querySelectorAll('[data-testid=map-grid]')];
                      const labels = [...document.querySelectorAll('[data-testid=map-label]')];
                      const bare = document.querySelector(\"[data-testid=map-grid][data-code='{from_grid}']\");
                      return shapes.length === {community_grids}
                        && shapes.every((s) => s.dataset.code.startsWith('{bare_community}'))
                        && labels.length === {community_grids}
                        && labels.every((l) => l.textContent.includes('网格'))
                        && bare && bare.dataset.covered === 'no'; }})()"
        ),
    )
    .await;
    let covered = format!("{bare_community}001");
    let covered_worker = format!("w{covered}");
    let covered_name = demo_person_name(&covered_worker);
    a.click_on(&format!("[data-testid=map-grid][data-code='{covered}']"))
        .await;
    a.wait_until(
        "the grid's panel naming its worker and counting its buildings",
        &format!(
            "(() => {{ const code = document.querySelector('[data-testid=gridmap-grid-code]');
                      const w = document.querySelector(\"[data-testid=gridmap-worker][data-username='{covered_worker}']\");
                      const b = document.querySelector('[data-testid=gridmap-buildings]');
                      return code && code.innerText.trim() === '{covered}'
                        && w && w.innerText.includes('{covered_name}') && w.innerText.includes('{covered_worker}')
                        && b && /\\d+ 栋/.test(b.innerText); }})()"
        ),
    )
    .await;
    assert_no_error(&a, "32-admin-district-map").await;
    a.screenshot(&shot("32-admin-district-map")).await;
    a.click_on(&format!("[data-testid=map-grid][data-code='{from_grid}']"))
        .await;
    a.wait_until(
        "the worker's old grid said to have no worker",
        &format!(
            "(() => {{ const code = document.querySelector('[data-testid=gridmap-grid-code]');
                      return code && code.innerText.trim() === '{from_grid}'
                        && !!document.querySelector('[data-testid=gridmap-no-worker]')
                        && !document.querySelector('[data-testid=gridmap-worker]'); }})()"
        ),
    )
    .await;

    // 设备: the phone (signed in as the new person) revoked after a confirmation; it is marked
    // revoked in the list, and the phone at its next contact gives the administrator's reason.
    let phone_row = format!("[data-testid=device-row][data-username='{newcomer}']");
    a.click_on("[data-testid=desk-devices]").await;
    a.wait_for(&phone_row).await;
    a.type_into("[data-testid=devices-search]", newcomer).await;
    a.wait_until(
        "the search to list the new person's phone alone",
        &format!(
            "(() => {{ const rows = [...document.querySelectorAll('[data-testid=device-row]')];
                      return rows.length === 1 && rows[0].dataset.username === '{newcomer}'; }})()"
        ),
    )
    .await;
    a.click_on(&format!("{phone_row} [data-testid=device-revoke]"))
        .await;
    a.wait_for("[data-testid=revoke-dialog]").await;
    a.type_into(
        "[data-testid=revoke-reason]",
        "手机遗失，请到社区领取新手机",
    )
    .await;
    a.click_on("[data-testid=revoke-confirm]").await;
    clear(&a, "[data-testid=devices-search]").await;
    a.wait_until(
        "the phone marked revoked, the other devices listed again",
        &format!(
            "(() => {{ const r = document.querySelector(\"{phone_row}\");
                      return r && r.querySelector('[data-testid=device-state]').innerText.includes('已撤销')
                        && !r.querySelector('[data-testid=device-revoke]')
                        && document.querySelectorAll('[data-testid=device-row]').length > 1
                        && !document.querySelector('[data-testid=revoke-dialog]'); }})()"
        ),
    )
    .await;
    assert_no_error(&a, "31-admin-devices").await;
    a.screenshot(&shot("31-admin-devices")).await;
    p.script(
        "const now = document.querySelector('[data-testid=sync-bar] button.now');
         if (now) now.click();",
        vec![],
    )
    .await;
    p.wait_until(
        "the revoked phone back on the sign-in screen, saying the administrator's reason",
        "(() => { const e = document.querySelector('[data-testid=signin-ended]');
                  return e && e.innerText.includes('手机遗失，请到社区领取新手机'); })()",
    )
    .await;

    // 操作日志: the enrollment code and the deactivation, newest first.
    a.click_on("[data-testid=desk-audit]").await;
    a.wait_for("[data-testid=audit-entry]").await;
    let log = a
        .script(
            "return [...document.querySelectorAll('[data-testid=audit-entry]')]
               .map((r) => r.innerText);",
            vec![],
        )
        .await;
    let log: Vec<String> = log
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e.as_str().map(str::to_string))
        .collect();
    let deactivated = log.iter().position(|e| e.contains("停用人员"));
    let enrolled = log.iter().position(|e| e.contains("生成登记二维码"));
    assert!(
        matches!((deactivated, enrolled), (Some(d), Some(e)) if d < e),
        "the log has the deactivation above the enrollment: {log:?}"
    );
    assert!(
        log.iter()
            .all(|e| !e.contains("import.") || e.contains("导入")),
        "import actions are named: {log:?}"
    );
    // The deactivation's before and after, opened.
    a.click_on(
        "[data-testid=audit-entry][data-action='person.deactivate'] [data-testid=audit-show]",
    )
    .await;
    a.wait_for("[data-testid=audit-details] pre").await;
    assert_no_error(&a, "24-admin-audit").await;
    a.screenshot(&shot("24-admin-audit")).await;

    p.end().await;
    a.end().await;
    srv.stop().await;
    drop((driver, phone_driver));
}

/// Chooses `value` in a select as a person does, so the UI's change handler runs.
async fn choose(s: &Session<'_>, css: &str, value: &str) {
    s.wait_for(css).await;
    s.script(
        "const [css, value] = arguments;
         const sel = document.querySelector(css);
         sel.value = value;
         sel.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(css), json!(value)],
    )
    .await;
}

/// How many grids of the demo district's grid file have a code starting with `prefix`.
fn demo_grids_in(prefix: &str) -> usize {
    let (_, _, text) = ::server::demo::files::FIXTURES
        .iter()
        .find(|(kind, _, _)| *kind == "grids")
        .expect("the demo has a grid file");
    let file: serde_json::Value = serde_json::from_str(text).unwrap();
    file["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["properties"]["code"]
                .as_str()
                .is_some_and(|c| c.starts_with(prefix))
        })
        .count()
}

/// A person's name in the demo district's people file.
fn demo_person_name(username: &str) -> String {
    let (_, _, text) = ::server::demo::files::FIXTURES
        .iter()
        .find(|(kind, _, _)| *kind == "people")
        .expect("the demo has a people file");
    text.lines()
        .find_map(|l| {
            let mut cells = l.split(',');
            (cells.next() == Some(username)).then(|| cells.next().unwrap_or_default().to_string())
        })
        .unwrap_or_else(|| panic!("{username} is not in the demo's people file"))
}

/// Empties a text field as a person does, so the UI's input handler runs.
async fn clear(s: &Session<'_>, css: &str) {
    s.wait_for(css).await;
    s.script(
        "const q = document.querySelector(arguments[0]);
         q.value = '';
         q.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(css)],
    )
    .await;
}
