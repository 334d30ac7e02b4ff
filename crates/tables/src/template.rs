//! Empty import templates as Excel workbooks: the table's sheet with its columns and an
//! example row, and a notes sheet (说明) saying what each column holds, in Chinese and
//! English. What `wangge admin template KIND --out FILE.xlsx` writes.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A column of a template: its header and what goes in it.
struct Column {
    header: &'static str,
    zh: &'static str,
    en: &'static str,
    example: &'static str,
}

const HIERARCHY: &[Column] = &[
    Column {
        header: "level",
        zh: "层级：district（区）、street（街道）或 community（社区）",
        en: "district, street or community",
        example: "street",
    },
    Column {
        header: "code",
        zh: "代码：区 6 位，街道 9 位，社区 12 位（GB/T 2260 区划代码加序号）",
        en: "6 digits for a district, 9 for a street, 12 for a community",
        example: "130302001",
    },
    Column {
        header: "name",
        zh: "名称，最多 60 字",
        en: "the name, at most 60 characters",
        example: "文化路街道",
    },
    Column {
        header: "parent_code",
        zh: "上级代码：街道填所属区，社区填所属街道，区填所属市（代码前 4 位）",
        en: "the street's district, the community's street, the district's prefecture",
        example: "130302",
    },
];

/// The kinds of template there are.
pub const KINDS: &[&str] = &["hierarchy"];

/// The template of `kind` as `.xlsx` bytes, or `None` for an unknown kind.
pub fn template(kind: &str) -> Option<Result<Vec<u8>, XlsxError>> {
    match kind {
        "hierarchy" => Some(build("hierarchy", HIERARCHY)),
        _ => None,
    }
}

fn build(sheet: &str, columns: &[Column]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    // Codes are text, so Excel keeps their leading digits as typed.
    let text = Format::new().set_num_format("@");
    let table = book.add_worksheet();
    table.set_name(sheet)?;
    for (i, c) in columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        table.write_string_with_format(0, col, c.header, &bold)?;
        table.write_string_with_format(1, col, c.example, &text)?;
        table.set_column_width(col, 18)?;
        table.set_column_format(col, &text)?;
    }
    let notes = book.add_worksheet();
    notes.set_name("说明 notes")?;
    notes.write_string_with_format(0, 0, "列 column", &bold)?;
    notes.write_string_with_format(0, 1, "说明", &bold)?;
    notes.write_string_with_format(0, 2, "notes", &bold)?;
    for (i, c) in columns.iter().enumerate() {
        let row = u32::try_from(i).unwrap_or(u32::MAX) + 1;
        notes.write_string(row, 0, c.header)?;
        notes.write_string(row, 1, c.zh)?;
        notes.write_string(row, 2, c.en)?;
    }
    let last = u32::try_from(columns.len()).unwrap_or(u32::MAX) + 2;
    notes.write_string(
        last,
        0,
        "第 2 行是示例，导入前删除或改写。Row 2 is an example: replace or delete it before importing.",
    )?;
    notes.set_column_width(1, 60)?;
    notes.set_column_width(2, 60)?;
    book.save_to_buffer()
}
