//! `wangge device`: the real binary as a headless device against the real demo service
//! (`wangge demo` on a free port), in temporary folders.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::{Command, Output};

use support::Serve;

fn wangge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wangge"))
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.lines().last().unwrap()).unwrap()
}

#[test]
fn a_headless_device_signs_in_reports_offline_syncs_and_patrols() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = Serve::demo(&tmp.path().join("server"));
    let data = tmp.path().join("device");
    let data = data.to_str().unwrap();
    let grid = "130302001001001";
    let user = format!("w{grid}");

    let me = json(&wangge(&[
        "device",
        "login",
        "--data",
        data,
        "--server",
        &demo.1,
        "--username",
        &user,
        "--password",
        "wangge-demo",
        "--json",
    ]));
    assert_eq!(me["username"], user.as_str());
    assert_eq!(me["role"], "full_time_grid_worker");
    json(&wangge(&["device", "sync", "--data", data, "--json"]));

    // The grid is found on the device from the synced polygons.
    let status = json(&wangge(&["device", "status", "--data", data, "--json"]));
    assert!(
        status["server_copy"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e[0] == "grid")
    );
    let geometry = &status["me"]["grids"][0]["geometry"];
    let ring = match geometry["type"].as_str() {
        Some("MultiPolygon") => geometry["coordinates"][0][0].as_array().unwrap(),
        _ => geometry["coordinates"][0].as_array().unwrap(),
    };
    let n = ring.len() as f64;
    let lon: f64 = ring.iter().map(|p| p[0].as_f64().unwrap()).sum::<f64>() / n;
    let lat: f64 = ring.iter().map(|p| p[1].as_f64().unwrap()).sum::<f64>() / n;
    let (lon, lat) = (lon.to_string(), lat.to_string());

    let saved = wangge(&[
        "device",
        "report",
        "--data",
        data,
        "--category",
        "0101",
        "--description",
        "垃圾堆放",
        "--lon",
        &lon,
        "--lat",
        &lat,
        "--generated-photos",
        "1",
        "--count",
        "3",
    ]);
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let announced: Vec<String> = String::from_utf8_lossy(&saved.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("saved ").map(str::to_string))
        .collect();
    assert_eq!(announced.len(), 3);
    let status = json(&wangge(&["device", "status", "--data", data, "--json"]));
    assert_eq!(status["sync"]["queued"], 3);
    assert_eq!(status["sync"]["queued_photos"], 3);

    let patrol = json(&wangge(&[
        "device", "patrol", "start", "--data", data, "--grid", grid, "--json",
    ]));
    assert_eq!(patrol["grid"], grid);
    let patrol = json(&wangge(&[
        "device",
        "checkin",
        "--data",
        data,
        "--building",
        "B1",
        "--unit",
        "2",
        "--lon",
        &lon,
        "--lat",
        &lat,
        "--note",
        "all well",
        "--json",
    ]));
    assert_eq!(patrol["coverage"]["buildings_visited"], 1);
    let patrol = json(&wangge(&[
        "device", "patrol", "end", "--data", data, "--json",
    ]));
    assert!(patrol["ended_at"].is_number());

    let synced = json(&wangge(&[
        "device",
        "sync",
        "--data",
        data,
        "--until-drained",
        "--json",
    ]));
    assert_eq!(
        synced["applied"], 6,
        "3 reports, patrol start, check-in, end: {synced}"
    );
    assert_eq!(synced["photos_uploaded"], 3);
    let status = json(&wangge(&["device", "status", "--data", data, "--json"]));
    assert_eq!(status["sync"]["queued"], 0);
    assert!(status["sync"]["rejected"].as_array().unwrap().is_empty());

    let tasks = json(&wangge(&["device", "tasks", "--data", data, "--json"]));
    assert!(tasks.is_array());
    let bad = wangge(&[
        "device", "act", "--data", data, "--case", "nope", "--action", "start",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("case id"));
}

/// `wangge admin reset-password` prints a one-time password; the device's sign-in with it
/// is refused until `--new-password` replaces it, and then the new one is the password.
#[test]
fn a_reset_password_is_replaced_at_the_devices_next_sign_in() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = Serve::demo(&tmp.path().join("server"));
    let user = "w130302001001002";
    let out = Command::new(env!("CARGO_BIN_EXE_wangge"))
        .args(["admin", "reset-password", user, "--server", &demo.1])
        .env("WANGGE_PASSWORD", "wangge-demo")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let one_time = said
        .lines()
        .find_map(|l| l.strip_prefix(&format!("one-time password for {user}: ")))
        .expect("the one-time password is printed")
        .to_string();
    let data = tmp.path().join("device");
    let login = |password: &str, new: Option<&str>| {
        let mut args = vec![
            "device",
            "login",
            "--data",
            data.to_str().unwrap(),
            "--server",
            &demo.1,
            "--username",
            user,
            "--password",
            password,
            "--json",
        ];
        if let Some(new) = new {
            args.extend(["--new-password", new]);
        }
        wangge(&args)
    };
    let refused = login(&one_time, None);
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("一次性密码"), "{why}");
    assert!(
        !login("wangge-demo", None).status.success(),
        "the old password still works"
    );
    let me = json(&login(&one_time, Some("my-own-password")));
    assert_eq!(me["username"], user);
    let me = json(&login("my-own-password", None));
    assert_eq!(me["username"], user);
}
