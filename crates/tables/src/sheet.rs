//! Reading a table: an Excel workbook (`.xlsx`, `.xls`, `.ods`, by calamine; every sheet)
//! or a CSV file (UTF-8, with or without a byte-order mark), each sheet's first non-empty
//! row its header, cells as trimmed text, rows numbered as a spreadsheet shows them.

use std::io::Cursor;

use calamine::{Data, Reader as _};

use crate::Problem;

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
    pub fn problem(&self, row: &Row, column: &str, reason: impl Into<String>) -> Problem {
        Problem {
            sheet: self.name.clone(),
            row: row.number,
            column: column.to_string(),
            reason: reason.into(),
        }
    }

    /// Problems for each of `columns` the header lacks.
    pub fn require(&self, columns: &[&str]) -> Vec<Problem> {
        columns
            .iter()
            .filter(|c| !self.header.iter().any(|h| h == *c))
            .map(|c| Problem {
                sheet: self.name.clone(),
                row: 1,
                column: (*c).to_string(),
                reason: format!(
                    "the header has no column {c:?} (it has: {})",
                    self.header.join(", ")
                ),
            })
            .collect()
    }
}

/// Most bytes of an import file.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most rows of one sheet.
pub const MAX_ROWS: usize = 200_000;

/// Reads the file `name` (used for messages and for a CSV's sheet name) from `bytes`:
/// a workbook when it starts like one (zip for `.xlsx`/`.ods`, OLE for `.xls`), else CSV.
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, Problem> {
    let whole = |reason: String| Problem {
        sheet: name.to_string(),
        row: 0,
        column: String::new(),
        reason,
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole(format!(
            "the file has {} bytes; at most {MAX_FILE_BYTES} are read",
            bytes.len()
        )));
    }
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let sheets = if workbook {
        read_workbook(bytes).map_err(whole)?
    } else {
        vec![read_csv(name, bytes).map_err(whole)?]
    };
    for sheet in &sheets {
        if sheet.rows.len() > MAX_ROWS {
            return Err(Problem {
                sheet: sheet.name.clone(),
                row: 0,
                column: String::new(),
                reason: format!("{} rows; at most {MAX_ROWS} are read", sheet.rows.len()),
            });
        }
    }
    Ok(sheets)
}

fn read_csv(name: &str, bytes: &[u8]) -> Result<Sheet, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (at byte {}): save the CSV as UTF-8 (Excel: 另存为 → CSV UTF-8)",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut raw = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 1))?;
        let line = record.position().map_or(i as u64 + 1, |p| p.line());
        let cells = record.iter().map(|c| c.trim().to_string()).collect();
        raw.push((u32::try_from(line).unwrap_or(u32::MAX), cells));
    }
    Ok(sheet(name.to_string(), raw))
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("not a workbook calamine can read: {e}"))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name:?}: {e}"))?;
        let first_row = range.start().map_or(0, |(r, _)| r);
        let raw = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let number = first_row + u32::try_from(i).unwrap_or(u32::MAX) + 1;
                (number, cells.iter().map(text_of).collect())
            })
            .collect();
        sheets.push(sheet(name, raw));
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

fn sheet(name: String, raw: Vec<(u32, Vec<String>)>) -> Sheet {
    let mut rows = raw
        .into_iter()
        .filter(|(_, cells): &(u32, Vec<String>)| cells.iter().any(|c| !c.is_empty()));
    let header = rows
        .next()
        .map(|(_, cells)| cells.iter().map(|c| c.trim().to_lowercase()).collect())
        .unwrap_or_default();
    Sheet {
        name,
        header,
        rows: rows.map(|(number, cells)| Row { number, cells }).collect(),
    }
}
