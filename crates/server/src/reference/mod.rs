//! Reference data: grids, buildings, categories and people. `feed` stores them and
//! publishes each to the change feed (and builds the grid index); `import` is the service
//! that creates people and imports grids and buildings (first start, demo, tools);
//! `areas` imports and keeps the district's named areas; `imports` is what
//! administrators' import files go through.

pub mod areas;
pub mod feed;
pub mod import;
pub mod imports;
