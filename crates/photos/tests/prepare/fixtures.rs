//! Test images made in the test: encoded with `image`, with EXIF, GPS and other metadata
//! segments spliced in, and a reader for a JPEG's marker segments.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// A photo-like image: smooth gradients plus some texture, so JPEG sizes are realistic.
pub fn photo_like(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let t = ((x * 7 + y * 13) % 17) as u8;
        Rgb([
            (x * 255 / width.max(1)) as u8 ^ t,
            (y * 255 / height.max(1)) as u8,
            ((x + y) % 256) as u8 / 2 + t,
        ])
    })
}

pub fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .unwrap();
    out
}

/// A compact JPEG as a phone app's compressor makes it (4:2:0), via `jpeg-encoder`.
pub fn jpeg_compact(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let (w, h) = image.dimensions();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(
            image.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// Smooth waves: compresses well, like sky and walls.
pub fn smooth(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / 40.0, y as f32 / 30.0);
        Rgb([
            (128.0 + 100.0 * fx.sin()) as u8,
            (128.0 + 100.0 * fy.cos()) as u8,
            (128.0 + 60.0 * (fx + fy).sin()) as u8,
        ])
    })
}

pub fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn png_rgba(image: &RgbaImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn webp(image: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::WebP).unwrap();
    out.into_inner()
}

/// A photo on the left half, fully transparent black on the right half.
pub fn half_transparent(width: u32, height: u32) -> RgbaImage {
    let photo = photo_like(width, height);
    RgbaImage::from_fn(width, height, |x, y| {
        if x < width / 2 {
            let p = photo.get_pixel(x, y).0;
            Rgba([p[0], p[1], p[2], 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    })
}

/// A little-endian TIFF block as found in a camera's APP1 segment: IFD0 with the
/// orientation, the camera model and a pointer to a GPS IFD holding a position.
pub fn exif_with_orientation_and_gps(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = Vec::new();
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&8u32.to_le_bytes());
    // IFD0 at 8: 3 entries (12 bytes each) + next-IFD offset.
    let ifd0_len = 2 + 3 * 12 + 4;
    let model_at = 8 + ifd0_len; // "WanggeCam\0" (10 bytes)
    let gps_at = model_at + 10;
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x0110, 2, 10, model_at as u32); // Model, ASCII
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation)); // Orientation, SHORT
    entry(&mut t, 0x8825, 4, 1, gps_at as u32); // GPSInfo IFD pointer, LONG
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(b"WanggeCam\0");
    // GPS IFD: 4 entries; rationals after it.
    let gps_len = 2 + 4 * 12 + 4;
    let lat_at = gps_at + gps_len;
    let lon_at = lat_at + 24;
    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")); // GPSLatitudeRef
    entry(&mut t, 0x0002, 5, 3, lat_at as u32); // GPSLatitude
    entry(&mut t, 0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0")); // GPSLongitudeRef
    entry(&mut t, 0x0004, 5, 3, lon_at as u32); // GPSLongitude
    t.extend_from_slice(&0u32.to_le_bytes());
    for (num, den) in [
        (39, 1),
        (56, 1),
        (2400, 100),
        (119, 1),
        (35, 1),
        (1200, 100),
    ] {
        t.extend_from_slice(&(num as u32).to_le_bytes());
        t.extend_from_slice(&(den as u32).to_le_bytes());
    }
    t
}

fn entry(t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    t.extend_from_slice(&tag.to_le_bytes());
    t.extend_from_slice(&kind.to_le_bytes());
    t.extend_from_slice(&count.to_le_bytes());
    t.extend_from_slice(&value.to_le_bytes());
}

/// `jpeg` with an APP1 Exif segment, an APP1 XMP segment and a comment inserted right
/// after SOI, as a camera or editor writes them.
pub fn with_metadata(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(tiff);
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>39,56.4N</exif:GPSLatitude></x:xmpmeta>".to_vec();
    let mut out = vec![0xFF, 0xD8];
    segment(&mut out, 0xE1, &exif);
    segment(&mut out, 0xE1, &xmp);
    segment(&mut out, 0xFE, b"secret comment");
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
}

/// The markers of a JPEG's segments, from SOI up to and including SOS.
pub fn jpeg_markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "not a JPEG");
    let mut markers = vec![0xD8];
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        assert_eq!(jpeg[i], 0xFF, "segment expected at {i}");
        let marker = jpeg[i + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        i += 2 + len;
    }
    markers
}

/// A JPEG whose frame header (SOF0) is rewritten to claim `width`×`height`.
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = jpeg(&photo_like(16, 16), 80);
    let sof = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline SOF0");
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

/// A PNG whose header claims `width`×`height` (with a valid CRC) followed by a few bytes
/// of pixel data: a decompression bomb's shape.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x01, 0x00, 0x00, 0xff, 0xff],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc_input);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Deterministic pseudo-random bytes (xorshift), not starting with any image magic.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// An iPhone-style HEIC file's start: an `ftyp` box with brands heic/mif1, then a `meta` box.
pub fn heic_start() -> Vec<u8> {
    let mut b = 24u32.to_be_bytes().to_vec();
    b.extend_from_slice(b"ftypheic");
    b.extend_from_slice(&0u32.to_be_bytes());
    b.extend_from_slice(b"mif1heic");
    b.extend_from_slice(&[0, 0, 0, 40]);
    b.extend_from_slice(b"meta");
    b.extend_from_slice(&[0; 32]);
    b
}
