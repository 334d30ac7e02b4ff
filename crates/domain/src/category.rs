//! Problem categories: events (事件) and components (部件), major (大类) and minor (小类)
//! classes with codes, time limits per priority, and the [`Catalogue`] with its default set.
//!
//! Code scheme: four digits, `MMmm` = two-digit major class + two-digit minor class, neither
//! `00`. Majors `01`–`49` are components (部件, numbered as in CJ/T 214: 01 公用设施,
//! 02 道路交通, 03 市容环境, 04 园林绿化, 05 房屋土地, 06 其他设施); majors `50`–`99` are
//! events (事件: 51 市容环境, 52 宣传广告, 53 施工管理, 54 突发事件, 55 街面秩序, and the
//! grid-governance classes 56 社会治安, 57 矛盾纠纷, 58 民生服务). So the kind follows from
//! the code and codes are unique across both kinds. Cities add majors and minors in the
//! free numbers.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::organisation::OrgCode;
use crate::timestamp::Minutes;

/// Whether a category is an event (事件) or a component (部件).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CategoryKind {
    /// 事件: something happening (garbage, illegal adverts, disputes, …).
    Event,
    /// 部件: a piece of public infrastructure that is damaged or missing.
    Component,
}

impl CategoryKind {
    /// The wire name, as serde writes it: `event` or `component`.
    pub fn as_str(self) -> &'static str {
        match self {
            CategoryKind::Event => "event",
            CategoryKind::Component => "component",
        }
    }

    /// The Chinese name: 事件 or 部件.
    pub fn name_zh(self) -> &'static str {
        match self {
            CategoryKind::Event => "事件",
            CategoryKind::Component => "部件",
        }
    }
}

/// A two-digit major class code (`01`–`99`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MajorCode(u8);

impl MajorCode {
    /// 矛盾纠纷: disputes, whose closing rate is the dispute resolution rate (矛盾纠纷化解率).
    pub const DISPUTES: MajorCode = MajorCode(57);

    /// Parses two digits, not `00`.
    pub fn parse(input: &str) -> Result<Self> {
        if input.len() != 2 || input.chars().count() != 2 {
            return Err(Error::CodeLength {
                kind: "major class code",
                input: input.to_owned(),
                shape: "2 digits",
                actual: input.chars().count(),
            });
        }
        let n = parse_digits("major class code", input)?;
        Self::new(n)
    }

    /// The major class with number `n` (1..=99).
    pub fn new(n: u8) -> Result<Self> {
        if !(1..=99).contains(&n) {
            return Err(Error::CodeFormat {
                kind: "major class code",
                input: format!("{n:02}"),
                problem: "must be 01 to 99".to_owned(),
            });
        }
        Ok(Self(n))
    }

    /// The number (1..=99).
    pub fn get(self) -> u8 {
        self.0
    }

    /// Components are 01–49, events 50–99.
    pub fn kind(self) -> CategoryKind {
        if self.0 < 50 {
            CategoryKind::Component
        } else {
            CategoryKind::Event
        }
    }
}

impl fmt::Display for MajorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl fmt::Debug for MajorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MajorCode({:02})", self.0)
    }
}

impl TryFrom<String> for MajorCode {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Self::parse(&s)
    }
}

impl From<MajorCode> for String {
    fn from(c: MajorCode) -> String {
        c.to_string()
    }
}

fn parse_digits(kind: &'static str, input: &str) -> Result<u8> {
    let mut n: u8 = 0;
    for (i, c) in input.chars().enumerate() {
        let Some(d) = c.to_digit(10) else {
            return Err(Error::CodeNotDigit {
                kind,
                input: input.to_owned(),
                position: i + 1,
                found: c,
            });
        };
        n = n * 10 + d as u8;
    }
    Ok(n)
}

/// A category code `MMmm` (see the module docs), e.g. `5101` 暴露垃圾.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct CategoryCode {
    major: MajorCode,
    minor: u8,
}

impl CategoryCode {
    /// Parses four digits: a major class `01`–`99` and a minor class `01`–`99`.
    pub fn parse(input: &str) -> Result<Self> {
        const KIND: &str = "category code";
        let chars = input.chars().count();
        if chars != 4 || input.len() != 4 {
            return Err(Error::CodeLength {
                kind: KIND,
                input: input.to_owned(),
                shape: "4 digits (2-digit major class, 2-digit minor class)",
                actual: chars,
            });
        }
        let major = parse_digits(KIND, &input[..2])?;
        let minor = parse_digits(KIND, &input[2..]).map_err(|e| match e {
            Error::CodeNotDigit {
                position, found, ..
            } => Error::CodeNotDigit {
                kind: KIND,
                input: input.to_owned(),
                position: position + 2,
                found,
            },
            other => other,
        })?;
        let bad = |what: &str| Error::CodeFormat {
            kind: KIND,
            input: input.to_owned(),
            problem: format!("the {what} class must not be 00"),
        };
        if major == 0 {
            return Err(bad("major"));
        }
        if minor == 0 {
            return Err(bad("minor"));
        }
        Ok(Self {
            major: MajorCode(major),
            minor,
        })
    }

    /// The code for a major class and minor number (1..=99).
    pub fn new(major: MajorCode, minor: u8) -> Result<Self> {
        Self::parse(&format!("{major}{minor:02}"))
    }

    /// The major class.
    pub fn major(self) -> MajorCode {
        self.major
    }

    /// The minor class number within the major class (1..=99).
    pub fn minor(self) -> u8 {
        self.minor
    }

    /// Event or component, from the major class number.
    pub fn kind(self) -> CategoryKind {
        self.major.kind()
    }
}

impl fmt::Display for CategoryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:02}", self.major, self.minor)
    }
}

impl fmt::Debug for CategoryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CategoryCode({self})")
    }
}

impl FromStr for CategoryCode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CategoryCode {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Self::parse(&s)
    }
}

impl From<CategoryCode> for String {
    fn from(c: CategoryCode) -> String {
        c.to_string()
    }
}

/// How urgent a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Priority {
    /// 紧急: danger to people or property now.
    Urgent,
    /// 较急.
    High,
    /// 一般: the default.
    Normal,
}

impl Priority {
    /// All priorities, most urgent first.
    pub const ALL: [Priority; 3] = [Priority::Urgent, Priority::High, Priority::Normal];
}

impl std::str::FromStr for Priority {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Priority::ALL
            .into_iter()
            .find(|p| p.to_string() == s)
            .ok_or_else(|| Error::CodeFormat {
                kind: "priority",
                input: s.to_string(),
                problem: "expected urgent, high or normal".into(),
            })
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Priority::Urgent => "urgent",
            Priority::High => "high",
            Priority::Normal => "normal",
        })
    }
}

/// The time to accept (立案) a report and the time to resolve a case, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeLimits {
    /// From report to acceptance.
    pub accept: Minutes,
    /// From dispatch to resolution (the default dispatch deadline).
    pub resolve: Minutes,
}

impl TimeLimits {
    /// Limits of `accept` and `resolve` minutes.
    pub const fn new(accept: u32, resolve: u32) -> Self {
        Self {
            accept: Minutes(accept),
            resolve: Minutes(resolve),
        }
    }
}

/// The time limits of a category for each priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PriorityLimits {
    pub urgent: TimeLimits,
    pub high: TimeLimits,
    pub normal: TimeLimits,
}

impl PriorityLimits {
    /// The limits for one priority.
    pub fn get(&self, priority: Priority) -> TimeLimits {
        match priority {
            Priority::Urgent => self.urgent,
            Priority::High => self.high,
            Priority::Normal => self.normal,
        }
    }

    /// Checks every limit is positive and no less urgent priority is faster.
    pub fn validate(&self) -> std::result::Result<(), String> {
        for p in Priority::ALL {
            let l = self.get(p);
            if l.accept.get() == 0 || l.resolve.get() == 0 {
                return Err(format!("the {p} time limits must be positive"));
            }
        }
        let ordered = |f: fn(&TimeLimits) -> Minutes| {
            f(&self.urgent) <= f(&self.high) && f(&self.high) <= f(&self.normal)
        };
        if !ordered(|l| l.accept) || !ordered(|l| l.resolve) {
            return Err(
                "time limits must not shrink as priority drops (urgent ≤ high ≤ normal)".to_owned(),
            );
        }
        Ok(())
    }
}

/// Where a new (non-urgent) report of a category in a grid goes first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Routing {
    /// Accepted and dispatched at once to the grid's own full-time worker (small problems
    /// the worker fixes on the spot).
    GridWorker,
    /// Waits in the community dispatcher's queue to be accepted and dispatched.
    #[default]
    CommunityQueue,
    /// Accepted and dispatched at once to the category's department (its handler with the
    /// fewest open tasks there), as most component (部件) problems are.
    Department,
}

impl Routing {
    /// Every routing, in the order forms list them.
    pub const ALL: [Routing; 3] = [
        Routing::GridWorker,
        Routing::CommunityQueue,
        Routing::Department,
    ];

    /// The wire name: `grid_worker` or `community_queue`.
    pub fn as_str(self) -> &'static str {
        match self {
            Routing::GridWorker => "grid_worker",
            Routing::CommunityQueue => "community_queue",
            Routing::Department => "department",
        }
    }

    /// The Chinese name, as an import file may write it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Routing::GridWorker => "网格员",
            Routing::CommunityQueue => "社区受理",
            Routing::Department => "专业部门",
        }
    }
}

impl FromStr for Routing {
    type Err = String;
    /// The wire name or the Chinese name.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim();
        Routing::ALL
            .into_iter()
            .find(|r| r.as_str() == s || r.name_zh() == s)
            .ok_or_else(|| {
                format!(
                    "unknown routing {s:?} (grid_worker / 网格员, community_queue / 社区受理 or \
                     department / 专业部门)"
                )
            })
    }
}

/// A minor class with its major class, names, time limits and routing. A retired category
/// takes no new reports; the cases that have it keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: CategoryCode,
    pub kind: CategoryKind,
    pub major_code: MajorCode,
    pub major_name_zh: String,
    pub name_zh: String,
    pub name_en: String,
    pub limits: PriorityLimits,
    #[serde(default)]
    pub routing: Routing,
    /// The department a `department` routing sends the category's cases to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<OrgCode>,
    #[serde(default)]
    pub retired: bool,
}

impl Category {
    /// The limits for a priority.
    pub fn limits_for(&self, priority: Priority) -> TimeLimits {
        self.limits.get(priority)
    }

    /// Checks names are present and kind and major code agree with the code.
    pub fn validate(&self) -> Result<()> {
        let fail = |problem: String| Error::Category {
            code: self.code.to_string(),
            problem,
        };
        if self.kind != self.code.kind() {
            return Err(fail(format!(
                "major class {} is for {}s ({}), not {}s",
                self.code.major(),
                kind_en(self.code.kind()),
                self.code.kind().name_zh(),
                kind_en(self.kind)
            )));
        }
        if self.major_code != self.code.major() {
            return Err(fail(format!(
                "major_code {} does not match the code's major class {}",
                self.major_code,
                self.code.major()
            )));
        }
        for (field, value) in [
            ("major_name_zh", &self.major_name_zh),
            ("name_zh", &self.name_zh),
            ("name_en", &self.name_en),
        ] {
            if value.trim().is_empty() {
                return Err(fail(format!("{field} is empty")));
            }
        }
        match (self.routing, &self.department) {
            (Routing::Department, None) => {
                return Err(fail("a department routing names its department".to_owned()));
            }
            (Routing::GridWorker | Routing::CommunityQueue, Some(d)) => {
                return Err(fail(format!(
                    "department {d} is named but the routing is {}",
                    self.routing.as_str()
                )));
            }
            _ => {}
        }
        self.limits.validate().map_err(fail)
    }
}

fn kind_en(kind: CategoryKind) -> &'static str {
    match kind {
        CategoryKind::Event => "event",
        CategoryKind::Component => "component",
    }
}

/// The set of categories in use, keyed by code.
///
/// Invariants: every category is valid; codes are unique; all minors of a major class share
/// its major name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Category>", into = "Vec<Category>")]
pub struct Catalogue {
    categories: BTreeMap<CategoryCode, Category>,
}

impl Catalogue {
    /// An empty catalogue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a category (an administrator's extension). Fails when it is invalid, its code
    /// is taken, or its major name differs from the major class already present.
    pub fn insert(&mut self, category: Category) -> Result<()> {
        self.check_new(&category)?;
        self.categories.insert(category.code, category);
        Ok(())
    }

    /// Adds several categories, all or none.
    pub fn extend(&mut self, categories: impl IntoIterator<Item = Category>) -> Result<()> {
        let mut next = self.clone();
        for c in categories {
            next.insert(c)?;
        }
        *self = next;
        Ok(())
    }

    /// Replaces an existing category (e.g. new time limits), with the same checks.
    pub fn update(&mut self, category: Category) -> Result<()> {
        let Some(old) = self.categories.remove(&category.code) else {
            return Err(Error::Category {
                code: category.code.to_string(),
                problem: "not in the catalogue".to_owned(),
            });
        };
        if let Err(e) = self.check_new(&category) {
            self.categories.insert(old.code, old);
            return Err(e);
        }
        self.categories.insert(category.code, category);
        Ok(())
    }

    fn check_new(&self, category: &Category) -> Result<()> {
        category.validate()?;
        if self.categories.contains_key(&category.code) {
            return Err(Error::DuplicateCategory(category.code));
        }
        if let Some(sibling) = self.in_major(category.code.major()).next()
            && sibling.major_name_zh != category.major_name_zh
        {
            return Err(Error::Category {
                code: category.code.to_string(),
                problem: format!(
                    "major class {} is named {:?}, not {:?}",
                    category.code.major(),
                    sibling.major_name_zh,
                    category.major_name_zh
                ),
            });
        }
        Ok(())
    }

    /// The category with this code.
    pub fn get(&self, code: &CategoryCode) -> Option<&Category> {
        self.categories.get(code)
    }

    /// All categories in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Category> {
        self.categories.values()
    }

    /// Number of categories.
    pub fn len(&self) -> usize {
        self.categories.len()
    }

    /// Whether the catalogue is empty.
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }

    /// The minor classes of a major class.
    pub fn in_major(&self, major: MajorCode) -> impl Iterator<Item = &Category> {
        self.categories
            .values()
            .filter(move |c| c.code.major() == major)
    }

    /// The major classes (code, kind, Chinese name) in code order.
    pub fn majors(&self) -> Vec<(MajorCode, CategoryKind, &str)> {
        let mut out: Vec<(MajorCode, CategoryKind, &str)> = Vec::new();
        for c in self.categories.values() {
            if out.last().is_none_or(|(m, _, _)| *m != c.major_code) {
                out.push((c.major_code, c.kind, c.major_name_zh.as_str()));
            }
        }
        out
    }

    /// Categories whose Chinese name, English name (case-insensitive) or major name contains
    /// `query`. An empty query matches nothing.
    pub fn search(&self, query: &str) -> Vec<&Category> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        self.categories
            .values()
            .filter(|c| {
                c.name_zh.contains(&q)
                    || c.name_en.to_lowercase().contains(&q)
                    || c.major_name_zh.contains(&q)
            })
            .collect()
    }
}

impl TryFrom<Vec<Category>> for Catalogue {
    type Error = Error;
    fn try_from(categories: Vec<Category>) -> Result<Self> {
        let mut c = Catalogue::new();
        c.extend(categories)?;
        Ok(c)
    }
}

impl From<Catalogue> for Vec<Category> {
    fn from(c: Catalogue) -> Vec<Category> {
        c.categories.into_values().collect()
    }
}

/// Limits (accept, resolve) in minutes for urgent, high and normal priority.
const fn limits(u: (u32, u32), h: (u32, u32), n: (u32, u32)) -> PriorityLimits {
    PriorityLimits {
        urgent: TimeLimits::new(u.0, u.1),
        high: TimeLimits::new(h.0, h.1),
        normal: TimeLimits::new(n.0, n.1),
    }
}

/// Repairs of infrastructure: accept 15/30/60 min; resolve 4 h / 1 d / 3 d.
const REPAIR: PriorityLimits = limits((15, 240), (30, 1440), (60, 4320));
/// Cleaning and order: accept 15/30/60 min; resolve 2 h / 8 h / 1 d.
const CLEAN: PriorityLimits = limits((15, 120), (30, 480), (60, 1440));
/// Emergencies: accept 10/20/60 min; resolve 1 h / 4 h / 12 h.
const EMERGENCY: PriorityLimits = limits((10, 60), (20, 240), (60, 720));
/// Construction and works: accept 15/30/60 min; resolve 4 h / 1 d / 2 d.
const WORKS: PriorityLimits = limits((15, 240), (30, 1440), (60, 2880));
/// Disputes and social services: accept 15/30/60 min; resolve 1 d / 3 d / 7 d.
const SOCIAL: PriorityLimits = limits((15, 1440), (30, 4320), (60, 10080));

/// (major, major name, limits, [(minor, name_zh, name_en)])
type MajorSpec = (
    u8,
    &'static str,
    PriorityLimits,
    &'static [(u8, &'static str, &'static str)],
);

const DEFAULT: &[MajorSpec] = &[
    // 部件 components
    (
        1,
        "公用设施",
        REPAIR,
        &[
            (1, "上水井盖", "water supply manhole cover"),
            (2, "污水井盖", "sewer manhole cover"),
            (3, "雨水箅子", "storm drain grate"),
            (4, "电力井盖", "power cable manhole cover"),
            (5, "消防栓", "fire hydrant"),
            (6, "路灯", "street lamp"),
            (7, "燃气井盖", "gas manhole cover"),
        ],
    ),
    (
        2,
        "道路交通",
        REPAIR,
        &[
            (1, "公交站亭", "bus shelter"),
            (2, "交通标志牌", "traffic sign"),
            (3, "交通信号灯", "traffic light"),
            (4, "道路护栏", "road guardrail"),
            (5, "人行道板", "pavement slab"),
            (6, "隔离墩", "traffic bollard"),
        ],
    ),
    (
        3,
        "市容环境",
        REPAIR,
        &[
            (1, "公共厕所", "public toilet"),
            (2, "垃圾箱", "litter bin"),
            (3, "垃圾收集站", "refuse collection point"),
            (4, "户外广告牌", "billboard"),
            (5, "宣传栏", "notice board"),
        ],
    ),
    (
        4,
        "园林绿化",
        REPAIR,
        &[
            (1, "古树名木", "heritage tree"),
            (2, "行道树", "street tree"),
            (3, "绿地", "green space"),
            (4, "护树设施", "tree guard"),
            (5, "城市雕塑", "public sculpture"),
        ],
    ),
    (
        5,
        "房屋土地",
        REPAIR,
        &[
            (1, "危旧房屋", "dilapidated building"),
            (2, "地下通道", "pedestrian underpass"),
            (3, "闲置土地", "vacant lot"),
            (4, "楼道设施", "stairwell facilities"),
        ],
    ),
    (
        6,
        "其他设施",
        REPAIR,
        &[
            (1, "健身设施", "outdoor fitness equipment"),
            (2, "监控电子眼", "surveillance camera"),
            (3, "报刊亭", "newsstand"),
            (4, "网格公示牌", "grid information placard"),
        ],
    ),
    // 事件 events
    (
        51,
        "市容环境",
        CLEAN,
        &[
            (1, "暴露垃圾", "exposed garbage"),
            (2, "积存垃圾渣土", "accumulated refuse and muck"),
            (3, "道路不洁", "dirty road"),
            (4, "水域不洁", "polluted water surface"),
            (5, "绿地脏乱", "littered green space"),
            (6, "露天烧烤", "open-air barbecue"),
        ],
    ),
    (
        52,
        "宣传广告",
        CLEAN,
        &[
            (1, "非法小广告", "illegal flyers"),
            (2, "乱涂乱画", "graffiti"),
            (3, "违规户外广告", "unauthorised outdoor advertising"),
            (4, "违规悬挂横幅", "unauthorised banner"),
        ],
    ),
    (
        53,
        "施工管理",
        WORKS,
        &[
            (1, "施工扰民", "construction noise"),
            (2, "工地扬尘", "construction dust"),
            (3, "道路遗撒", "spillage from vehicles"),
            (4, "违规占道施工", "unauthorised roadworks"),
            (5, "施工废弃料", "construction waste"),
        ],
    ),
    (
        54,
        "突发事件",
        EMERGENCY,
        &[
            (1, "路面塌陷", "road collapse"),
            (2, "自来水管破裂", "burst water main"),
            (3, "燃气泄漏", "gas leak"),
            (4, "道路积水", "waterlogged road"),
            (5, "道路积雪结冰", "snow and ice on road"),
            (6, "火灾隐患", "fire hazard"),
        ],
    ),
    (
        55,
        "街面秩序",
        CLEAN,
        &[
            (1, "无照经营游商", "unlicensed street vendor"),
            (2, "店外经营", "trading outside the shop"),
            (3, "机动车乱停放", "illegally parked car"),
            (4, "非机动车乱停放", "illegally parked bicycles"),
            (5, "占道废品收购", "roadside scrap collection"),
        ],
    ),
    (
        56,
        "社会治安",
        WORKS,
        &[
            (1, "治安隐患", "public security hazard"),
            (2, "群租房", "overcrowded rental"),
            (3, "消防通道堵塞", "blocked fire lane"),
            (4, "非法营运", "illegal taxi service"),
        ],
    ),
    (
        57,
        "矛盾纠纷",
        SOCIAL,
        &[
            (1, "邻里纠纷", "neighbour dispute"),
            (2, "物业纠纷", "property management dispute"),
            (3, "劳资纠纷", "wage dispute"),
            (4, "家庭纠纷", "family dispute"),
        ],
    ),
    (
        58,
        "民生服务",
        SOCIAL,
        &[
            (1, "独居老人关爱", "check on elderly person living alone"),
            (2, "困难群众帮扶", "help for a household in hardship"),
            (3, "特殊人群走访", "visit to a vulnerable resident"),
        ],
    ),
];

/// Major classes whose reports go straight to the grid's worker in the default catalogue:
/// 51 市容环境 (events), 52 宣传广告, 55 街面秩序.
const DEFAULT_TO_GRID_WORKER: [u8; 3] = [51, 52, 55];

/// The default catalogue: the standard's major classes of components and events plus the
/// grid-governance classes (社会治安, 矛盾纠纷, 民生服务), with minor classes in Chinese and
/// English. Normal priority is accepted within 60 minutes (Haigang's "one-hour
/// response"); urgent within 10–15 minutes.
pub fn default_catalogue() -> Catalogue {
    let mut catalogue = Catalogue::new();
    for &(major, major_name, limits, minors) in DEFAULT {
        for &(minor, name_zh, name_en) in minors {
            let major_code = MajorCode(major);
            let category = Category {
                code: CategoryCode {
                    major: major_code,
                    minor,
                },
                kind: major_code.kind(),
                major_code,
                major_name_zh: major_name.to_owned(),
                name_zh: name_zh.to_owned(),
                name_en: name_en.to_owned(),
                limits,
                routing: if DEFAULT_TO_GRID_WORKER.contains(&major) {
                    Routing::GridWorker
                } else {
                    Routing::CommunityQueue
                },
                department: None,
                retired: false,
            };
            catalogue.categories.insert(category.code, category);
        }
    }
    catalogue
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> CategoryCode {
        CategoryCode::parse(s).unwrap()
    }

    #[test]
    fn code_parse_errors() {
        assert_eq!(code("5101").to_string(), "5101");
        assert_eq!(code("5101").kind(), CategoryKind::Event);
        assert_eq!(code("0101").kind(), CategoryKind::Component);
        assert_eq!(code("0106").minor(), 6);
        let e = CategoryCode::parse("101").unwrap_err();
        assert!(e.to_string().contains("expected 4 digits"), "{e}");
        let e = CategoryCode::parse("01x1").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid category code \"01x1\": character 3 is 'x', expected a digit"
        );
        assert!(
            CategoryCode::parse("0001")
                .unwrap_err()
                .to_string()
                .contains("major class must not be 00")
        );
        assert!(
            CategoryCode::parse("0100")
                .unwrap_err()
                .to_string()
                .contains("minor class must not be 00")
        );
        assert_eq!(serde_json::to_string(&code("5203")).unwrap(), "\"5203\"");
        assert!(serde_json::from_str::<CategoryCode>("\"52030\"").is_err());
    }

    #[test]
    fn default_catalogue_is_valid_and_complete() {
        let c = default_catalogue();
        for cat in c.iter() {
            cat.validate().unwrap();
            assert_eq!(
                cat.limits_for(Priority::Normal).accept,
                Minutes(60),
                "{}",
                cat.name_zh
            );
            assert!(cat.limits_for(Priority::Urgent).accept < Minutes(60));
        }
        let majors: Vec<(CategoryKind, &str)> =
            c.majors().iter().map(|(_, k, n)| (*k, *n)).collect();
        for name in [
            "市容环境",
            "宣传广告",
            "施工管理",
            "突发事件",
            "街面秩序",
            "社会治安",
            "矛盾纠纷",
        ] {
            assert!(
                majors.contains(&(CategoryKind::Event, name)),
                "event {name}"
            );
        }
        for name in [
            "公用设施",
            "道路交通",
            "市容环境",
            "园林绿化",
            "房屋土地",
            "其他设施",
        ] {
            assert!(
                majors.contains(&(CategoryKind::Component, name)),
                "component {name}"
            );
        }
        for (m, _, _) in c.majors() {
            assert!(c.in_major(m).count() >= 3, "major {m} has several minors");
        }
        // Round trip through serde validates again.
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Catalogue>(&json).unwrap(), c);
    }

    #[test]
    fn search_finds_by_either_language() {
        let c = default_catalogue();
        let hits = c.search("井盖");
        assert!(hits.len() >= 4);
        assert!(hits.iter().all(|h| h.kind == CategoryKind::Component));
        assert_eq!(c.search("GRAFFITI")[0].name_zh, "乱涂乱画");
        assert_eq!(c.search("矛盾纠纷").len(), 4);
        assert!(c.search("  ").is_empty());
    }

    #[test]
    fn administrators_extend_with_validation() {
        let mut c = default_catalogue();
        let n = c.len();
        let mut new = c.get(&code("5101")).unwrap().clone();
        assert_eq!(
            c.insert(new.clone()).unwrap_err(),
            Error::DuplicateCategory(code("5101"))
        );
        new.code = code("5199");
        new.name_zh = "海滩垃圾".into();
        new.name_en = "beach litter".into();
        c.insert(new.clone()).unwrap();
        assert_eq!(c.len(), n + 1);

        let mut wrong_major = new.clone();
        wrong_major.code = code("5198");
        wrong_major.major_name_zh = "别的".into();
        assert!(
            c.insert(wrong_major)
                .unwrap_err()
                .to_string()
                .contains("is named")
        );

        let mut wrong_kind = new.clone();
        wrong_kind.code = code("5197");
        wrong_kind.kind = CategoryKind::Component;
        assert!(
            c.insert(wrong_kind)
                .unwrap_err()
                .to_string()
                .contains("not components")
        );

        let mut bad_limits = new.clone();
        bad_limits.code = code("5196");
        bad_limits.limits.urgent.resolve = Minutes(100_000);
        assert!(
            c.insert(bad_limits)
                .unwrap_err()
                .to_string()
                .contains("must not shrink")
        );

        // extend is all-or-nothing
        let mut ok = new.clone();
        ok.code = code("5195");
        let before = c.clone();
        assert!(c.extend([ok.clone(), new.clone()]).is_err());
        assert_eq!(c, before);
        c.extend([ok]).unwrap();
        assert_eq!(c.len(), n + 2);

        let mut updated = c.get(&code("5195")).unwrap().clone();
        updated.limits.normal.resolve = Minutes::days(2);
        c.update(updated.clone()).unwrap();
        assert_eq!(c.get(&code("5195")).unwrap(), &updated);
    }
}
