//! Import tables as administrators make them: the real Haigang hierarchy as CSV, a workbook
//! written by Excel's format (rust_xlsxwriter) with codes typed as numbers, and files with
//! every kind of mistake, each reported by sheet, row and column.

use domain::hierarchy::Hierarchy;
use tables::{Problem, hierarchy};

const HAIGANG: &str = include_str!("../../../fixtures/haigang-hierarchy.csv");

fn problems_of(sheets: &[tables::Sheet], known: &Hierarchy) -> Vec<Problem> {
    match hierarchy::check(sheets, known) {
        Ok(_) => panic!("the file was accepted"),
        Err(problems) => problems,
    }
}

#[test]
fn the_haigang_hierarchy_imports_and_a_second_import_changes_nothing() {
    let sheets = tables::read("haigang-hierarchy.csv", HAIGANG.as_bytes()).unwrap();
    let first = hierarchy::check(&sheets, &Hierarchy::new()).unwrap();
    assert_eq!(first.merged.districts().count(), 1);
    assert_eq!(first.merged.streets().count(), 10);
    assert_eq!(first.merged.communities().count(), 108);
    assert_eq!((first.created, first.updated, first.unchanged), (119, 0, 0));
    let again = hierarchy::check(&sheets, &first.merged).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 119));
    // A corrected file renames by code.
    let renamed = HAIGANG.replace("文化路街道", "文化路街道办事处");
    let sheets = tables::read("fixed.csv", renamed.as_bytes()).unwrap();
    let fixed = hierarchy::check(&sheets, &first.merged).unwrap();
    assert_eq!((fixed.created, fixed.updated, fixed.unchanged), (0, 1, 118));
    assert_eq!(
        fixed.merged.street_name(&"130302001".parse().unwrap()),
        "文化路街道办事处"
    );
}

/// A workbook with a notes sheet first, the table on its own sheet, codes as numbers.
fn workbook(rows: &[(&str, f64, &str, f64)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("说明 notes").expect("workbook");
    notes
        .write_string(0, 0, "fill in the hierarchy sheet")
        .expect("workbook");
    let sheet = book.add_worksheet();
    sheet.set_name("hierarchy").expect("workbook");
    for (col, head) in ["level", "code", "name", "parent_code"].iter().enumerate() {
        sheet.write_string(0, col as u16, *head).expect("workbook");
    }
    for (i, (level, code, name, parent)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *level).expect("workbook");
        sheet.write_number(r, 1, *code).expect("workbook");
        sheet.write_string(r, 2, *name).expect("workbook");
        sheet.write_number(r, 3, *parent).expect("workbook");
    }
    book.save_to_buffer().expect("workbook")
}

#[test]
fn a_workbook_with_codes_typed_as_numbers_imports() {
    let bytes = workbook(&[
        ("district", 130399.0, "测试区", 1303.0),
        ("street", 130399001.0, "一街道", 130399.0),
        ("community", 130399001001.0, "一社区", 130399001.0),
    ]);
    let sheets = tables::read("district.xlsx", &bytes).unwrap();
    let done = hierarchy::check(&sheets, &Hierarchy::new()).unwrap();
    assert_eq!(done.created, 3);
    assert_eq!(
        done.merged.community_name(&"130399001001".parse().unwrap()),
        "一社区"
    );
}

#[test]
fn every_mistake_is_listed_by_sheet_row_and_column() {
    let bytes = workbook(&[
        ("district", 130399.0, "测试区", 1303.0),
        // row 3: a street code that is not under its parent
        ("street", 130399001.0, "一街道", 130398.0),
        // row 4: a community whose street is neither in the file nor stored
        ("community", 130399002001.0, "孤社区", 130399002.0),
        // row 5: a malformed code
        ("street", 13039.0, "短街道", 130399.0),
        // row 6: an empty name
        ("street", 130399003.0, "", 130399.0),
        // row 7: a duplicate of row 6's code
        ("street", 130399003.0, "又一街道", 130399.0),
        // row 8: a grid, which needs its boundary
        ("grid", 130399003001001.0, "网格", 130399003001.0),
    ]);
    let sheets = tables::read("district.xlsx", &bytes).unwrap();
    let problems = problems_of(&sheets, &Hierarchy::new());
    let at: Vec<(u32, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        at,
        vec![
            (3, "parent_code"),
            (4, "parent_code"),
            (5, "code"),
            (6, "name"),
            (7, "code"),
            (8, "level"),
        ],
        "{problems:#?}"
    );
    assert!(problems.iter().all(|p| p.sheet == "hierarchy"));
    let text = problems[1].to_string();
    assert_eq!(
        text,
        "hierarchy, row 4, column parent_code: 街道 130399002 既不在本文件中，也不在已有区划中 \
         (street 130399002 is neither in this file nor stored)",
    );
    // A wrong code, in Chinese with the code as typed.
    let short = &problems[2];
    assert_eq!((short.row, short.column.as_str()), (5, "code"));
    assert_eq!(
        short.reason, "街道编码“13039”应为9位数字，实际有5个字符",
        "{short}"
    );
    assert!(
        short.reason_en.starts_with("invalid street code \"13039\""),
        "{short}"
    );
    assert_eq!(
        problems[0].reason,
        "按编码，街道 130399001 属于区 130399，不是“130398”"
    );
}

#[test]
fn files_that_are_not_tables_are_refused_with_a_reason() {
    let gbk = b"level,code,name,parent_code\ndistrict,130399,\xb2\xe2\xca\xd4,1303\n";
    let e = tables::read("gbk.csv", gbk).unwrap_err();
    assert!(e.reason_en.contains("UTF-8"), "{e}");
    let e = tables::read("broken.xlsx", b"PK\x03\x04 not really a zip").unwrap_err();
    assert!(e.reason_en.contains("workbook"), "{e}");
    let sheets = tables::read("wrong.csv", b"kind,id\nstreet,1\n").unwrap();
    let problems = problems_of(&sheets, &Hierarchy::new());
    assert_eq!(problems.len(), 4, "one per missing column: {problems:?}");
    assert!(problems.iter().all(|p| p.row == 1));
}

/// A zip of `entries`, each `(name, byte, length)`: `length` copies of `byte`, deflated.
fn zip_of(entries: &[(&str, u8, usize)]) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, byte, len) in entries {
        zip.start_file(*name, options).expect("entry");
        let chunk = vec![*byte; 1 << 20];
        let mut left = *len;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n]).expect("bytes");
            left -= n;
        }
    }
    zip.finish().expect("zip").into_inner()
}

#[test]
fn only_xlsx_workbooks_are_opened_and_a_zip_bomb_is_refused_before_unpacking() {
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend_from_slice(&[0; 504]);
    let e = tables::read("old.xls", &xls).unwrap_err();
    assert!(e.reason_en.contains(".xls"), "{e}");
    let ods = zip_of(&[("mimetype", b'a', 10), ("content.xml", b'b', 100)]);
    let e = tables::read("calc.ods", &ods).unwrap_err();
    assert!(e.reason_en.contains(".ods"), "{e}");
    // 300 MB of one byte deflates to a few hundred KB, well under the file limit.
    let bomb = zip_of(&[
        ("xl/workbook.xml", b' ', 100),
        ("xl/sharedStrings.xml", b' ', 300 * 1024 * 1024),
    ]);
    assert!(bomb.len() < tables::MAX_FILE_BYTES, "{} bytes", bomb.len());
    let e = tables::read("bomb.xlsx", &bomb).unwrap_err();
    assert!(e.reason_en.contains("unpacks to 300 MB"), "{e}");
}

#[test]
fn the_template_reads_back_as_the_table_it_describes() {
    let bytes = tables::template::template("hierarchy")
        .expect("a hierarchy template")
        .expect("written");
    let sheets = tables::read("template.xlsx", &bytes).unwrap();
    let table = sheets
        .iter()
        .find(|s| s.name == "hierarchy")
        .expect("its sheet");
    assert_eq!(table.header, hierarchy::COLUMNS);
    assert_eq!(table.rows.len(), 1, "one example row");
    assert!(
        sheets.iter().any(|s| s.name.contains("notes")),
        "a notes sheet"
    );
    // The example is a real Haigang street: against the stored Haigang it changes nothing.
    let haigang = tables::read("h.csv", HAIGANG.as_bytes()).unwrap();
    let known = hierarchy::check(&haigang, &Hierarchy::new())
        .unwrap()
        .merged;
    let example = hierarchy::check(&sheets, &known).unwrap();
    assert_eq!(
        (example.created, example.updated, example.unchanged),
        (0, 0, 1)
    );
    assert!(tables::template::template("galaxies").is_none());
}
