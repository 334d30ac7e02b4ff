//! Recognising a file's format from its first bytes (never from its name).

use crate::error::{Error, Result};

/// The formats we decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    /// Its usual name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
        }
    }
}

/// HEIF brands written by iPhones and other HEVC cameras.
const HEIC_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
];

/// Tells which format `bytes` hold, or why we will not decode them.
pub fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Format::WebP);
    }
    if let Some(brands) = iso_bmff_brands(bytes) {
        // AVIF files often carry `mif1` too: AVIF wins when it is named.
        if brands.iter().any(|&b| b == b"avif" || b == b"avis") {
            return Err(Error::UnsupportedFormat { format: "AVIF" });
        }
        if brands.iter().any(|b| HEIC_BRANDS.contains(b)) {
            return Err(Error::Heic);
        }
        return Err(Error::NotAnImage);
    }
    let other = if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "GIF"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF (or camera RAW)"
    } else if bytes.starts_with(b"BM") && bytes.len() > 14 {
        "BMP"
    } else {
        return Err(Error::NotAnImage);
    };
    Err(Error::UnsupportedFormat { format: other })
}

/// The major and compatible brands of an ISO base media file (`....ftyp` box), if it is one.
fn iso_bmff_brands(bytes: &[u8]) -> Option<Vec<&[u8; 4]>> {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return None;
    }
    let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let end = size.clamp(16, bytes.len());
    let mut brands = Vec::new();
    brands.push(<&[u8; 4]>::try_from(&bytes[8..12]).ok()?);
    // bytes 12..16 are the minor version; compatible brands follow.
    for chunk in bytes[16..end].chunks_exact(4) {
        brands.push(<&[u8; 4]>::try_from(chunk).ok()?);
    }
    Some(brands)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len();
        let mut b = (size as u32).to_be_bytes().to_vec();
        b.extend_from_slice(b"ftyp");
        b.extend_from_slice(major);
        b.extend_from_slice(&[0, 0, 0, 0]);
        for c in compatible {
            b.extend_from_slice(*c);
        }
        b.extend_from_slice(&[0; 64]);
        b
    }

    #[test]
    fn recognises_the_three_formats() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), Format::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").unwrap(), Format::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), Format::WebP);
    }

    #[test]
    fn heic_is_named_by_its_brand() {
        assert!(matches!(
            sniff(&ftyp(b"heic", &[b"mif1", b"heic"])),
            Err(Error::Heic)
        ));
        assert!(matches!(
            sniff(&ftyp(b"mif1", &[b"heic"])),
            Err(Error::Heic)
        ));
        assert!(matches!(
            sniff(&ftyp(b"avif", &[b"mif1", b"avif"])),
            Err(Error::UnsupportedFormat { format: "AVIF" })
        ));
        // An MP4 video is an ISO file but not an image.
        assert!(matches!(
            sniff(&ftyp(b"isom", &[b"mp41"])),
            Err(Error::NotAnImage)
        ));
    }

    #[test]
    fn other_inputs() {
        assert!(matches!(sniff(b""), Err(Error::Empty)));
        assert!(matches!(sniff(b"hello, world"), Err(Error::NotAnImage)));
        assert!(matches!(
            sniff(b"GIF89a\x01\0\x01\0"),
            Err(Error::UnsupportedFormat { format: "GIF" })
        ));
    }
}
