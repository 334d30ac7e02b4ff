//! An administrator's engine reads a refused file's problems and a refused form in both
//! languages: each problem's reason in Chinese with its English beside it, and an
//! `invalid_person` refusal in Chinese on its first line and in English on its second.

use device::engine::{ImportArgs, ImportKind, NewPersonInput};
use e2e::devices::signed_in;
use e2e::scenario::Scenario;
use e2e::server::{ADMIN, PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_people_file_and_form_say_why_in_chinese_and_in_english() {
    let s = Scenario::start().await;
    e2e::server::store_admin(&s.server.state).await;
    let (_dir, desk) = signed_in(&s.server.url, ADMIN, PASSWORD).await;
    let grid = s.a.my_grids().expect("grids")[0].code.clone();
    let community = grid[..12].to_string();

    let file = format!(
        "username,name,role,area,phone\n\
         li.na,李娜,专职网格员,{grid},13803351234\n\
         li.na,李娜二,专职网格员,{grid},\n\
         zhao,赵,社区受理员,{community},12345\n"
    );
    let args = ImportArgs {
        kind: ImportKind::People,
        dry_run: true,
        file_name: "人员.csv".into(),
        gcj02: false,
        code_property: None,
    };
    let report = desk
        .admin_import(&args, file.into_bytes())
        .await
        .expect("a report");
    let at = |row: u32, column: &str| {
        report
            .problems
            .iter()
            .find(|p| p.row == row && p.column == column)
            .unwrap_or_else(|| panic!("no problem at {row} {column}: {:#?}", report.problems))
    };
    let duplicate = at(3, "username");
    assert_eq!(duplicate.reason, "li.na 与第2行重复");
    assert_eq!(duplicate.reason_en, "li.na is also on row 2");
    let phone = at(4, "phone");
    assert!(
        phone
            .reason
            .starts_with("“12345”不是电话号码：手机号应为11位数字，以1开头"),
        "{phone:?}"
    );
    assert!(
        phone
            .reason_en
            .starts_with("\"12345\" is not a phone number"),
        "{phone:?}"
    );

    let refused = desk
        .admin_create_person(&NewPersonInput {
            username: "qian".into(),
            name: "钱".into(),
            role: domain::Role::InformationReporter,
            area: community,
            phone: Some("12345".into()),
        })
        .await
        .expect_err("a wrong phone");
    let device::Error::Server { code, message, .. } = &refused else {
        panic!("refused by the server: {refused}");
    };
    assert_eq!(code, "invalid_person");
    let (zh, en) = message.split_once('\n').expect("two lines");
    assert!(zh.starts_with("phone: “12345”不是电话号码"), "{message}");
    assert!(
        en.starts_with("phone: \"12345\" is not a phone number"),
        "{message}"
    );
}
