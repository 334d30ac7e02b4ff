//! `wangge admin placards` on the demo district: a community dispatcher lists 红旗里社区's
//! entrances and prints their 网格公示 placards; the PDF is read back as a person and a phone
//! would (pdftotext, pdftoppm, zbarimg); a grid worker's headless device confirms one posted
//! by checking in on it, and the list says so.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::{Command, Output};

use support::Serve;

const COMMUNITY: &str = "130302001001";
const DISPATCHER: &str = "c130302001001";
const WORKER: &str = "w130302001001001";

fn wangge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wangge"))
        .args(args)
        .env("WANGGE_PASSWORD", "wangge-demo")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn tool(program: &str, args: &[&str]) -> String {
    ok(Command::new(program).args(args).output().unwrap())
}

#[test]
fn the_demo_communitys_placards_print_name_their_workers_and_scan_to_their_entrances() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = Serve::demo(&tmp.path().join("server"));
    let server = demo.1.as_str();
    let listed = ok(wangge(&[
        "admin", "placards", COMMUNITY, "--server", server, "--user", DISPATCHER,
    ]));
    let total = listed.lines().count() - 1;
    let summary = listed.lines().last().unwrap();
    assert!(
        summary.starts_with(&format!("{COMMUNITY} 红旗里社区")),
        "{summary}"
    );
    assert!(
        summary.ends_with(&format!(
            ": {total} unprinted, 0 stale, 0 to post, 0 posted"
        )),
        "{summary}"
    );
    // Each building's own entrance, then its units: the demo's first building has two.
    let first: Vec<&str> = listed.lines().take(3).collect();
    assert!(first[0].starts_with("130302001001001-001 ") && first[0].contains("未打印"));
    assert!(first[1].starts_with("130302001001001-001/1 "), "{listed}");

    let pdf = tmp.path().join("placards.pdf");
    let printed = ok(wangge(&[
        "admin",
        "placards",
        COMMUNITY,
        "--server",
        server,
        "--user",
        DISPATCHER,
        "--print",
        "unprinted",
        "--out",
        pdf.to_str().unwrap(),
    ]));
    assert!(printed.starts_with("placards written to"), "{printed}");
    let pdf = pdf.to_str().unwrap();
    let info = tool("pdfinfo", &[pdf]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert_eq!(pages, total, "a page per entrance");
    // Page 2: the first building's unit 1, in grid 001 with its worker and phone.
    let text = tool("pdftotext", &["-f", "2", "-l", "2", pdf, "-"]);
    for expected in [
        "网格公示牌",
        "红旗里社区第1网格",
        "网格员 001",
        "13803350001",
        "1号楼 1单元",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    let png = tmp.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-f",
            "2",
            "-l",
            "2",
            "-r",
            "120",
            "-png",
            pdf,
            png.to_str().unwrap(),
        ],
    );
    let page = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .unwrap();
    let qr = tool("zbarimg", &["-q", "--raw", page.to_str().unwrap()]);
    assert_eq!(qr.trim(), format!("{server}/e/130302001001001-001/1"));
    // The address the QR code holds opens the entrance's public page.
    let html = ok(Command::new("curl")
        .args(["-sf", qr.trim()])
        .output()
        .unwrap());
    assert!(
        html.contains("网格员 001") && html.contains("tel:13803350001"),
        "{html}"
    );

    // The worker hangs unit 1's placard and checks in on it to say so.
    let device = tmp.path().join("device");
    let device = device.to_str().unwrap();
    ok(wangge(&[
        "device",
        "login",
        "--data",
        device,
        "--server",
        server,
        "--username",
        WORKER,
        "--password",
        "wangge-demo",
    ]));
    ok(wangge(&[
        "device",
        "patrol",
        "start",
        "--data",
        device,
        "--grid",
        "130302001001001",
    ]));
    ok(wangge(&[
        "device",
        "checkin",
        "--data",
        device,
        "--building",
        "130302001001001-001",
        "--unit",
        "1",
        "--lon",
        "119.5209738",
        "--lat",
        "39.9993938",
        "--placard-posted",
    ]));
    ok(wangge(&["device", "sync", "--data", device]));
    let listed = ok(wangge(&[
        "admin", "placards", COMMUNITY, "--server", server, "--user", DISPATCHER,
    ]));
    let unit = listed
        .lines()
        .find(|l| l.starts_with("130302001001001-001/1 "))
        .unwrap();
    assert!(unit.contains("已张贴 posted"), "{unit}");
    assert!(
        listed.ends_with(&format!(
            "0 unprinted, 0 stale, {} to post, 1 posted\n",
            total - 1
        )),
        "{listed}"
    );
}
