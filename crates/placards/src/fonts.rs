//! The CJK fonts placards are set in: a regular and (where found) a bold face, read from a
//! font file or a collection (`.ttc`, where the Simplified Chinese face is chosen), with
//! the glyph widths the layout measures text by.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use krilla::text::Font;
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::FileRef;
use skrifa::{FontRef, MetadataProvider, string::StringId};

use crate::error::{Error, Result};

/// Where Debian's `fonts-noto-cjk` puts Noto Sans CJK (regular, then bold).
pub const DEBIAN_NOTO_CJK: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
];

/// One face: the file's bytes and the face's index in it.
#[derive(Clone)]
struct Face {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl Face {
    fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Font(format!("cannot read {}: {e}", path.display())))?;
        let index = simplified_chinese_face(&bytes).ok_or_else(|| {
            Error::Font(format!(
                "{} is not a font with Chinese characters",
                path.display()
            ))
        })?;
        let data = Arc::new(bytes);
        let font = Font::new(data.clone().into(), index)
            .ok_or_else(|| Error::Font(format!("{} cannot be embedded", path.display())))?;
        Ok(Face { data, index, font })
    }

    fn font_ref(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(&self.data, self.index).ok()
    }
}

/// The index of the face in `bytes` that covers Chinese: in a collection, the one named
/// "SC" (Simplified Chinese) if there is one, else the first that maps 网.
fn simplified_chinese_face(bytes: &[u8]) -> Option<u32> {
    let count = match FileRef::new(bytes).ok()? {
        FileRef::Font(_) => 1,
        FileRef::Collection(c) => c.len(),
    };
    let covers = |i: u32| {
        FontRef::from_index(bytes, i)
            .ok()
            .filter(|f| f.charmap().map('网').is_some())
    };
    let named_sc = (0..count).find(|&i| {
        covers(i).is_some_and(|f| {
            f.localized_strings(StringId::FAMILY_NAME)
                .any(|s| s.chars().collect::<String>().contains(" SC"))
        })
    });
    named_sc.or_else(|| (0..count).find(|&i| covers(i).is_some()))
}

/// The fonts placards are set in.
#[derive(Clone)]
pub struct Fonts {
    regular: Face,
    bold: Face,
    source: PathBuf,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("source", &self.source)
            .finish()
    }
}

impl Fonts {
    /// The regular face from `regular`, the bold one from `bold` (the regular again when
    /// `None` or unreadable: titles are then set in the regular weight).
    pub fn load(regular: &Path, bold: Option<&Path>) -> Result<Self> {
        let regular_face = Face::load(regular)?;
        let bold_face = bold
            .and_then(|b| Face::load(b).ok())
            .unwrap_or_else(|| regular_face.clone());
        Ok(Fonts {
            regular: regular_face,
            bold: bold_face,
            source: regular.to_path_buf(),
        })
    }

    /// The font file at `path` if given, else Debian's Noto Sans CJK (`fonts-noto-cjk`);
    /// an error that says what to install or set when neither is there.
    pub fn find(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(p) => Self::load(p, None),
            None => {
                let [regular, bold] = DEBIAN_NOTO_CJK.map(Path::new);
                if !regular.exists() {
                    return Err(Error::Font(format!(
                        "{} is missing: install Debian's fonts-noto-cjk, or set placard_font \
                         to a font file with Chinese characters",
                        regular.display()
                    )));
                }
                Self::load(regular, Some(bold))
            }
        }
    }

    /// The file the regular face came from.
    pub fn source(&self) -> &Path {
        &self.source
    }

    pub(crate) fn font(&self, bold: bool) -> Font {
        if bold {
            self.bold.font.clone()
        } else {
            self.regular.font.clone()
        }
    }

    /// The width of `text` set at `size` points, by the glyphs' advances.
    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        let Some(font) = face.font_ref() else {
            return text.chars().count() as f32 * size;
        };
        let upem = font
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em;
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let charmap = font.charmap();
        let units: f32 = text
            .chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(f32::from(upem))
            })
            .sum();
        units * size / f32::from(upem)
    }
}
