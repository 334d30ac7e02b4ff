//! Import files with mistakes are refused whole: every mistake named by sheet (or file),
//! row (or feature) and column with its reason, and the service's storage byte-for-byte as
//! it was (a dump before and after). One file per kind, each holding the mistakes an
//! administrator makes: a wrong code, a community missing from the hierarchy, a grid outside
//! its community, overlapping grids, a building outside its grid, a duplicate user name, a
//! phone number that is not one, time limits that shrink with urgency. Each reason is said in
//! Chinese, then in English in parentheses, or in the one language `--lang` names.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Command;

use support::{GRIDS, HIERARCHY, Serve, admin, centre, grids_geojson, text};

/// The service's reference data, people, cases, change log and audit log as SQL text
/// (Debian's sqlite3 reads the server's file); sign-ins (devices and tokens) are left out,
/// since every `wangge admin` call signs in.
fn dump(data: &Path) -> String {
    let out = Command::new("sqlite3")
        .arg(data.join("wangge.sqlite3"))
        .arg(".dump areas grids buildings persons categories cases changes counters admin_audit enrollments")
        .output()
        .expect("sqlite3");
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_mistake_is_named_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = |name: &str, content: &[u8]| {
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
    let import_in = |kind: &str, path: &str, lang: &[&str]| {
        let mut args = vec!["import", kind, path];
        if kind == "grids" {
            args.extend(["--code-property", "grid_no"]);
        }
        args.extend(lang);
        admin(&server, &args)
    };
    let import = |kind: &str, path: &str| import_in(kind, path, &["--lang", "en"]);
    let ok = |kind: &str, path: &str| {
        let out = import(kind, path);
        assert!(out.status.success(), "{}", text(&out));
    };
    ok("hierarchy", &file("hierarchy.csv", HIERARCHY.as_bytes()));
    ok(
        "grids",
        &file(
            "grids.geojson",
            grids_geojson(&GRIDS[..2], false).as_bytes(),
        ),
    );

    // Each bad file and the messages it must produce, in the order they are listed.
    let (lon, lat) = centre(0);
    let cases: Vec<(&str, String, Vec<u8>, Vec<&str>)> = vec![
        (
            "hierarchy",
            "hierarchy-bad.csv".into(),
            "level,code,name,parent_code\nstreet,13039900X,北街道,130399\ncommunity,130399009001,孤社区,130399009\n"
                .into(),
            vec![
                "hierarchy-bad.csv, row 2, column code:",
                "hierarchy-bad.csv, row 3, column parent_code: street 130399009 is neither in this file nor stored",
            ],
        ),
        (
            "grids",
            "grids-bad.geojson".into(),
            grids_geojson(
                &[
                    ("13039900100100X", "坏码", 119.52, 39.90),
                    ("130399001002001", "无社区", 119.53, 39.90),
                    // Overlaps the stored grid 130399001001001 by half.
                    ("130399001001003", "重叠", 119.502, 39.900),
                    ("130399002001009", "社区不符", 119.54, 39.90),
                    ("130399002001001", "西一第1网格", 119.500, 39.904),
                    ("130399002001002", "与上一个重叠", 119.501, 39.905),
                ],
                false,
            )
            .replace(
                r#""grid_no":"130399002001009""#,
                r#""grid_no":"130399002001009","community":"130399001001""#,
            )
            .into_bytes(),
            vec![
                "grids-bad.geojson, feature 1, column grid_no:",
                "grids-bad.geojson, feature 2, column grid_no: grid 130399001002001: community 130399001002 is not stored (import the hierarchy first)",
                "grids-bad.geojson, feature 3, column geometry: grid 130399001001003: overlaps the stored grid 130399001001001",
                "grids-bad.geojson, feature 3, column geometry: grid 130399001001003: overlaps the stored grid 130399001001002",
                "grids-bad.geojson, feature 4, column community:",
                "grids-bad.geojson, feature 6, column geometry: grid 130399002001002: overlaps feature 5 (grid 130399002001001)",
            ],
        ),
        (
            "buildings",
            "buildings-bad.csv".into(),
            format!(
                "code,name,lon,lat\n130399001001001-00X,坏码,{lon},{lat}\n130399001001002-001,不在自己网格,{lon},{lat}\n130399001001001-002,太远,119.9,39.9\n130399001001001-003,坏经度,east,{lat}\n"
            )
            .into_bytes(),
            vec![
                "buildings-bad.csv, row 2, column code:",
                "buildings-bad.csv, row 3: the point lies in grid 130399001001001, not in grid 130399001001002 of its code",
                "buildings-bad.csv, row 4: the point (119.9, 39.9) is outside every grid",
                "buildings-bad.csv, row 5, column lon:",
            ],
        ),
        (
            "people",
            "people-bad.csv".into(),
            "username,name,role,area,phone\nli.na,李娜,专职网格员,130399001001001,13803351234\nli.na,李娜二,专职网格员,130399001001002,\nwang,王,专职网格员,130399001001009,\nzhao,赵,社区受理员,130399001001,12345\nqian,钱,巡逻员,130399001001,\n"
                .into(),
            vec![
                "people-bad.csv, row 3, column username: li.na is also on row 2",
                "people-bad.csv, row 4, column area: grid 130399001001009 is not stored",
                "people-bad.csv, row 5, column phone: \"12345\" is not a phone number",
                "people-bad.csv, row 6, column role:",
            ],
        ),
        (
            "categories",
            "categories-bad.csv".into(),
            "code,normal_resolve_min,routing\n5101,5,grid_worker\n51X1,60,\n0101,60,to_the_mayor\n".into(),
            vec![
                "categories-bad.csv, row 2: invalid category 5101: time limits must not shrink",
                "categories-bad.csv, row 3, column code:",
                "categories-bad.csv, row 4, column routing: unknown routing",
            ],
        ),
    ];
    let bad_files: Vec<(String, Vec<u8>)> = cases
        .iter()
        .map(|(_, name, content, _)| (name.clone(), content.clone()))
        .collect();
    for (kind, name, content, expected) in cases {
        let before = dump(dir.path());
        let out = import(kind, &file(&name, &content));
        let said = text(&out);
        assert!(!out.status.success(), "{kind}: {said}");
        assert!(
            said.contains(&format!(
                "{name}: {} problem(s); nothing was imported",
                expected.len()
            )),
            "{kind}: {said}"
        );
        for line in &expected {
            assert!(said.contains(line), "{kind}: expected {line:?} in\n{said}");
        }
        assert!(
            before.contains("INSERT INTO grids"),
            "the dump holds the stored data"
        );
        assert!(dump(dir.path()) == before, "{kind}: the storage changed");
    }

    // By default each reason in Chinese, with the value at fault, then in English.
    let said = |kind: &str, i: usize, lang: &[&str]| {
        let (name, content) = &bad_files[i];
        let out = import_in(kind, &file(name, content), lang);
        assert!(!out.status.success(), "{kind}: {}", text(&out));
        text(&out)
    };
    let expected: [(&str, usize, &[&str]); 4] = [
        (
            "hierarchy",
            0,
            &[
                "hierarchy-bad.csv, row 2, column code: 街道编码“13039900X”的第9个字符是“X”，应为数字 \
               (invalid street code \"13039900X\"",
            ],
        ),
        (
            "grids",
            1,
            &[
                "grids-bad.geojson, feature 2, column grid_no: 网格 130399001002001：社区 \
                 130399001002 不在区划中（请先导入街道与社区） (grid 130399001002001: community \
                 130399001002 is not stored (import the hierarchy first))",
                "grids-bad.geojson, feature 4, column community: 网格 130399002001009：属性\
                 “community”为“130399001001”，但按网格编码 130399002001009 应为社区 130399002001 (",
                "grids-bad.geojson, feature 6, column geometry: 网格 130399002001002：与第5个要素\
                 （网格 130399002001001）重叠 (grid 130399002001002: overlaps feature 5 (grid \
                 130399002001001)",
                "grids-bad.geojson, feature 3, column geometry: 网格 130399001001003：与已有的网格 \
                 130399001001001 重叠 (",
            ],
        ),
        (
            "people",
            3,
            &[
                "people-bad.csv, row 3, column username: li.na 与第2行重复 (li.na is also on row 2)",
                "people-bad.csv, row 5, column phone: “12345”不是电话号码：手机号应为11位数字，以1开头",
            ],
        ),
        (
            "buildings",
            2,
            &[
                "buildings-bad.csv, row 3: 坐标位于网格 130399001001001，不在编码所属的网格 \
               130399001001002 内 (the point lies in grid 130399001001001",
            ],
        ),
    ];
    for (kind, i, lines) in expected {
        let out = said(kind, i, &[]);
        for line in lines {
            assert!(out.contains(line), "{kind}: expected {line:?} in\n{out}");
        }
    }
    // `--lang zh`: the Chinese alone.
    let out = said("people", 3, &["--lang", "zh"]);
    assert!(
        out.contains("people-bad.csv, row 3, column username: li.na 与第2行重复\n"),
        "{out}"
    );
    assert!(!out.contains("is also on row"), "{out}");
}
