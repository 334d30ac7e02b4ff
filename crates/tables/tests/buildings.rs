//! Buildings tables as administrators make them, checked against Haigang with two grids
//! whose boundaries are two boxes side by side: a clean workbook with positions typed as
//! numbers, files with every kind of mistake, each reported by sheet, row and column, and
//! the template's example row.

use domain::fixtures::haigang;
use domain::hierarchy::{Grid, GridCode, Hierarchy};
use tables::buildings::{self, COLUMNS};
use tables::{Problem, Sheet};

fn grid(s: &str) -> GridCode {
    s.parse().expect("a grid code")
}

/// Haigang with grids 7 and 8 of 人民里社区 (130302001010).
fn stored() -> Hierarchy {
    let mut h = haigang();
    for (code, name) in [
        ("130302001010007", "人民里社区第7网格"),
        ("130302001010008", "人民里社区第8网格"),
    ] {
        h.add_grid(Grid {
            code: grid(code),
            name: name.into(),
        })
        .expect("a grid of a Haigang community");
    }
    h
}

/// Grid 7 is the box 119.60–119.61 E, 39.93–39.94 N; grid 8 the box east of it.
fn locate(lon: f64, lat: f64) -> Option<GridCode> {
    if !(39.93..39.94).contains(&lat) {
        return None;
    }
    if (119.60..119.61).contains(&lon) {
        Some(grid("130302001010007"))
    } else if (119.61..119.62).contains(&lon) {
        Some(grid("130302001010008"))
    } else {
        None
    }
}

fn problems_of(sheets: &[Sheet]) -> Vec<Problem> {
    match buildings::check(sheets, &stored(), &locate, &|_| None) {
        Ok(rows) => panic!("the file was accepted: {rows:#?}"),
        Err(problems) => problems,
    }
}

/// The problem at `row`, `column`, whose reason has `reason` in it.
fn assert_problem(problems: &[Problem], row: u32, column: &str, reason: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.row == row && p.column == column && p.reason_en.contains(reason)),
        "no problem at row {row}, column {column:?} saying {reason:?} in {problems:#?}"
    );
}

#[test]
fn a_clean_workbook_with_positions_as_numbers_is_read() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("楼栋").unwrap();
    for (col, head) in COLUMNS.iter().enumerate() {
        sheet.write_string(0, col as u16, *head).unwrap();
    }
    for (i, (code, name, lon, lat)) in [
        ("130302001010007-001", "人民里1号楼", 119.6035, 39.9352),
        ("130302001010008-012", "人民里12号楼", 119.615, 39.931),
    ]
    .into_iter()
    .enumerate()
    {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, code).unwrap();
        sheet.write_string(r, 1, name).unwrap();
        sheet.write_number(r, 2, lon).unwrap();
        sheet.write_number(r, 3, lat).unwrap();
    }
    let sheets = tables::read("楼栋.xlsx", &book.save_to_buffer().unwrap()).unwrap();
    let rows = buildings::check(&sheets, &stored(), &locate, &|_| None).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].row, 2);
    assert_eq!(rows[0].code.to_string(), "130302001010007-001");
    assert_eq!(rows[0].name, "人民里1号楼");
    assert_eq!((rows[0].lon, rows[0].lat), (119.6035, 39.9352));
    assert_eq!(rows[1].code.parent(), grid("130302001010008"));
}

#[test]
fn every_mistake_is_listed_by_sheet_row_and_column() {
    let long = "楼".repeat(61);
    let text = [
        "code,name,lon,lat".to_string(),
        // row 2: no code
        ",一号楼,119.605,39.935".into(),
        // row 3: a malformed code
        "130302001010007-12,二号楼,119.605,39.935".into(),
        // row 4: a grid that is not stored
        "130302001010009-001,三号楼,119.605,39.935".into(),
        // row 5: fine; row 6: the same code again
        "130302001010007-001,四号楼,119.605,39.935".into(),
        "130302001010007-001,五号楼,119.605,39.935".into(),
        // row 7: no name; row 8: a name too long
        "130302001010007-002,,119.605,39.935".into(),
        format!("130302001010007-003,{long},119.605,39.935"),
        // row 9: a longitude in words
        "130302001010007-004,九号楼,东经119.6,39.935".into(),
        // row 10: a latitude out of range
        "130302001010007-005,十号楼,119.605,95".into(),
        // row 11: longitude and latitude swapped
        "130302001010007-006,十一号楼,39.935,119.605".into(),
        // row 12: a point outside every grid
        "130302001010007-007,十二号楼,121.5,31.2".into(),
        // row 13: a point in the other grid
        "130302001010007-008,十三号楼,119.615,39.935".into(),
        // row 14: a longitude out of range
        "130302001010007-009,十四号楼,181,39.935".into(),
        // row 15: no latitude
        "130302001010007-010,十五号楼,119.605,".into(),
    ]
    .join("\n");
    let sheets = tables::read("buildings.csv", text.as_bytes()).unwrap();
    let problems = problems_of(&sheets);
    let at: Vec<(u32, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    let expected: Vec<(u32, &str)> = vec![
        (2, "code"),
        (3, "code"),
        (4, "code"),
        (6, "code"),
        (7, "name"),
        (8, "name"),
        (9, "lon"),
        (10, "lat"),
        (11, "lat"),
        (12, ""),
        (13, ""),
        (14, "lon"),
        (15, "lat"),
    ];
    assert_eq!(at, expected, "{problems:#?}");
    assert!(problems.iter().all(|p| p.sheet == "buildings.csv"));
    assert_problem(&problems, 2, "code", "the code is empty");
    assert_problem(
        &problems,
        3,
        "code",
        "invalid building code \"130302001010007-12\"",
    );
    assert_problem(
        &problems,
        4,
        "code",
        "grid 130302001010009 is not stored (import the grids first)",
    );
    assert_problem(&problems, 6, "code", "130302001010007-001 is also on row 5");
    assert_problem(&problems, 7, "name", "the name is empty");
    assert_problem(&problems, 8, "name", "at most 60");
    assert_problem(&problems, 9, "lon", "\"东经119.6\" is not a longitude");
    assert_problem(
        &problems,
        10,
        "lat",
        "latitude 95 is not between -90 and 90",
    );
    assert_problem(&problems, 11, "lat", "are lon and lat swapped?");
    assert_problem(
        &problems,
        12,
        "",
        "the point (121.5, 31.2) is outside every grid",
    );
    assert_problem(
        &problems,
        13,
        "",
        "the point lies in grid 130302001010008, not in grid 130302001010007 of its code",
    );
    assert_problem(
        &problems,
        14,
        "lon",
        "longitude 181 is not between -180 and 180",
    );
    assert_problem(&problems, 15, "lat", "the latitude is empty");
    // In Chinese, with the values at fault.
    let zh = |row: u32| {
        problems
            .iter()
            .filter(|p| p.row == row)
            .map(|p| p.reason.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        zh(13),
        ["坐标位于网格 130302001010008，不在编码所属的网格 130302001010007 内"]
    );
    assert_eq!(
        zh(11),
        ["纬度 119.605 不在 -90 到 90 之间（经纬度是否填反了？）"]
    );
    assert_eq!(
        zh(9),
        ["“东经119.6”不是经度（应为十进制度数，-180 到 180）"]
    );
}

#[test]
fn a_file_without_the_columns_is_refused_naming_each() {
    let sheets = tables::read("b.csv", b"code,name\n130302001010007-001,x\n").unwrap();
    let problems = problems_of(&sheets);
    let missing: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(missing, ["lon", "lat"], "{problems:#?}");
    assert_problem(&problems, 1, "lat", "the header has no column \"lat\"");
}

#[test]
fn the_template_reads_back_and_its_example_passes() {
    let bytes = tables::template::template("buildings")
        .expect("a buildings template")
        .expect("written");
    assert!(tables::template::KINDS.contains(&"buildings"));
    let sheets = tables::read("template.xlsx", &bytes).unwrap();
    let table = sheets
        .iter()
        .find(|s| s.name == "buildings")
        .expect("its sheet");
    assert_eq!(table.header, COLUMNS);
    assert_eq!(table.rows.len(), 1, "one example row");
    assert!(sheets.iter().any(|s| s.name.contains("notes")));
    let only_grid_7 = |_: f64, _: f64| Some(grid("130302001010007"));
    let rows = buildings::check(&sheets, &stored(), &only_grid_7, &|_| None).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].code.to_string(), "130302001010007-012");
    assert_eq!((rows[0].lon, rows[0].lat), (119.6035, 39.9352));
    // The example point lies in grid 7 of the boxes above, too.
    assert_eq!(
        locate(rows[0].lon, rows[0].lat),
        Some(grid("130302001010007"))
    );
}

#[test]
fn units_are_a_count_or_names_and_a_bad_list_is_named_by_row() {
    let csv = |units: &[&str]| {
        let mut text = "code,name,lon,lat,units\n".to_string();
        for (i, u) in units.iter().enumerate() {
            text += &format!(
                "130302001010007-{:03},{}号楼,119.605,39.935,{u}\n",
                i + 1,
                i + 1
            );
        }
        tables::read("楼栋.csv", text.as_bytes()).unwrap()
    };
    let rows = buildings::check(
        &csv(&["3", "\"东,西单元\"", ""]),
        &stored(),
        &locate,
        &|_| None,
    )
    .unwrap();
    assert_eq!(
        rows[0].units,
        Some(vec!["1".into(), "2".into(), "3".into()])
    );
    assert_eq!(rows[1].units, Some(vec!["东".into(), "西".into()]));
    assert_eq!(rows[2].units, Some(vec![]), "blank: no units");

    let problems = problems_of(&csv(&[
        "0",
        "100",
        "\"1,1\"",
        "\"1,,2\"",
        "一二三四五六七八九",
    ]));
    for row in 2..=6 {
        assert!(
            problems.iter().any(|p| p.row == row && p.column == "units"),
            "row {row}: {problems:#?}"
        );
    }
    assert_problem(&problems, 4, "units", "listed twice");
    assert!(
        problems
            .iter()
            .any(|p| p.row == 3 && p.reason.contains("1 到 99"))
    );

    // Without the column, the stored units stay (`None`).
    let sheets = tables::read(
        "楼栋.csv",
        b"code,name,lon,lat\n130302001010007-001,1\xe5\x8f\xb7,119.605,39.935\n",
    )
    .unwrap();
    let rows = buildings::check(&sheets, &stored(), &locate, &|_| None).unwrap();
    assert_eq!(rows[0].units, None);
}

#[test]
fn building_and_unit_heads_are_read_and_a_wrong_one_is_named_by_row_and_column() {
    let csv = |rows: &[(&str, &str, &str)]| {
        let mut text = "code,name,lon,lat,units,head,head_phone,unit_heads\n".to_string();
        for (i, (head, phone, units)) in rows.iter().enumerate() {
            text += &format!(
                "130302001010007-{:03},{}号楼,119.605,39.935,2,{head},{phone},\"{units}\"\n",
                i + 1,
                i + 1
            );
        }
        tables::read("楼栋.csv", text.as_bytes()).unwrap()
    };
    let rows = buildings::check(
        &csv(&[
            (
                "王建国",
                "139 0335 0101",
                "1:张秀英:13903350102；2单元：李卫东",
            ),
            ("", "", ""),
        ]),
        &stored(),
        &locate,
        &|_| None,
    )
    .unwrap();
    let heads = rows[0].heads.clone().unwrap();
    let building = heads.building.unwrap();
    assert_eq!(
        (building.name.as_str(), building.phone.as_deref()),
        ("王建国", Some("13903350101"))
    );
    assert_eq!(heads.units["1"].phone.as_deref(), Some("13903350102"));
    assert_eq!(
        (
            heads.units["2"].name.as_str(),
            heads.units["2"].phone.as_deref()
        ),
        ("李卫东", None)
    );
    assert_eq!(
        rows[1].heads,
        Some(buildings::Heads::default()),
        "blank: no heads"
    );

    let problems = problems_of(&csv(&[
        ("", "13903350101", ""),
        ("王建国", "123", ""),
        ("王建国", "", "3:赵六"),
        ("王建国", "", "1:张三:1:2"),
        ("王建国", "", "1:张三;1:李四"),
    ]));
    assert_problem(&problems, 2, "head", "phone without their name");
    assert_problem(&problems, 3, "head_phone", "is not a phone number");
    assert_problem(&problems, 4, "unit_heads", "no unit \"3\"");
    assert_problem(&problems, 5, "unit_heads", "write unit:name:phone");
    assert_problem(&problems, 6, "unit_heads", "two unit heads");

    // Without the columns, the stored heads stay (`None`).
    let sheets = tables::read(
        "楼栋.csv",
        "code,name,lon,lat\n130302001010007-001,1号楼,119.605,39.935\n".as_bytes(),
    )
    .unwrap();
    let rows = buildings::check(&sheets, &stored(), &locate, &|_| None).unwrap();
    assert_eq!(rows[0].heads, None);
}

#[test]
fn a_building_new_boundaries_moved_may_lie_in_its_new_grid_not_its_codes() {
    // Grid 7's building 001 lies in grid 8 since a merge moved it there.
    let sheets = tables::read(
        "楼栋.csv",
        "code,name,lon,lat\n130302001010007-001,一号楼,119.615,39.935\n".as_bytes(),
    )
    .unwrap();
    let problems = problems_of(&sheets);
    assert_problem(&problems, 2, "", "not in grid 130302001010007 of its code");
    let moved = |c: &domain::BuildingCode| {
        (c.to_string() == "130302001010007-001").then(|| grid("130302001010008"))
    };
    let rows = buildings::check(&sheets, &stored(), &locate, &moved).unwrap();
    assert_eq!(rows[0].grid, grid("130302001010008"));
    // Its code's grid may even be gone (retired by the merge).
    let mut without_7 = haigang();
    without_7
        .add_grid(Grid {
            code: grid("130302001010008"),
            name: "人民里社区第8网格".into(),
        })
        .unwrap();
    let rows = buildings::check(&sheets, &without_7, &locate, &moved).unwrap();
    assert_eq!(rows[0].code.parent(), grid("130302001010007"));
}
