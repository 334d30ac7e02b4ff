//! Fuzzes photo preparation: `photos::prepare` with the app's default options, exactly what
//! the device engine runs on a photo from the camera or the gallery (and the CLI on a file).
#![no_main]

use libfuzzer_sys::fuzz_target;
use photos::{Options, PhotoHash};

fuzz_target!(|data: &[u8]| {
    let options = Options::default();
    let Ok(prepared) = photos::prepare(data, &options) else {
        // Refused with a typed error: that is the contract. A panic is the bug.
        return;
    };
    let limits = &options.limits;
    let source = &prepared.source;
    assert!(
        limits
            .check(source.width.into(), source.height.into())
            .is_ok(),
        "accepted a {}x{} source outside the limits",
        source.width,
        source.height
    );
    assert_eq!(source.bytes, data.len());
    assert!((1..=8).contains(&source.orientation));
    for (what, file, long_edge) in [
        ("photo", &prepared.photo, options.long_edge),
        ("thumbnail", &prepared.thumbnail, options.thumb_long_edge),
    ] {
        assert!(
            file.width >= 1 && file.height >= 1,
            "{what} is {}x{}",
            file.width,
            file.height
        );
        assert!(
            file.width.max(file.height) <= long_edge,
            "{what} is {}x{}, over {long_edge}",
            file.width,
            file.height
        );
        assert_eq!(file.sha256, PhotoHash::of(&file.bytes), "{what} hash");
        // A JPEG that opens with its JFIF header (APP0), so no EXIF (APP1) before it.
        assert!(
            file.bytes.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]),
            "{what} does not open as a JFIF JPEG"
        );
    }
    // Never upscaled, never larger than the input.
    let (oriented_w, oriented_h) = if source.orientation >= 5 {
        (source.height, source.width)
    } else {
        (source.width, source.height)
    };
    assert!(prepared.photo.width <= oriented_w && prepared.photo.height <= oriented_h);
    assert!(prepared.photo.bytes.len() <= data.len(), "the photo grew");
    assert!((1..=options.quality).contains(&prepared.quality));
});
