//! Grid polygons: locate a point in its grid, GeoJSON import and export, WGS-84 / GCJ-02.
//!
//! Build a [`GridSet`] (checked: valid rings, unique codes, no overlaps) from GeoJSON with
//! [`GridSet::from_geojson`] or from [`Grid`] values with [`GridSet::new`], wrap it in a
//! [`GridIndex`], then [`GridIndex::locate`] or [`GridIndex::locate_near`]. Coordinates are
//! WGS-84 (lon, lat) degrees inside; [`Datum::Gcj02`] converts at the edges.

pub mod datum;
pub mod demo;
mod error;
mod geojson_io;
mod grid;
mod index;

pub use datum::{Datum, gcj02_to_wgs84, wgs84_to_gcj02};
pub use domain::hierarchy::{CommunityCode, GridCode};
pub use error::{Error, Problem, Result};
pub use geojson_io::{ExportOptions, GridFile, ImportOptions};
pub use grid::{Grid, GridSet};
pub use index::{GridIndex, Location};

impl GridIndex {
    /// Reads and checks grids from GeoJSON text and indexes them.
    pub fn from_geojson(text: &str, options: &ImportOptions) -> Result<Self> {
        GridSet::from_geojson(text, options).map(Self::new)
    }
}
