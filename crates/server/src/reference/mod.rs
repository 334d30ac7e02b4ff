//! Reference data: the district's areas, grids, buildings, categories, organisations and
//! people.
//! `feed` stores them and publishes each to the change feed (and builds the grid index);
//! `import` creates people and stores grids and buildings for the first start and the
//! demo; `imports` is the one path administrators' files take, through one module per
//! kind of file: `areas` (the hierarchy, also kept in memory), `grid_files` (GeoJSON
//! boundaries, with `regrid` moving the buildings and open cases new boundaries move),
//! `buildings`, `organisations` (departments and others that handle tasks), `people` and
//! `categories`.

pub mod areas;
pub mod buildings;
pub mod categories;
pub mod feed;
pub mod grid_files;
pub mod import;
pub mod imports;
pub mod organisations;
pub mod people;
pub mod regrid;
