//! A district that is not Haigang, set up entirely from files on an empty folder: its
//! hierarchy (CSV), grids drawn on a Chinese web map (GCJ-02 GeoJSON), buildings (CSV),
//! people (an Excel workbook, phones as numbers), categories (CSV changing a time limit and
//! a routing); a worker's phone enrolled by QR code with no password; a report captured in a
//! new grid routed and due by the imported rules; KPI rows with the new names; the
//! administrators' audit log showing it all.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::{Command, Output};

use serde_json::Value;
use support::{HIERARCHY, PASSWORD, Serve, admin, centre, grids_gcj02, text};

/// The people workbook: a worker for each of the first two grids, a community dispatcher
/// with a first password, and a commander; phones typed as numbers, as Excel keeps them.
fn people_xlsx(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("人员").unwrap();
    let header = ["username", "name", "role", "area", "phone", "password"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    /// username, name, role, area, phone, password
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<f64>, &'a str);
    let rows: [Row; 4] = [
        (
            "li.na",
            "李娜",
            "专职网格员",
            "130399001001001",
            Some(13_803_351_234.0),
            "",
        ),
        (
            "wang.qiang",
            "王强",
            "full_time_grid_worker",
            "130399001001002",
            Some(13_903_355_678.0),
            "",
        ),
        (
            "zhao.min",
            "赵敏",
            "社区受理员",
            "130399001001",
            None,
            "dispatch-pass-1",
        ),
        (
            "chen.jie",
            "陈杰",
            "区指挥中心",
            "130399",
            None,
            "command-pass-1",
        ),
    ];
    for (r, (user, name, role, area, phone, password)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *user).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_string(r, 2, *role).unwrap();
        sheet.write_string(r, 3, *area).unwrap();
        if let Some(phone) = phone {
            sheet.write_number(r, 4, *phone).unwrap();
        }
        if !password.is_empty() {
            sheet.write_string(r, 5, *password).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn wangge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wangge"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

fn json(out: Output) -> Value {
    let said = ok(out);
    serde_json::from_str(said.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {said}"))
}

/// Signs in over the API and GETs `path` (with its query) as `user`.
fn get(server: &str, user: &str, password: &str, path: &str) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let tokens: Value = http
            .post(format!("{server}/v1/sessions"))
            .json(&serde_json::json!({
                "username": user, "password": password, "device_name": "district test"
            }))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap();
        http.get(format!("{server}{path}"))
            .bearer_auth(tokens["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

#[test]
fn a_district_is_set_up_from_files_and_a_phone_enrolled_by_qr_code_reports_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = |name: &str, content: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.to_str().unwrap().to_string()
    };
    let serve = Serve::start(
        dir.path(),
        &["--district", "130399", "--district-name", "测试区"],
    )
    .unwrap();
    let server = serve.1.clone();
    let import = |kind: &str, path: &str, extra: &[&str]| {
        let mut args = vec!["import", kind, path];
        args.extend_from_slice(extra);
        ok(admin(&server, &args))
    };

    let said = import("hierarchy", &file("hierarchy.csv", HIERARCHY), &[]);
    assert!(said.contains("4 created"), "{said}");
    let grids = file("grids.geojson", &grids_gcj02());
    let said = import("grids", &grids, &["--gcj02", "--code-property", "grid_no"]);
    assert!(
        said.contains("3 created, 0 updated, 0 unchanged (stored)"),
        "{said}"
    );
    let said = import("grids", &grids, &["--gcj02", "--code-property", "grid_no"]);
    assert!(
        said.contains("0 created, 0 updated, 3 unchanged"),
        "the same file again: {said}"
    );

    let (lon0, lat0) = centre(0);
    let (lon1, lat1) = centre(1);
    let buildings = format!(
        "code,name,lon,lat\n130399001001001-001,1号楼,{lon0},{lat0}\n130399001001002-001,2号楼,{lon1},{lat1}\n"
    );
    let said = import("buildings", &file("buildings.csv", &buildings), &[]);
    assert!(said.contains("2 created"), "{said}");

    let people = files.path().join("people.xlsx");
    people_xlsx(&people);
    let said = import("people", people.to_str().unwrap(), &[]);
    assert!(said.contains("4 created"), "{said}");

    // 5101 (garbage, an event) is resolved within 90 minutes here (sooner when more
    // urgent) and goes to the grid's worker; 0101 stays in the community's queue.
    let categories = "code,urgent_resolve_min,high_resolve_min,normal_resolve_min,routing\n\
                      5101,45,60,90,grid_worker\n0101,,,,community_queue\n";
    let said = import("categories", &file("categories.csv", categories), &[]);
    assert!(
        said.contains("1 updated"),
        "one limit changed, 0101 as it was: {said}"
    );

    // The worker's phone: a QR code made by the administrator, read from its PNG.
    let qr = files.path().join("li.na.png");
    let said = ok(admin(
        &server,
        &[
            "enroll",
            "li.na",
            "--out",
            qr.to_str().unwrap(),
            "--hours",
            "2",
        ],
    ));
    let link = said
        .lines()
        .find(|l| l.starts_with("wangge://enroll?"))
        .unwrap_or_else(|| panic!("{said}"))
        .to_string();
    let scanned = Command::new("zbarimg")
        .args(["--quiet", "--raw", qr.to_str().unwrap()])
        .output()
        .expect("zbarimg (zbar-tools) reads the QR code");
    assert_eq!(
        String::from_utf8_lossy(&scanned.stdout).trim(),
        link,
        "the PNG holds the link"
    );
    let phone = tempfile::tempdir().unwrap();
    let data = phone.path().to_str().unwrap();
    let me = json(wangge(&[
        "device", "enroll", "--data", data, "--code", &link, "--json",
    ]));
    assert_eq!(me["username"], "li.na");
    // The same code once more, read by the device from the PNG itself: used already.
    let again = wangge(&[
        "device",
        "enroll",
        "--data",
        &format!("{data}-2"),
        "--image",
        qr.to_str().unwrap(),
    ]);
    assert!(!again.status.success());
    assert!(text(&again).contains("used already"), "{}", text(&again));

    // A report at the centre of grid 1 (the phone's GPS is WGS-84) and one of 0101.
    let _ = json(wangge(&["device", "sync", "--data", data, "--json"]));
    let status = json(wangge(&["device", "status", "--data", data, "--json"]));
    assert_eq!(
        status["me"]["grids"][0]["code"], "130399001001001",
        "{status}"
    );
    assert_eq!(status["me"]["grids"][0]["name"], "东一社区第1网格");
    for category in ["5101", "0101"] {
        ok(wangge(&[
            "device",
            "report",
            "--data",
            data,
            "--category",
            category,
            "--lon",
            &lon0,
            "--lat",
            &lat0,
            "--description",
            "测试",
        ]));
    }
    let synced = json(wangge(&[
        "device",
        "sync",
        "--data",
        data,
        "--until-drained",
        "--json",
    ]));
    assert_eq!(synced["applied"], 2, "{synced}");
    let _ = json(wangge(&["device", "sync", "--data", data, "--json"]));
    let tasks = json(wangge(&["device", "tasks", "--data", data, "--json"]));
    let tasks = tasks.as_array().unwrap();
    assert_eq!(
        tasks.len(),
        1,
        "only the 5101 report came back as a task: {tasks:?}"
    );
    let task = &tasks[0];
    assert_eq!(task["category"], "5101");
    assert_eq!(task["grid"], "130399001001001", "placed in the GCJ-02 grid");
    assert_eq!(task["state"], "dispatched");
    let due = task["due_at"].as_i64().unwrap() - task["reported_at"].as_i64().unwrap();
    assert!(
        (90 * 60_000..91 * 60_000).contains(&due),
        "due 90 minutes after the report, by the imported limit: {due} ms"
    );

    let cases = get(
        &server,
        "zhao.min",
        "dispatch-pass-1",
        "/v1/cases?state=reported",
    );
    let waiting: Vec<&Value> = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["category"] == "0101")
        .collect();
    assert_eq!(
        waiting.len(),
        1,
        "0101 waits in the community queue: {cases}"
    );

    let kpis = get(&server, "chen.jie", "command-pass-1", "/v1/kpis?level=grid");
    let rows = kpis["rows"].as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["key"] == "130399001001001")
        .unwrap_or_else(|| panic!("{kpis}"));
    assert_eq!(row["name"], "东一社区第1网格");
    assert_eq!(row["reported"], 2);
    let kpis = get(
        &server,
        "chen.jie",
        "command-pass-1",
        "/v1/kpis?level=street",
    );
    assert!(kpis.to_string().contains("东街道"), "{kpis}");

    let audit = get(&server, "admin", PASSWORD, "/v1/admin/audit");
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "import.hierarchy",
        "import.grids",
        "import.buildings",
        "import.people",
        "import.categories",
        "enrollment.create",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}
