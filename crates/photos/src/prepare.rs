//! The preparation pipeline: sniff, decode within limits, resize, orient, encode, hash,
//! and keep the prepared photo no larger than the input.

use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};

use crate::decode::decode;
use crate::encode::encode_jpeg;
use crate::error::{Error, Result};
use crate::format::{Format, sniff};
use crate::hash::PhotoHash;
use crate::options::Options;
use crate::resize::{fit, resize};

/// One prepared JPEG: its bytes, their sha256 and its pixel size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub bytes: Vec<u8>,
    pub sha256: PhotoHash,
    pub width: u32,
    pub height: u32,
}

impl Prepared {
    fn new(bytes: Vec<u8>, image: &RgbImage) -> Self {
        Self {
            sha256: PhotoHash::of(&bytes),
            width: image.width(),
            height: image.height(),
            bytes,
        }
    }
}

/// What the input was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub format: Format,
    /// Stored dimensions, before orientation.
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
    /// The EXIF orientation (1–8) that was applied; 1 when there was none.
    pub orientation: u8,
}

/// The result of [`prepare`]: the photo to upload, its thumbnail, and what they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedPhoto {
    pub photo: Prepared,
    pub thumbnail: Prepared,
    pub source: Source,
    /// The JPEG quality the photo was finally encoded at (lower than asked only when
    /// needed to keep it no larger than the input).
    pub quality: u8,
}

/// Lowest quality tried before the photo is made smaller instead.
const MIN_QUALITY: u8 = 30;
/// Quality step when the photo came out larger than the input.
const QUALITY_STEP: u8 = 10;

/// Prepares a photo for upload: decodes `input` (JPEG, PNG or WebP) within
/// `options.limits`, applies its EXIF orientation, fits it into `options.long_edge`
/// (never upscaling), encodes a JPEG with no metadata, and makes a thumbnail.
///
/// The prepared photo is never larger than `input`: if re-encoding at `options.quality`
/// would be, the quality goes down in steps to 30, then the size by quarters.
pub fn prepare(input: &[u8], options: &Options) -> Result<PreparedPhoto> {
    options.validate()?;
    let format = sniff(input)?;
    let decoded = decode(input, format, options.long_edge, &options.limits)?;
    let (width, height) = decoded.pixels.dimensions();
    let (fit_width, fit_height) = fit(width, height, options.long_edge);
    let resized = resize(decoded.pixels, fit_width, fit_height)?;
    let oriented = orient(resized, decoded.orientation);

    let (photo_bytes, photo_image, quality) =
        encode_within(&oriented, input.len(), options.quality)?;
    let photo = Prepared::new(photo_bytes, &photo_image);

    let (thumb_width, thumb_height) =
        fit(oriented.width(), oriented.height(), options.thumb_long_edge);
    let thumb_image = resize(oriented, thumb_width, thumb_height)?;
    let thumbnail = Prepared::new(encode_jpeg(&thumb_image, options.quality)?, &thumb_image);

    Ok(PreparedPhoto {
        photo,
        thumbnail,
        source: Source {
            format,
            width: decoded.source_width,
            height: decoded.source_height,
            bytes: input.len(),
            orientation: decoded.orientation.to_exif(),
        },
        quality,
    })
}

/// Applies an EXIF orientation (all eight) to the pixels.
fn orient(image: RgbImage, orientation: Orientation) -> RgbImage {
    if orientation == Orientation::NoTransforms {
        return image;
    }
    let mut dynamic = DynamicImage::ImageRgb8(image);
    dynamic.apply_orientation(orientation);
    dynamic.into_rgb8()
}

/// Encodes `image` at `quality`, lowering the quality and then the size until the JPEG is
/// at most `budget` bytes. Returns the bytes, the image they encode and the quality used.
fn encode_within(image: &RgbImage, budget: usize, quality: u8) -> Result<(Vec<u8>, RgbImage, u8)> {
    let mut quality = quality;
    let bytes = encode_jpeg(image, quality)?;
    if bytes.len() <= budget {
        return Ok((bytes, image.clone(), quality));
    }
    while quality > MIN_QUALITY {
        quality = quality.saturating_sub(QUALITY_STEP).max(MIN_QUALITY);
        let bytes = encode_jpeg(image, quality)?;
        if bytes.len() <= budget {
            return Ok((bytes, image.clone(), quality));
        }
    }
    // Still larger at the lowest quality: the input was a tiny or heavily compressed file.
    // Shrink by quarters of the long edge until it fits.
    let (width, height) = image.dimensions();
    let mut long_edge = width.max(height);
    while long_edge > 8 {
        long_edge = long_edge * 3 / 4;
        let (w, h) = fit(width, height, long_edge);
        let smaller = resize(image.clone(), w, h)?;
        let bytes = encode_jpeg(&smaller, quality)?;
        if bytes.len() <= budget {
            return Ok((bytes, smaller, quality));
        }
    }
    Err(Error::CannotShrink {
        input_bytes: budget,
    })
}
