//! Benchmark: grid lookups per second with the R-tree index beside a brute-force scan,
//! at Haigang's 941 demo grids and at 100,000 synthetic grids, on one thread.
//!
//! Run with `cargo bench -p gridmap --bench locate`. Prints lookups/s and the ratio.

use gridmap::demo::{self, Bounds};
use gridmap::{GridIndex, GridSet};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Query points spread uniformly over the box (deterministic).
fn points(bounds: Bounds, n: usize, mut state: u64) -> Vec<(f64, f64)> {
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let lon = bounds.west + (bounds.east - bounds.west) * next();
            let lat = bounds.south + (bounds.north - bounds.south) * next();
            (lon, lat)
        })
        .collect()
}

fn bounds_of(set: &GridSet) -> Bounds {
    use geo::BoundingRect;
    let mut b = Bounds {
        west: f64::MAX,
        south: f64::MAX,
        east: f64::MIN,
        north: f64::MIN,
    };
    for grid in set {
        let r = grid.area.bounding_rect().expect("non-empty grid");
        b.west = b.west.min(r.min().x);
        b.south = b.south.min(r.min().y);
        b.east = b.east.max(r.max().x);
        b.north = b.north.max(r.max().y);
    }
    b
}

/// Runs `f` over the points, repeating until at least `min` has passed; lookups/s.
fn rate(points: &[(f64, f64)], min: Duration, f: impl Fn(f64, f64) -> bool) -> (f64, usize) {
    let start = Instant::now();
    let mut done = 0usize;
    let mut found = 0usize;
    while start.elapsed() < min {
        for &(lon, lat) in points {
            if f(black_box(lon), black_box(lat)) {
                found += 1;
            }
        }
        done += points.len();
    }
    black_box(found);
    (done as f64 / start.elapsed().as_secs_f64(), found)
}

fn run(label: &str, set: GridSet, brute_points: usize) {
    let grids = set.len();
    let bounds = bounds_of(&set);
    let started = Instant::now();
    let index = GridIndex::new(set);
    let build = started.elapsed();
    let sample = points(bounds, 100_000, 0x5eed);
    let brute_sample = &sample[..brute_points];
    // Both answer the same on the brute-force sample.
    let mismatches = brute_sample
        .iter()
        .filter(|&&(lon, lat)| index.locate(lon, lat) != index.locate_brute_force(lon, lat))
        .count();
    let (indexed, _) = rate(&sample, Duration::from_secs(2), |lon, lat| {
        index.locate(lon, lat).is_some()
    });
    let (brute, _) = rate(brute_sample, Duration::from_secs(2), |lon, lat| {
        index.locate_brute_force(lon, lat).is_some()
    });
    // Near misses: points 0 to ~340 m east of the district's east edge.
    let misses: Vec<(f64, f64)> = points(bounds, 10_000, 0x0ff)
        .into_iter()
        .map(|(lon, lat)| {
            (
                bounds.east + (lon - bounds.west) / (bounds.east - bounds.west) * 0.004,
                lat,
            )
        })
        .collect();
    let (near, _) = rate(&misses, Duration::from_millis(500), |lon, lat| {
        index.locate_near(lon, lat, 500.0).is_some()
    });
    println!(
        "{label}: {grids} grids, index built in {:.1} ms",
        build.as_secs_f64() * 1e3
    );
    println!("  R-tree + point-in-polygon : {indexed:>12.0} lookups/s");
    println!("  brute force (every polygon): {brute:>12.0} lookups/s");
    println!("  ratio                      : {:>12.1}x", indexed / brute);
    println!("  locate_near, 0-340 m outside: {near:>11.0} lookups/s");
    println!("  answers differing from brute force on {brute_points} points: {mismatches}");
}

fn main() {
    let started = Instant::now();
    let haigang = demo::haigang_grids(1).expect("demo grids");
    println!(
        "generated and checked 941 Haigang grids in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    run("Haigang demo", haigang, 20_000);

    let started = Instant::now();
    let big = demo::synthetic_grids(1, 100_000).expect("synthetic grids");
    println!(
        "generated and checked 100,000 synthetic grids in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    run("synthetic district", big, 300);
}
