//! Integration tests of `photos::prepare`: bad inputs, orientation, metadata, sizes, hashes.
#![allow(clippy::unwrap_used)] // tests may unwrap (helper-rules); helpers are not #[test] fns

mod fixtures;

use fixtures::*;
use image::{Rgb, RgbImage};
use photos::{Error, Format, Options, PhotoHash, prepare};

fn decode(jpeg: &[u8]) -> RgbImage {
    assert_eq!(image::guess_format(jpeg).unwrap(), image::ImageFormat::Jpeg);
    image::load_from_memory(jpeg).unwrap().into_rgb8()
}

// ---- bad input ----------------------------------------------------------------------

#[test]
fn empty_input_is_refused() {
    let err = prepare(&[], &Options::default()).unwrap_err();
    assert!(matches!(err, Error::Empty), "{err}");
}

#[test]
fn random_bytes_are_not_an_image() {
    for seed in 1..20 {
        let err = prepare(&noise(10_000, seed), &Options::default()).unwrap_err();
        assert!(matches!(err, Error::NotAnImage), "seed {seed}: {err}");
    }
    let err = prepare(b"%PDF-1.7 not a photo", &Options::default()).unwrap_err();
    assert!(matches!(err, Error::NotAnImage), "{err}");
}

#[test]
fn heic_is_refused_with_advice() {
    let err = prepare(&heic_start(), &Options::default()).unwrap_err();
    assert!(matches!(err, Error::Heic), "{err}");
    let message = err.to_string();
    assert!(message.contains("HEIC is not supported"), "{message}");
    assert!(message.contains("JPEG"), "{message}");
}

#[test]
fn png_bomb_is_refused_from_its_header() {
    let bomb = png_claiming(100_000, 100_000);
    assert!(bomb.len() < 100, "the bomb is tiny: {} bytes", bomb.len());
    let err = prepare(&bomb, &Options::default()).unwrap_err();
    match err {
        Error::TooLarge { width, height, .. } => assert_eq!((width, height), (100_000, 100_000)),
        other => panic!("expected TooLarge, got {other}"),
    }
}

#[test]
fn png_within_each_side_but_too_many_pixels_is_refused() {
    // 16000 × 16000 fits the 16384 side limit but is 256 MP, over the 120 MP limit.
    let err = prepare(&png_claiming(16_000, 16_000), &Options::default()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                width: 16_000,
                height: 16_000,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn jpeg_bomb_is_refused_from_its_header() {
    let err = prepare(&jpeg_claiming(60_000, 60_000), &Options::default()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                width: 60_000,
                height: 60_000,
                ..
            }
        ),
        "{err}"
    );
    // Custom, tighter limits apply too.
    let mut options = Options::default();
    options.limits.max_pixels = 1_000_000;
    let err = prepare(&jpeg(&photo_like(1200, 1000), 80), &options).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                width: 1200,
                height: 1000,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn truncated_jpeg_is_refused() {
    let whole = jpeg(&photo_like(640, 480), 85);
    for cut in [whole.len() / 2, whole.len() - 10, 700] {
        let err = prepare(&whole[..cut], &Options::default()).unwrap_err();
        assert!(
            matches!(err, Error::Truncated { format: "JPEG" }),
            "cut at {cut}: {err}"
        );
    }
}

#[test]
fn truncated_png_is_refused() {
    let whole = png(&photo_like(300, 200));
    let err = prepare(&whole[..whole.len() / 2], &Options::default()).unwrap_err();
    assert!(matches!(err, Error::Truncated { format: "PNG" }), "{err}");
}

#[test]
fn corrupt_jpeg_is_refused() {
    // A JPEG start followed by garbage instead of segments.
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(&noise(5_000, 7));
    let err = prepare(&bytes, &Options::default()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Corrupt { format: "JPEG", .. } | Error::Truncated { format: "JPEG" }
        ),
        "{err}"
    );
}

#[test]
fn other_image_formats_are_named() {
    let err = prepare(b"GIF89a\x08\x00\x08\x00\x00\x00\x00", &Options::default()).unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedFormat { format: "GIF" }),
        "{err}"
    );
}

#[test]
fn invalid_options_are_refused() {
    let input = jpeg(&photo_like(64, 64), 80);
    let options = Options {
        quality: 0,
        ..Options::default()
    };
    assert!(matches!(
        prepare(&input, &options),
        Err(Error::InvalidOptions(_))
    ));
}

// ---- orientation and metadata ---------------------------------------------------------

/// The upright picture: four coloured quadrants, 128 × 64.
fn upright() -> RgbImage {
    RgbImage::from_fn(128, 64, |x, y| match (x < 64, y < 32) {
        (true, true) => Rgb([220, 30, 30]),     // top left: red
        (false, true) => Rgb([30, 200, 30]),    // top right: green
        (true, false) => Rgb([30, 30, 220]),    // bottom left: blue
        (false, false) => Rgb([240, 240, 240]), // bottom right: white
    })
}

/// How a camera stores `display` when it writes EXIF orientation `o` (the EXIF
/// definitions, written out pixel by pixel, independent of the code under test).
fn stored_for(display: &RgbImage, o: u16) -> RgbImage {
    let (w, h) = display.dimensions();
    let at = |x: u32, y: u32| *display.get_pixel(x, y);
    match o {
        1 => display.clone(),
        2 => RgbImage::from_fn(w, h, |x, y| at(w - 1 - x, y)),
        3 => RgbImage::from_fn(w, h, |x, y| at(w - 1 - x, h - 1 - y)),
        4 => RgbImage::from_fn(w, h, |x, y| at(x, h - 1 - y)),
        5 => RgbImage::from_fn(h, w, |x, y| at(y, x)),
        6 => RgbImage::from_fn(h, w, |x, y| at(w - 1 - y, x)),
        7 => RgbImage::from_fn(h, w, |x, y| at(w - 1 - y, h - 1 - x)),
        8 => RgbImage::from_fn(h, w, |x, y| at(y, h - 1 - x)),
        _ => unreachable!(),
    }
}

fn close(a: Rgb<u8>, b: Rgb<u8>) -> bool {
    a.0.iter().zip(b.0).all(|(&p, q)| p.abs_diff(q) < 40)
}

#[test]
fn all_eight_exif_orientations_come_out_upright() {
    let display = upright();
    for o in 1..=8u16 {
        let stored = stored_for(&display, o);
        let input = with_metadata(&jpeg(&stored, 95), &exif_with_orientation_and_gps(o));
        // The fixture really carries the tag, as another reader sees it.
        let mut reader = image::ImageReader::new(std::io::Cursor::new(&input))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(
            image::ImageDecoder::orientation(&mut reader)
                .unwrap()
                .to_exif(),
            o as u8
        );

        let prepared = prepare(&input, &Options::default()).unwrap();
        assert_eq!(prepared.source.orientation, o as u8);
        assert_eq!(
            (prepared.photo.width, prepared.photo.height),
            (128, 64),
            "orientation {o}"
        );
        let out = decode(&prepared.photo.bytes);
        assert_eq!(out.dimensions(), (128, 64));
        for (x, y) in [(20, 10), (108, 10), (20, 54), (108, 54)] {
            assert!(
                close(*out.get_pixel(x, y), *display.get_pixel(x, y)),
                "orientation {o} at ({x},{y}): {:?} vs {:?}",
                out.get_pixel(x, y),
                display.get_pixel(x, y)
            );
        }
        let thumb = decode(&prepared.thumbnail.bytes);
        assert!(
            close(*thumb.get_pixel(5, 5), Rgb([220, 30, 30])),
            "thumbnail upright too"
        );
    }
}

#[test]
fn all_metadata_is_dropped() {
    let input = with_metadata(
        &jpeg(&photo_like(800, 600), 90),
        &exif_with_orientation_and_gps(1),
    );
    assert!(input.windows(6).any(|w| w == b"Exif\0\0"));
    let prepared = prepare(&input, &Options::default()).unwrap();
    for out in [&prepared.photo.bytes, &prepared.thumbnail.bytes] {
        let markers = jpeg_markers(out);
        // SOI, the JFIF APP0, tables, frame, scan: no APP1..APP15 (EXIF, XMP, ICC...), no COM.
        assert_eq!(
            markers
                .iter()
                .filter(|&&m| (0xE1..=0xEF).contains(&m))
                .count(),
            0,
            "{markers:x?}"
        );
        assert!(!markers.contains(&0xFE), "comment kept: {markers:x?}");
        assert!(!out.windows(4).any(|w| w == b"Exif"));
        assert!(!out.windows(9).any(|w| w == b"WanggeCam"));
        assert!(!out.windows(7).any(|w| w == b"xmpmeta"));
        let mut reader = image::ImageReader::new(std::io::Cursor::new(out.as_slice()))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(
            image::ImageDecoder::exif_metadata(&mut reader).unwrap(),
            None
        );
    }
}

// ---- sizes ----------------------------------------------------------------------------

#[test]
fn photo_and_thumbnail_fit_their_long_edges() {
    let prepared = prepare(&png(&photo_like(2000, 1500)), &Options::default()).unwrap();
    assert_eq!(prepared.source.format, Format::Png);
    assert_eq!(
        (prepared.source.width, prepared.source.height),
        (2000, 1500)
    );
    assert_eq!((prepared.photo.width, prepared.photo.height), (1600, 1200));
    assert_eq!(
        (prepared.thumbnail.width, prepared.thumbnail.height),
        (320, 240)
    );
    assert_eq!(decode(&prepared.photo.bytes).dimensions(), (1600, 1200));
    assert_eq!(decode(&prepared.thumbnail.bytes).dimensions(), (320, 240));

    // Portrait, custom sizes.
    let options = Options {
        long_edge: 1000,
        thumb_long_edge: 200,
        ..Options::default()
    };
    let prepared = prepare(&jpeg(&photo_like(1500, 3000), 90), &options).unwrap();
    assert_eq!((prepared.photo.width, prepared.photo.height), (500, 1000));
    assert_eq!(
        (prepared.thumbnail.width, prepared.thumbnail.height),
        (100, 200)
    );
    assert_eq!(decode(&prepared.thumbnail.bytes).dimensions(), (100, 200));
}

#[test]
fn large_jpeg_is_decoded_at_reduced_scale_and_still_hits_the_target() {
    // 4000 × 3000 (12 MP): decoded at 1/2 in the DCT domain, then resized to 1600.
    let prepared = prepare(&jpeg(&photo_like(4000, 3000), 90), &Options::default()).unwrap();
    assert_eq!(
        (prepared.source.width, prepared.source.height),
        (4000, 3000)
    );
    assert_eq!((prepared.photo.width, prepared.photo.height), (1600, 1200));
    assert_eq!(decode(&prepared.photo.bytes).dimensions(), (1600, 1200));
}

#[test]
fn small_photos_are_never_upscaled() {
    let prepared = prepare(&webp(&photo_like(300, 200)), &Options::default()).unwrap();
    assert_eq!(prepared.source.format, Format::WebP);
    assert_eq!((prepared.photo.width, prepared.photo.height), (300, 200));
    assert_eq!(
        (prepared.thumbnail.width, prepared.thumbnail.height),
        (300, 200)
    );
}

#[test]
fn prepared_photo_is_never_larger_than_the_input() {
    // A small, already heavily compressed JPEG: re-encoding it at quality 80 would grow it.
    let input = jpeg_compact(&photo_like(1200, 900), 30);
    let naive = prepare(
        &input,
        &Options {
            quality: 80,
            ..Options::default()
        },
    )
    .unwrap();
    assert!(
        naive.photo.bytes.len() <= input.len(),
        "{} > {}",
        naive.photo.bytes.len(),
        input.len()
    );
    assert!(naive.quality < 80, "quality was lowered: {}", naive.quality);
    assert_eq!((naive.photo.width, naive.photo.height), (1200, 900));

    // A normal photo keeps the asked quality and shrinks a lot.
    let input = jpeg(&photo_like(3000, 2000), 92);
    let prepared = prepare(&input, &Options::default()).unwrap();
    assert_eq!(prepared.quality, 80);
    assert!(prepared.photo.bytes.len() * 2 < input.len());
}

#[test]
fn even_at_lowest_quality_the_size_shrinks_until_it_fits() {
    let input = jpeg_compact(&smooth(600, 400), 3);
    let prepared = prepare(&input, &Options::default()).unwrap();
    assert!(prepared.photo.bytes.len() <= input.len());
    assert!(
        prepared.photo.width < 600,
        "made smaller: {}",
        prepared.photo.width
    );
    assert_eq!(decode(&prepared.photo.bytes).width(), prepared.photo.width);
}

#[test]
fn transparent_png_becomes_white() {
    let prepared = prepare(&png_rgba(&half_transparent(400, 300)), &Options::default()).unwrap();
    let out = decode(&prepared.photo.bytes);
    for (x, y) in [(300, 150), (390, 10), (210, 290)] {
        assert!(
            close(*out.get_pixel(x, y), Rgb([255, 255, 255])),
            "{:?}",
            out.get_pixel(x, y)
        );
    }
}

// ---- content address ------------------------------------------------------------------

#[test]
fn hash_is_the_sha256_of_the_bytes_and_stable() {
    let input = jpeg(&photo_like(900, 700), 90);
    let a = prepare(&input, &Options::default()).unwrap();
    let b = prepare(&input, &Options::default()).unwrap();
    assert_eq!(a.photo.sha256, b.photo.sha256);
    assert_eq!(a.photo.bytes, b.photo.bytes);
    assert_eq!(a.photo.sha256, PhotoHash::of(&a.photo.bytes));
    assert_eq!(a.thumbnail.sha256, PhotoHash::of(&a.thumbnail.bytes));
    assert_ne!(a.photo.sha256, a.thumbnail.sha256);
    assert_eq!(
        PhotoHash::parse(&a.photo.sha256.to_string()).unwrap(),
        a.photo.sha256
    );
    let other = prepare(
        &input,
        &Options {
            quality: 60,
            ..Options::default()
        },
    )
    .unwrap();
    assert_ne!(other.photo.sha256, a.photo.sha256);
}

#[test]
fn output_decodes_elsewhere_to_the_same_picture() {
    let original = photo_like(1200, 800);
    let prepared = prepare(&png(&original), &Options::default()).unwrap();
    let out = decode(&prepared.photo.bytes);
    assert_eq!(out.dimensions(), original.dimensions());
    // Mean absolute error per channel stays small at quality 80.
    let total: u64 = out
        .pixels()
        .zip(original.pixels())
        .map(|(a, b)| {
            a.0.iter()
                .zip(b.0)
                .map(|(&p, q)| u64::from(p.abs_diff(q)))
                .sum::<u64>()
        })
        .sum();
    let mean = total as f64 / (1200.0 * 800.0 * 3.0);
    assert!(mean < 12.0, "mean error {mean}");
}
