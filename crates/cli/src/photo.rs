//! `wangge photo`: photo tools. `prepare` does what the app does before an upload.

use std::path::{Path, PathBuf};

use anyhow::Context;
use photos::{Options, Prepared, PreparedPhoto};
use serde_json::json;

/// Arguments of `wangge photo`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Prepare a photo as the app does before upload: decode (JPEG, PNG or WebP; HEIC is
    /// refused), turn it upright, drop all metadata (EXIF, GPS...), fit it into the long
    /// edge, encode JPEG, make a thumbnail. Writes DIR/<sha256>.jpg and
    /// DIR/<sha256>.thumb.jpg, named by the photo's sha256 (its content address), and
    /// prints the sha256, sizes and dimensions of both.
    Prepare(PrepareArgs),
}

#[derive(clap::Args)]
struct PrepareArgs {
    /// The photo to prepare.
    input: PathBuf,
    /// Directory to write the prepared photo and thumbnail into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Longest side of the prepared photo, in pixels (never upscaled).
    #[arg(long, default_value_t = Options::default().long_edge)]
    long_edge: u32,
    /// Longest side of the thumbnail, in pixels.
    #[arg(long, default_value_t = Options::default().thumb_long_edge)]
    thumb_long_edge: u32,
    /// JPEG quality, 1–100 (lowered only if needed to stay no larger than the input).
    #[arg(long, default_value_t = Options::default().quality)]
    quality: u8,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Prepare(args) => prepare(args),
    }
}

fn prepare(args: PrepareArgs) -> anyhow::Result<()> {
    let input =
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
    let options = Options {
        long_edge: args.long_edge,
        thumb_long_edge: args.thumb_long_edge,
        quality: args.quality,
        ..Options::default()
    };
    let prepared = photos::prepare(&input, &options)
        .with_context(|| format!("preparing {}", args.input.display()))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let photo_path = args.out.join(format!("{}.jpg", prepared.photo.sha256));
    let thumb_path = args
        .out
        .join(format!("{}.thumb.jpg", prepared.photo.sha256));
    write(&photo_path, &prepared.photo)?;
    write(&thumb_path, &prepared.thumbnail)?;
    if args.json {
        println!(
            "{}",
            report_json(&args.input, &prepared, &photo_path, &thumb_path)
        );
    } else {
        let source = &prepared.source;
        println!(
            "source     {}  {}  {}x{}  {} bytes  orientation {}",
            args.input.display(),
            source.format.name(),
            source.width,
            source.height,
            source.bytes,
            source.orientation
        );
        for (label, p, path) in [
            ("photo     ", &prepared.photo, &photo_path),
            ("thumbnail ", &prepared.thumbnail, &thumb_path),
        ] {
            println!(
                "{label} {}  {}x{}  {} bytes  {}",
                p.sha256,
                p.width,
                p.height,
                p.bytes.len(),
                path.display()
            );
        }
    }
    Ok(())
}

fn write(path: &Path, prepared: &Prepared) -> anyhow::Result<()> {
    std::fs::write(path, &prepared.bytes).with_context(|| format!("writing {}", path.display()))
}

fn report_json(
    input: &Path,
    prepared: &PreparedPhoto,
    photo_path: &Path,
    thumb_path: &Path,
) -> serde_json::Value {
    let file = |p: &Prepared, path: &Path| {
        json!({
            "sha256": p.sha256,
            "path": path.display().to_string(),
            "bytes": p.bytes.len(),
            "width": p.width,
            "height": p.height,
        })
    };
    let mut photo = file(&prepared.photo, photo_path);
    photo["quality"] = json!(prepared.quality);
    json!({
        "source": {
            "path": input.display().to_string(),
            "format": prepared.source.format.name(),
            "width": prepared.source.width,
            "height": prepared.source.height,
            "bytes": prepared.source.bytes,
            "orientation": prepared.source.orientation,
        },
        "photo": photo,
        "thumbnail": file(&prepared.thumbnail, thumb_path),
    })
}
