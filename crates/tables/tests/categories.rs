//! Category tables as administrators make them, checked against the default catalogue: a
//! full file that creates, changes, retires and leaves categories; a two-column file that
//! changes one limit; files with every kind of mistake, each reported by sheet, row and
//! column; and the template's example row.

use domain::category::{Catalogue, CategoryCode, Routing, default_catalogue};
use domain::timestamp::Minutes;
use tables::categories::{self, COLUMNS};
use tables::{Problem, Sheet};

fn csv(name: &str, text: &str) -> Vec<Sheet> {
    tables::read(name, text.as_bytes()).expect("a CSV")
}

fn problems_of(sheets: &[Sheet], known: &Catalogue) -> Vec<Problem> {
    match categories::check(sheets, known, &[]) {
        Ok(done) => panic!("the file was accepted: {:?}", done.changed),
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

fn code(s: &str) -> CategoryCode {
    s.parse().expect("a category code")
}

/// A CSV of every column, each row given as (column, value) pairs, the rest blank.
fn table(rows: &[&[(&str, &str)]]) -> String {
    let mut text = COLUMNS.join(",") + "\n";
    for row in rows {
        let cells: Vec<&str> = COLUMNS
            .iter()
            .map(|c| row.iter().find(|(k, _)| k == c).map_or("", |(_, v)| *v))
            .collect();
        text += &cells.join(",");
        text += "\n";
    }
    text
}

const FULL: &str = "\
code,major_name_zh,name_zh,name_en,routing,urgent_accept_min,urgent_resolve_min,high_accept_min,high_resolve_min,normal_accept_min,normal_resolve_min,retired
5107,市容环境,乱堆物料,materials piled in public space,网格员,15,120,30,480,60,1440,否
5101,市容环境,暴露垃圾,exposed garbage,grid_worker,15,120,30,480,60,1440,no
5102,,,,,,,,,,,是
0106,,,,社区受理,,,,,,5000,
";

#[test]
fn a_full_file_creates_updates_and_retires_and_a_second_check_changes_nothing() {
    let known = default_catalogue();
    let sheets = csv("categories.csv", FULL);
    let done = categories::check(&sheets, &known, &[]).unwrap();
    assert_eq!(
        (done.created, done.updated, done.unchanged, done.retired),
        (1, 2, 1, 1)
    );
    let changed: Vec<String> = done.changed.iter().map(|c| c.code.to_string()).collect();
    assert_eq!(changed, ["0106", "5102", "5107"], "in code order");
    let new = done.merged.get(&code("5107")).unwrap();
    assert_eq!(new.name_en, "materials piled in public space");
    assert_eq!(new.routing, Routing::GridWorker);
    assert_eq!(new.limits.normal.resolve, Minutes(1440));
    assert!(!new.retired);
    assert!(done.merged.get(&code("5102")).unwrap().retired);
    assert_eq!(
        done.merged
            .get(&code("0106"))
            .unwrap()
            .limits
            .normal
            .resolve,
        Minutes(5000)
    );
    assert_eq!(done.merged.len(), known.len() + 1);
    // Categories the file does not name are left as they were, not retired.
    assert_eq!(
        done.merged.get(&code("5103")),
        known.get(&code("5103")),
        "absent from the file"
    );

    let again = categories::check(&sheets, &done.merged, &[]).unwrap();
    assert_eq!(
        (again.created, again.updated, again.unchanged, again.retired),
        (0, 0, 4, 0)
    );
    assert!(again.changed.is_empty());
    assert_eq!(again.merged, done.merged);
}

#[test]
fn a_two_column_file_changes_only_the_limit_it_gives() {
    let known = default_catalogue();
    let sheets = csv("limits.csv", "code,normal_resolve_min\n5301,4000\n");
    let done = categories::check(&sheets, &known, &[]).unwrap();
    assert_eq!((done.created, done.updated, done.unchanged), (0, 1, 0));
    let mut expected = known.get(&code("5301")).unwrap().clone();
    assert_eq!(expected.limits.normal.resolve, Minutes(2880), "as stored");
    expected.limits.normal.resolve = Minutes(4000);
    assert_eq!(done.changed, [expected.clone()]);
    let mut merged = known.clone();
    merged.update(expected).unwrap();
    assert_eq!(done.merged, merged, "nothing else changed");
}

#[test]
fn a_workbook_with_limits_as_numbers_and_retired_as_a_boolean_imports() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("类别").unwrap();
    for (col, head) in ["code", "high_resolve_min", "retired"].iter().enumerate() {
        sheet.write_string(0, col as u16, *head).unwrap();
    }
    sheet.write_string(1, 0, "5401").unwrap();
    sheet.write_number(1, 1, 200.0).unwrap();
    sheet.write_boolean(1, 2, true).unwrap();
    let sheets = tables::read("类别.xlsx", &book.save_to_buffer().unwrap()).unwrap();
    let done = categories::check(&sheets, &default_catalogue(), &[]).unwrap();
    assert_eq!((done.updated, done.retired), (1, 1));
    assert_eq!(done.changed[0].limits.high.resolve, Minutes(200));
    assert!(done.changed[0].retired);
}

#[test]
fn every_mistake_is_listed_by_sheet_row_and_column() {
    let long = "长".repeat(61);
    let new_5199: &[(&str, &str)] = &[
        ("code", "5199"),
        ("major_name_zh", "别的大类"),
        ("name_zh", "海滩垃圾"),
        ("name_en", "beach litter"),
        ("routing", "grid_worker"),
        ("urgent_accept_min", "15"),
        ("urgent_resolve_min", "120"),
        ("high_accept_min", "30"),
        ("high_resolve_min", "480"),
        ("normal_accept_min", "60"),
        ("normal_resolve_min", "1440"),
    ];
    let text = table(&[
        // row 2: no code
        &[("name_zh", "无代码")],
        // row 3: a malformed code
        &[("code", "51x1")],
        // row 4: fine (unchanged); row 5: the same code again
        &[("code", "5103")],
        &[("code", "5103"), ("name_zh", "又一个")],
        // row 6: a new code with a blank name
        &[
            ("code", "5108"),
            ("major_name_zh", "市容环境"),
            ("name_en", "x"),
            ("routing", "网格员"),
            ("urgent_accept_min", "15"),
            ("urgent_resolve_min", "120"),
            ("high_accept_min", "30"),
            ("high_resolve_min", "480"),
            ("normal_accept_min", "60"),
            ("normal_resolve_min", "1440"),
        ],
        // row 7: an unknown routing
        &[("code", "5104"), ("routing", "马上")],
        // row 8: zero minutes; row 9: words for minutes
        &[("code", "5105"), ("urgent_accept_min", "0")],
        &[("code", "5106"), ("normal_resolve_min", "一天")],
        // row 10: retired neither yes nor no
        &[("code", "5201"), ("retired", "停用")],
        // row 11: an urgent limit longer than the high one
        &[("code", "5202"), ("urgent_resolve_min", "100000")],
        // row 12: a new minor class naming its major class differently
        new_5199,
        // row 13: a name too long
        &[("code", "5203"), ("name_zh", &long)],
    ]);
    let sheets = csv("categories.csv", &text);
    let problems = problems_of(&sheets, &default_catalogue());
    let at: Vec<(u32, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (2, "code"),
            (3, "code"),
            (5, "code"),
            (6, "name_zh"),
            (7, "routing"),
            (8, "urgent_accept_min"),
            (9, "normal_resolve_min"),
            (10, "retired"),
            (11, ""),
            (12, "major_name_zh"),
            (13, "name_zh"),
        ],
        "{problems:#?}"
    );
    assert!(problems.iter().all(|p| p.sheet == "categories.csv"));
    assert_problem(&problems, 2, "code", "the code is empty");
    assert_problem(&problems, 3, "code", "invalid category code \"51x1\"");
    assert_problem(&problems, 5, "code", "5103 is also on row 4");
    assert_problem(&problems, 6, "name_zh", "category 5108 is not stored yet");
    assert_problem(&problems, 7, "routing", "unknown routing \"马上\"");
    assert_problem(
        &problems,
        8,
        "urgent_accept_min",
        "\"0\" is not a positive whole number of minutes",
    );
    assert_problem(
        &problems,
        9,
        "normal_resolve_min",
        "\"一天\" is not a positive whole number",
    );
    assert_problem(&problems, 10, "retired", "\"停用\" is neither yes nor no");
    assert_problem(&problems, 11, "", "must not shrink");
    assert_problem(&problems, 11, "", "resolve 100000/480/1440");
    assert_problem(
        &problems,
        12,
        "major_name_zh",
        "major class 51 is named \"市容环境\", not \"别的大类\"",
    );
    assert_problem(&problems, 13, "name_zh", "at most 60");
    // In Chinese, with the values at fault.
    let zh = |row: u32| {
        problems
            .iter()
            .find(|p| p.row == row)
            .map_or("", |p| p.reason.as_str())
    };
    assert_eq!(zh(5), "5103 与第4行重复");
    assert!(zh(7).starts_with("未知的派遣方式“马上”"), "{}", zh(7));
    assert!(
        zh(11).starts_with("类别 5202 有误：时限不能随紧急程度降低而缩短")
            && zh(11).contains("处置 100000/480/1440 分钟"),
        "{}",
        zh(11)
    );
    assert_eq!(
        zh(12),
        "类别 5199 有误：大类 51 的名称是“市容环境”，不是“别的大类”（同一大类的名称须一致）"
    );
}

#[test]
fn a_new_code_needs_every_column_but_retired() {
    let sheets = csv("new.csv", "code,name_zh\n5108,乱堆物料\n");
    let problems = problems_of(&sheets, &default_catalogue());
    assert_eq!(problems.len(), 9, "{problems:#?}");
    assert!(problems.iter().all(|p| p.row == 2));
    assert!(!problems.iter().any(|p| p.column == "retired"));
    assert_problem(
        &problems,
        2,
        "name_en",
        "category 5108 is not stored yet, so the file needs the column name_en",
    );
}

#[test]
fn a_file_without_a_code_column_or_with_an_unknown_column_is_refused() {
    let sheets = csv("nocode.csv", "name_zh,normal_resolve_min\n暴露垃圾,100\n");
    let problems = problems_of(&sheets, &default_catalogue());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_problem(&problems, 1, "code", "the header has no column \"code\"");
    // A misspelt column would otherwise leave the limit as stored without a word.
    let sheets = csv("typo.csv", "code,normal_resolve\n5101,100\n");
    let problems = problems_of(&sheets, &default_catalogue());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_problem(
        &problems,
        1,
        "normal_resolve",
        "unknown column \"normal_resolve\"",
    );
}

#[test]
fn the_template_reads_back_and_its_example_passes() {
    let bytes = tables::template::template("categories")
        .expect("a categories template")
        .expect("written");
    assert!(tables::template::KINDS.contains(&"categories"));
    let sheets = tables::read("template.xlsx", &bytes).unwrap();
    let table = sheets
        .iter()
        .find(|s| s.name == "categories")
        .expect("its sheet");
    assert_eq!(table.header, COLUMNS);
    assert_eq!(table.rows.len(), 1, "one example row");
    assert!(sheets.iter().any(|s| s.name.contains("notes")));
    let done = categories::check(&sheets, &default_catalogue(), &[]).unwrap();
    assert_eq!((done.created, done.updated, done.unchanged), (1, 0, 0));
    assert_eq!(done.changed[0].code, code("5107"));
    assert_eq!(done.changed[0].routing, Routing::GridWorker);
}
