//! Why a file, a row or a cell is refused, in Chinese (what an administrator reads first)
//! and in English (the app's language switch): a [`Reason`] is made where a check finds
//! its problem, both sentences side by side; the reasons several checks share are made
//! here, and so is the Chinese of the domain's parse and validation errors (the domain
//! words them in English only, from fields this module reads).

use std::fmt;

use domain::Error;
use domain::hierarchy::GridCode;

/// One reason, in Chinese and in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub zh: String,
    pub en: String,
}

impl Reason {
    /// The reason `zh` (Chinese) and `en` (English).
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// `value` is already on row `first` of the table.
    pub(crate) fn repeated(value: &str, first: u32) -> Self {
        Self::new(
            format!("{value} 与第{first}行重复"),
            format!("{value} is also on row {first}"),
        )
    }

    /// A file without a sheet.
    pub(crate) fn no_sheet() -> Self {
        Self::new("文件中没有工作表", "the file has no sheet")
    }

    /// A grid the stored hierarchy does not have.
    pub(crate) fn grid_not_stored(grid: &GridCode) -> Self {
        Self::new(
            format!("网格 {grid} 尚未导入（请先导入网格边界）"),
            format!("grid {grid} is not stored (import the grids first)"),
        )
    }

    /// An empty code cell.
    pub(crate) fn empty_code() -> Self {
        Self::new("编码为空", "the code is empty")
    }

    /// An empty name cell.
    pub(crate) fn empty_name() -> Self {
        Self::new("名称为空", "the name is empty")
    }

    /// A name of `chars` characters, more than `max`.
    pub(crate) fn long_name(chars: usize, max: usize) -> Self {
        Self::new(
            format!("名称有{chars}个字，最多{max}个"),
            format!("the name has {chars} characters; at most {max}"),
        )
    }

    /// The message of a refused form (`invalid_person`, `invalid_category`): each problem
    /// as `field: reason` (a problem of no field as its reason alone), joined by `; `, the
    /// Chinese line first and then, on a line of its own, the English one.
    pub fn form_message<'a>(problems: impl IntoIterator<Item = (&'a str, &'a Reason)>) -> String {
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        for (field, why) in problems {
            let part = |text: &str| {
                // One line per language: a typed value's line break would start another.
                let text = text.replace(['\r', '\n'], " ");
                if field.is_empty() {
                    text
                } else {
                    format!("{field}: {text}")
                }
            };
            zh.push(part(&why.zh));
            en.push(part(&why.en));
        }
        format!("{}\n{}", zh.join("; "), en.join("; "))
    }
}

/// `中文 (English)`.
impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.zh, self.en)
    }
}

impl From<&Error> for Reason {
    fn from(e: &Error) -> Self {
        Self::new(domain_zh(e), e.to_string())
    }
}

impl From<Error> for Reason {
    fn from(e: Error) -> Self {
        Self::from(&e)
    }
}

/// A code's kind (the domain's `KIND`) in Chinese, and the shape it has.
fn kind_zh(kind: &str) -> (&str, &str) {
    match kind {
        "district code" => ("区编码", "6位数字"),
        "street code" => ("街道编码", "9位数字"),
        "community code" => ("社区编码", "12位数字"),
        "grid code" => ("网格编码", "15位数字"),
        "building code" => ("楼栋编码", "19个字符（15位网格编码、“-”、3位楼栋序号）"),
        "unit code" => ("单元编码", "22个字符（19位楼栋编码、“-”、2位单元序号）"),
        "category code" => ("类别编码", "4位数字（2位大类、2位小类）"),
        "major class code" => ("大类编码", "2位数字"),
        "priority" => ("紧急程度", "urgent、high 或 normal"),
        "person id" => ("人员ID", "UUID"),
        "organisation code" => ("单位编码", "1–32个英文字母、数字、“-”或“_”"),
        other => (other, ""),
    }
}

/// The part of a code the domain names in "the … must not be all zeros".
fn part_zh(part: &str) -> &str {
    match part {
        "county part" => "区县序号",
        "street number" => "街道序号",
        "community number" => "社区序号",
        "grid number" => "网格序号",
        "building number" => "楼栋序号",
        "unit number" => "单元序号",
        other => other,
    }
}

fn priority_zh(priority: &str) -> &str {
    match priority {
        "urgent" => "紧急",
        "high" => "较急",
        "normal" => "一般",
        other => other,
    }
}

/// A domain error in Chinese, from its fields; a problem the domain words freely is read
/// for the sentences it is known to write, else shown as the domain wrote it.
fn domain_zh(e: &Error) -> String {
    match e {
        Error::CodeLength {
            kind,
            input,
            actual,
            ..
        } => {
            let (kind, shape) = kind_zh(kind);
            if input.is_empty() {
                format!("{kind}为空，应为{shape}")
            } else {
                format!("{kind}“{input}”应为{shape}，实际有{actual}个字符")
            }
        }
        Error::CodeNotDigit {
            kind,
            input,
            position,
            found,
        } => format!(
            "{}“{input}”的第{position}个字符是“{found}”，应为数字",
            kind_zh(kind).0
        ),
        Error::CodeFormat {
            kind,
            input,
            problem,
        } => {
            let kind = kind_zh(kind).0;
            format!("{kind}“{input}”{}", code_format_zh(problem))
        }
        Error::WrongParent {
            kind,
            code,
            parent_kind,
            expected_parent,
            actual_parent,
        } => format!(
            "{} {code} 不在{} {expected_parent} 下，按编码它属于 {actual_parent}",
            kind_zh(kind).0.trim_end_matches("编码"),
            kind_zh(parent_kind).0.trim_end_matches("编码"),
        ),
        Error::Category { code, problem } => {
            format!("类别 {code} 有误：{}", category_zh(problem))
        }
        Error::DuplicateCategory(code) => format!("类别 {code} 已在类别目录中"),
        Error::Person(problem) => format!("人员信息有误：{problem}"),
        Error::Organisation(problem) => format!("单位信息有误：{problem}"),
        other => format!("数据有误：{other}"),
    }
}

/// What the domain says is wrong with a code's characters, after the code.
fn code_format_zh(problem: &str) -> String {
    if let Some((at, must)) = problem
        .strip_prefix("character ")
        .and_then(|p| p.split_once(" must be "))
    {
        return format!("的第{at}个字符应为“{}”", must.trim_matches('\''));
    }
    if let Some((part, digits)) = problem
        .strip_prefix("the ")
        .and_then(|p| p.strip_suffix(" digits) must not be all zeros"))
        .and_then(|p| p.split_once(" (last "))
    {
        return format!("的{}（后{digits}位）不能全为0", part_zh(part));
    }
    if let Some(c) = problem
        .strip_suffix(" is not a letter, digit, '-' or '_'")
        .map(|c| c.trim_matches('\''))
    {
        return format!("中的“{c}”不是英文字母、数字、“-”或“_”");
    }
    if let Some(n) = problem
        .strip_prefix("it has ")
        .and_then(|p| p.split_once(" characters, at most "))
    {
        return format!("有{}个字符，最多{}个", n.0, n.1);
    }
    match problem {
        "it is empty" => "为空".into(),
        "the major class must not be 00" => "的大类不能为00".into(),
        "the minor class must not be 00" => "的小类不能为00".into(),
        "must be 01 to 99" => "应为01到99".into(),
        "expected urgent, high or normal" => "应为 urgent、high 或 normal".into(),
        other => format!("格式不对：{other}"),
    }
}

/// What the domain says is wrong with a category.
fn category_zh(problem: &str) -> String {
    if problem.starts_with("time limits must not shrink") {
        return "时限不能随紧急程度降低而缩短（紧急 ≤ 较急 ≤ 一般）".into();
    }
    if let Some(p) = problem
        .strip_prefix("the ")
        .and_then(|p| p.strip_suffix(" time limits must be positive"))
    {
        return format!("{}的时限必须大于0", priority_zh(p));
    }
    if let Some((major, names)) = problem
        .strip_prefix("major class ")
        .and_then(|p| p.split_once(" is named "))
        && let Some((named, not)) = names.split_once(", not ")
    {
        let unquote = |s: &str| s.trim_matches('"').to_string();
        return format!(
            "大类 {major} 的名称是“{}”，不是“{}”（同一大类的名称须一致）",
            unquote(named),
            unquote(not)
        );
    }
    if let Some(field) = problem.strip_suffix(" is empty") {
        return format!("{field} 为空");
    }
    match problem {
        "not in the catalogue" => "不在类别目录中".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use domain::category::CategoryCode;
    use domain::hierarchy::{BuildingCode, CommunityCode, DistrictCode, StreetCode};

    use super::*;

    fn zh(e: Error) -> String {
        Reason::from(e).zh
    }

    /// The domain's English is read into Chinese for every way a code can be wrong; should
    /// the domain reword one, this test names it (the Chinese would fall back to English).
    #[test]
    fn the_domains_code_errors_read_in_chinese() {
        let cases = [
            (
                GridCode::parse("13039900100100").map(|_| ()),
                "网格编码“13039900100100”应为15位数字，实际有14个字符",
            ),
            (
                GridCode::parse("13039900100100X").map(|_| ()),
                "网格编码“13039900100100X”的第15个字符是“X”，应为数字",
            ),
            (
                GridCode::parse("130399001001000").map(|_| ()),
                "网格编码“130399001001000”的网格序号（后3位）不能全为0",
            ),
            (
                CommunityCode::parse("130399001000").map(|_| ()),
                "社区编码“130399001000”的社区序号（后3位）不能全为0",
            ),
            (
                StreetCode::parse("130399000").map(|_| ()),
                "街道编码“130399000”的街道序号（后3位）不能全为0",
            ),
            (
                DistrictCode::parse("130300").map(|_| ()),
                "区编码“130300”的区县序号（后2位）不能全为0",
            ),
            (
                BuildingCode::parse("130399001001001_001").map(|_| ()),
                "楼栋编码“130399001001001_001”的第16个字符应为“-”",
            ),
            (
                BuildingCode::parse("130399001001001-000").map(|_| ()),
                "楼栋编码“130399001001001-000”的楼栋序号（后3位）不能全为0",
            ),
            (
                CategoryCode::parse("5100").map(|_| ()),
                "类别编码“5100”的小类不能为00",
            ),
            (
                CategoryCode::parse("0001").map(|_| ()),
                "类别编码“0001”的大类不能为00",
            ),
            (
                GridCode::parse_under(&"130399001002".parse().expect("a code"), "130399001001001")
                    .map(|_| ()),
                "网格 130399001001001 不在社区 130399001002 下，按编码它属于 130399001001",
            ),
        ];
        for (result, expected) in cases {
            let e = result.expect_err(expected);
            assert_eq!(zh(e), expected);
        }
    }

    #[test]
    fn the_domains_category_errors_read_in_chinese() {
        let cases = [
            (
                "time limits must not shrink as priority drops (urgent ≤ high ≤ normal)",
                "类别 5101 有误：时限不能随紧急程度降低而缩短（紧急 ≤ 较急 ≤ 一般）",
            ),
            (
                "the high time limits must be positive",
                "类别 5101 有误：较急的时限必须大于0",
            ),
            (
                "major class 51 is named \"市容环境\", not \"市容\"",
                "类别 5101 有误：大类 51 的名称是“市容环境”，不是“市容”（同一大类的名称须一致）",
            ),
        ];
        for (problem, expected) in cases {
            let e = Error::Category {
                code: "5101".into(),
                problem: problem.into(),
            };
            assert_eq!(zh(e), expected);
        }
    }

    #[test]
    fn a_refused_form_says_each_field_in_chinese_then_in_english() {
        let phone = Reason::new("手机号应为11位", "not a phone\nnumber");
        let whole = Reason::new("时限不对", "limits are wrong");
        let message = Reason::form_message([("phone", &phone), ("", &whole)]);
        assert_eq!(
            message,
            "phone: 手机号应为11位; 时限不对\nphone: not a phone number; limits are wrong"
        );
    }
}
