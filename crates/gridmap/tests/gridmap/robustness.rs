//! Bad geometry gets an error, never a panic: random rings on a coarse lattice produce
//! repeated points, spikes, collinear runs, bow ties, zero-area slivers and overlaps.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use gridmap::{Grid, GridCode, GridIndex, GridSet};

#[test]
fn random_degenerate_polygons_are_refused_or_accepted_without_panicking() {
    let mut state = 0x1234_5678_u64;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..3000 {
        let mut grids = Vec::new();
        for g in 0..2u16 {
            let len = 3 + next(5) as usize;
            let ring: Vec<Coord<f64>> = (0..len)
                .map(|_| Coord {
                    x: 119.5 + next(4) as f64 * 0.01,
                    y: 39.9 + next(4) as f64 * 0.01,
                })
                .collect();
            let holes = if next(4) == 0 {
                vec![LineString(
                    (0..4)
                        .map(|_| Coord {
                            x: 119.5 + next(4) as f64 * 0.01,
                            y: 39.9 + next(4) as f64 * 0.01,
                        })
                        .collect(),
                )]
            } else {
                vec![]
            };
            let code = GridCode::parse(&format!("130302001001{:03}", g + 1)).unwrap();
            grids.push(Grid::new(
                code,
                MultiPolygon(vec![Polygon::new(LineString(ring), holes)]),
            ));
        }
        match GridSet::new(grids) {
            Ok(set) => {
                accepted += 1;
                let index = GridIndex::new(set);
                let _ = index.locate(119.515, 39.915);
                let _ = index.locate_near(119.6, 39.95, 5000.0);
            }
            Err(e) => {
                refused += 1;
                assert!(e.feature_index().is_some(), "round {round}: {e}");
            }
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "accepted {accepted}, refused {refused}"
    );
}
