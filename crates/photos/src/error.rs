//! The one error type of the `photos` crate, and its `Result` alias.

/// Why a photo could not be prepared. Every bad input gets its own variant, so callers
/// (the app, the CLI, the server) can tell the user what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has no bytes at all.
    #[error("the file is empty")]
    Empty,
    /// The bytes are not a JPEG, PNG or WebP image (nor a format we recognise).
    #[error("not an image: expected a JPEG, PNG or WebP file")]
    NotAnImage,
    /// HEIC/HEIF (the iPhone's default). No safe, portable decoder exists for it.
    #[error(
        "HEIC is not supported: the app asks the camera for JPEG; convert the photo to JPEG first"
    )]
    Heic,
    /// A recognised image format that we do not decode (GIF, TIFF, BMP, AVIF...).
    #[error("{format} images are not supported: use JPEG, PNG or WebP")]
    UnsupportedFormat { format: &'static str },
    /// A feature of the format we do not decode (for example arithmetic-coded JPEG).
    #[error("unsupported {format} feature: {detail}")]
    UnsupportedFeature {
        format: &'static str,
        detail: String,
    },
    /// The header announces more pixels than the limits allow (a decompression bomb or
    /// simply an oversized picture). Refused before any pixel buffer is allocated.
    #[error("image too large: {width}x{height} exceeds the limit of {limit}")]
    TooLarge {
        width: u64,
        height: u64,
        limit: String,
    },
    /// Decoding would need more memory than the limits allow.
    #[error("decoding needs more memory than the limit of {limit_bytes} bytes")]
    MemoryLimit { limit_bytes: u64 },
    /// The file ends before the image data does.
    #[error("the {format} file is truncated (it ends before the image data does)")]
    Truncated { format: &'static str },
    /// The file is damaged: its structure is invalid.
    #[error("the {format} file is corrupt: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    /// The options are out of range.
    #[error("invalid options: {0}")]
    InvalidOptions(String),
    /// The input is so small that no JPEG of it can be smaller (only for inputs of a few
    /// hundred bytes: a JPEG's own tables take that much).
    #[error("the input ({input_bytes} bytes) is too small to prepare without growing it")]
    CannotShrink { input_bytes: usize },
    /// The JPEG encoder failed.
    #[error("JPEG encoding failed: {0}")]
    Encode(String),
    /// A photo hash that is not 64 hex digits.
    #[error("invalid photo hash {0:?}: expected 64 hex digits (sha256)")]
    InvalidHash(String),
}

/// Result of this crate's operations.
pub type Result<T> = std::result::Result<T, Error>;
