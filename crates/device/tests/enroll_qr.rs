//! Reading an enrollment QR code from a picture: PNGs drawn by the `qrcode` crate (the one
//! the server draws its codes with) holding a `wangge://enroll` link, on white or on a
//! transparent background, as a JPEG photo; and the pictures refused, with their codes.

// Test helpers unwrap freely: a failure is a test failure.
#![allow(clippy::unwrap_used)]

use std::io::Cursor;

use device::enroll_qr::enrollment_link;
use image::{DynamicImage, GrayImage, ImageFormat, Luma, Rgba, RgbaImage};
use qrcode::QrCode;

const LINK: &str = "wangge://enroll?server=https%3A%2F%2Fwg.haigang.example&code=7Qk2mV9xLp3RtZ8a";

/// The QR code of `text`, black on white with its quiet zone, 8 pixels a module.
fn qr(text: &str) -> GrayImage {
    QrCode::new(text.as_bytes())
        .unwrap()
        .render::<Luma<u8>>()
        .module_dimensions(8, 8)
        .build()
}

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

#[test]
fn a_png_of_an_enrollment_qr_code_gives_its_link() {
    let png = encode(DynamicImage::ImageLuma8(qr(LINK)), ImageFormat::Png);
    assert_eq!(enrollment_link(&png).unwrap(), LINK);
}

#[test]
fn a_qr_code_on_a_transparent_background_is_read_on_white() {
    let code = qr(LINK);
    let clear = RgbaImage::from_fn(code.width(), code.height(), |x, y| {
        if code.get_pixel(x, y).0[0] < 128 {
            Rgba([20, 20, 20, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let png = encode(DynamicImage::ImageRgba8(clear), ImageFormat::Png);
    assert_eq!(enrollment_link(&png).unwrap(), LINK);
}

#[test]
fn a_photo_with_the_code_in_a_corner_is_read() {
    // A grey page with the code off centre, saved as a JPEG (what a camera gives).
    let code = qr(LINK);
    let mut page = GrayImage::from_pixel(code.width() * 3, code.height() * 2, Luma([200]));
    image::imageops::overlay(&mut page, &code, i64::from(code.width()) * 2 - 40, 30);
    let jpeg = encode(
        DynamicImage::ImageLuma8(page).into_rgb8().into(),
        ImageFormat::Jpeg,
    );
    assert_eq!(enrollment_link(&jpeg).unwrap(), LINK);
}

#[test]
fn a_png_without_a_qr_code_is_refused() {
    let plain = GrayImage::from_fn(400, 300, |x, y| {
        Luma([u8::try_from((x + y) % 256).unwrap()])
    });
    let png = encode(DynamicImage::ImageLuma8(plain), ImageFormat::Png);
    let err = enrollment_link(&png).unwrap_err();
    assert_eq!(err.code(), "no_qr_code", "{err}");
    assert!(err.to_string().contains("no QR code"), "{err}");
}

#[test]
fn a_file_that_is_no_picture_is_refused() {
    let err = enrollment_link(b"%PDF-1.7 not a picture at all").unwrap_err();
    assert_eq!(err.code(), "no_qr_code", "{err}");
    assert!(err.to_string().contains("not a PNG, JPEG or WebP"), "{err}");
    assert_eq!(enrollment_link(b"").unwrap_err().code(), "no_qr_code");
}

#[test]
fn a_qr_code_of_something_else_is_not_an_enrollment_code() {
    let png = encode(
        DynamicImage::ImageLuma8(qr("https://example.com/menu")),
        ImageFormat::Png,
    );
    let err = enrollment_link(&png).unwrap_err();
    assert_eq!(err.code(), "not_enrollment_code", "{err}");
    assert!(
        err.to_string().contains("https://example.com/menu"),
        "{err}"
    );
}
