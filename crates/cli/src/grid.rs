//! `wangge grid locate` (which grid is a point in, one point or a CSV of them) and
//! `wangge demo grids` (Haigang's demo grid boundaries as GeoJSON).

use anyhow::{Context, bail};
use clap::Subcommand;
use gridmap::{Datum, ExportOptions, GridIndex, ImportOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `wangge grid`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find the grid of a point (LON LAT), or of every row of a CSV (--points).
    Locate(LocateArgs),
}

#[derive(clap::Args)]
struct LocateArgs {
    /// Grid boundaries: a GeoJSON FeatureCollection of Polygon/MultiPolygon features.
    #[arg(long, value_name = "FILE.geojson")]
    grids: PathBuf,
    /// The grids file is in GCJ-02 (drawn on Amap/Tencent maps), not WGS-84.
    #[arg(long)]
    gcj02: bool,
    /// Property of each feature that holds its 15-digit grid code.
    #[arg(long, default_value = "code", value_name = "NAME")]
    code_property: String,
    /// The points are in GCJ-02, not WGS-84.
    #[arg(long)]
    points_gcj02: bool,
    /// For a point outside every grid, accept the nearest grid within this many metres.
    /// A single point always reports the nearest within this distance (default 50);
    /// in batch mode it is off unless given.
    #[arg(long, value_name = "METRES")]
    near: Option<f64>,
    /// CSV of points with a header and columns id,lon,lat (others are ignored).
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["lon", "lat"])]
    points: Option<PathBuf>,
    /// Where the batch CSV goes (id,lon,lat,grid_code); stdout when absent.
    #[arg(long, value_name = "FILE.csv", requires = "points")]
    out: Option<PathBuf>,
    /// Longitude in degrees.
    #[arg(allow_negative_numbers = true, required_unless_present = "points")]
    lon: Option<f64>,
    /// Latitude in degrees.
    #[arg(allow_negative_numbers = true, required_unless_present = "points")]
    lat: Option<f64>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Locate(args) => locate(args),
    }
}

fn load(args: &LocateArgs) -> anyhow::Result<GridIndex> {
    let text = std::fs::read_to_string(&args.grids)
        .with_context(|| format!("reading grids from {}", args.grids.display()))?;
    let options = ImportOptions {
        code_property: args.code_property.clone(),
        datum: if args.gcj02 {
            Datum::Gcj02
        } else {
            Datum::Wgs84
        },
        ..ImportOptions::default()
    };
    GridIndex::from_geojson(&text, &options)
        .with_context(|| format!("grids in {}", args.grids.display()))
}

fn locate(args: LocateArgs) -> anyhow::Result<()> {
    if let Some(near) = args.near
        && (near.is_nan() || near < 0.0)
    {
        bail!("--near must be a distance in metres, at least 0 (got {near})");
    }
    let index = load(&args)?;
    let points_datum = if args.points_gcj02 {
        Datum::Gcj02
    } else {
        Datum::Wgs84
    };
    if let Some(points) = &args.points {
        return locate_batch(&index, points, args.out.as_deref(), points_datum, args.near);
    }
    let (Some(lon), Some(lat)) = (args.lon, args.lat) else {
        bail!("give LON LAT, or --points FILE.csv");
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        bail!("({lon}, {lat}) is not a longitude in [-180, 180] and latitude in [-90, 90]");
    }
    let (wlon, wlat) = points_datum.to_wgs84(lon, lat);
    let max_m = args.near.unwrap_or(50.0);
    match index.locate_near(wlon, wlat, max_m) {
        Some(found) if found.inside => println!("{}{}", found.grid.code, name_suffix(found.grid)),
        Some(found) => println!(
            "none: ({lon}, {lat}) is in no grid; nearest is {}{} at {:.1} m",
            found.grid.code,
            name_suffix(found.grid),
            found.distance_m
        ),
        None => println!("none: ({lon}, {lat}) is in no grid, and no grid is within {max_m} m"),
    }
    Ok(())
}

fn name_suffix(grid: &gridmap::Grid) -> String {
    grid.name
        .as_ref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default()
}

fn locate_batch(
    index: &GridIndex,
    points: &Path,
    out: Option<&Path>,
    datum: Datum,
    near: Option<f64>,
) -> anyhow::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(points)
        .with_context(|| format!("reading points from {}", points.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("header of {}", points.display()))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .with_context(|| {
                format!(
                    "{} has no {name:?} column (need id,lon,lat)",
                    points.display()
                )
            })
    };
    let (id_col, lon_col, lat_col) = (column("id")?, column("lon")?, column("lat")?);

    let sink: Box<dyn Write> = match out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(sink));
    let mut header = vec!["id", "lon", "lat", "grid_code"];
    if near.is_some() {
        header.push("distance_m");
    }
    writer.write_record(&header)?;
    let (mut total, mut placed) = (0usize, 0usize);
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.with_context(|| format!("{} line {line}", points.display()))?;
        let field = |col: usize| record.get(col).unwrap_or("");
        let id = field(id_col);
        let parse = |col: usize, what: &str| -> anyhow::Result<f64> {
            field(col)
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .with_context(|| {
                    format!(
                        "{} line {line} (id {id}): {what} {:?} is not a number",
                        points.display(),
                        field(col)
                    )
                })
        };
        let (lon, lat) = (parse(lon_col, "lon")?, parse(lat_col, "lat")?);
        let (wlon, wlat) = datum.to_wgs84(lon, lat);
        total += 1;
        let (code, distance) = match near {
            Some(max_m) => match index.locate_near(wlon, wlat, max_m) {
                Some(found) => (
                    found.grid.code.to_string(),
                    format!("{:.1}", found.distance_m),
                ),
                None => (String::new(), String::new()),
            },
            None => (
                index
                    .locate(wlon, wlat)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                String::new(),
            ),
        };
        if !code.is_empty() {
            placed += 1;
        }
        let mut out_row = vec![id, field(lon_col), field(lat_col), code.as_str()];
        if near.is_some() {
            out_row.push(distance.as_str());
        }
        writer.write_record(&out_row)?;
    }
    writer.flush()?;
    eprintln!("placed {placed} of {total} points in grids");
    Ok(())
}

/// Options of `wangge demo grids`.
#[derive(clap::Args)]
pub struct DemoGridsArgs {
    /// Where to write the GeoJSON; stdout when absent.
    #[arg(long, value_name = "FILE.geojson")]
    out: Option<PathBuf>,
    /// Seed of the generator: the same seed gives the same file, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write coordinates in GCJ-02 (for a Chinese base map) instead of WGS-84.
    #[arg(long)]
    gcj02: bool,
    /// Also write demo buildings (8 to 20 per grid) as CSV: code,grid_code,lon,lat (WGS-84).
    #[arg(long, value_name = "FILE.csv")]
    buildings: Option<PathBuf>,
}

pub fn demo_grids(args: DemoGridsArgs) -> anyhow::Result<()> {
    let set = gridmap::demo::haigang_grids(args.seed).context("generating the demo grids")?;
    let options = ExportOptions {
        datum: if args.gcj02 {
            Datum::Gcj02
        } else {
            Datum::Wgs84
        },
        ..ExportOptions::default()
    };
    if let Some(path) = &args.buildings {
        let buildings =
            gridmap::demo::buildings(&set, args.seed).context("placing demo buildings")?;
        let mut writer =
            csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
        writer.write_record(["code", "grid_code", "lon", "lat"])?;
        for b in &buildings {
            writer.write_record([
                b.code.to_string(),
                b.code.parent().to_string(),
                b.lon.to_string(),
                b.lat.to_string(),
            ])?;
        }
        writer.flush()?;
        eprintln!("wrote {} buildings to {}", buildings.len(), path.display());
    }
    let mut text = set.to_geojson(&options);
    text.push('\n');
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote {} grids of {} communities to {} (seed {})",
                set.len(),
                gridmap::demo::haigang_communities().len(),
                path.display(),
                args.seed
            );
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
