//! Resizing with `fast_image_resize` (SIMD Lanczos3), and the never-upscale size rule.

use fast_image_resize as fir;
use image::RgbImage;

use crate::error::{Error, Result};

/// The size of a `width`×`height` image fitted into a square of `long_edge`, keeping the
/// aspect ratio. Never larger than the image itself; never below 1×1.
pub fn fit(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_edge {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled =
            (u64::from(side) * u64::from(long_edge) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(scaled).unwrap_or(long_edge).max(1)
    };
    if width >= height {
        (long_edge, scale(height))
    } else {
        (scale(width), long_edge)
    }
}

/// `image` resampled to `width`×`height` with a Lanczos3 filter (the same filter libvips
/// uses for thumbnails). Returns the image itself when the size already matches.
pub fn resize(image: RgbImage, width: u32, height: u32) -> Result<RgbImage> {
    if image.dimensions() == (width, height) {
        return Ok(image);
    }
    let (src_width, src_height) = image.dimensions();
    let src =
        fir::images::ImageRef::new(src_width, src_height, image.as_raw(), fir::PixelType::U8x3)
            .map_err(|e| Error::Encode(format!("resize source: {e}")))?;
    let mut dst = fir::images::Image::new(width, height, fir::PixelType::U8x3);
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    fir::Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| Error::Encode(format!("resize: {e}")))?;
    RgbImage::from_raw(width, height, dst.into_vec())
        .ok_or_else(|| Error::Encode("resize produced a short buffer".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_aspect_and_never_upscales() {
        assert_eq!(fit(6028, 3391, 1600), (1600, 900));
        assert_eq!(fit(3391, 6028, 1600), (900, 1600));
        assert_eq!(fit(4000, 4000, 320), (320, 320));
        assert_eq!(fit(1200, 800, 1600), (1200, 800));
        assert_eq!(fit(10_000, 1, 320), (320, 1));
    }

    #[test]
    fn resize_makes_the_requested_size() {
        let img = RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let out = resize(img, 32, 24).unwrap();
        assert_eq!(out.dimensions(), (32, 24));
        // A smooth gradient stays a gradient.
        assert!(out.get_pixel(31, 0).0[0] > out.get_pixel(0, 0).0[0]);
    }
}
