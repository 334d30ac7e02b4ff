//! Demo grids: plausible, contiguous, non-overlapping grid polygons for Haigang's 108
//! communities (941 grids), and larger synthetic districts for benchmarks.
//!
//! Grid boundaries are not public, so they are generated. The district's box is cut into
//! a jittered lattice of convex quadrilaterals, one per community, laid out street by
//! street in a snake so each street's communities are neighbours. Each community is split
//! into 8, 9 or 10 grids (2×4, 3×3, 2×5 and their transposes) on a jittered sub-lattice.
//! Where two communities cut their shared edge differently, each grid along the edge
//! also carries the neighbour's cut points, computed by the same function from the same
//! endpoints, so shared edges are bit-identical: no slivers, no gaps, no T-junctions.
//! Everything comes from one seeded SplitMix64 stream, so a seed fixes every byte.

use geo::{BoundingRect, Coord, Intersects, LineString, MultiPolygon, Polygon};

use crate::error::{Error, Result};
use crate::grid::{Grid, GridSet};
use domain::hierarchy::{BuildingCode, CommunityCode, GridCode};

/// Number of grids in Haigang (from the district's own report).
pub const HAIGANG_GRID_COUNT: usize = 941;

/// Haigang's urban area, roughly.
pub const HAIGANG_BOUNDS: Bounds = Bounds {
    west: 119.52,
    south: 39.90,
    east: 119.65,
    north: 40.00,
};

/// Community columns × rows of the Haigang layout (12 × 9 = 108).
const HAIGANG_COLUMNS: usize = 12;
const HAIGANG_ROWS: usize = 9;

/// A lon/lat box in WGS-84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bounds {
    /// Area in square degrees (for coverage checks).
    pub fn area_deg2(&self) -> f64 {
        (self.east - self.west) * (self.north - self.south)
    }
}

/// A community to generate grids for.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub code: CommunityCode,
    /// Display name, e.g. "人民里社区".
    pub name: String,
}

/// The 108 communities of Haigang in code order (so grouped by street), from
/// `domain::fixtures::haigang()`; "居委会" (residents' committee) is dropped from names.
pub fn haigang_communities() -> Vec<Community> {
    let mut communities: Vec<Community> = domain::fixtures::haigang()
        .communities()
        .map(|c| Community {
            code: c.code,
            name: c.name.trim_end_matches("居委会").to_owned(),
        })
        .collect();
    communities.sort_by_key(|c| c.code);
    communities
}

/// Haigang's 941 demo grids, deterministic from `seed`.
pub fn haigang_grids(seed: u64) -> Result<GridSet> {
    generate(
        &Layout {
            bounds: HAIGANG_BOUNDS,
            columns: HAIGANG_COLUMNS,
            rows: HAIGANG_ROWS,
            communities: haigang_communities(),
            grids: HAIGANG_GRID_COUNT,
        },
        seed,
    )
}

/// A synthetic district of exactly `grids` grids (at least 8), with community cells the
/// size of Haigang's, growing east and north from Haigang's south-west corner, and
/// made-up codes in the non-existent district 139900. For
/// benchmarks and load tests.
pub fn synthetic_grids(seed: u64, grids: usize) -> Result<GridSet> {
    if grids < 8 {
        return Err(Error::Layout(format!(
            "{grids} grids: a community has at least 8"
        )));
    }
    let wanted = grids.div_ceil(9).max(1);
    let rows = ((wanted as f64 * HAIGANG_ROWS as f64 / HAIGANG_COLUMNS as f64)
        .sqrt()
        .round() as usize)
        .max(1);
    let columns = wanted.div_ceil(rows);
    let cell_w = (HAIGANG_BOUNDS.east - HAIGANG_BOUNDS.west) / HAIGANG_COLUMNS as f64;
    let cell_h = (HAIGANG_BOUNDS.north - HAIGANG_BOUNDS.south) / HAIGANG_ROWS as f64;
    let bounds = Bounds {
        west: HAIGANG_BOUNDS.west,
        south: HAIGANG_BOUNDS.south,
        east: HAIGANG_BOUNDS.west + cell_w * columns as f64,
        north: HAIGANG_BOUNDS.south + cell_h * rows as f64,
    };
    let communities = (0..rows * columns)
        .map(|i| {
            Ok(Community {
                code: CommunityCode::parse(&format!("1399{:05}{:03}", i / 999 + 1, i % 999 + 1))?,
                name: format!("合成社区{}", i + 1),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    generate(
        &Layout {
            bounds,
            columns,
            rows,
            communities,
            grids,
        },
        seed,
    )
}

/// What to generate: a box cut into `columns` × `rows` community cells, one per
/// community (in snake order), with `grids` grids in all.
#[derive(Debug, Clone)]
pub struct Layout {
    pub bounds: Bounds,
    pub columns: usize,
    pub rows: usize,
    pub communities: Vec<Community>,
    pub grids: usize,
}

/// Generates the grids of a layout, deterministic from `seed`, checked by [`GridSet::new`].
pub fn generate(layout: &Layout, seed: u64) -> Result<GridSet> {
    let (columns, rows) = (layout.columns, layout.rows);
    let n = columns * rows;
    if n == 0 || layout.communities.len() != n {
        return Err(Error::Layout(format!(
            "{} communities for {columns} × {rows} cells",
            layout.communities.len()
        )));
    }
    if layout.grids < 8 * n || layout.grids > 10 * n {
        return Err(Error::Layout(format!(
            "{} grids for {n} communities: each community gets 8 to 10",
            layout.grids
        )));
    }
    let mut rng = SplitMix64(seed);
    let b = layout.bounds;
    let (cell_w, cell_h) = (
        (b.east - b.west) / columns as f64,
        (b.north - b.south) / rows as f64,
    );

    // Community lattice, (columns + 1) × (rows + 1) vertices; a vertex moves along an axis
    // only when it is not on the box's edge along that axis. ±0.2 cell keeps cells convex.
    let mut lattice = vec![Coord { x: 0.0, y: 0.0 }; (columns + 1) * (rows + 1)];
    for j in 0..=rows {
        for i in 0..=columns {
            let mut x = b.west + cell_w * i as f64;
            let mut y = b.south + cell_h * j as f64;
            if i > 0 && i < columns {
                x += rng.symmetric(0.2 * cell_w);
            }
            if j > 0 && j < rows {
                y += rng.symmetric(0.2 * cell_h);
            }
            lattice[j * (columns + 1) + i] = Coord { x, y };
        }
    }
    let vertex = |i: usize, j: usize| lattice[j * (columns + 1) + i];

    // Community k sits in cell `cells[k]`, street by street in a snake from the north-west.
    let cells: Vec<(usize, usize)> = (0..n)
        .map(|k| {
            let row = k / columns;
            let col = if row % 2 == 0 {
                k % columns
            } else {
                columns - 1 - k % columns
            };
            (col, rows - 1 - row)
        })
        .collect();
    let counts = grid_counts(n, layout.grids, &mut rng);
    // (sub-columns, sub-rows) of each community, indexed by cell.
    let mut shape = vec![(0usize, 0usize); n];
    for (k, &(i, j)) in cells.iter().enumerate() {
        let flip = rng.next_u64() & 1 == 1;
        shape[j * columns + i] = match (counts[k], flip) {
            (8, false) => (4, 2),
            (8, true) => (2, 4),
            (10, false) => (5, 2),
            (10, true) => (2, 5),
            _ => (3, 3),
        };
    }
    let shape_at = |i: usize, j: usize| shape[j * columns + i];

    // Cut points (t along the canonical edge direction) of every community edge, from
    // both sides. Horizontal edge (i, j): vertex(i, j) → vertex(i + 1, j).
    // Vertical edge (i, j): vertex(i, j) → vertex(i, j + 1).
    let mut h_cuts = vec![Vec::new(); columns * (rows + 1)];
    let mut v_cuts = vec![Vec::new(); (columns + 1) * rows];
    for j in 0..rows {
        for i in 0..columns {
            let (c, r) = shape_at(i, j);
            for a in 1..c {
                let t = a as f64 / c as f64;
                h_cuts[j * columns + i].push(t);
                h_cuts[(j + 1) * columns + i].push(t);
            }
            for s in 1..r {
                let t = s as f64 / r as f64;
                v_cuts[j * (columns + 1) + i].push(t);
                v_cuts[j * (columns + 1) + i + 1].push(t);
            }
        }
    }
    for cuts in h_cuts.iter_mut().chain(v_cuts.iter_mut()) {
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
    }

    let mut grids = Vec::with_capacity(layout.grids);
    for (k, community) in layout.communities.iter().enumerate() {
        let (i, j) = cells[k];
        let (c, r) = shape_at(i, j);
        let (p00, p10, p01, p11) = (
            vertex(i, j),
            vertex(i + 1, j),
            vertex(i, j + 1),
            vertex(i + 1, j + 1),
        );
        let bottom = &h_cuts[j * columns + i];
        let top = &h_cuts[(j + 1) * columns + i];
        let left = &v_cuts[j * (columns + 1) + i];
        let right = &v_cuts[j * (columns + 1) + i + 1];

        // Sub-lattice (c + 1) × (r + 1): edge points by lerp along the community edge,
        // inner points by bilinear interpolation of jittered (u, v).
        let mut sub = vec![Coord { x: 0.0, y: 0.0 }; (c + 1) * (r + 1)];
        for s in 0..=r {
            for a in 0..=c {
                let (u, v) = (a as f64 / c as f64, s as f64 / r as f64);
                sub[s * (c + 1) + a] = if s == 0 {
                    lerp(p00, p10, u)
                } else if s == r {
                    lerp(p01, p11, u)
                } else if a == 0 {
                    lerp(p00, p01, v)
                } else if a == c {
                    lerp(p10, p11, v)
                } else {
                    let u = (a as f64 + rng.symmetric(0.2)) / c as f64;
                    let v = (s as f64 + rng.symmetric(0.2)) / r as f64;
                    lerp(lerp(p00, p10, u), lerp(p01, p11, u), v)
                };
            }
        }
        let at = |a: usize, s: usize| sub[s * (c + 1) + a];
        let between = |cuts: &[f64], lo: f64, hi: f64| -> Vec<f64> {
            cuts.iter().copied().filter(|&t| t > lo && t < hi).collect()
        };

        let mut number = 0u16;
        for s in (0..r).rev() {
            for a in 0..c {
                number += 1;
                let (u0, u1) = (a as f64 / c as f64, (a + 1) as f64 / c as f64);
                let (v0, v1) = (s as f64 / r as f64, (s + 1) as f64 / r as f64);
                let mut ring = vec![at(a, s)];
                if s == 0 {
                    ring.extend(
                        between(bottom, u0, u1)
                            .into_iter()
                            .map(|t| lerp(p00, p10, t)),
                    );
                }
                ring.push(at(a + 1, s));
                if a + 1 == c {
                    ring.extend(
                        between(right, v0, v1)
                            .into_iter()
                            .map(|t| lerp(p10, p11, t)),
                    );
                }
                ring.push(at(a + 1, s + 1));
                if s + 1 == r {
                    ring.extend(
                        between(top, u0, u1)
                            .into_iter()
                            .rev()
                            .map(|t| lerp(p01, p11, t)),
                    );
                }
                ring.push(at(a, s + 1));
                if a == 0 {
                    ring.extend(
                        between(left, v0, v1)
                            .into_iter()
                            .rev()
                            .map(|t| lerp(p00, p01, t)),
                    );
                }
                ring.push(at(a, s));
                let ring: Vec<Coord<f64>> = ring.into_iter().map(round_7).collect();
                let code = GridCode::new(&community.code, number)?;
                grids.push(Grid {
                    name: Some(format!("{}第{number}网格", community.name)),
                    community_name: Some(community.name.clone()),
                    code,
                    area: MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]),
                });
            }
        }
    }
    GridSet::new(grids)
}

/// A demo building: a point inside its grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Building {
    /// `GRIDCODE-NNN`; its grid is `code.parent()`.
    pub code: BuildingCode,
    pub lon: f64,
    pub lat: f64,
}

/// 8 to 20 buildings per grid, at random points strictly inside the grid (at least
/// about 10 m from its edge), deterministic from `seed`.
pub fn buildings(set: &GridSet, seed: u64) -> Result<Vec<Building>> {
    let mut rng = SplitMix64(seed ^ 0xB17D_1265);
    let mut out = Vec::new();
    for grid in set {
        let Some(rect) = grid.area.bounding_rect() else {
            continue;
        };
        let wanted = 8 + rng.below(13);
        let mut number = 0u16;
        // Rejection sampling; grids are convex-ish, so few tries are wasted.
        for _ in 0..wanted * 50 {
            if usize::from(number) == wanted {
                break;
            }
            let c = Coord {
                x: rect.min().x + rng.unit() * rect.width(),
                y: rect.min().y + rng.unit() * rect.height(),
            };
            let margin = 1e-4;
            let inside = [
                (0.0, 0.0),
                (margin, 0.0),
                (-margin, 0.0),
                (0.0, margin),
                (0.0, -margin),
            ]
            .iter()
            .all(|&(dx, dy)| {
                grid.area.intersects(&Coord {
                    x: c.x + dx,
                    y: c.y + dy,
                })
            });
            if inside {
                number += 1;
                let c = round_7(c);
                out.push(Building {
                    code: grid.code.building(number)?,
                    lon: c.x,
                    lat: c.y,
                });
            }
        }
    }
    Ok(out)
}

/// How many grids each community gets: 8, 9 or 10, summing to `total`.
fn grid_counts(n: usize, total: usize, rng: &mut SplitMix64) -> Vec<usize> {
    let mut counts: Vec<usize> = (0..n)
        .map(|_| match rng.below(10) {
            0 | 1 => 8,
            2 | 3 => 10,
            _ => 9,
        })
        .collect();
    let mut sum: usize = counts.iter().sum();
    while sum > total {
        let k = rng.below(n);
        if counts[k] > 8 {
            counts[k] -= 1;
            sum -= 1;
        }
    }
    while sum < total {
        let k = rng.below(n);
        if counts[k] < 10 {
            counts[k] += 1;
            sum += 1;
        }
    }
    counts
}

/// The point at `t` from `p` to `q`; exactly `p` at 0 and exactly `q` at 1.
fn lerp(p: Coord<f64>, q: Coord<f64>, t: f64) -> Coord<f64> {
    Coord {
        x: p.x * (1.0 - t) + q.x * t,
        y: p.y * (1.0 - t) + q.y * t,
    }
}

/// Rounds to 1e-7° (about 1 cm), the precision boundaries are published with.
fn round_7(c: Coord<f64>) -> Coord<f64> {
    Coord {
        x: (c.x * 1e7).round() / 1e7,
        y: (c.y * 1e7).round() / 1e7,
    }
}

/// SplitMix64: tiny, fast and fixed forever, so a seed means the same grids in every
/// version (a general RNG crate may change its streams between releases).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [-half_width, half_width).
    fn symmetric(&mut self, half_width: f64) -> f64 {
        (self.unit() * 2.0 - 1.0) * half_width
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
