//! The device engine's error type.

/// What can go wrong on the device.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the device store could not be used: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the device store could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
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
}

/// Result with the device engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
