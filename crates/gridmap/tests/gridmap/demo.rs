//! The Haigang demo grids: count, codes, placement, contiguity, no overlaps, determinism.

use geo::{Area, BooleanOps, BoundingRect, Intersects, Relate};
use gridmap::demo::{self, HAIGANG_BOUNDS, HAIGANG_GRID_COUNT};
use gridmap::{CommunityCode, ExportOptions, GridIndex, GridSet};
use std::collections::{BTreeMap, HashSet};

#[test]
fn haigang_has_941_grids_under_its_108_communities() {
    let set = demo::haigang_grids(7).unwrap();
    assert_eq!(set.len(), HAIGANG_GRID_COUNT);
    let communities: HashSet<CommunityCode> = demo::haigang_communities()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(communities.len(), 108);
    let mut per_community: BTreeMap<CommunityCode, usize> = BTreeMap::new();
    for grid in &set {
        assert!(
            communities.contains(&grid.code.community()),
            "{} has no community",
            grid.code
        );
        *per_community.entry(grid.code.community()).or_default() += 1;
    }
    assert_eq!(per_community.len(), 108, "every community has grids");
    assert!(
        per_community.values().all(|&n| (8..=10).contains(&n)),
        "{per_community:?}"
    );
    // Numbers run 001..=n within each community.
    for (community, &n) in &per_community {
        let numbers: HashSet<u16> = set
            .iter()
            .filter(|g| g.code.community() == *community)
            .map(|g| g.code.number())
            .collect();
        assert_eq!(numbers, (1..=n as u16).collect());
    }
}

#[test]
fn grids_lie_inside_haigang_and_tile_it_without_gaps() {
    let set = demo::haigang_grids(7).unwrap();
    let b = HAIGANG_BOUNDS;
    let mut sum = 0.0;
    for grid in &set {
        let r = grid.area.bounding_rect().unwrap();
        assert!(
            r.min().x >= b.west
                && r.max().x <= b.east
                && r.min().y >= b.south
                && r.max().y <= b.north
        );
        sum += grid.area.unsigned_area();
    }
    // No overlaps (tested below) and areas summing to the box's area: no gaps.
    let box_area = b.area_deg2();
    assert!(
        (sum - box_area).abs() < box_area * 1e-9,
        "sum {sum} vs box {box_area}"
    );
}

#[test]
fn no_two_demo_grids_overlap_and_each_shares_an_edge_with_a_neighbour() {
    let set = demo::haigang_grids(11).unwrap();
    let grids = set.grids();
    let mut has_edge_neighbour = vec![false; grids.len()];
    for i in 0..grids.len() {
        for j in i + 1..grids.len() {
            let (a, b) = (&grids[i].area, &grids[j].area);
            if !a
                .bounding_rect()
                .unwrap()
                .intersects(&b.bounding_rect().unwrap())
            {
                continue;
            }
            // Exact check, independent of GridSet's: the intersection has no area.
            let overlap = a.intersection(b).unsigned_area();
            assert!(
                overlap < 1e-14,
                "{} and {} overlap by {overlap}",
                grids[i].code,
                grids[j].code
            );
            let m = a.relate(b);
            assert!(!m.is_overlaps() && !m.is_within() && !m.is_contains());
            if m.get(
                geo::coordinate_position::CoordPos::OnBoundary,
                geo::coordinate_position::CoordPos::OnBoundary,
            ) == geo::dimensions::Dimensions::OneDimensional
            {
                has_edge_neighbour[i] = true;
                has_edge_neighbour[j] = true;
            }
        }
    }
    let lonely: Vec<_> = grids
        .iter()
        .zip(&has_edge_neighbour)
        .filter(|(_, n)| !**n)
        .map(|(g, _)| g.code.to_string())
        .collect();
    assert!(
        lonely.is_empty(),
        "grids without an edge neighbour: {lonely:?}"
    );
}

#[test]
fn every_edge_is_shared_by_two_grids_except_on_the_district_border() {
    // Exact: shared boundaries carry bit-identical vertices, so an inner edge appears in
    // exactly two grids and an edge seen once must lie on the box's border.
    let set = demo::haigang_grids(9).unwrap();
    let key = |c: geo::Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    type Vertex = (u64, u64);
    let mut edges: BTreeMap<(Vertex, Vertex), usize> = BTreeMap::new();
    for grid in &set {
        for line in grid.area.0[0].exterior().lines() {
            let (a, b) = (key(line.start), key(line.end));
            *edges
                .entry(if a < b { (a, b) } else { (b, a) })
                .or_default() += 1;
        }
    }
    let b = HAIGANG_BOUNDS;
    let on_border = |(x, y): (u64, u64)| {
        let (x, y) = (f64::from_bits(x), f64::from_bits(y));
        x == b.west || x == b.east || y == b.south || y == b.north
    };
    for (&(p, q), &n) in &edges {
        assert!(n <= 2, "edge used {n} times");
        if n == 1 {
            let same_side = (f64::from_bits(p.0) == f64::from_bits(q.0))
                || (f64::from_bits(p.1) == f64::from_bits(q.1));
            assert!(
                on_border(p) && on_border(q) && same_side,
                "open edge inside the district"
            );
        }
    }
}

#[test]
fn union_of_all_grids_is_one_piece_without_holes() {
    let set = demo::haigang_grids(3).unwrap();
    let union = geo::unary_union(set.iter().map(|g| &g.area));
    let areas: Vec<(f64, usize, usize)> = union
        .0
        .iter()
        .map(|p| (p.unsigned_area(), p.exterior().0.len(), p.interiors().len()))
        .collect();
    assert_eq!(union.0.len(), 1, "one connected district: {areas:?}");
    assert!(
        union.0[0].interiors().is_empty(),
        "no holes inside the district"
    );
}

#[test]
fn same_seed_same_bytes_other_seed_other_grids() {
    let a = demo::haigang_grids(42)
        .unwrap()
        .to_geojson(&ExportOptions::default());
    let b = demo::haigang_grids(42)
        .unwrap()
        .to_geojson(&ExportOptions::default());
    let c = demo::haigang_grids(43)
        .unwrap()
        .to_geojson(&ExportOptions::default());
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn demo_export_reads_back_identical_and_locates_every_grid_centre() {
    let set = demo::haigang_grids(5).unwrap();
    let text = set.to_geojson(&ExportOptions::default());
    let back = GridSet::from_geojson(&text, &Default::default()).unwrap();
    assert_eq!(back, set);
    let index = GridIndex::new(back);
    for grid in &set {
        use geo::InteriorPoint;
        let p = grid.area.interior_point().unwrap();
        assert_eq!(index.locate(p.x(), p.y()), Some(&grid.code));
        assert_eq!(index.locate_brute_force(p.x(), p.y()), Some(&grid.code));
    }
}

#[test]
fn many_seeds_generate_valid_sets() {
    for seed in 100..110 {
        assert_eq!(demo::haigang_grids(seed).unwrap().len(), 941, "seed {seed}");
    }
}

#[test]
fn synthetic_district_has_the_requested_count() {
    let set = demo::synthetic_grids(1, 5000).unwrap();
    assert_eq!(set.len(), 5000);
}

#[test]
fn demo_buildings_lie_in_their_own_grid() {
    let set = demo::haigang_grids(4).unwrap();
    let buildings = demo::buildings(&set, 4).unwrap();
    assert_eq!(
        buildings,
        demo::buildings(&set, 4).unwrap(),
        "deterministic"
    );
    let index = GridIndex::new(set);
    let mut per_grid: BTreeMap<gridmap::GridCode, usize> = BTreeMap::new();
    for b in &buildings {
        assert_eq!(
            index.locate(b.lon, b.lat),
            Some(&b.code.parent()),
            "{}",
            b.code
        );
        *per_grid.entry(b.code.parent()).or_default() += 1;
    }
    assert_eq!(per_grid.len(), 941);
    assert!(per_grid.values().all(|&n| (8..=20).contains(&n)));
}
