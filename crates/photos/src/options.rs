//! What a preparation aims for (`Options`) and what decoding may cost (`Limits`).

use crate::error::{Error, Result};

/// Target sizes and quality of a preparation. `Options::default()` is what the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Longest side of the prepared photo, in pixels. Smaller photos are never upscaled.
    pub long_edge: u32,
    /// Longest side of the thumbnail, in pixels.
    pub thumb_long_edge: u32,
    /// JPEG quality (1–100) of the photo and the thumbnail. Lowered stepwise when needed
    /// to keep the prepared photo no larger than the input.
    pub quality: u8,
    /// Decoding limits.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            long_edge: 1600,
            thumb_long_edge: 320,
            quality: 80,
            limits: Limits::default(),
        }
    }
}

/// The most a decode may cost. Checked against the file's header before any pixel buffer
/// is allocated, so a decompression bomb fails fast and in bounded memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Widest image accepted, in pixels.
    pub max_width: u32,
    /// Tallest image accepted, in pixels.
    pub max_height: u32,
    /// Most pixels (width × height) accepted. The default admits 108 MP phone cameras.
    pub max_pixels: u64,
    /// Most bytes the decoders may allocate for one image.
    pub max_alloc: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_width: 16_384,
            max_height: 16_384,
            max_pixels: 120_000_000,
            max_alloc: 512 * 1024 * 1024,
        }
    }
}

impl Options {
    /// Refuses options no preparation can honour.
    pub fn validate(&self) -> Result<()> {
        const EDGE: std::ops::RangeInclusive<u32> = 16..=8192;
        if !EDGE.contains(&self.long_edge) {
            return Err(Error::InvalidOptions(format!(
                "long edge {} is outside {}..={}",
                self.long_edge,
                EDGE.start(),
                EDGE.end()
            )));
        }
        if !EDGE.contains(&self.thumb_long_edge) {
            return Err(Error::InvalidOptions(format!(
                "thumbnail long edge {} is outside {}..={}",
                self.thumb_long_edge,
                EDGE.start(),
                EDGE.end()
            )));
        }
        if !(1..=100).contains(&self.quality) {
            return Err(Error::InvalidOptions(format!(
                "quality {} is outside 1..=100",
                self.quality
            )));
        }
        if self.limits.max_width == 0 || self.limits.max_height == 0 || self.limits.max_pixels == 0
        {
            return Err(Error::InvalidOptions("limits must be positive".into()));
        }
        Ok(())
    }
}

impl Limits {
    /// Refuses a `width`×`height` image that exceeds these limits.
    pub fn check(&self, width: u64, height: u64) -> Result<()> {
        let too_large = |limit: String| Error::TooLarge {
            width,
            height,
            limit,
        };
        if width == 0 || height == 0 {
            return Err(Error::Corrupt {
                format: "image",
                detail: format!("the header claims a {width}x{height} image"),
            });
        }
        if width > u64::from(self.max_width) || height > u64::from(self.max_height) {
            return Err(too_large(format!(
                "{}x{} pixels",
                self.max_width, self.max_height
            )));
        }
        if width * height > self.max_pixels {
            return Err(too_large(format!("{} pixels in all", self.max_pixels)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        Options::default().validate().unwrap();
    }

    #[test]
    fn out_of_range_options_are_refused() {
        for bad in [
            Options {
                long_edge: 0,
                ..Options::default()
            },
            Options {
                long_edge: 100_000,
                ..Options::default()
            },
            Options {
                thumb_long_edge: 1,
                ..Options::default()
            },
            Options {
                quality: 0,
                ..Options::default()
            },
            Options {
                quality: 101,
                ..Options::default()
            },
        ] {
            assert!(
                matches!(bad.validate(), Err(Error::InvalidOptions(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn limits_refuse_each_dimension_and_the_pixel_count() {
        let limits = Limits::default();
        limits.check(12_000, 9_000).unwrap();
        assert!(matches!(
            limits.check(20_000, 10),
            Err(Error::TooLarge { .. })
        ));
        assert!(matches!(
            limits.check(10, 20_000),
            Err(Error::TooLarge { .. })
        ));
        assert!(matches!(
            limits.check(16_000, 16_000),
            Err(Error::TooLarge { .. })
        ));
        assert!(matches!(limits.check(0, 10), Err(Error::Corrupt { .. })));
    }
}
