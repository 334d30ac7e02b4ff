//! `wangge photo prepare`: the real binary on real files in a temporary directory.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn wangge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wangge"))
        .args(args)
        .output()
        .unwrap()
}

/// A 2400 × 1600 photo-like JPEG written to `dir`.
fn camera_jpeg(dir: &Path) -> std::path::PathBuf {
    let img = image::RgbImage::from_fn(2400, 1600, |x, y| {
        image::Rgb([(x / 10) as u8, (y / 7) as u8, ((x * 3 + y * 5) % 251) as u8])
    });
    let path = dir.join("IMG_0001.jpg");
    img.save(&path).unwrap();
    path
}

#[test]
fn prepare_writes_photo_and_thumbnail_named_by_sha256_and_reports_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = camera_jpeg(dir.path());
    let out_dir = dir.path().join("out");
    let out = wangge(&[
        "photo",
        "prepare",
        input.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let sha = report["photo"]["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    let photo_path = out_dir.join(format!("{sha}.jpg"));
    let thumb_path = out_dir.join(format!("{sha}.thumb.jpg"));
    assert_eq!(report["photo"]["path"], photo_path.display().to_string());
    assert_eq!(
        report["thumbnail"]["path"],
        thumb_path.display().to_string()
    );

    let photo = std::fs::read(&photo_path).unwrap();
    assert_eq!(photos::PhotoHash::of(&photo).to_string(), sha);
    assert_eq!(report["photo"]["bytes"], photo.len());
    assert_eq!(
        (
            report["photo"]["width"].as_u64(),
            report["photo"]["height"].as_u64()
        ),
        (Some(1600), Some(1067))
    );
    assert_eq!(image::image_dimensions(&photo_path).unwrap(), (1600, 1067));

    let thumb = std::fs::read(&thumb_path).unwrap();
    assert_eq!(
        report["thumbnail"]["sha256"],
        photos::PhotoHash::of(&thumb).to_string()
    );
    assert_eq!(image::image_dimensions(&thumb_path).unwrap(), (320, 213));

    assert_eq!(report["source"]["format"], "JPEG");
    assert_eq!(report["source"]["width"], 2400);
    assert!(photo.len() <= std::fs::metadata(&input).unwrap().len() as usize);
}

#[test]
fn prepare_prints_text_and_honours_long_edge_and_quality() {
    let dir = tempfile::tempdir().unwrap();
    let input = camera_jpeg(dir.path());
    let out_dir = dir.path().join("small");
    let out = wangge(&[
        "photo",
        "prepare",
        input.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--long-edge",
        "600",
        "--quality",
        "60",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let photo_line = text.lines().find(|l| l.starts_with("photo")).unwrap();
    assert!(photo_line.contains("600x400"), "{text}");
    let sha = photo_line.split_whitespace().nth(1).unwrap();
    assert!(out_dir.join(format!("{sha}.jpg")).exists());
    assert!(out_dir.join(format!("{sha}.thumb.jpg")).exists());
}

#[test]
fn prepare_refuses_heic_and_non_images_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let heic = dir.path().join("IMG_0002.HEIC");
    let mut bytes = 24u32.to_be_bytes().to_vec();
    bytes.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    bytes.extend_from_slice(&[0; 64]);
    std::fs::write(&heic, &bytes).unwrap();
    let text = dir.path().join("notes.jpg");
    std::fs::write(&text, "not a photo at all").unwrap();
    let out_dir = dir.path().join("out");

    for (input, expected) in [(&heic, "HEIC is not supported"), (&text, "not an image")] {
        let out = wangge(&[
            "photo",
            "prepare",
            input.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
    assert!(!out_dir.exists(), "nothing written for refused input");
}
