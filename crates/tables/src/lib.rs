//! Administrators' import files, read and checked before anything is stored: a table (CSV,
//! or an Excel workbook's sheets, [`read`]) with each cell's sheet, row and column, and the
//! checks that turn tables into domain reference data ([`hierarchy`], [`categories`],
//! [`organisations`], [`people`], [`buildings`]), listing every [`Problem`] at once, so a file is fixed in one
//! pass and refused whole until it is right; and the empty [`template`]s administrators
//! fill in. Every reason is given in Chinese and in English ([`Reason`]).

pub mod buildings;
pub mod categories;
pub mod hierarchy;
pub mod organisations;
pub mod people;
mod reason;
mod sheet;
pub mod template;

pub use reason::Reason;
pub use sheet::{MAX_CELLS, MAX_FILE_BYTES, MAX_ROWS, MAX_TEXT_BYTES, Row, Sheet, read};

/// One thing wrong with an import file, where a person can find it: the sheet (the file
/// name for a CSV), the row as a spreadsheet shows it (the header is row 1) and the column's
/// header; `row` 0 is the file or sheet as a whole, an empty `column` the row as a whole.
/// Why, in Chinese (`reason`, what the app shows first) and in English (`reason_en`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub reason: String,
    pub reason_en: String,
}

impl Problem {
    /// The problem at `row`, `column` of `sheet`.
    pub fn new(sheet: impl Into<String>, row: u32, column: impl Into<String>, why: Reason) -> Self {
        Self {
            sheet: sheet.into(),
            row,
            column: column.into(),
            reason: why.zh,
            reason_en: why.en,
        }
    }

    /// A problem of the file (or sheet) `sheet` as a whole.
    pub fn whole(sheet: impl Into<String>, why: Reason) -> Self {
        Self::new(sheet, 0, "", why)
    }

    /// The reason in both languages.
    pub fn why(&self) -> Reason {
        Reason::new(self.reason.clone(), self.reason_en.clone())
    }
}

/// `sheet, row 4, column phone: 中文 (English)`.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.sheet)?;
        if self.row > 0 {
            write!(f, ", row {}", self.row)?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.why())
    }
}
