//! The placards crate's errors.

/// Why placards could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No usable CJK font file: the service's `placard_font` setting, or Debian's
    /// `fonts-noto-cjk`.
    #[error("no CJK font for placards: {0}")]
    Font(String),
    /// A PDF of no placards was asked for.
    #[error("no placards to print")]
    Empty,
    /// The entrance address does not fit in a QR code.
    #[error("the address {0:?} does not fit in a QR code")]
    Qr(String),
    /// The PDF writer refused the document.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

pub type Result<T> = std::result::Result<T, Error>;
