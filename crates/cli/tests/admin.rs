//! `wangge serve` on an empty folder runs a district that is not Haigang, named at its first
//! start, and `wangge admin import` brings in its hierarchy from files: a file with
//! mistakes is refused whole with each one by sheet, row and column and nothing stored; the
//! corrected file imports; the same file again changes nothing; a dry run stores nothing.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::Command;

use support::{Serve, admin, text};

const GOOD: &str = "level,code,name,parent_code
district,130399,测试区,1303
street,130399001,东街道,130399
street,130399002,西街道,130399
community,130399001001,东一社区,130399001
community,130399001002,东二社区,130399001
community,130399002001,西一社区,130399002
";

#[test]
fn a_new_district_is_named_at_first_start_and_imported_from_files() {
    let dir = tempfile::tempdir().unwrap();
    // Without a district an empty folder does not start, and says what to do.
    let refused = Serve::start(dir.path(), &[]).err().expect("refused");
    assert!(refused.contains("--district"), "{refused}");

    let serve = Serve::start(
        dir.path(),
        &["--district", "130399", "--district-name", "测试区"],
    )
    .unwrap();
    let files = tempfile::tempdir().unwrap();
    let bad = files.path().join("hierarchy-bad.csv");
    std::fs::write(
        &bad,
        GOOD.replace(
            "community,130399002001,西一社区,130399002",
            "community,130399003001,孤社区,130399003",
        )
        .replace(
            "street,130399002,西街道,130399",
            "street,13039900X,西街道,130399",
        ),
    )
    .unwrap();
    let out = admin(&serve.1, &["import", "hierarchy", bad.to_str().unwrap()]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("nothing was imported"), "{said}");
    assert!(
        said.contains("hierarchy-bad.csv, row 4, column code"),
        "{said}"
    );
    assert!(
        said.contains("hierarchy-bad.csv, row 7, column parent_code"),
        "{said}"
    );

    // Nothing of the bad file was stored: a dry run of the good one would create all of it.
    let good = files.path().join("hierarchy.csv");
    std::fs::write(&good, GOOD).unwrap();
    let out = admin(
        &serve.1,
        &["import", "hierarchy", good.to_str().unwrap(), "--dry-run"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("5 created, 0 updated, 1 unchanged (dry run: nothing stored)"),
        "{}",
        text(&out)
    );
    let out = admin(&serve.1, &["import", "hierarchy", good.to_str().unwrap()]);
    assert!(
        text(&out).contains("5 created, 0 updated, 1 unchanged (stored)"),
        "{}",
        text(&out)
    );
    let out = admin(&serve.1, &["import", "hierarchy", good.to_str().unwrap()]);
    assert!(
        text(&out).contains("0 created, 0 updated, 6 unchanged (nothing to change)"),
        "{}",
        text(&out)
    );
    // The template is a workbook the import takes (its example is a Haigang street, so here
    // it is refused for its district, by row and column).
    let template = files.path().join("hierarchy-template.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_wangge"))
        .args([
            "admin",
            "template",
            "hierarchy",
            "--out",
            template.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = admin(
        &serve.1,
        &[
            "import",
            "hierarchy",
            template.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(
        text(&out).contains(
            "hierarchy, row 2, column parent_code: 区 130302 既不在本文件中，也不在已有区划中 \
             (district 130302 is neither"
        ),
        "{}",
        text(&out)
    );

    drop(serve);

    // The district and its areas are stored: a restart without flags runs it.
    let serve = Serve::start(dir.path(), &[]).unwrap();
    let out = admin(
        &serve.1,
        &["import", "hierarchy", good.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        text(&out).contains("0 created, 0 updated, 6 unchanged"),
        "{}",
        text(&out)
    );
}
