//! Inputs the `import_table` fuzz target (fuzz/, `cargo xtask fuzz`) found to crash
//! `tables::read`, kept as regression tests: each is refused with a [`Problem`] that says
//! why, never a panic (the server runs `read` on uploaded files).

use tables::Problem;

fn refused(name: &str, bytes: &[u8]) -> Problem {
    match tables::read(name, bytes) {
        Ok(sheets) => panic!("the file was read: {sheets:?}"),
        Err(problem) => problem,
    }
}

/// The fuzzer's crash input as found (a mutation of the seed
/// fuzz/corpus/import_table/seed-hierarchy-stored-uncompressed.xlsx): a shared-string cell
/// of sheet `hierarchy` came to read `<v>5<130302003014"B2"><v>130399</v>`, which
/// calamine 0.31 took for string 5130399 of 15 and indexed its table with: a panic (index
/// out of bounds). Its zip entry's checksum no longer matches either; the sheet is refused.
#[test]
fn the_crash_input_as_found_is_refused_not_a_panic() {
    let bytes = include_bytes!("fuzz_found/crash-shared-string-index.xlsx");
    let problem = refused("upload.xlsx", bytes);
    assert_eq!((problem.sheet.as_str(), problem.row), ("hierarchy", 0));
    assert!(
        problem.reason_en.starts_with("the sheet cannot be read: "),
        "{problem}"
    );
}

/// The same fault in an otherwise well-formed workbook (every zip entry's checksum right):
/// cell A2 points at shared string 99 of 4.
#[test]
fn a_shared_string_past_the_table_is_refused_naming_the_sheet() {
    let sheet = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="s"><v>99</v></c><c r="B2"><v>130399</v></c><c r="C2" t="s"><v>2</v></c><c r="D2"><v>1303</v></c></row></sheetData></worksheet>"#;
    let strings = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>level</t></si><si><t>code</t></si><si><t>name</t></si><si><t>parent_code</t></si></sst>"#;
    let bytes = workbook("hierarchy", sheet, strings);
    let problem = refused("district.xlsx", &bytes);
    assert_eq!((problem.sheet.as_str(), problem.row), ("hierarchy", 0));
    assert!(
        problem.reason_en.starts_with("the sheet cannot be read: ")
            && problem.reason_en.contains("shared string"),
        "{problem}"
    );
    // The same workbook with the index in range reads.
    let fixed = workbook(
        "hierarchy",
        &sheet.replace("<v>99</v>", "<v>2</v>"),
        strings,
    );
    let sheets = tables::read("district.xlsx", &fixed).expect("a good workbook reads");
    assert_eq!(sheets[0].header, ["level", "code", "name", "parent_code"]);
    assert_eq!(sheets[0].rows[0].cells, ["name", "130399", "name", "1303"]);
}

/// The second crash input as found: a cell `r="ndalone="` (bytes of `standalone="yes"`
/// crossed into a cell reference). calamine 0.38 reads a reference's column letters into a
/// `u32` without checking: seven letters overflow it, a panic where overflow is checked
/// (debug and test builds, the fuzzer's) and a wrong column where it is not (release).
/// `tables::read` turns the panic into the file's refusal.
#[test]
fn column_letters_too_long_for_calamine_are_refused_not_a_panic() {
    let bytes = include_bytes!("fuzz_found/crash-column-letters-overflow.xlsx");
    let problem = refused("upload.xlsx", bytes);
    assert_eq!((problem.sheet.as_str(), problem.row), ("upload.xlsx", 0));
    if cfg!(debug_assertions) {
        assert_eq!(
            problem.reason_en,
            "a damaged workbook: calamine failed reading it (attempt to multiply with overflow)"
        );
    }
    // The same in a well-formed workbook: refused in every build (the `=` is not part of a
    // reference where the letters wrap).
    let sheet = sheet_xml(r#"<row r="1"><c r="abcdefgh="><v>1</v></c></row>"#);
    let problem = refused(
        "district.xlsx",
        &workbook("hierarchy", &sheet, EMPTY_STRINGS),
    );
    assert!(!problem.reason_en.is_empty(), "{problem}");
    // The final fuzz run found the row digits' twin (a row past u32::MAX); where overflow
    // is not checked it wraps.
    if cfg!(debug_assertions) {
        let sheet = sheet_xml(r#"<row r="1"><c r="A99999999999"><v>1</v></c></row>"#);
        let problem = refused(
            "district.xlsx",
            &workbook("hierarchy", &sheet, EMPTY_STRINGS),
        );
        assert_eq!(
            problem.reason_en,
            "a damaged workbook: calamine failed reading it (attempt to multiply with overflow)"
        );
    }
}

/// Found while fuzzing, by hand from the same seed: two cells, A1 and XFD1048576, made
/// calamine's `worksheet_range` ask for a table of every cell between them (512 GiB, an
/// abort, not a panic). Cells are now read one at a time, the empty ones left out.
#[test]
fn a_cell_far_from_the_others_is_read_without_a_table_of_the_cells_between() {
    let sheet = sheet_xml(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>level</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>district</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    let bytes = workbook("hierarchy", &sheet, EMPTY_STRINGS);
    let sheets = tables::read("far.xlsx", &bytes).expect("read");
    assert_eq!(sheets[0].header, ["level"]);
    let rows: Vec<(u32, usize)> = sheets[0]
        .rows
        .iter()
        .map(|r| (r.number, r.cells.len()))
        .collect();
    assert_eq!(rows, [(2, 1), (1_048_576, 16_384)]);
    assert_eq!(sheets[0].rows[1].cells[16_383], "1");
}

/// Cells far to the right on many rows count against [`tables::MAX_CELLS`], so a small
/// workbook cannot make a large table either.
#[test]
fn cells_past_the_limit_are_refused_at_the_row_that_passes_it() {
    let rows: String = (1..=200)
        .map(|r| format!(r#"<row r="{r}"><c r="XFD{r}"><v>{r}</v></c></row>"#))
        .collect();
    let bytes = workbook("hierarchy", &sheet_xml(&rows), EMPTY_STRINGS);
    let problem = refused("wide.xlsx", &bytes);
    let row = u32::try_from(tables::MAX_CELLS / 16_384 + 1).expect("u32");
    assert_eq!((problem.sheet.as_str(), problem.row), ("hierarchy", row));
    assert!(
        problem.reason_en.starts_with("a cell in column XFD: ")
            && problem.reason_en.contains("2000000"),
        "{problem}"
    );
}

/// [`tables::MAX_ROWS`] rows under the header are read, one more is refused; empty lines
/// are not rows.
#[test]
fn rows_past_the_limit_are_refused_while_reading() {
    let mut csv = String::from("level,code,name,parent_code\n\n,,,\n");
    csv.push_str(&"street\n".repeat(tables::MAX_ROWS));
    let sheets = tables::read("many.csv", csv.as_bytes()).expect("read");
    assert_eq!(sheets[0].rows.len(), tables::MAX_ROWS);
    csv.push_str("street\n");
    let problem = refused("many.csv", csv.as_bytes());
    let last = u32::try_from(tables::MAX_ROWS + 4).expect("u32");
    assert_eq!((problem.sheet.as_str(), problem.row), ("many.csv", last));
    assert!(problem.reason_en.contains("at most 200000"), "{problem}");
}

const EMPTY_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>"#;

fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// An `.xlsx` of one sheet `name` with the given sheet and shared-strings XML, its zip
/// entries stored (not compressed) so a test can say exactly what is inside.
fn workbook(name: &str, sheet: &str, strings: &str) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006";
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{PKG}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#
    );
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let book = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let book_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
    );
    stored_zip(&[
        ("[Content_Types].xml", &types),
        ("_rels/.rels", &root_rels),
        ("xl/workbook.xml", &book),
        ("xl/_rels/workbook.xml.rels", &book_rels),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ])
}

/// A zip archive of `entries` (name, text), stored, dated 1980-01-01.
fn stored_zip(entries: &[(&str, &str)]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&u16::try_from(v).expect("u16").to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
            }
        }
        !crc
    }
    // version needed, flags, method (stored), time, date (1980-01-01), crc, sizes, name
    let header = |out: &mut Vec<u8>, name: &str, data: &[u8]| {
        let len = u32::try_from(data.len()).expect("u32");
        u16le(out, 20);
        u16le(out, 0);
        u16le(out, 0);
        u16le(out, 0);
        u16le(out, 0x21);
        u32le(out, crc32(data));
        u32le(out, len);
        u32le(out, len);
        u16le(out, name.len());
        u16le(out, 0);
    };
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, text) in entries {
        let offset = u32::try_from(out.len()).expect("u32");
        u32le(&mut out, 0x0403_4b50);
        header(&mut out, name, text.as_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(text.as_bytes());
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20); // version made by
        header(&mut central, name, text.as_bytes());
        u16le(&mut central, 0); // comment length
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).expect("u32");
    let central_len = u32::try_from(central.len()).expect("u32");
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len());
    u16le(&mut out, entries.len());
    u32le(&mut out, central_len);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}
