//! JPEG encoding with `jpeg-encoder`: baseline, 4:2:0, standard Huffman tables, and no
//! metadata segment at all (only the JFIF header).
//!
//! Optimised Huffman tables would save about 3 % but `jpeg-encoder` 0.7.1's optimised
//! tables are misread by zune-jpeg 0.5.15 (the `image` crate's JPEG decoder: wrong
//! colours), though libjpeg and jpeg-decoder read them fine. A prepared photo must
//! decode everywhere, so the standard tables are used.

use image::RgbImage;

use crate::error::{Error, Result};

/// `image` as a JPEG of `quality` (1–100).
pub fn encode_jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>> {
    let (width, height) = image.dimensions();
    let too_big = || Error::Encode(format!("{width}x{height} is too large for JPEG"));
    let width = u16::try_from(width).map_err(|_| too_big())?;
    let height = u16::try_from(height).map_err(|_| too_big())?;
    let mut out = Vec::with_capacity(usize::from(width) * usize::from(height) / 4);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
    encoder
        .encode(image.as_raw(), width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| Error::Encode(e.to_string()))?;
    Ok(out)
}
