//! The device engine's error type.

/// What can go wrong on the device.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the device store could not be used: {0}")]
    Sqlite(#[from] crate::store::SqliteError),
    #[error("the device store could not be upgraded: {0}")]
    Migration(#[from] crate::store::MigrationError),
    #[error(
        "this device store was written by a newer version of Wangge (store version {found}, \
         this app knows up to {supported}); update the app instead of opening it with an older one"
    )]
    StoreTooNew { found: i64, supported: i64 },
    #[error("the device store failed its integrity check: {0}")]
    Corrupt(String),
    #[error("file error at {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("could not encode {what}: {source}")]
    Json {
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("the photo could not be prepared: {0}")]
    Photo(#[from] photos::Error),
    /// A picture chosen to enroll with holds no QR code that can be read (or is no picture).
    #[error("{0}")]
    NoQrCode(String),
    /// The QR code read is not a Wangge enrollment code; what it says, shortened.
    #[error("the QR code is not a Wangge enrollment code (wangge://enroll?…); it says {0:?}")]
    NotEnrollmentCode(String),
    #[error("this device is not signed in; sign in first")]
    NotSignedIn,
    #[error("the session has ended ({0}); sign in again (queued work is kept)")]
    SignedOut(String),
    #[error("the server cannot be reached: {0}")]
    Offline(String),
    #[error("the server answered {status} {code}: {message}")]
    Server {
        status: u16,
        code: String,
        message: String,
    },
}

impl Error {
    /// Whether trying again later may succeed without anyone changing anything: the
    /// network, a timeout, an overloaded or failing server.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Offline(_) => true,
            Error::Server { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            _ => false,
        }
    }

    /// A stable machine code for the UI (`{code, message}` across IPC).
    pub fn code(&self) -> &str {
        match self {
            Error::Sqlite(_) | Error::Migration(_) | Error::Corrupt(_) | Error::Io { .. } => {
                "store"
            }
            Error::StoreTooNew { .. } => "store_too_new",
            Error::Json { .. } => "encoding",
            Error::Invalid(_) => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Photo(_) => "photo",
            Error::NoQrCode(_) => "no_qr_code",
            Error::NotEnrollmentCode(_) => "not_enrollment_code",
            Error::NotSignedIn => "not_signed_in",
            Error::SignedOut(_) => "signed_out",
            Error::Offline(_) => "offline",
            Error::Server { code, .. } => code,
        }
    }
}

/// Result with the device engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
