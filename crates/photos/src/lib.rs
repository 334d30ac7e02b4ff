//! Photo preparation for Wangge: a grid worker's camera photo becomes a small, clean
//! upload — decoded within limits, turned upright, stripped of all metadata, resized,
//! re-encoded as JPEG, thumbnailed and content-addressed by its sha256.
//!
//! ```no_run
//! let input = std::fs::read("IMG_0001.jpg")?;
//! let prepared = photos::prepare(&input, &photos::Options::default())?;
//! std::fs::write(format!("{}.jpg", prepared.photo.sha256), &prepared.photo.bytes)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Inputs
//!
//! JPEG, PNG and WebP, recognised by their bytes, not their name. Everything else gets a
//! typed [`Error`]: an empty file, bytes that are no image, a truncated or corrupt file,
//! and a header announcing more pixels than [`Limits`] allow (a decompression bomb is
//! refused from its header, before any pixel buffer is allocated).
//!
//! **HEIC / HEIF** (the iPhone's default format) is recognised by its `ftyp` box and
//! refused with [`Error::Heic`]: there is no portable, memory-safe HEVC decoder to rely
//! on, on the phone or the server. The app asks the camera for JPEG (on iOS the capture
//! API delivers JPEG when asked; in the Camera settings, "Most Compatible"); a HEIC file
//! from elsewhere must be converted to JPEG first. AVIF, GIF, TIFF and BMP are refused
//! with [`Error::UnsupportedFormat`].
//!
//! # Output
//!
//! - The EXIF orientation (all eight values) is applied to the pixels, then **all
//!   metadata is dropped**: the JPEG carries only its JFIF header — no EXIF, no GPS, no
//!   XMP, no ICC profile, no comments. A report's location travels in the report's own
//!   fields, never hidden in the file. (Dropping the ICC profile without converting
//!   means a Display P3 photo shows slightly less saturated; phones deliver sRGB JPEG
//!   unless asked otherwise.)
//! - The photo fits into [`Options::long_edge`] (1600 px by default), the thumbnail
//!   into [`Options::thumb_long_edge`] (320 px); nothing is upscaled.
//! - Baseline JPEG at [`Options::quality`] (80), 4:2:0.
//! - **Never larger than the input**: if the re-encoded photo would be, the quality is
//!   lowered in steps of 10 down to 30, then the size by quarters (see
//!   [`PreparedPhoto::quality`]).
//! - [`Prepared::sha256`] ([`PhotoHash`]) is the content address of each file.
//!
//! # Speed
//!
//! JPEGs are decoded with DCT-domain scaling (`jpeg-decoder`, 1/2, 1/4 or 1/8 of the
//! size, as large as the target needs), resized with SIMD Lanczos3
//! (`fast_image_resize`) and encoded with `jpeg-encoder` (SIMD). `cargo bench -p photos`
//! times the whole preparation of a 20 MP camera photo beside libvips's `vipsthumbnail`.

mod decode;
mod encode;
mod error;
mod format;
mod hash;
mod options;
mod prepare;
mod resize;

pub use error::{Error, Result};
pub use format::Format;
pub use hash::PhotoHash;
pub use options::{Limits, Options};
pub use prepare::{Prepared, PreparedPhoto, Source, prepare};
