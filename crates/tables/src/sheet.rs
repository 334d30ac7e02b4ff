//! Reading a table: an Excel workbook (`.xlsx`, `.xls`, `.ods`, by calamine; every sheet)
//! or a CSV file (UTF-8, with or without a byte-order mark), each sheet's first non-empty
//! row its header, cells as trimmed text, rows numbered as a spreadsheet shows them.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader as _, Sheets};

use crate::{Problem, Reason};

/// One row of a sheet: its number as a spreadsheet shows it, and its cells by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<String>,
}

/// A sheet: its name, the header (column names, lower-cased and trimmed) and its rows
/// (empty rows left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

impl Sheet {
    /// The cell of `row` under the header `column` (empty when the row is short).
    pub fn cell<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.header
            .iter()
            .position(|h| h == column)
            .and_then(|i| row.cells.get(i))
            .map_or("", String::as_str)
    }

    /// A problem with this sheet's `row` at `column`.
    pub fn problem(&self, row: &Row, column: &str, why: Reason) -> Problem {
        Problem::new(&self.name, row.number, column, why)
    }

    /// Problems for each of `columns` the header lacks.
    pub fn require(&self, columns: &[&str]) -> Vec<Problem> {
        columns
            .iter()
            .filter(|c| !self.header.iter().any(|h| h == *c))
            .map(|c| {
                let why = Reason::new(
                    format!("表头缺少“{c}”列（现有：{}）", self.header.join("、")),
                    format!(
                        "the header has no column {c:?} (it has: {})",
                        self.header.join(", ")
                    ),
                );
                Problem::new(&self.name, 1, *c, why)
            })
            .collect()
    }
}

/// The sheet a check reads: the first whose header has all of `columns`, else the first
/// sheet (whose header `Sheet::require` then finds lacking); a file without sheets is a
/// problem of the file as a whole.
pub(crate) fn pick<'a>(sheets: &'a [Sheet], columns: &[&str]) -> Result<&'a Sheet, Vec<Problem>> {
    sheets
        .iter()
        .find(|s| columns.iter().all(|c| s.header.iter().any(|h| h == c)))
        .or_else(|| sheets.first())
        .ok_or_else(|| vec![Problem::whole("", Reason::no_sheet())])
}

/// Problems in the order a person fixes them: by row, then column.
/// The `code` cell of `row` when it is filled in and not already in `seen` (where it is then
/// recorded with the row's number); else why not: empty, or repeated from an earlier row.
pub(crate) fn new_code<'a>(
    sheet: &Sheet,
    row: &'a Row,
    seen: &mut BTreeMap<&'a str, u32>,
) -> Result<&'a str, Reason> {
    let text = sheet.cell(row, "code");
    if text.is_empty() {
        return Err(Reason::empty_code());
    }
    if let Some(first) = seen.get(text) {
        return Err(Reason::repeated(text, *first));
    }
    seen.insert(text, row.number);
    Ok(text)
}

pub(crate) fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    problems
}

/// Most bytes of an import file.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most rows of one sheet, the header not counted.
pub const MAX_ROWS: usize = 200_000;
/// Most cells of a file, counted in each row up to its last non-empty cell: a workbook is
/// compressed, and a cell in column XFD of row 1048576 must not make a table of every cell
/// before it (as calamine's `worksheet_range` does: 512 GiB for two cells).
pub const MAX_CELLS: usize = 2_000_000;
/// Most bytes of text in a file's cells, a shared string counted each time a cell shows it.
pub const MAX_TEXT_BYTES: usize = 4 * MAX_FILE_BYTES;

/// Reads the file `name` (used for messages and for a CSV's sheet name) from `bytes`:
/// a workbook when it starts like one (zip for `.xlsx`/`.ods`, OLE for `.xls`), else CSV.
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, Problem> {
    if bytes.len() > MAX_FILE_BYTES {
        let n = bytes.len();
        return Err(Problem::whole(
            name,
            Reason::new(
                format!("文件有{n}字节，最多读取{MAX_FILE_BYTES}字节"),
                format!("the file has {n} bytes; at most {MAX_FILE_BYTES} are read"),
            ),
        ));
    }
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let mut budget = Budget::default();
    let sheets = if workbook {
        read_workbook(name, bytes, &mut budget)?
    } else {
        vec![read_csv(name, bytes, &mut budget)?]
    };
    Ok(sheets)
}

fn read_csv(name: &str, bytes: &[u8], budget: &mut Budget) -> Result<Sheet, Problem> {
    let whole = |why: Reason| Problem::whole(name, why);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        whole(Reason::new(
            format!(
                "不是UTF-8文本（第{at}字节处）：请把CSV另存为UTF-8编码（Excel：另存为 → CSV UTF-8）"
            ),
            format!(
                "not UTF-8 text (at byte {at}): save the CSV as UTF-8 (Excel: 另存为 → CSV UTF-8)"
            ),
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Rows::new(name, budget);
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let n = i + 1;
            whole(Reason::new(
                format!("第{n}行无法读取：{e}"),
                format!("row {n}: {e}"),
            ))
        })?;
        let line = record.position().map_or(i as u64 + 1, |p| p.line());
        let row = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX - 1);
        for (col, cell) in record.iter().enumerate() {
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            rows.put(row, col, cell.trim().to_string())?;
        }
    }
    Ok(rows.into_sheet())
}

fn read_workbook(name: &str, bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, Problem> {
    let whole = |why: Reason| Problem::whole(name, why);
    check_package(bytes).map_err(whole)?;
    let mut book = contained(name, || {
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
            whole(Reason::new(
                format!("无法读取此工作簿：{e}"),
                format!("not a workbook calamine can read: {e}"),
            ))
        })
    })?;
    contained(name, || read_sheets(&mut book, budget))
}

/// Most bytes a workbook's parts may unpack to, as its zip directory declares them.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Only `.xlsx` workbooks (and CSV) are read: calamine reads `.xls` and `.ods` whole when it
/// opens them, so two far-apart cells could ask for billions. A workbook whose parts would
/// unpack to more than [`MAX_UNPACKED_BYTES`] (a zip bomb) is refused before calamine
/// unpacks anything.
fn check_package(bytes: &[u8]) -> Result<(), Reason> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Reason::new(
            "这是旧版Excel文件（.xls）：请另存为.xlsx（Excel 2007及以后版本）或CSV",
            "an old Excel file (.xls): save it as .xlsx (Excel 2007 or later) or as CSV",
        ));
    }
    let damaged = |e: zip::result::ZipError| {
        Reason::new(
            format!("不是工作簿（zip文件已损坏：{e}）"),
            format!("not a workbook (a damaged zip: {e})"),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if zip.index_for_name("xl/workbook.xml").is_none() {
        return Err(if zip.index_for_name("content.xml").is_some() {
            Reason::new(
                "这是OpenDocument表格（.ods）：请另存为.xlsx或CSV",
                "an OpenDocument spreadsheet (.ods): save it as .xlsx or as CSV",
            )
        } else {
            Reason::new(
                "不是Excel工作簿（.xlsx）：缺少 xl/workbook.xml",
                "not an Excel workbook (.xlsx): it has no xl/workbook.xml",
            )
        });
    }
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(damaged)?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        let (mb, max) = (unpacked / (1024 * 1024), MAX_UNPACKED_BYTES / (1024 * 1024));
        return Err(Reason::new(
            format!("工作簿解压后有{mb} MB，最多读取{max} MB"),
            format!("the workbook unpacks to {mb} MB; at most {max} MB are read"),
        ));
    }
    Ok(())
}

/// Runs calamine on an uploaded file. It refuses a damaged file with an error, but some
/// damage has made it panic instead (a shared-string index past the table did in calamine
/// 0.31, found by fuzzing: tests/fuzz_found.rs; its tracker lists more, in the `.xls`
/// reader): such a panic refuses the file instead of ending the request or the command.
fn contained<T>(file: &str, read: impl FnOnce() -> Result<T, Problem>) -> Result<T, Problem> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Problem::whole(
            file,
            Reason::new(
                format!("工作簿已损坏：calamine读取失败（{what}）"),
                format!("a damaged workbook: calamine failed reading it ({what})"),
            ),
        ))
    })
}

/// Each sheet's non-empty cells, one at a time where calamine can (`.xlsx`, `.xlsb`), so
/// the limits hold while reading; `.xls` and `.ods` are read whole by calamine when opened.
fn read_sheets(
    book: &mut Sheets<Cursor<Vec<u8>>>,
    budget: &mut Budget,
) -> Result<Vec<Sheet>, Problem> {
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let cannot = |e: &dyn std::fmt::Display| {
            Problem::whole(
                &name,
                Reason::new(
                    format!("无法读取此工作表：{e}"),
                    format!("the sheet cannot be read: {e}"),
                ),
            )
        };
        let mut rows = Rows::new(&name, budget);
        match &mut *book {
            Sheets::Xlsx(book) => match book.worksheet_cells_reader(&name) {
                // A chart sheet: no cells, as calamine's own `worksheet_range` has it.
                Err(calamine::XlsxError::NotAWorksheet(_)) => {}
                Err(e) => return Err(cannot(&e)),
                Ok(mut cells) => {
                    while let Some(cell) = cells.next_cell().map_err(|e| cannot(&e))? {
                        rows.put_data(cell.get_position(), cell.get_value())?;
                    }
                }
            },
            Sheets::Xlsb(book) => {
                let mut cells = book.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| cannot(&e))? {
                    rows.put_data(cell.get_position(), cell.get_value())?;
                }
            }
            book => {
                let range = book.worksheet_range(&name).map_err(|e| cannot(&e))?;
                let (row0, col0) = range.start().unwrap_or((0, 0));
                for (row, col, cell) in range.used_cells() {
                    let at = (
                        row0.saturating_add(u32::try_from(row).unwrap_or(u32::MAX)),
                        col0.saturating_add(u32::try_from(col).unwrap_or(u32::MAX)),
                    );
                    rows.put(at.0, at.1, text_of(cell))?;
                }
            }
        }
        sheets.push(rows.into_sheet());
    }
    Ok(sheets)
}

/// A cell as the text a person typed: whole numbers without a decimal point (codes typed
/// as numbers come back as floats).
fn text_of(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        other => other.to_string().trim().to_string(),
    }
}

/// What a file's sheets have used of [`MAX_CELLS`] and [`MAX_TEXT_BYTES`].
#[derive(Default)]
struct Budget {
    cells: usize,
    text: usize,
}

/// A sheet's rows as they are read: non-empty cells by 0-based row and column.
struct Rows<'b> {
    name: String,
    rows: BTreeMap<u32, Vec<String>>,
    budget: &'b mut Budget,
}

impl<'b> Rows<'b> {
    fn new(name: &str, budget: &'b mut Budget) -> Self {
        Self {
            name: name.to_string(),
            rows: BTreeMap::new(),
            budget,
        }
    }

    fn put_data(&mut self, (row, col): (u32, u32), cell: &DataRef<'_>) -> Result<(), Problem> {
        let text = match cell {
            DataRef::Empty => return Ok(()),
            DataRef::SharedString(s) => s.trim().to_string(),
            other => text_of(&Data::from(other.clone())),
        };
        self.put(row, col, text)
    }

    /// Puts `text` (already trimmed) at `row`, `col`; an empty cell takes nothing.
    fn put(&mut self, row: u32, col: u32, text: String) -> Result<(), Problem> {
        if text.is_empty() {
            return Ok(());
        }
        let number = row.saturating_add(1);
        let refused = |why: Reason| Problem::new(&self.name, number, "", why);
        // The header and MAX_ROWS rows.
        if self.rows.len() > MAX_ROWS && !self.rows.contains_key(&row) {
            return Err(refused(Reason::new(
                format!("超过{MAX_ROWS}行，最多读取{MAX_ROWS}行"),
                format!("more than {MAX_ROWS} rows; at most {MAX_ROWS} are read"),
            )));
        }
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        let cells_before = self.rows.get(&row).map_or(0, Vec::len);
        let grow = col.saturating_add(1).saturating_sub(cells_before);
        let cells = self.budget.cells.saturating_add(grow);
        if cells > MAX_CELLS {
            let column = column_name(col);
            return Err(refused(Reason::new(
                format!(
                    "{column}列有单元格：文件将有{cells}个单元格（每行数到最后一个），\
                     最多读取{MAX_CELLS}个"
                ),
                format!(
                    "a cell in column {column}: the file would have {cells} cells (counted to \
                     each row's last); at most {MAX_CELLS} are read"
                ),
            )));
        }
        let text_bytes = self.budget.text.saturating_add(text.len());
        if text_bytes > MAX_TEXT_BYTES {
            return Err(refused(Reason::new(
                format!("单元格文字超过{MAX_TEXT_BYTES}字节，最多读取{MAX_TEXT_BYTES}字节"),
                format!(
                    "more than {MAX_TEXT_BYTES} bytes of text in the cells; at most \
                     {MAX_TEXT_BYTES} are read"
                ),
            )));
        }
        self.budget.cells = cells;
        self.budget.text = text_bytes;
        let row_cells = self.rows.entry(row).or_default();
        if row_cells.len() <= col {
            row_cells.resize(col + 1, String::new());
        }
        row_cells[col] = text;
        Ok(())
    }

    /// The first row is the header (column names lower-cased), the others the rows.
    fn into_sheet(self) -> Sheet {
        let mut rows = self.rows.into_iter().map(|(row, cells)| Row {
            number: row.saturating_add(1),
            cells,
        });
        let header = rows
            .next()
            .map(|r| r.cells.iter().map(|c| c.to_lowercase()).collect())
            .unwrap_or_default();
        Sheet {
            name: self.name,
            header,
            rows: rows.collect(),
        }
    }
}

/// A 0-based column as a spreadsheet names it: 0 is A, 26 is AA.
fn column_name(col: usize) -> String {
    let mut name = Vec::new();
    let mut n = col.saturating_add(1);
    while n > 0 {
        let digit = (n - 1) % 26;
        name.push(b'A' + u8::try_from(digit).unwrap_or(0));
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_reading_a_workbook_refuses_the_file() {
        let refused = contained::<()>("upload.xlsx", || {
            panic!("index out of bounds: the len is 15 but the index is 99")
        });
        let problem = refused.expect_err("refused");
        assert_eq!(
            problem.reason_en,
            "a damaged workbook: calamine failed reading it (index out of bounds: the len is \
             15 but the index is 99)"
        );
        assert_eq!(
            problem.to_string(),
            "upload.xlsx: 工作簿已损坏：calamine读取失败（index out of bounds: the len is 15 \
             but the index is 99） (a damaged workbook: calamine failed reading it (index out \
             of bounds: the len is 15 but the index is 99))"
        );
        assert_eq!(contained("upload.xlsx", || Ok(7)), Ok(7));
    }

    #[test]
    fn columns_are_named_as_a_spreadsheet_names_them() {
        let names: Vec<String> = [0, 3, 25, 26, 701, 702, 16383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "D", "Z", "AA", "ZZ", "AAA", "XFD"]);
    }
}
