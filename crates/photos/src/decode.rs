//! Decoding JPEG, PNG and WebP into RGB pixels within `Limits`.
//!
//! JPEG, the camera's format, goes through `jpeg-decoder` with DCT-domain scaling: a 20 MP
//! photo bound for 1600 px is decoded straight to half size (¼ of the pixels, ¼ of the
//! memory), which libjpeg-turbo and libvips also do. Grey and RGB JPEGs take that path;
//! CMYK and 16-bit ones, PNG and WebP go through the `image` crate (zune-jpeg, png,
//! image-webp). Both paths check the header's dimensions against the limits before any
//! pixel buffer exists, and cap the decoder's allocations.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, RgbImage};

use crate::error::{Error, Result};
use crate::format::Format;
use crate::options::Limits;

/// Pixels as stored in the file (orientation not yet applied), possibly reduced by an
/// integer factor already during decoding.
#[derive(Debug)]
pub struct Decoded {
    pub pixels: RgbImage,
    /// The EXIF orientation to apply to `pixels`.
    pub orientation: Orientation,
    /// Dimensions of the stored image, before any scaling or orientation.
    pub source_width: u32,
    pub source_height: u32,
}

/// Decodes `bytes` of `format`. `min_long_edge` lets the JPEG decoder scale down in the
/// DCT domain as long as the result keeps at least that long edge (or the full size).
pub fn decode(
    bytes: &[u8],
    format: Format,
    min_long_edge: u32,
    limits: &Limits,
) -> Result<Decoded> {
    match format {
        Format::Jpeg => decode_jpeg(bytes, min_long_edge, limits),
        Format::Png | Format::WebP => decode_with_image(bytes, format, limits),
    }
}

fn decode_jpeg(bytes: &[u8], min_long_edge: u32, limits: &Limits) -> Result<Decoded> {
    use jpeg_decoder::PixelFormat;

    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(usize::try_from(limits.max_alloc).unwrap_or(usize::MAX));
    decoder.read_info().map_err(jpeg_error)?;
    let info = decoder.info().ok_or_else(|| Error::Corrupt {
        format: "JPEG",
        detail: "no frame header".into(),
    })?;
    let (source_width, source_height) = (u32::from(info.width), u32::from(info.height));
    limits.check(source_width.into(), source_height.into())?;
    if !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8) {
        // CMYK and 16-bit JPEGs are rare (never from a phone camera): the general path
        // converts them properly.
        return decode_with_image(bytes, Format::Jpeg, limits);
    }
    let request = u16::try_from(min_long_edge).unwrap_or(u16::MAX);
    let (width, height) = decoder.scale(request, request).map_err(jpeg_error)?;
    let raw = decoder.decode().map_err(jpeg_error)?;
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let (width, height) = (u32::from(width), u32::from(height));
    let rgb = match info.pixel_format {
        PixelFormat::L8 => raw.iter().flat_map(|&l| [l, l, l]).collect(),
        _ => raw,
    };
    let pixels = RgbImage::from_raw(width, height, rgb).ok_or_else(|| Error::Corrupt {
        format: "JPEG",
        detail: "decoded fewer pixels than the header announces".into(),
    })?;
    Ok(Decoded {
        pixels,
        orientation,
        source_width,
        source_height,
    })
}

fn jpeg_error(error: jpeg_decoder::Error) -> Error {
    match error {
        jpeg_decoder::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::Truncated { format: "JPEG" }
        }
        jpeg_decoder::Error::Unsupported(feature) => Error::UnsupportedFeature {
            format: "JPEG",
            detail: format!("{feature:?}"),
        },
        other => Error::Corrupt {
            format: "JPEG",
            detail: other.to_string(),
        },
    }
}

fn decode_with_image(bytes: &[u8], format: Format, limits: &Limits) -> Result<Decoded> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), image_format_of(format));
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_width);
    image_limits.max_image_height = Some(limits.max_height);
    image_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(image_limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| image_error(e, format, bytes, limits))?;
    let (source_width, source_height) = decoder.dimensions();
    limits.check(source_width.into(), source_height.into())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image =
        DynamicImage::from_decoder(decoder).map_err(|e| image_error(e, format, bytes, limits))?;
    Ok(Decoded {
        pixels: flatten_onto_white(image),
        orientation,
        source_width,
        source_height,
    })
}

/// RGB pixels; transparent areas become white (as on paper), not black.
fn flatten_onto_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut rgb = RgbImage::new(width, height);
    for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
        let alpha = u16::from(px.0[3]);
        for c in 0..3 {
            let blended = (u16::from(px.0[c]) * alpha + 255 * (255 - alpha) + 127) / 255;
            out.0[c] = u8::try_from(blended).unwrap_or(u8::MAX);
        }
    }
    rgb
}

fn image_error(error: ImageError, format: Format, bytes: &[u8], limits: &Limits) -> Error {
    let name = format.name();
    match error {
        ImageError::Limits(limit) => match limit.kind() {
            image::error::LimitErrorKind::DimensionError => {
                // Name the dimensions the header claims, as the JPEG path does.
                match image::ImageReader::with_format(Cursor::new(bytes), image_format_of(format))
                    .into_dimensions()
                {
                    Ok((w, h)) => {
                        limits
                            .check(w.into(), h.into())
                            .err()
                            .unwrap_or(Error::TooLarge {
                                width: w.into(),
                                height: h.into(),
                                limit: format!("{}x{} pixels", limits.max_width, limits.max_height),
                            })
                    }
                    Err(_) => Error::TooLarge {
                        width: 0,
                        height: 0,
                        limit: format!("{}x{} pixels", limits.max_width, limits.max_height),
                    },
                }
            }
            _ => Error::MemoryLimit {
                limit_bytes: limits.max_alloc,
            },
        },
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::Truncated { format: name }
        }
        ImageError::Unsupported(e) => Error::UnsupportedFeature {
            format: name,
            detail: e.to_string(),
        },
        other => {
            let detail = other.to_string();
            let lower = detail.to_lowercase();
            if lower.contains("eof")
                || lower.contains("end of")
                || lower.contains("truncated")
                || lower.contains("unexpected end")
            {
                Error::Truncated { format: name }
            } else {
                Error::Corrupt {
                    format: name,
                    detail,
                }
            }
        }
    }
}

fn image_format_of(format: Format) -> image::ImageFormat {
    match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::WebP => image::ImageFormat::WebP,
    }
}
