//! The one error type of `gridmap`: what can be wrong with grid input, naming the feature.

use std::fmt;

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong building a grid set or reading GeoJSON.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not GeoJSON at all (bad JSON, unknown type, malformed positions).
    #[error("not valid GeoJSON: {0}")]
    GeoJson(Box<geojson::Error>),
    /// The GeoJSON is valid but is neither a FeatureCollection nor a Feature.
    #[error("expected a GeoJSON FeatureCollection or Feature, found a bare {0}")]
    NotFeatures(&'static str),
    /// One feature (grid) is unusable; `index` is its 0-based position in the input.
    #[error("feature [{index}]{}: {problem}", CodeSuffix(code.as_deref()))]
    Feature {
        index: usize,
        /// The feature's grid code as written, when it has one.
        code: Option<String>,
        problem: Problem,
    },
    /// A code (grid or community) is malformed.
    #[error("{0}")]
    Code(#[from] domain::Error),
    /// The demo generator was asked for something it cannot lay out.
    #[error("cannot generate demo grids: {0}")]
    Layout(String),
}

impl Error {
    /// The problem of a feature error, for tests and callers that react to specific faults.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Error::Feature { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// The 0-based index of the feature at fault, when the error is about one feature.
    pub fn feature_index(&self) -> Option<usize> {
        match self {
            Error::Feature { index, .. } => Some(*index),
            _ => None,
        }
    }
}

struct CodeSuffix<'a>(Option<&'a str>);

impl fmt::Display for CodeSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(code) => write!(f, " (code {code})"),
            None => Ok(()),
        }
    }
}

/// What is wrong with one feature. Polygon and ring numbers are 0-based; ring 0 is the
/// exterior, ring n > 0 the n-th hole.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("has no geometry")]
    NoGeometry,
    #[error("geometry is a {0}; a grid must be a Polygon or MultiPolygon")]
    NotPolygon(&'static str),
    #[error("geometry is empty")]
    EmptyGeometry,
    #[error("has no {0:?} property (the grid code)")]
    MissingCode(String),
    #[error("property {property:?} = {value} is not a grid code: {reason}")]
    BadCode {
        property: String,
        value: String,
        reason: String,
    },
    #[error("property {property:?} = {value:?} is not the community of grid code {code}")]
    CommunityMismatch {
        property: String,
        value: String,
        code: String,
    },
    #[error("polygon {polygon} ring {ring} is not closed (its first and last positions differ)")]
    UnclosedRing { polygon: usize, ring: usize },
    #[error(
        "polygon {polygon} ring {ring} has {positions} positions; a closed ring needs at least 4"
    )]
    TooFewPositions {
        polygon: usize,
        ring: usize,
        positions: usize,
    },
    #[error(
        "polygon {polygon} ring {ring} position {position} has {numbers} numbers; a position \
         needs a longitude and a latitude"
    )]
    ShortPosition {
        polygon: usize,
        ring: usize,
        position: usize,
        numbers: usize,
    },
    #[error(
        "polygon {polygon} ring {ring} position {position} is ({lon}, {lat}): not a finite \
         longitude in [-180, 180] and latitude in [-90, 90]"
    )]
    BadCoordinate {
        polygon: usize,
        ring: usize,
        position: usize,
        lon: f64,
        lat: f64,
    },
    #[error("polygon {polygon}: {ring} intersects itself")]
    SelfIntersectingRing { polygon: usize, ring: String },
    #[error("polygon {polygon} is invalid: {reason}")]
    InvalidPolygon { polygon: usize, reason: String },
    #[error("polygons {first} and {second} of the multipolygon overlap")]
    PartsOverlap { first: usize, second: usize },
    #[error("duplicate grid code: feature [{first_index}] has it too")]
    DuplicateCode { first_index: usize },
    #[error("overlaps feature [{other_index}] (code {other_code}): their interiors intersect")]
    Overlaps {
        other_index: usize,
        other_code: String,
    },
    #[error("overlaps the stored grid {code}: their interiors intersect")]
    OverlapsKnown { code: String },
    #[error("community {0} is not stored (import the hierarchy first)")]
    UnknownCommunity(String),
}
