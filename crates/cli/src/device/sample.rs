//! Generated photos for tests and load runs: a unique PNG each time (a smooth gradient with
//! a random tint and a little noise), so each prepares to a distinct JPEG of realistic size.

use image::{ImageBuffer, Rgb};
use rand::Rng;

/// A fresh 800×600 PNG.
pub fn photo() -> Vec<u8> {
    let mut rng = rand::rng();
    let tint: [u8; 3] = rng.random();
    let img = ImageBuffer::from_fn(800, 600, |x, y| {
        let noise: u8 = rng.random_range(0..24);
        Rgb([
            ((x * 255 / 800) as u8)
                .wrapping_add(tint[0])
                .wrapping_add(noise),
            ((y * 255 / 600) as u8).wrapping_add(tint[1]),
            (((x + y) * 255 / 1400) as u8).wrapping_add(tint[2]),
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    // Encoding an in-memory RGB buffer as PNG does not fail.
    let _ = img.write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}
