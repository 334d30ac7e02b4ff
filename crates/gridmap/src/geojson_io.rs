//! GeoJSON import and export of grids: one Feature per grid, a property for the code.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{
    Feature, FeatureCollection, GeoJson, Geometry, GeometryValue, JsonObject, JsonValue, Position,
};

use crate::datum::Datum;
use crate::error::{Error, Problem, Result};
use crate::grid::{Grid, GridSet, is_lon_lat};
use domain::hierarchy::GridCode;

/// How to read grids from GeoJSON.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    /// Property holding the 15-digit grid code (a string, or an integer). Default `code`.
    pub code_property: String,
    /// Property holding the grid's display name, if present. Default `name`.
    pub name_property: String,
    /// Property holding the community's name, if present. Default `community_name`.
    pub community_name_property: String,
    /// Property holding the 12-digit community code, if present; it must agree with the
    /// grid code. Default `community`.
    pub community_property: String,
    /// Datum of the file's coordinates; GCJ-02 is converted to WGS-84 on import.
    pub datum: Datum,
    /// Property that marks a stored grid retired (merged into a neighbour, or no longer
    /// drawn): `true`, `1`, `是` or `yes`; its geometry is not read. Default `retired`.
    pub retired_property: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            code_property: "code".into(),
            name_property: "name".into(),
            community_name_property: "community_name".into(),
            community_property: "community".into(),
            datum: Datum::Wgs84,
            retired_property: "retired".into(),
        }
    }
}

/// How to write grids as GeoJSON.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Property the grid code goes to. Default `code`.
    pub code_property: String,
    /// Datum of the written coordinates. Default WGS-84 (RFC 7946); GCJ-02 for display
    /// on a Chinese base map.
    pub datum: Datum,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            code_property: "code".into(),
            datum: Datum::Wgs84,
        }
    }
}

/// A grid file read whole by [`GridSet::from_geojson_all`].
#[derive(Debug, Clone, PartialEq)]
pub struct GridFile {
    /// The grids the file draws, checked.
    pub grids: Vec<Grid>,
    /// The 0-based index of each of `grids`' features.
    pub feature_indexes: Vec<usize>,
    /// The grids the file retires: each feature's 0-based index and its code.
    pub retired: Vec<(usize, GridCode)>,
}

impl GridSet {
    /// Reads a FeatureCollection (or a single Feature) of Polygon/MultiPolygon grids and
    /// checks it as [`GridSet::new`] does. Every refusal names the feature by 0-based
    /// index and, when it has one, its code.
    pub fn from_geojson(text: &str, options: &ImportOptions) -> Result<Self> {
        let grids = read_features(text)?
            .iter()
            .enumerate()
            .map(|(index, feature)| read_feature(index, feature, options))
            .collect::<Result<Vec<_>>>()?;
        GridSet::new(grids)
    }

    /// Reads every feature of a FeatureCollection (or a single Feature) as a grid, or as a
    /// grid to retire when its retired property says so, listing every faulty feature
    /// instead of stopping at the first (a file that is not GeoJSON at all is one error).
    /// `known` are grids already stored: those the file neither replaces nor retires (by
    /// code) are checked with the file's for overlaps; a grid whose community
    /// `community_known` refuses is faulty. The returned grids are the file's only, and
    /// every error names a feature of the file.
    pub fn from_geojson_all(
        text: &str,
        options: &ImportOptions,
        known: &[Grid],
        community_known: &dyn Fn(&domain::hierarchy::CommunityCode) -> bool,
    ) -> std::result::Result<GridFile, Vec<Error>> {
        let features = read_features(text).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let mut grids = Vec::with_capacity(features.len() + known.len());
        let mut file_index = Vec::with_capacity(features.len());
        let mut retired = Vec::new();
        for (index, feature) in features.iter().enumerate() {
            match retired_flag(index, feature, options) {
                Ok(false) => {}
                Ok(true) => {
                    match read_code(index, feature, options) {
                        Ok(code) => retired.push((index, code)),
                        Err(e) => errors.push(e),
                    }
                    continue;
                }
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
            match read_feature(index, feature, options) {
                Ok(grid) if !community_known(&grid.code.community()) => {
                    errors.push(Error::Feature {
                        index,
                        code: Some(grid.code.to_string()),
                        problem: Problem::UnknownCommunity(grid.code.community().to_string()),
                    });
                }
                Ok(grid) => {
                    grids.push(grid);
                    file_index.push(index);
                }
                Err(e) => errors.push(e),
            }
        }
        for &(index, code) in &retired {
            let drawn = grids.iter().zip(&file_index).find(|(g, _)| g.code == code);
            let twice = retired.iter().find(|(i, c)| *c == code && *i < index);
            if let Some(first_index) = drawn.map(|(_, i)| *i).or(twice.map(|(i, _)| *i)) {
                errors.push(Error::Feature {
                    index: index.max(first_index),
                    code: Some(code.to_string()),
                    problem: Problem::DuplicateCode {
                        first_index: index.min(first_index),
                    },
                });
            }
        }
        let in_file = grids.len();
        let replaced: std::collections::HashSet<GridCode> = grids
            .iter()
            .map(|g| g.code)
            .chain(retired.iter().map(|(_, c)| *c))
            .collect();
        grids.extend(
            known
                .iter()
                .filter(|g| !replaced.contains(&g.code))
                .cloned(),
        );
        match GridSet::check_all(grids) {
            Ok(set) => {
                if errors.is_empty() {
                    let mut grids = set.into_grids();
                    grids.truncate(in_file);
                    return Ok(GridFile {
                        grids,
                        feature_indexes: file_index,
                        retired,
                    });
                }
            }
            Err(found) => {
                for e in found {
                    errors.push(renumber(e, &file_index, in_file));
                }
            }
        }
        errors.sort_by_key(|e| e.feature_index());
        Err(errors)
    }

    /// The grids as a GeoJSON FeatureCollection: geometry Polygon (or MultiPolygon for
    /// several parts) and properties code, name, community, community_name.
    pub fn to_feature_collection(&self, options: &ExportOptions) -> FeatureCollection {
        FeatureCollection {
            bbox: None,
            features: self
                .iter()
                .map(|grid| write_feature(grid, options))
                .collect(),
            foreign_members: None,
        }
    }

    /// [`to_feature_collection`](Self::to_feature_collection) as compact JSON text.
    pub fn to_geojson(&self, options: &ExportOptions) -> String {
        self.to_feature_collection(options).to_string()
    }
}

fn read_features(text: &str) -> Result<Vec<Feature>> {
    let geojson: GeoJson = text.parse().map_err(|e| Error::GeoJson(Box::new(e)))?;
    match geojson {
        GeoJson::FeatureCollection(fc) => Ok(fc.features),
        GeoJson::Feature(f) => Ok(vec![f]),
        GeoJson::Geometry(g) => Err(Error::NotFeatures(g.value.type_name())),
    }
}

/// An error of the combined list (file grids that read, then known ones) named by the
/// file's feature numbers; a clash with a known grid is told from the file feature's side.
fn renumber(e: Error, file_index: &[usize], in_file: usize) -> Error {
    let Error::Feature {
        index,
        code,
        problem,
    } = e
    else {
        return e;
    };
    let file = |i: usize| file_index.get(i).copied();
    let known = |i: usize| i >= in_file;
    let (index, code, problem) = match problem {
        Problem::Overlaps {
            other_index,
            other_code,
        } if known(index) => (
            file(other_index).unwrap_or(other_index),
            Some(other_code),
            Problem::OverlapsKnown {
                code: code.unwrap_or_default(),
            },
        ),
        Problem::Overlaps {
            other_index,
            other_code,
        } if !known(other_index) => (
            file(index).unwrap_or(index),
            code,
            Problem::Overlaps {
                other_index: file(other_index).unwrap_or(other_index),
                other_code,
            },
        ),
        Problem::Overlaps { other_code, .. } => (
            file(index).unwrap_or(index),
            code,
            Problem::OverlapsKnown { code: other_code },
        ),
        Problem::DuplicateCode { first_index } => (
            file(index).unwrap_or(index),
            code,
            Problem::DuplicateCode {
                first_index: file(first_index).unwrap_or(first_index),
            },
        ),
        other => (file(index).unwrap_or(index), code, other),
    };
    Error::Feature {
        index,
        code,
        problem,
    }
}

fn property<'a>(props: Option<&'a JsonObject>, key: &str) -> Option<&'a JsonValue> {
    props.and_then(|p| p.get(key)).filter(|v| !v.is_null())
}

fn text_of(value: &JsonValue) -> String {
    match value {
        JsonValue::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether the feature retires its grid: its retired property is yes (`true`, `1`, `是`,
/// `yes`, `y`) or no (absent, blank, `false`, `0`, `否`, `no`, `n`), or a problem.
fn retired_flag(index: usize, feature: &Feature, options: &ImportOptions) -> Result<bool> {
    let Some(value) = property(feature.properties.as_ref(), &options.retired_property) else {
        return Ok(false);
    };
    let text = match value {
        JsonValue::Bool(b) => return Ok(*b),
        JsonValue::String(s) => s.trim().to_lowercase(),
        other => other.to_string(),
    };
    match text.as_str() {
        "" | "0" | "false" | "no" | "n" | "否" => Ok(false),
        "1" | "true" | "yes" | "y" | "是" => Ok(true),
        _ => Err(Error::Feature {
            index,
            code: read_code(index, feature, options)
                .ok()
                .map(|c| c.to_string()),
            problem: Problem::BadFlag {
                property: options.retired_property.clone(),
                value: value.to_string(),
            },
        }),
    }
}

/// The grid code of a feature.
fn read_code(index: usize, feature: &Feature, options: &ImportOptions) -> Result<GridCode> {
    let props = feature.properties.as_ref();
    let fail = |code: Option<String>, problem| Error::Feature {
        index,
        code,
        problem,
    };
    let code_value = property(props, &options.code_property)
        .ok_or_else(|| fail(None, Problem::MissingCode(options.code_property.clone())))?;
    let code_text = match code_value {
        JsonValue::String(s) => s.trim().to_owned(),
        JsonValue::Number(n) if n.is_u64() => n.to_string(),
        other => other.to_string(),
    };
    GridCode::parse(&code_text).map_err(|e| {
        fail(
            None,
            Problem::BadCode {
                property: options.code_property.clone(),
                value: code_value.to_string(),
                reason: e.to_string(),
            },
        )
    })
}

fn read_feature(index: usize, feature: &Feature, options: &ImportOptions) -> Result<Grid> {
    let props = feature.properties.as_ref();
    let code = read_code(index, feature, options)?;
    let fail = |problem| Error::Feature {
        index,
        code: Some(code.to_string()),
        problem,
    };
    if let Some(community) = property(props, &options.community_property) {
        let community = text_of(community);
        if community.trim() != code.community().as_str() {
            return Err(fail(Problem::CommunityMismatch {
                property: options.community_property.clone(),
                value: community,
                code: code.to_string(),
            }));
        }
    }
    let geometry = feature
        .geometry
        .as_ref()
        .ok_or_else(|| fail(Problem::NoGeometry))?;
    let polygons: Vec<&Vec<Vec<Position>>> = match &geometry.value {
        GeometryValue::Polygon { coordinates } => vec![coordinates],
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
        other => return Err(fail(Problem::NotPolygon(other.type_name()))),
    };
    let area = polygons
        .into_iter()
        .enumerate()
        .map(|(p, rings)| read_polygon(p, rings, options.datum))
        .collect::<std::result::Result<Vec<_>, Problem>>()
        .map_err(fail)?;
    Ok(Grid {
        name: property(props, &options.name_property).map(text_of),
        community_name: property(props, &options.community_name_property).map(text_of),
        code,
        area: MultiPolygon(area),
    })
}

/// Checks rings as written (closure, length, positions of at least two numbers, coordinate
/// range) before geo would silently close them, then converts to WGS-84.
fn read_polygon(
    p: usize,
    rings: &[Vec<Position>],
    datum: Datum,
) -> std::result::Result<Polygon<f64>, Problem> {
    if rings.is_empty() {
        return Err(Problem::EmptyGeometry);
    }
    let mut out = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        if ring.len() < 4 {
            return Err(Problem::TooFewPositions {
                polygon: p,
                ring: r,
                positions: ring.len(),
            });
        }
        let mut coords = Vec::with_capacity(ring.len());
        for (position, pos) in ring.iter().enumerate() {
            // geojson checks a Point's position length, not a polygon's: `[]` or `[lon]`
            // arrives here.
            let &[lon, lat, ..] = pos.as_slice() else {
                return Err(Problem::ShortPosition {
                    polygon: p,
                    ring: r,
                    position,
                    numbers: pos.as_slice().len(),
                });
            };
            if !is_lon_lat(lon, lat) {
                return Err(Problem::BadCoordinate {
                    polygon: p,
                    ring: r,
                    position,
                    lon,
                    lat,
                });
            }
            let (x, y) = datum.to_wgs84(lon, lat);
            coords.push(Coord { x, y });
        }
        let (first, last) = (&ring[0], &ring[ring.len() - 1]);
        if first.as_slice()[..2] != last.as_slice()[..2] {
            return Err(Problem::UnclosedRing {
                polygon: p,
                ring: r,
            });
        }
        out.push(LineString(coords));
    }
    let exterior = out.remove(0);
    Ok(Polygon::new(exterior, out))
}

fn write_feature(grid: &Grid, options: &ExportOptions) -> Feature {
    let ring = |ls: &LineString<f64>| -> Vec<Position> {
        ls.0.iter()
            .map(|c| {
                let (x, y) = options.datum.from_wgs84(c.x, c.y);
                Position::from([x, y])
            })
            .collect()
    };
    let polygon = |p: &Polygon<f64>| -> Vec<Vec<Position>> {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(ring)
            .collect()
    };
    let value = match grid.area.0.as_slice() {
        [single] => GeometryValue::Polygon {
            coordinates: polygon(single),
        },
        parts => GeometryValue::MultiPolygon {
            coordinates: parts.iter().map(polygon).collect(),
        },
    };
    let mut props = JsonObject::new();
    props.insert(
        options.code_property.clone(),
        JsonValue::from(grid.code.as_str()),
    );
    if let Some(name) = &grid.name {
        props.insert("name".into(), JsonValue::from(name.as_str()));
    }
    props.insert(
        "community".into(),
        JsonValue::from(grid.code.community().as_str()),
    );
    if let Some(name) = &grid.community_name {
        props.insert("community_name".into(), JsonValue::from(name.as_str()));
    }
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(value)),
        id: None,
        properties: Some(props),
        foreign_members: None,
    }
}
