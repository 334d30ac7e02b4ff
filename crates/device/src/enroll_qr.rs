//! Reading an enrollment QR code from a picture (a screenshot of the administrator's code, or
//! a photo of it): decoded within limits (PNG, JPEG, WebP), laid on white where transparent,
//! made grey and searched for QR codes with `rqrr`.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageReader, Limits};

use crate::{Error, Result};

/// How an enrollment QR code's text begins (`wangge://enroll?server=…&code=…`).
pub const ENROLL_LINK: &str = "wangge://enroll";

/// The widest and tallest picture read: a phone camera's photo fits.
const MAX_EDGE: u32 = 12_000;
/// The most the decoder may allocate for one picture.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// The `wangge://enroll?…` link held by the QR code in the picture `bytes`. Refused with
/// [`Error::NoQrCode`] when the file is no picture or no QR code can be read in it, and
/// with [`Error::NotEnrollmentCode`] when the QR codes in it hold something else.
pub fn enrollment_link(bytes: &[u8]) -> Result<String> {
    let grey = decode(bytes)?;
    let texts = qr_texts(grey);
    if let Some(link) = texts.iter().find(|t| t.trim().starts_with(ENROLL_LINK)) {
        return Ok(link.trim().to_string());
    }
    match texts.first() {
        Some(other) => Err(Error::NotEnrollmentCode(shorten(other))),
        None => Err(Error::NoQrCode(
            "no QR code could be read in the picture".into(),
        )),
    }
}

/// The picture in grey, transparent parts white (a QR code saved with a transparent
/// background would otherwise be black on black).
fn decode(bytes: &[u8]) -> Result<GrayImage> {
    let not_a_picture = |e: &dyn std::fmt::Display| {
        Error::NoQrCode(format!("the file is not a PNG, JPEG or WebP picture ({e})"))
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| not_a_picture(&e))?;
    if reader.format().is_none() {
        return Err(not_a_picture(&"unknown format"));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_EDGE);
    limits.max_image_height = Some(MAX_EDGE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| not_a_picture(&e))?;
    Ok(if image.color().has_alpha() {
        on_white(&image)
    } else {
        image.to_luma8()
    })
}

/// Blends the picture over white and makes it grey.
fn on_white(image: &DynamicImage) -> GrayImage {
    let rgba = image.to_rgba8();
    GrayImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let luma = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
        let a = u32::from(a);
        let blended = (luma * a + 255 * (255 - a)) / 255;
        image::Luma([u8::try_from(blended).unwrap_or(u8::MAX)])
    })
}

/// The texts of every QR code found and read in the picture.
fn qr_texts(grey: GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(grey);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|grid| match grid.decode() {
            Ok((_, text)) => Some(text),
            Err(e) => {
                tracing::debug!("a QR code was found but not read: {e}");
                None
            }
        })
        .collect()
}

/// The start of a text, for a message.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 60;
    let text = text.trim();
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
