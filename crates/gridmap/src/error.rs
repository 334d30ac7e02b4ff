//! The one error type of `gridmap`: what can be wrong with grid input, naming the feature.
//! Each message is written once, in English (`Display`) and in Chinese (`zh`), side by
//! side; the Chinese numbers features, polygons, rings and positions from 1, as a person
//! counts them.

use std::fmt;

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong building a grid set or reading GeoJSON.
#[derive(Debug)]
pub enum Error {
    /// The text is not GeoJSON at all (bad JSON, unknown type, malformed positions).
    GeoJson(Box<geojson::Error>),
    /// The GeoJSON is valid but is neither a FeatureCollection nor a Feature.
    NotFeatures(&'static str),
    /// One feature (grid) is unusable; `index` is its 0-based position in the input.
    Feature {
        index: usize,
        /// The feature's grid code as written, when it has one.
        code: Option<String>,
        problem: Problem,
    },
    /// A code (grid or community) is malformed.
    Code(domain::Error),
    /// The demo generator was asked for something it cannot lay out.
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

    /// The error in Chinese.
    pub fn zh(&self) -> String {
        self.said().0
    }

    /// The error in Chinese and in English.
    fn said(&self) -> (String, String) {
        match self {
            Error::GeoJson(e) => (
                format!("不是有效的 GeoJSON：{e}"),
                format!("not valid GeoJSON: {e}"),
            ),
            Error::NotFeatures(kind) => (
                format!("应为 GeoJSON 的 FeatureCollection 或 Feature，却是单独的 {kind}"),
                format!("expected a GeoJSON FeatureCollection or Feature, found a bare {kind}"),
            ),
            Error::Feature {
                index,
                code,
                problem,
            } => {
                let (zh, en) = problem.said();
                match code {
                    Some(code) => (
                        format!("第{}个要素（网格 {code}）：{zh}", index + 1),
                        format!("feature [{index}] (code {code}): {en}"),
                    ),
                    None => (
                        format!("第{}个要素：{zh}", index + 1),
                        format!("feature [{index}]: {en}"),
                    ),
                }
            }
            Error::Code(e) => (format!("编码有误：{e}"), e.to_string()),
            Error::Layout(why) => (
                format!("无法生成演示网格：{why}"),
                format!("cannot generate demo grids: {why}"),
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said().1)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::GeoJson(e) => Some(e.as_ref()),
            Error::Code(e) => Some(e),
            Error::Feature { problem, .. } => Some(problem),
            Error::NotFeatures(_) | Error::Layout(_) => None,
        }
    }
}

impl From<domain::Error> for Error {
    fn from(e: domain::Error) -> Self {
        Error::Code(e)
    }
}

/// What is wrong with one feature. Polygon and ring numbers are 0-based; ring 0 is the
/// exterior, ring n > 0 the n-th hole.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NoGeometry,
    NotPolygon(&'static str),
    EmptyGeometry,
    MissingCode(String),
    BadCode {
        property: String,
        value: String,
        reason: String,
    },
    CommunityMismatch {
        property: String,
        value: String,
        code: String,
    },
    UnclosedRing {
        polygon: usize,
        ring: usize,
    },
    TooFewPositions {
        polygon: usize,
        ring: usize,
        positions: usize,
    },
    ShortPosition {
        polygon: usize,
        ring: usize,
        position: usize,
        numbers: usize,
    },
    BadCoordinate {
        polygon: usize,
        ring: usize,
        position: usize,
        lon: f64,
        lat: f64,
    },
    /// `ring` as geo names it: "exterior ring", "interior ring at index 0".
    SelfIntersectingRing {
        polygon: usize,
        ring: String,
    },
    InvalidPolygon {
        polygon: usize,
        reason: String,
    },
    PartsOverlap {
        first: usize,
        second: usize,
    },
    DuplicateCode {
        first_index: usize,
    },
    Overlaps {
        other_index: usize,
        other_code: String,
    },
    OverlapsKnown {
        code: String,
    },
    UnknownCommunity(String),
    BadFlag {
        property: String,
        value: String,
    },
}

/// Ring `ring` of polygon `polygon` (both 0-based) in Chinese.
fn ring_zh(polygon: usize, ring: usize) -> String {
    let polygon = polygon + 1;
    if ring == 0 {
        format!("第{polygon}个多边形的外边界")
    } else {
        format!("第{polygon}个多边形的第{ring}个内环（洞）")
    }
}

impl Problem {
    /// The problem in Chinese.
    pub fn zh(&self) -> String {
        self.said().0
    }

    /// The problem in Chinese and in English.
    fn said(&self) -> (String, String) {
        use Problem as P;
        match self {
            P::NoGeometry => ("没有几何图形".into(), "has no geometry".into()),
            P::NotPolygon(kind) => (
                format!("几何类型是 {kind}；网格应为 Polygon 或 MultiPolygon"),
                format!("geometry is a {kind}; a grid must be a Polygon or MultiPolygon"),
            ),
            P::EmptyGeometry => ("几何图形为空".into(), "geometry is empty".into()),
            P::MissingCode(property) => (
                format!("没有“{property}”属性（网格编码）"),
                format!("has no {property:?} property (the grid code)"),
            ),
            P::BadCode {
                property,
                value,
                reason,
            } => (
                format!(
                    "属性“{property}”的值 {value} 不是网格编码：应为15位数字，末3位网格序号不能为000"
                ),
                format!("property {property:?} = {value} is not a grid code: {reason}"),
            ),
            P::CommunityMismatch {
                property,
                value,
                code,
            } => (
                format!(
                    "属性“{property}”为“{value}”，但按网格编码 {code} 应为社区 {}",
                    code.get(..domain::hierarchy::CommunityCode::LEN)
                        .unwrap_or(code)
                ),
                format!(
                    "property {property:?} = {value:?} is not the community of grid code {code}"
                ),
            ),
            P::UnclosedRing { polygon, ring } => (
                format!("{}没有闭合（首尾坐标不同）", ring_zh(*polygon, *ring)),
                format!(
                    "polygon {polygon} ring {ring} is not closed (its first and last positions \
                     differ)"
                ),
            ),
            P::TooFewPositions {
                polygon,
                ring,
                positions,
            } => (
                format!(
                    "{}只有{positions}个坐标点，闭合的环至少要4个",
                    ring_zh(*polygon, *ring)
                ),
                format!(
                    "polygon {polygon} ring {ring} has {positions} positions; a closed ring needs \
                     at least 4"
                ),
            ),
            P::ShortPosition {
                polygon,
                ring,
                position,
                numbers,
            } => (
                format!(
                    "{}的第{}个坐标点只有{numbers}个数，应有经度和纬度",
                    ring_zh(*polygon, *ring),
                    position + 1
                ),
                format!(
                    "polygon {polygon} ring {ring} position {position} has {numbers} numbers; a \
                     position needs a longitude and a latitude"
                ),
            ),
            P::BadCoordinate {
                polygon,
                ring,
                position,
                lon,
                lat,
            } => (
                format!(
                    "{}的第{}个坐标点是（{lon}, {lat}）：经度应在 -180 到 180 之间，纬度应在 -90 \
                     到 90 之间",
                    ring_zh(*polygon, *ring),
                    position + 1
                ),
                format!(
                    "polygon {polygon} ring {ring} position {position} is ({lon}, {lat}): not a \
                     finite longitude in [-180, 180] and latitude in [-90, 90]"
                ),
            ),
            P::SelfIntersectingRing { polygon, ring } => {
                let which = match ring.strip_prefix("interior ring at index ") {
                    Some(i) => match i.parse::<usize>() {
                        Ok(i) => format!("第{}个内环（洞）", i + 1),
                        Err(_) => ring.clone(),
                    },
                    None if ring == "exterior ring" => "外边界".into(),
                    None => ring.clone(),
                };
                (
                    format!("第{}个多边形的{which}自相交", polygon + 1),
                    format!("polygon {polygon}: {ring} intersects itself"),
                )
            }
            P::InvalidPolygon { polygon, reason } => (
                format!("第{}个多边形无效：{reason}", polygon + 1),
                format!("polygon {polygon} is invalid: {reason}"),
            ),
            P::PartsOverlap { first, second } => (
                format!(
                    "多部件多边形的第{}个和第{}个多边形相互重叠",
                    first + 1,
                    second + 1
                ),
                format!("polygons {first} and {second} of the multipolygon overlap"),
            ),
            P::DuplicateCode { first_index } => (
                format!("网格编码重复：第{}个要素也是这个编码", first_index + 1),
                format!("duplicate grid code: feature [{first_index}] has it too"),
            ),
            P::Overlaps {
                other_index,
                other_code,
            } => (
                format!("与第{}个要素（网格 {other_code}）重叠", other_index + 1),
                format!(
                    "overlaps feature [{other_index}] (code {other_code}): their interiors \
                     intersect"
                ),
            ),
            P::OverlapsKnown { code } => (
                format!("与已有的网格 {code} 重叠"),
                format!("overlaps the stored grid {code}: their interiors intersect"),
            ),
            P::UnknownCommunity(community) => (
                format!("社区 {community} 不在区划中（请先导入街道与社区）"),
                format!("community {community} is not stored (import the hierarchy first)"),
            ),
            P::BadFlag { property, value } => (
                format!(
                    "属性“{property}”的值 {value} 既不是“是”（true、1、是）也不是“否”（false、0、否）"
                ),
                format!(
                    "property {property:?} = {value} is neither yes (true, 1, 是) nor no (false, \
                     0, 否)"
                ),
            ),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said().1)
    }
}

impl std::error::Error for Problem {}
