//! Organisations tables as administrators make them, checked against Haigang: a clean file
//! of every kind, and a file with every kind of mistake, each by row and column.

use domain::fixtures::haigang;
use domain::{OrgKind, Scope};
use tables::organisations;

fn csv(text: &str) -> Vec<tables::Sheet> {
    tables::read("organisations.csv", text.as_bytes()).expect("a CSV")
}

#[test]
fn every_kind_of_organisation_is_read() {
    let sheets = csv("code,name,kind,area,party_branch,phone\n\
                      cg,区城管局,专业部门,130302,,0335-3012345\n\
                      whl-ks,文化路街道城建科,street_office,130302001,,\n\
                      hq-wy,红旗里物业,物业公司,130302001001,红旗里物业党支部,13803350001\n");
    let orgs = organisations::check(&sheets, &haigang()).expect("a clean file");
    assert_eq!(orgs.len(), 3);
    assert_eq!(orgs[0].kind, OrgKind::Department);
    assert_eq!(orgs[0].phone.as_deref(), Some("0335-3012345"));
    assert_eq!(
        orgs[1].area,
        Scope::Street("130302001".parse().expect("a street"))
    );
    assert!(orgs[2].is_red_property());
    assert!(!orgs[0].retired);
}

#[test]
fn every_mistake_is_listed_by_row_and_column() {
    let sheets = csv("code,name,kind,area,phone,retired\n\
                      cg,区城管局,专业部门,130302001,,\n\
                      cg,重复,专业部门,130302,,\n\
                      城管,名字,专业部门,130302,,\n\
                      sz,,学校,130399,123,也许\n");
    let problems = organisations::check(&sheets, &haigang()).expect_err("mistakes");
    let said: Vec<(u32, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        said,
        vec![
            (2, "area"),
            (3, "code"),
            (4, "code"),
            (5, "area"),
            (5, "kind"),
            (5, "name"),
            (5, "phone"),
            (5, "retired"),
        ],
        "{problems:#?}"
    );
    assert_eq!(problems[0].reason, "专业部门服务的区域应为区");
    assert!(
        problems[2].reason.starts_with("单位编码“城管”中的“城”不是"),
        "{}",
        problems[2].reason
    );
}
