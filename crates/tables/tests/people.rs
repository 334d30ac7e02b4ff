//! People tables as administrators make them, checked against Haigang with two grids: a
//! clean file of every kind of role, a workbook whose phone numbers Excel holds as numbers,
//! files with every kind of mistake, each reported by sheet, row and column, and the
//! template's example row.

use std::cell::RefCell;

use domain::fixtures::haigang;
use domain::hierarchy::{Grid, GridCode, Hierarchy};
use domain::people::{Role, Scope};
use domain::{OrgCode, OrgKind, Organisation};
use tables::people::{self, COLUMNS};
use tables::{Problem, Reason, Sheet};

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

/// The district's 城管 (serves the district) and a retired street office.
fn organisations() -> Vec<Organisation> {
    let org = |code: &str, name: &str, kind, area, retired| Organisation {
        code: OrgCode::parse(code).expect("an organisation code"),
        name: name.into(),
        kind,
        area,
        party_branch: None,
        phone: None,
        retired,
    };
    vec![
        org(
            "cg",
            "区城管局",
            OrgKind::Department,
            Scope::District("130302".parse().expect("a district")),
            false,
        ),
        org(
            "old",
            "旧科室",
            OrgKind::StreetOffice,
            Scope::Street("130302001".parse().expect("a street")),
            true,
        ),
    ]
}

fn places(h: &Hierarchy) -> people::Places<'_> {
    static ORGS: std::sync::LazyLock<Vec<Organisation>> = std::sync::LazyLock::new(organisations);
    people::Places {
        hierarchy: h,
        organisations: &ORGS,
    }
}

fn any_password(_: &str, _: &str) -> Result<(), Reason> {
    Ok(())
}

fn csv(text: &str) -> Vec<Sheet> {
    tables::read("people.csv", text.as_bytes()).expect("a CSV")
}

fn problems_of(sheets: &[Sheet]) -> Vec<Problem> {
    let policy = |_: &str, password: &str| {
        if password.len() < 8 {
            Err(Reason::new(
                "密码少于8个字符",
                "the password is shorter than 8 characters",
            ))
        } else {
            Ok(())
        }
    };
    match people::check(sheets, places(&stored()), &policy) {
        Ok(rows) => panic!("the file was accepted: {rows:#?}"),
        Err(problems) => problems,
    }
}

/// The problem at `row`, `column`, whose reason has `reason` in it in English.
fn assert_problem(problems: &[Problem], row: u32, column: &str, reason: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.row == row && p.column == column && p.reason_en.contains(reason)),
        "no problem at row {row}, column {column:?} saying {reason:?} in {problems:#?}"
    );
}

/// The problem at `row`, `column`, whose Chinese reason is `reason`.
fn assert_problem_zh(problems: &[Problem], row: u32, column: &str, reason: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.row == row && p.column == column && p.reason == reason),
        "no problem at row {row}, column {column:?} saying {reason:?} in {problems:#?}"
    );
}

#[test]
fn a_clean_file_of_every_role_is_read_with_phones_in_one_form() {
    let sheets = csv("\
username,name,role,area,phone,password
zhangwei,张伟,专职网格员,130302001010007；130302001010008,+86 138-0335-0001,Secret#2025
lina,李娜,社区受理员,130302001010,0335 3012345,
wangqiang,王强,street_dispatcher,130302001,,
zhaomin,赵敏,管理员,130302,,
liuyang,刘洋,信息员,130302001,,
chenjing,陈静,Part_Time_Grid_Worker,130302001010008,,
");
    let calls = RefCell::new(Vec::new());
    let policy = |u: &str, p: &str| {
        calls.borrow_mut().push((u.to_string(), p.to_string()));
        Ok(())
    };
    let rows = people::check(&sheets, places(&stored()), &policy).unwrap();
    assert_eq!(rows.len(), 6);
    let first = &rows[0];
    assert_eq!((first.row, first.username.as_str()), (2, "zhangwei"));
    assert_eq!(first.name, "张伟");
    assert_eq!(first.role, Role::FullTimeGridWorker);
    assert_eq!(
        first.scope,
        Scope::Grids(vec![grid("130302001010007"), grid("130302001010008")])
    );
    assert_eq!(first.phone.as_deref(), Some("13803350001"));
    assert_eq!(first.password.as_deref(), Some("Secret#2025"));
    assert_eq!(
        *calls.borrow(),
        [("zhangwei".to_string(), "Secret#2025".to_string())],
        "the policy sees each non-empty password with its username"
    );
    assert_eq!(rows[1].role, Role::CommunityDispatcher);
    assert_eq!(
        rows[1].scope,
        Scope::Community("130302001010".parse().unwrap())
    );
    assert_eq!(rows[1].phone.as_deref(), Some("0335-3012345"));
    assert_eq!(rows[1].password, None);
    assert_eq!(rows[2].scope, Scope::Street("130302001".parse().unwrap()));
    assert_eq!(
        (rows[3].role, &rows[3].scope),
        (
            Role::Administrator,
            &Scope::District("130302".parse().unwrap())
        )
    );
    assert_eq!(
        (rows[4].role, &rows[4].scope),
        (
            Role::InformationReporter,
            &Scope::Street("130302001".parse().unwrap())
        )
    );
    assert_eq!(rows[5].role, Role::PartTimeGridWorker);
    assert_eq!(rows[5].phone, None);
}

#[test]
fn a_phone_excel_holds_as_a_number_reads_back_as_its_digits() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("people").unwrap();
    for (col, head) in ["username", "name", "role", "area", "phone"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *head).unwrap();
    }
    sheet.write_string(1, 0, "zhangwei").unwrap();
    sheet.write_string(1, 1, "张伟").unwrap();
    sheet.write_string(1, 2, "专职网格员").unwrap();
    sheet.write_number(1, 3, 130302001010007.0).unwrap();
    sheet.write_number(1, 4, 13803350001.0).unwrap();
    let sheets = tables::read("people.xlsx", &book.save_to_buffer().unwrap()).unwrap();
    let table = &sheets[0];
    assert_eq!(table.cell(&table.rows[0], "phone"), "13803350001");
    let rows = people::check(&sheets, places(&stored()), &any_password).unwrap();
    assert_eq!(rows[0].phone.as_deref(), Some("13803350001"));
    assert_eq!(rows[0].scope, Scope::Grids(vec![grid("130302001010007")]));
}

#[test]
fn every_mistake_is_listed_by_sheet_row_and_column() {
    let too_long_username = "u".repeat(65);
    let too_long_name = "名".repeat(61);
    let text = [
        "username,name,role,area,phone,password".to_string(),
        // row 2: no username
        ",张一,专职网格员,130302001010007,,".into(),
        // row 3: a space in the username
        "zhang wei,张二,专职网格员,130302001010007,,".into(),
        // row 4: a username too long
        format!("{too_long_username},张三,专职网格员,130302001010007,,"),
        // row 5: fine; row 6: the same username again
        "zhangwei,张四,专职网格员,130302001010007,,".into(),
        "zhangwei,张五,专职网格员,130302001010008,,".into(),
        // row 7: no name; row 8: a name too long
        "u7,,专职网格员,130302001010007,,".into(),
        format!("u8,{too_long_name},专职网格员,130302001010007,,"),
        // row 9: an unknown role
        "u9,李九,队长,130302001010007,,".into(),
        // row 10: a grid that is not stored
        "u10,李十,兼职网格员,130302001010007、130302001010009,,".into(),
        // row 11: a malformed grid code
        "u11,李十一,专职网格员,13030200101000x,,".into(),
        // row 12: a street for a community dispatcher
        "u12,李十二,社区派遣员,130302001,,".into(),
        // row 13: a community that is not stored
        "u13,李十三,community_dispatcher,130302001999,,".into(),
        // row 14: a street code of 7 digits
        "u14,李十四,街道派遣员,1303020,,".into(),
        // row 15: a district that is not stored
        "u15,李十五,区指挥中心,130303,,".into(),
        // row 16: a grid for an information reporter
        "u16,李十六,信息员,130302001010007,,".into(),
        // row 17: a code of no level
        "u17,李十七,信息员,12345,,".into(),
        // row 18: not a phone number
        "u18,李十八,管理员,130302,12345,".into(),
        // row 19: a password the policy refuses
        "u19,李十九,管理员,130302,,short".into(),
        // row 20: a grid worker without an area
        "u20,李二十,专职网格员,,,".into(),
        // row 21: two streets for a street dispatcher
        "u21,李廿一,街道派遣员,130302001;130302002,,".into(),
    ]
    .join("\n");
    let problems = problems_of(&csv(&text));
    let at: Vec<(u32, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    let expected: Vec<(u32, &str)> = vec![
        (2, "username"),
        (3, "username"),
        (4, "username"),
        (6, "username"),
        (7, "name"),
        (8, "name"),
        (9, "role"),
        (10, "area"),
        (11, "area"),
        (12, "area"),
        (13, "area"),
        (14, "area"),
        (15, "area"),
        (16, "area"),
        (17, "area"),
        (18, "phone"),
        (19, "password"),
        (20, "area"),
        (21, "area"),
    ];
    assert_eq!(at, expected, "{problems:#?}");
    assert!(problems.iter().all(|p| p.sheet == "people.csv"));
    assert_problem(&problems, 2, "username", "the username is empty");
    assert_problem(&problems, 3, "username", "\"zhang wei\" has a space");
    assert_problem(&problems, 4, "username", "has 65 characters; at most 64");
    assert_problem(&problems, 6, "username", "zhangwei is also on row 5");
    assert_problem(&problems, 7, "name", "the name is empty");
    assert_problem(&problems, 8, "name", "at most 60");
    assert_problem(&problems, 9, "role", "unknown role \"队长\"");
    assert_problem(&problems, 9, "role", "full_time_grid_worker / 专职网格员");
    assert_problem(&problems, 9, "role", "administrator / 系统管理员 / 管理员");
    assert_problem(
        &problems,
        10,
        "area",
        "grid 130302001010009 is not stored (import the grids first)",
    );
    assert_problem(
        &problems,
        11,
        "area",
        "invalid grid code \"13030200101000x\"",
    );
    assert_problem(
        &problems,
        12,
        "area",
        "130302001 is a street code: a community dispatcher works in a community (12 digits)",
    );
    assert_problem(
        &problems,
        13,
        "area",
        "community 130302001999 is not stored",
    );
    assert_problem(&problems, 14, "area", "invalid street code \"1303020\"");
    assert_problem(&problems, 15, "area", "district 130303 is not stored");
    assert_problem(&problems, 16, "area", "130302001010007 is a grid code");
    assert_problem(
        &problems,
        17,
        "area",
        "\"12345\" is not the code of a community (12 digits), a street (9 digits) or a \
         district (6 digits)",
    );
    assert_problem(
        &problems,
        18,
        "phone",
        "\"12345\" is not a phone number (a mobile 1XXXXXXXXXX or a landline 0XX-XXXXXXXX)",
    );
    assert_problem(
        &problems,
        19,
        "password",
        "the password is shorter than 8 characters",
    );
    assert_problem(&problems, 20, "area", "the area is empty");
    assert_problem(
        &problems,
        21,
        "area",
        "names 2 areas; a street dispatcher works in one: a street (9 digits)",
    );
    // In Chinese, each with the value at fault.
    assert_problem_zh(
        &problems,
        9,
        "role",
        "未知角色“队长”（可填：专职网格员、兼职网格员、信息员、社区受理员/社区派遣员、\
         街道派遣员/街道受理员、区指挥中心/指挥中心、系统管理员/管理员、部门处置员/处置员；也可填英文名，如 \
         full_time_grid_worker）",
    );
    assert_problem_zh(&problems, 6, "username", "zhangwei 与第5行重复");
    assert_problem_zh(
        &problems,
        10,
        "area",
        "网格 130302001010009 尚未导入（请先导入网格边界）",
    );
    assert_problem_zh(
        &problems,
        11,
        "area",
        "网格编码“13030200101000x”的第15个字符是“x”，应为数字",
    );
    assert_problem_zh(
        &problems,
        12,
        "area",
        "130302001 是街道编码；社区派遣员的区域应为社区（12位）",
    );
    assert_problem_zh(
        &problems,
        13,
        "area",
        "社区 130302001999 不在区划中（请先导入街道与社区）",
    );
    assert_problem_zh(
        &problems,
        17,
        "area",
        "“12345”不是社区（12位）、街道（9位）或区（6位）的编码",
    );
    assert_problem_zh(
        &problems,
        18,
        "phone",
        "“12345”不是电话号码：手机号应为11位数字，以1开头；固定电话为区号加号码，如 0335-3012345",
    );
    assert_problem_zh(&problems, 19, "password", "密码少于8个字符");
    assert_problem_zh(
        &problems,
        21,
        "area",
        "“130302001;130302002”填了2个区域；街道派遣员只在一个区域工作：街道（9位）",
    );
}

#[test]
fn a_file_without_the_required_columns_is_refused_naming_each() {
    let problems = problems_of(&csv("username,phone\nzhangwei,13803350001\n"));
    let missing: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(missing, ["name", "role", "area"], "{problems:#?}");
    assert!(problems.iter().all(|p| p.row == 1));
    assert_problem(&problems, 1, "role", "the header has no column \"role\"");
}

#[test]
fn the_template_reads_back_and_its_example_passes() {
    let bytes = tables::template::template("people")
        .expect("a people template")
        .expect("written");
    assert!(tables::template::KINDS.contains(&"people"));
    let sheets = tables::read("template.xlsx", &bytes).unwrap();
    let table = sheets
        .iter()
        .find(|s| s.name == "people")
        .expect("its sheet");
    assert_eq!(table.header, COLUMNS);
    assert_eq!(table.rows.len(), 1, "one example row");
    assert!(sheets.iter().any(|s| s.name.contains("notes")));
    let rows = people::check(&sheets, places(&stored()), &any_password).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].role, Role::FullTimeGridWorker);
    assert_eq!(rows[0].scope, Scope::Grids(vec![grid("130302001010007")]));
    assert_eq!(rows[0].phone.as_deref(), Some("13803350001"));
    assert_eq!(rows[0].password, None);
}

#[test]
fn a_department_handler_names_a_stored_active_organisation() {
    let sheets = csv("username,name,role,area\n\
                      zhou,老周,部门处置员,cg\n\
                      wu,小吴,department_handler,old\n\
                      qian,老钱,部门处置员,nobody\n\
                      sun,老孙,部门处置员,\n");
    let found = problems_of(&sheets);
    let said: Vec<(u32, &str, &str)> = found
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.reason.as_str()))
        .collect();
    assert_eq!(
        said,
        vec![
            (3, "area", "单位 old（旧科室）已撤销"),
            (4, "area", "单位 nobody 不存在（请先导入单位）"),
            (5, "area", "区域为空：部门处置员的区域应为其单位编码"),
        ]
    );
    let ok = csv("username,name,role,area\nzhou,老周,部门处置员,cg\n");
    let rows = people::check(&ok, places(&stored()), &any_password).expect("a clean file");
    assert_eq!(rows[0].role, Role::DepartmentHandler);
    assert_eq!(
        rows[0].organisation,
        Some(OrgCode::parse("cg").expect("a code"))
    );
    assert_eq!(
        rows[0].scope,
        Scope::District("130302".parse().expect("a district"))
    );
}
