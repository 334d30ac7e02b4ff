//! 双报到: units (机关企事业单位) and in-service party members register with communities,
//! and members claim roles there. Each registration and each claim waits for the community
//! (its dispatcher, or the street or district above it) to approve or refuse it, with a
//! reason when refused. Pure rules: what a valid registration is, who decides, who sees a
//! person's phone (only the community they registered with), and the one-way states.

use serde::{Deserialize, Serialize};

use crate::hierarchy::{BuildingCode, CommunityCode, GridCode};
use crate::people::{Person, Role, Scope};

/// Longest name, unit, branch or post, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// Longest refusal reason, in characters.
pub const MAX_REASON_CHARS: usize = 200;

/// Why a registration, claim or decision is not acceptable: a stable code and a message
/// in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl Invalid {
    fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// What kind of unit registers (机关、企业、事业单位、社会组织).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 机关
    Agency,
    /// 事业单位
    Institution,
    /// 国有企业
    StateEnterprise,
    /// 非公企业
    PrivateEnterprise,
    /// 社会组织
    SocialOrganisation,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::Agency,
        UnitKind::Institution,
        UnitKind::StateEnterprise,
        UnitKind::PrivateEnterprise,
        UnitKind::SocialOrganisation,
    ];

    /// The name in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            UnitKind::Agency => "机关",
            UnitKind::Institution => "事业单位",
            UnitKind::StateEnterprise => "国有企业",
            UnitKind::PrivateEnterprise => "非公企业",
            UnitKind::SocialOrganisation => "社会组织",
        }
    }

    /// The name in English.
    pub fn en(self) -> &'static str {
        match self {
            UnitKind::Agency => "Government agency",
            UnitKind::Institution => "Public institution",
            UnitKind::StateEnterprise => "State-owned enterprise",
            UnitKind::PrivateEnterprise => "Private enterprise",
            UnitKind::SocialOrganisation => "Social organisation",
        }
    }

    /// Its wire name (`agency`, …).
    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Agency => "agency",
            UnitKind::Institution => "institution",
            UnitKind::StateEnterprise => "state_enterprise",
            UnitKind::PrivateEnterprise => "private_enterprise",
            UnitKind::SocialOrganisation => "social_organisation",
        }
    }

    /// The kind of a wire name.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key.trim())
    }
}

/// A unit's registration with the community it stands in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRegistration {
    pub name: String,
    pub kind: UnitKind,
    pub contact_name: String,
    /// As the people tables store phones (checked by the service).
    pub contact_phone: String,
    /// The unit's party organisation (党组织), e.g. 某某公司党支部.
    pub party_organisation: String,
}

/// Which community a member registers with: where they live (居住地社区), or the one
/// their unit stands in (单位所在社区). A member registers once with each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tie {
    Residence,
    Unit,
}

impl Tie {
    pub fn key(self) -> &'static str {
        match self {
            Tie::Residence => "residence",
            Tie::Unit => "unit",
        }
    }
    pub fn parse(key: &str) -> Option<Self> {
        match key.trim() {
            "residence" => Some(Tie::Residence),
            "unit" => Some(Tie::Unit),
            _ => None,
        }
    }
}

/// An in-service party member's registration (在职党员到社区报到).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRegistration {
    pub name: String,
    pub phone: String,
    /// The unit they work in.
    pub unit: String,
    /// Their party branch (所在党支部).
    pub party_branch: String,
    pub tie: Tie,
}

/// A role a registered member claims in the community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum RoleClaim {
    /// 楼栋长 of a building.
    BuildingHead { building: BuildingCode },
    /// 单元长 of a unit (entrance) of a building.
    UnitHead {
        building: BuildingCode,
        unit: String,
    },
    /// 兼职网格员 of a grid.
    PartTimeGridWorker { grid: GridCode },
    /// A volunteer post (志愿服务岗位), named by the member.
    Volunteer { post: String },
}

impl RoleClaim {
    /// The role's wire name.
    pub fn key(&self) -> &'static str {
        match self {
            RoleClaim::BuildingHead { .. } => "building_head",
            RoleClaim::UnitHead { .. } => "unit_head",
            RoleClaim::PartTimeGridWorker { .. } => "part_time_grid_worker",
            RoleClaim::Volunteer { .. } => "volunteer",
        }
    }

    /// The community the claimed place belongs to (none for a volunteer post).
    pub fn community(&self) -> Option<CommunityCode> {
        match self {
            RoleClaim::BuildingHead { building } | RoleClaim::UnitHead { building, .. } => {
                Some(building.grid().community())
            }
            RoleClaim::PartTimeGridWorker { grid } => Some(grid.community()),
            RoleClaim::Volunteer { .. } => None,
        }
    }
}

/// Where a registration or claim stands. Pending moves once, to approved or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Pending,
    Approved,
    Refused,
}

impl State {
    pub fn key(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Approved => "approved",
            State::Refused => "refused",
        }
    }
    pub fn parse(key: &str) -> Option<Self> {
        match key.trim() {
            "pending" => Some(State::Pending),
            "approved" => Some(State::Approved),
            "refused" => Some(State::Refused),
            _ => None,
        }
    }
}

/// A community's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Refuse { reason: String },
}

/// A text field as kept: trimmed, inner runs of whitespace made one space, 1 to
/// [`MAX_NAME_CHARS`] characters, no control characters.
pub fn text(field: &'static str, zh: &str, value: &str) -> Result<String, Invalid> {
    let clean = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.is_empty() {
        return Err(Invalid::new(
            "missing_field",
            format!("请填写{zh}"),
            format!("{field} is required"),
        ));
    }
    if clean.chars().count() > MAX_NAME_CHARS {
        return Err(Invalid::new(
            "field_too_long",
            format!("{zh}最多{MAX_NAME_CHARS}个字"),
            format!("{field} has more than {MAX_NAME_CHARS} characters"),
        ));
    }
    if clean.chars().any(char::is_control) {
        return Err(Invalid::new(
            "bad_field",
            format!("{zh}含有不可见字符"),
            format!("{field} has control characters"),
        ));
    }
    Ok(clean)
}

impl UnitRegistration {
    /// The registration with its fields cleaned (the phone as given: the service checks
    /// it as the people tables do).
    pub fn validated(self) -> Result<Self, Invalid> {
        Ok(Self {
            name: text("name", "单位名称", &self.name)?,
            kind: self.kind,
            contact_name: text("contact_name", "联系人", &self.contact_name)?,
            contact_phone: self.contact_phone.trim().to_string(),
            party_organisation: text("party_organisation", "党组织", &self.party_organisation)?,
        })
    }
}

impl MemberRegistration {
    /// As [`UnitRegistration::validated`].
    pub fn validated(self) -> Result<Self, Invalid> {
        Ok(Self {
            name: text("name", "姓名", &self.name)?,
            phone: self.phone.trim().to_string(),
            unit: text("unit", "工作单位", &self.unit)?,
            party_branch: text("party_branch", "所在党支部", &self.party_branch)?,
            tie: self.tie,
        })
    }
}

/// A claim checked against the community it is made to: its building or grid must be
/// that community's; a volunteer post is cleaned as a name.
pub fn claim_in(claim: RoleClaim, community: &CommunityCode) -> Result<RoleClaim, Invalid> {
    let claim = match claim {
        RoleClaim::Volunteer { post } => RoleClaim::Volunteer {
            post: text("post", "志愿岗位", &post)?,
        },
        RoleClaim::UnitHead { building, unit } => RoleClaim::UnitHead {
            building,
            unit: text("unit", "单元", &unit)?,
        },
        other => other,
    };
    match claim.community() {
        Some(c) if c != *community => Err(Invalid::new(
            "not_this_community",
            format!("所认领的楼栋或网格不属于社区 {community}"),
            format!("the claimed building or grid is not in community {community}"),
        )),
        _ => Ok(claim),
    }
}

/// The state after `decision` on something `current`: only a pending one is decided, and
/// a refusal needs a reason (1 to [`MAX_REASON_CHARS`] characters).
pub fn decide(current: State, decision: &Decision) -> Result<(State, Option<String>), Invalid> {
    if current != State::Pending {
        return Err(Invalid::new(
            "already_decided",
            format!("已处理（{}），不能再次审核", current.key()),
            format!("already {}: it cannot be decided again", current.key()),
        ));
    }
    match decision {
        Decision::Approve => Ok((State::Approved, None)),
        Decision::Refuse { reason } => {
            let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
            if reason.is_empty() {
                return Err(Invalid::new(
                    "reason_required",
                    "不通过须说明理由",
                    "a refusal needs a reason",
                ));
            }
            if reason.chars().count() > MAX_REASON_CHARS {
                return Err(Invalid::new(
                    "reason_too_long",
                    format!("理由最多{MAX_REASON_CHARS}个字"),
                    format!("the reason has more than {MAX_REASON_CHARS} characters"),
                ));
            }
            Ok((State::Refused, Some(reason)))
        }
    }
}

/// Whether `person` may approve or refuse what was registered with `community`: its
/// community dispatcher, or a street dispatcher or the district commander above it.
pub fn may_decide(person: &Person, community: &CommunityCode) -> bool {
    match (&person.role, &person.scope) {
        (Role::CommunityDispatcher, Scope::Community(c)) => c == community,
        (Role::StreetDispatcher, Scope::Street(s)) => *s == community.street(),
        (Role::DistrictCommander, Scope::District(d)) => *d == community.district(),
        _ => false,
    }
}

/// Whether `person` may read the personal data (names of members, phones) of people who
/// registered with `community`: only that community's own dispatchers (个人信息保护法);
/// a street or the district sees counts.
pub fn may_see_personal(person: &Person, community: &CommunityCode) -> bool {
    matches!(
        (&person.role, &person.scope),
        (Role::CommunityDispatcher, Scope::Community(c)) if c == community
    )
}

/// Whether `person` may see the figures of `area` (a community, street or district code):
/// dispatchers, the commander and administrators whose scope holds it, or is within it.
pub fn may_see_figures(person: &Person, area: &str) -> bool {
    let own = match &person.scope {
        Scope::Community(c) => c.as_str().to_string(),
        Scope::Street(s) => s.as_str().to_string(),
        Scope::District(d) => d.as_str().to_string(),
        Scope::Grids(_) => return false,
    };
    matches!(
        person.role,
        Role::CommunityDispatcher
            | Role::StreetDispatcher
            | Role::DistrictCommander
            | Role::Administrator
    ) && area.starts_with(&own)
}

/// Letters of registration numbers: no 0/O, 1/I/L, easy to read out on the phone.
pub const NUMBER_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters of a registration number after its `SB` prefix.
pub const NUMBER_LEN: usize = 10;

/// A registration number from `random` bytes (one character each): `SB` and
/// [`NUMBER_LEN`] characters of [`NUMBER_ALPHABET`], about 50 bits: not guessable, so
/// knowing one is what lets someone read its state.
pub fn number_from(random: &[u8; NUMBER_LEN]) -> String {
    let n = NUMBER_ALPHABET.len();
    let body: String = random
        .iter()
        .map(|b| char::from(NUMBER_ALPHABET[usize::from(*b) % n]))
        .collect();
    format!("SB{body}")
}

/// A number as typed (any case, spaces and hyphens ignored), if it has the right shape.
pub fn parse_number(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let body = s.strip_prefix("SB")?;
    (body.len() == NUMBER_LEN && body.bytes().all(|b| NUMBER_ALPHABET.contains(&b))).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::PersonId;

    fn community() -> CommunityCode {
        CommunityCode::parse("130302001001").unwrap()
    }

    fn person(role: Role, scope: &str) -> Person {
        let scope = match scope.len() {
            6 => Scope::District(scope.parse().unwrap()),
            9 => Scope::Street(scope.parse().unwrap()),
            _ => Scope::Community(CommunityCode::parse(scope).unwrap()),
        };
        Person::new(PersonId::random(), "p", role, scope).unwrap()
    }

    #[test]
    fn a_pending_registration_is_decided_once() {
        assert_eq!(
            decide(State::Pending, &Decision::Approve),
            Ok((State::Approved, None))
        );
        let refuse = Decision::Refuse {
            reason: "  不在本社区 居住 ".into(),
        };
        assert_eq!(
            decide(State::Pending, &refuse),
            Ok((State::Refused, Some("不在本社区 居住".into())))
        );
        for done in [State::Approved, State::Refused] {
            assert_eq!(
                decide(done, &Decision::Approve).unwrap_err().code,
                "already_decided"
            );
        }
    }

    #[test]
    fn a_refusal_needs_a_short_reason() {
        let blank = Decision::Refuse { reason: " ".into() };
        assert_eq!(
            decide(State::Pending, &blank).unwrap_err().code,
            "reason_required"
        );
        let long = Decision::Refuse {
            reason: "很".repeat(MAX_REASON_CHARS + 1),
        };
        assert_eq!(
            decide(State::Pending, &long).unwrap_err().code,
            "reason_too_long"
        );
    }

    #[test]
    fn the_community_and_those_above_decide() {
        let c = community();
        assert!(may_decide(
            &person(Role::CommunityDispatcher, "130302001001"),
            &c
        ));
        assert!(!may_decide(
            &person(Role::CommunityDispatcher, "130302001002"),
            &c
        ));
        assert!(may_decide(&person(Role::StreetDispatcher, "130302001"), &c));
        assert!(!may_decide(
            &person(Role::StreetDispatcher, "130302002"),
            &c
        ));
        assert!(may_decide(&person(Role::DistrictCommander, "130302"), &c));
        assert!(!may_decide(&person(Role::Administrator, "130302"), &c));
    }

    #[test]
    fn only_the_community_sees_phones() {
        let c = community();
        assert!(may_see_personal(
            &person(Role::CommunityDispatcher, "130302001001"),
            &c
        ));
        assert!(!may_see_personal(
            &person(Role::CommunityDispatcher, "130302001002"),
            &c
        ));
        assert!(!may_see_personal(
            &person(Role::StreetDispatcher, "130302001"),
            &c
        ));
        assert!(!may_see_personal(
            &person(Role::DistrictCommander, "130302"),
            &c
        ));
    }

    #[test]
    fn figures_within_the_scope() {
        let street = person(Role::StreetDispatcher, "130302001");
        assert!(may_see_figures(&street, "130302001"));
        assert!(may_see_figures(&street, "130302001001"));
        assert!(!may_see_figures(&street, "130302"));
        assert!(!may_see_figures(&street, "130302002"));
        assert!(may_see_figures(
            &person(Role::DistrictCommander, "130302"),
            "130302"
        ));
    }

    #[test]
    fn fields_are_cleaned_and_bounded() {
        let unit = UnitRegistration {
            name: "  海港区 供水公司 ".into(),
            kind: UnitKind::StateEnterprise,
            contact_name: "王明".into(),
            contact_phone: " 13800138000 ".into(),
            party_organisation: "供水公司党支部".into(),
        }
        .validated()
        .unwrap();
        assert_eq!(unit.name, "海港区 供水公司");
        assert_eq!(unit.contact_phone, "13800138000");
        let member = MemberRegistration {
            name: "".into(),
            phone: "1".into(),
            unit: "u".into(),
            party_branch: "b".into(),
            tie: Tie::Residence,
        };
        assert_eq!(
            member.clone().validated().unwrap_err().code,
            "missing_field"
        );
        let long = MemberRegistration {
            name: "名".repeat(MAX_NAME_CHARS + 1),
            ..member.clone()
        };
        assert_eq!(long.validated().unwrap_err().code, "field_too_long");
        let control = MemberRegistration {
            name: "a\u{7}b".into(),
            ..member
        };
        assert_eq!(control.validated().unwrap_err().code, "bad_field");
    }

    #[test]
    fn a_claim_is_for_a_place_of_the_community() {
        let c = community();
        let grid = c.grid(1).unwrap();
        let building = grid.building(3).unwrap();
        let other = CommunityCode::parse("130302001002")
            .unwrap()
            .grid(1)
            .unwrap();
        assert!(claim_in(RoleClaim::BuildingHead { building }, &c).is_ok());
        assert!(claim_in(RoleClaim::PartTimeGridWorker { grid }, &c).is_ok());
        assert_eq!(
            claim_in(RoleClaim::PartTimeGridWorker { grid: other }, &c)
                .unwrap_err()
                .code,
            "not_this_community"
        );
        let post = claim_in(
            RoleClaim::Volunteer {
                post: " 文明 劝导 ".into(),
            },
            &c,
        )
        .unwrap();
        assert_eq!(
            post,
            RoleClaim::Volunteer {
                post: "文明 劝导".into()
            }
        );
        assert!(
            claim_in(
                RoleClaim::UnitHead {
                    building,
                    unit: " ".into()
                },
                &c
            )
            .is_err()
        );
    }

    #[test]
    fn numbers_round_trip_and_reject_lookalikes() {
        let n = number_from(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 255]);
        assert_eq!(n.len(), 2 + NUMBER_LEN);
        assert_eq!(parse_number(&n.to_lowercase()), Some(n.clone()));
        let spaced = format!("{} {}", &n[..6], &n[6..]);
        assert_eq!(parse_number(&spaced), Some(n));
        assert_eq!(parse_number("SB0000000000"), None, "no 0");
        assert_eq!(parse_number("SB23456789A"), None, "too short");
        assert_eq!(parse_number("XX23456789AB"), None);
    }

    #[test]
    fn wire_names_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.key()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.key());
        }
        for s in [State::Pending, State::Approved, State::Refused] {
            assert_eq!(State::parse(s.key()), Some(s));
        }
        for t in [Tie::Residence, Tie::Unit] {
            assert_eq!(Tie::parse(t.key()), Some(t));
        }
    }
}
