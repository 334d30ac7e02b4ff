//! Integration tests of `gridmap`: demo grids, GeoJSON import/export and refusals, lookup.

mod demo;
mod fuzz_found;
mod import;
mod locate;
mod retire;
mod robustness;
mod shapes;
