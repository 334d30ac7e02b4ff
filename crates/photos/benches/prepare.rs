//! Photo preparation beside libvips: `cargo bench -p photos --bench prepare [-- PHOTO...]`.
//!
//! Times the full preparation (read, decode, orient, resize, encode the 1600 px photo and
//! the 320 px thumbnail, hash, write both files) of a real camera photograph of at least
//! 12 MP, and `vipsthumbnail` making the 1600 px photo alone at the same quality, in the
//! same run, interleaved, and prints the ratio and the output sizes.
//!
//! Needs `vipsthumbnail` (Debian: libvips-tools) and the photograph. The default photo is
//! "Kleiber" (a nuthatch) by Lukas Baubkus (CC-BY-SA-3.0, 6028×3391, a baseline camera JPEG) from
//! Debian's `lomiri-wallpapers-20.04` package:
//! `/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg`. `cargo xtask bench photos`
//! installs both. Other photos can be named on the command line.
//! `WANGGE_BENCH_RUNS` sets the number of timed runs (default 10).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use photos::{Options, prepare};

const DEFAULT_PHOTO: &str = "/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg";
const MIN_PIXELS: u64 = 12_000_000;
const MAX_SHARE: f64 = 0.08;

fn main() -> ExitCode {
    let photos: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    let photos = if photos.is_empty() {
        vec![PathBuf::from(DEFAULT_PHOTO)]
    } else {
        photos
    };
    let runs: usize = std::env::var("WANGGE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
        .max(1);
    if Command::new("vipsthumbnail")
        .arg("--vips-version")
        .output()
        .is_err()
    {
        eprintln!(
            "vipsthumbnail not found: install Debian's libvips-tools (`cargo xtask bench photos` does)"
        );
        return ExitCode::FAILURE;
    }
    let work = std::env::temp_dir().join(format!("wangge-photo-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&work) {
        eprintln!("cannot create {}: {e}", work.display());
        return ExitCode::FAILURE;
    }
    let mut ok = true;
    for photo in &photos {
        match bench_one(photo, &work, runs) {
            Ok(passed) => ok &= passed,
            Err(e) => {
                eprintln!("{}: {e}", photo.display());
                ok = false;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn bench_one(photo: &Path, work: &Path, runs: usize) -> Result<bool, String> {
    let original = std::fs::read(photo).map_err(|e| {
        format!(
            "{e}. The default photo comes with Debian's lomiri-wallpapers-20.04 \
             (`cargo xtask bench photos` installs it)"
        )
    })?;
    let (width, height) = image::image_dimensions(photo).map_err(|e| e.to_string())?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels < MIN_PIXELS {
        return Err(format!(
            "{width}x{height} is under 12 MP: not a fair benchmark photo"
        ));
    }
    let options = Options::default();
    println!(
        "photo: {} — {width}x{height} ({:.1} MP), {} bytes",
        photo.display(),
        pixels as f64 / 1e6,
        original.len()
    );
    println!(
        "target: long edge {} px, JPEG quality {}, thumbnail {} px; {runs} timed runs each, interleaved",
        options.long_edge, options.quality, options.thumb_long_edge
    );

    let ours_out = work.join("ours");
    std::fs::create_dir_all(&ours_out).map_err(|e| e.to_string())?;
    let vips_out = work.join("vips.jpg");
    let vips_arg = format!("{}[Q={},strip]", vips_out.display(), options.quality);
    let size = format!("{0}x{0}", options.long_edge);
    let tiny = work.join("tiny.jpg");
    image::RgbImage::from_pixel(16, 16, image::Rgb([90, 120, 150]))
        .save(&tiny)
        .map_err(|e| e.to_string())?;
    let tiny_out = format!(
        "{}[Q={},strip]",
        work.join("tiny-out.jpg").display(),
        options.quality
    );

    let ours = || -> Result<photos::PreparedPhoto, String> {
        let input = std::fs::read(photo).map_err(|e| e.to_string())?;
        let prepared = prepare(&input, &options).map_err(|e| e.to_string())?;
        for p in [&prepared.photo, &prepared.thumbnail] {
            let name = ours_out.join(format!("{}.jpg", p.sha256));
            std::fs::write(name, &p.bytes).map_err(|e| e.to_string())?;
        }
        Ok(prepared)
    };
    let vips = |input: &Path, output: &str| -> Result<(), String> {
        let status = Command::new("vipsthumbnail")
            .arg(input)
            .args(["--size", &size, "-o", output])
            .status()
            .map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("vipsthumbnail failed: {status}"))
        }
    };

    // Warm-up: page cache, thread pools, the dynamic loader.
    let prepared = ours()?;
    vips(photo, &vips_arg)?;
    vips(&tiny, &tiny_out)?;

    let (mut t_ours, mut t_vips, mut t_startup) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        ours()?;
        t_ours.push(start.elapsed());
        let start = Instant::now();
        vips(photo, &vips_arg)?;
        t_vips.push(start.elapsed());
        let start = Instant::now();
        vips(&tiny, &tiny_out)?;
        t_startup.push(start.elapsed());
    }
    let (ours_med, vips_med, startup_med) = (
        median(&mut t_ours),
        median(&mut t_vips),
        median(&mut t_startup),
    );
    let vips_work = vips_med.saturating_sub(startup_med);

    let vips_bytes = std::fs::read(&vips_out).map_err(|e| e.to_string())?;
    let (vw, vh) = image::image_dimensions(&vips_out).map_err(|e| e.to_string())?;
    let share = |n: usize| n as f64 / original.len() as f64;
    let photo_share = share(prepared.photo.bytes.len());
    let ms = |d: Duration| d.as_secs_f64() * 1e3;

    println!(
        "wangge  photos::prepare (photo + thumbnail, read + write)  median {:7.1} ms  min {:7.1} ms",
        ms(ours_med),
        ms(min(&t_ours))
    );
    println!(
        "libvips vipsthumbnail   (photo only, separate process)     median {:7.1} ms  min {:7.1} ms",
        ms(vips_med),
        ms(min(&t_vips))
    );
    println!(
        "libvips vipsthumbnail   on a 16x16 JPEG (process start)    median {:7.1} ms",
        ms(startup_med)
    );
    println!(
        "ratio vips/wangge: {:.2}x as measured; {:.2}x with vips's process start subtracted",
        ms(vips_med) / ms(ours_med),
        ms(vips_work) / ms(ours_med)
    );
    println!(
        "output: wangge photo {}x{} {} bytes ({:.2}% of the original), thumbnail {}x{} {} bytes, quality {}",
        prepared.photo.width,
        prepared.photo.height,
        prepared.photo.bytes.len(),
        photo_share * 100.0,
        prepared.thumbnail.width,
        prepared.thumbnail.height,
        prepared.thumbnail.bytes.len(),
        prepared.quality
    );
    println!(
        "output: vips   photo {vw}x{vh} {} bytes ({:.2}% of the original)",
        vips_bytes.len(),
        share(vips_bytes.len()) * 100.0
    );
    let faster_than_command = vips_med >= ours_med;
    let faster_than_work = vips_work >= ours_med;
    let small = photo_share <= MAX_SHARE;
    println!(
        "target no slower than vipsthumbnail: {} ({:.2}x); \
         also no slower than libvips's work alone (its process start subtracted): {} ({:.2}x)",
        verdict(faster_than_command),
        ms(vips_med) / ms(ours_med),
        verdict(faster_than_work),
        ms(vips_work) / ms(ours_med)
    );
    println!(
        "target photo at most 8% of the original: {} ({:.2}%)\n",
        verdict(small),
        photo_share * 100.0
    );
    Ok(faster_than_command && small)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn min(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "FAIL" }
}
