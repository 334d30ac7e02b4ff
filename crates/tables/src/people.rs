//! The people table: who signs in (`username`, `name`), what they do (`role`, by its wire
//! name or in Chinese) and where (`area`: their grids, community, street or district, all
//! stored in the hierarchy), with an optional `phone` and initial `password`. Every
//! problem is listed: a username that is empty, too long, has spaces or is taken twice, a
//! missing or too long name, an unknown role, an area that does not fit the role or is not
//! stored (a department handler's `area` is their organisation's code), a phone that is not a Chinese mobile or landline number, a password the policy
//! refuses.

use std::collections::BTreeMap;

use domain::hierarchy::{CommunityCode, DistrictCode, GridCode, Hierarchy, StreetCode};
use domain::people::{Person, PersonId, Role, Scope};
use domain::{OrgCode, Organisation};

use crate::sheet::{pick, sorted};
use crate::{Problem, Reason, Sheet};

/// The columns of a people table: `phone` and `password` may be left out.
pub const COLUMNS: [&str; 6] = ["username", "name", "role", "area", "phone", "password"];
/// The columns a people table must have.
const REQUIRED: [&str; 4] = ["username", "name", "role", "area"];
/// Longest username, in characters.
pub const MAX_USERNAME_CHARS: usize = 64;

/// The Chinese names a role may be written with, besides its wire name.
const ROLE_NAMES_ZH: [(Role, &[&str]); 8] = [
    (Role::FullTimeGridWorker, &["专职网格员"]),
    (Role::PartTimeGridWorker, &["兼职网格员"]),
    (Role::InformationReporter, &["信息员"]),
    (Role::CommunityDispatcher, &["社区受理员", "社区派遣员"]),
    (Role::StreetDispatcher, &["街道派遣员", "街道受理员"]),
    (Role::DistrictCommander, &["区指挥中心", "指挥中心"]),
    (Role::Administrator, &["系统管理员", "管理员"]),
    (Role::DepartmentHandler, &["部门处置员", "处置员"]),
];

/// One person of the file, checked: the row it is on, the role and scope
/// [`Person::new`] accepts, the phone as stored (a mobile's 11 digits, a landline as
/// `0AAA-NNNNNNN`), the password as typed (the policy has accepted it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub row: u32,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    /// A department handler's organisation.
    pub organisation: Option<OrgCode>,
    pub phone: Option<String>,
    pub password: Option<String>,
}

/// What a person's area is checked against: the stored hierarchy and organisations.
#[derive(Debug, Clone, Copy)]
pub struct Places<'a> {
    pub hierarchy: &'a Hierarchy,
    pub organisations: &'a [Organisation],
}

/// Why a password may not be set for a user name, or nothing.
pub type PasswordPolicy<'a> = &'a dyn Fn(&str, &str) -> Result<(), Reason>;

/// Checks the people table in `sheets`: areas against the stored hierarchy and
/// organisations, each non-empty password with `password_policy(username, password)`.
pub fn check(
    sheets: &[Sheet],
    places: Places<'_>,
    password_policy: PasswordPolicy<'_>,
) -> Result<Vec<PersonRow>, Vec<Problem>> {
    let sheet = pick(sheets, &REQUIRED)?;
    let missing = sheet.require(&REQUIRED);
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut problems = Vec::new();
    let mut people = Vec::new();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for row in &sheet.rows {
        let fields = PersonFields {
            username: sheet.cell(row, "username"),
            name: sheet.cell(row, "name"),
            role: sheet.cell(row, "role"),
            area: sheet.cell(row, "area"),
            phone: sheet.cell(row, "phone"),
            password: sheet.cell(row, "password"),
        };
        let username = fields.username;
        let mut duplicate = None;
        if check_username(username).is_ok() {
            match seen.get(username) {
                Some(first) => duplicate = Some(Reason::repeated(username, *first)),
                None => {
                    seen.insert(username, row.number);
                }
            }
        }
        let checked = check_fields(&fields, places, password_policy);
        let mut found: Vec<(&str, Reason)> =
            duplicate.map(|d| ("username", d)).into_iter().collect();
        match checked {
            Ok(mut person) if found.is_empty() => {
                person.row = row.number;
                people.push(person);
            }
            Ok(_) => {}
            Err(reasons) => found.extend(reasons),
        }
        for (column, why) in found {
            problems.push(sheet.problem(row, column, why));
        }
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    Ok(people)
}

/// The cells of one person, as typed (a row of the table, or the administrators' form).
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonFields<'a> {
    pub username: &'a str,
    pub name: &'a str,
    /// A role's wire name or Chinese name.
    pub role: &'a str,
    /// Grid codes (separated by `;`, `,`, `、` or spaces), or a community, street or
    /// district, or a department handler's organisation code.
    pub area: &'a str,
    pub phone: &'a str,
    pub password: &'a str,
}

/// Checks one person's fields as the table does (row 0): the person, or every problem as
/// (column, reason).
pub fn check_fields(
    fields: &PersonFields<'_>,
    places: Places<'_>,
    password_policy: PasswordPolicy<'_>,
) -> Result<PersonRow, Vec<(&'static str, Reason)>> {
    let mut problems: Vec<(&'static str, Reason)> = Vec::new();
    let mut problem = |column: &'static str, why: Reason| problems.push((column, why));
    let username = fields.username.trim();
    if let Err(why) = check_username(username) {
        problem("username", why);
    }
    let name = fields.name.trim();
    if let Some(why) = crate::hierarchy::name_problem(name) {
        problem("name", why);
    }
    let role = parse_role(fields.role.trim());
    let scope = match &role {
        Err(why) => {
            problem("role", why.clone());
            None
        }
        Ok(Role::DepartmentHandler) => match organisation_of(fields.area.trim(), places) {
            Ok(org) => Some((org.area.clone(), Some(org))),
            Err(why) => {
                problem("area", why);
                None
            }
        },
        Ok(role) => match scope_of(*role, fields.area.trim(), places.hierarchy) {
            Ok(scope) => Some((scope, None)),
            Err(reasons) => {
                for why in reasons {
                    problem("area", why);
                }
                None
            }
        },
    };
    let phone = match fields.phone.trim() {
        "" => None,
        text => match parse_phone(text) {
            Ok(phone) => Some(phone),
            Err(why) => {
                problem("phone", why);
                None
            }
        },
    };
    let password = match fields.password {
        "" => None,
        text => {
            if let Err(why) = password_policy(username, text) {
                problem("password", why);
            }
            Some(text.to_string())
        }
    };
    if let (Ok(role), Some((scope, org))) = (role, scope)
        && !name.is_empty()
    {
        // The domain's own check of role and scope: the area was read at the level the
        // role needs, so it holds unless the two come to disagree.
        let person = match org {
            Some(org) => Person::handler(PersonId::random(), name, org),
            None => Person::new(PersonId::random(), name, role, scope.clone()),
        };
        if let Err(e) = person {
            problem("area", e.into());
        }
        if problems.is_empty() {
            return Ok(PersonRow {
                row: 0,
                username: username.to_string(),
                name: name.to_string(),
                role,
                scope,
                organisation: org.map(|o| o.code.clone()),
                phone,
                password,
            });
        }
    }
    Err(problems)
}

fn check_username(username: &str) -> Result<(), Reason> {
    let chars = username.chars().count();
    if username.is_empty() {
        Err(Reason::new("用户名为空", "the username is empty"))
    } else if chars > MAX_USERNAME_CHARS {
        Err(Reason::new(
            format!("用户名“{username}”有{chars}个字符，最多{MAX_USERNAME_CHARS}个"),
            format!(
                "the username {username:?} has {chars} characters; at most {MAX_USERNAME_CHARS}"
            ),
        ))
    } else if username.chars().any(char::is_whitespace) {
        Err(Reason::new(
            format!("用户名“{username}”中有空格"),
            format!("the username {username:?} has a space in it"),
        ))
    } else {
        Ok(())
    }
}

/// A role by its wire name (any case) or one of its Chinese names.
fn parse_role(text: &str) -> Result<Role, Reason> {
    let wire = text.to_lowercase();
    if let Some(role) = Role::ALL.into_iter().find(|r| r.as_str() == wire) {
        return Ok(role);
    }
    if let Some((role, _)) = ROLE_NAMES_ZH
        .iter()
        .find(|(_, names)| names.contains(&text))
    {
        return Ok(*role);
    }
    let en: Vec<String> = ROLE_NAMES_ZH
        .iter()
        .map(|(role, names)| format!("{} / {}", role.as_str(), names.join(" / ")))
        .collect();
    let en = en.join(", ");
    // In Chinese the Chinese names alone, the English ones by example.
    let zh: Vec<String> = ROLE_NAMES_ZH
        .iter()
        .map(|(_, names)| names.join("/"))
        .collect();
    let zh = format!(
        "{}；也可填英文名，如 {}",
        zh.join("、"),
        Role::FullTimeGridWorker.as_str()
    );
    Err(if text.is_empty() {
        Reason::new(
            format!("角色为空（可填：{zh}）"),
            format!("the role is empty (one of: {en})"),
        )
    } else {
        Reason::new(
            format!("未知角色“{text}”（可填：{zh}）"),
            format!("unknown role {text:?} (one of: {en})"),
        )
    })
}

/// The levels an area can be, by the length of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    District,
    Street,
    Community,
    Grid,
}

impl Level {
    fn of(code: &str) -> Option<Level> {
        match code.chars().count() {
            DistrictCode::LEN => Some(Level::District),
            StreetCode::LEN => Some(Level::Street),
            CommunityCode::LEN => Some(Level::Community),
            GridCode::LEN => Some(Level::Grid),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::Street => "street",
            Level::Community => "community",
            Level::Grid => "grid",
        }
    }

    fn name_zh(self) -> &'static str {
        match self {
            Level::District => "区",
            Level::Street => "街道",
            Level::Community => "社区",
            Level::Grid => "网格",
        }
    }

    fn digits(self) -> usize {
        match self {
            Level::District => DistrictCode::LEN,
            Level::Street => StreetCode::LEN,
            Level::Community => CommunityCode::LEN,
            Level::Grid => GridCode::LEN,
        }
    }

    /// `code` as an area of this level that the hierarchy holds.
    fn stored(self, code: &str, hierarchy: &Hierarchy) -> Result<Scope, Reason> {
        let absent = || {
            Reason::new(
                format!("{} {code} 不在区划中（请先导入街道与社区）", self.name_zh()),
                format!(
                    "{} {code} is not stored (import the hierarchy first)",
                    self.name()
                ),
            )
        };
        match self {
            Level::District => {
                let c = DistrictCode::parse(code)?;
                hierarchy.district(&c).ok_or_else(absent)?;
                Ok(Scope::District(c))
            }
            Level::Street => {
                let c = StreetCode::parse(code)?;
                hierarchy.street(&c).ok_or_else(absent)?;
                Ok(Scope::Street(c))
            }
            Level::Community => {
                let c = CommunityCode::parse(code)?;
                hierarchy.community(&c).ok_or_else(absent)?;
                Ok(Scope::Community(c))
            }
            Level::Grid => {
                let c = stored_grid(code, hierarchy)?;
                Ok(Scope::Grids(vec![c]))
            }
        }
    }
}

fn stored_grid(code: &str, hierarchy: &Hierarchy) -> Result<GridCode, Reason> {
    let grid = GridCode::parse(code)?;
    match hierarchy.grid(&grid) {
        Some(_) => Ok(grid),
        None => Err(Reason::grid_not_stored(&grid)),
    }
}

/// What separates the grids of a grid worker's area.
fn separator(c: char) -> bool {
    matches!(c, ';' | ',' | '，' | '；' | '、') || c.is_whitespace()
}

/// `code` as a stored district, street or community (an organisation's area).
pub(crate) fn stored_area(code: &str, hierarchy: &Hierarchy) -> Result<Scope, Reason> {
    match Level::of(code) {
        Some(level) if level != Level::Grid => level.stored(code, hierarchy),
        _ => Err(Reason::new(
            format!("“{code}”不是区（6位）、街道（9位）或社区（12位）的编码"),
            format!(
                "{code:?} is not the code of a district (6 digits), street (9) or community (12)"
            ),
        )),
    }
}

/// The stored, active organisation a department handler's `area` cell names.
fn organisation_of<'p>(area: &str, places: Places<'p>) -> Result<&'p Organisation, Reason> {
    if area.is_empty() {
        return Err(Reason::new(
            "区域为空：部门处置员的区域应为其单位编码",
            "the area is empty: a department handler's area is their organisation's code",
        ));
    }
    let code = OrgCode::parse(area)?;
    match places.organisations.iter().find(|o| o.code == code) {
        Some(o) if o.retired => Err(Reason::new(
            format!("单位 {code}（{}）已撤销", o.name),
            format!("organisation {code} ({}) is retired", o.name),
        )),
        Some(o) => Ok(o),
        None => Err(Reason::new(
            format!("单位 {code} 不存在（请先导入单位）"),
            format!("organisation {code} is not stored (import the organisations first)"),
        )),
    }
}

/// The scope the `area` cell gives a person of `role`, or every reason it does not.
fn scope_of(role: Role, area: &str, hierarchy: &Hierarchy) -> Result<Scope, Vec<Reason>> {
    let wants: &[Level] = match role {
        Role::FullTimeGridWorker | Role::PartTimeGridWorker => &[Level::Grid],
        Role::InformationReporter => &[Level::Community, Level::Street, Level::District],
        Role::CommunityDispatcher => &[Level::Community],
        Role::StreetDispatcher => &[Level::Street],
        Role::DistrictCommander | Role::Administrator => &[Level::District],
        // Read by `organisation_of`; no area of the hierarchy is theirs.
        Role::DepartmentHandler => &[],
    };
    let listed = |each: &dyn Fn(Level) -> String, comma: &str, or: &str| match wants
        .iter()
        .map(|l| each(*l))
        .collect::<Vec<_>>()
        .as_slice()
    {
        [rest @ .., last] if !rest.is_empty() => format!("{}{or}{last}", rest.join(comma)),
        all => all.join(""),
    };
    let needs = Reason::new(
        listed(
            &|l| format!("{}（{}位）", l.name_zh(), l.digits()),
            "、",
            "或",
        ),
        listed(
            &|l| format!("a {} ({} digits)", l.name(), l.digits()),
            ", ",
            " or ",
        ),
    );
    let (role_zh, role_en) = (role.name_zh(), role.with_article());
    let codes: Vec<&str> = area.split(separator).filter(|c| !c.is_empty()).collect();
    if codes.is_empty() {
        let needs = if role.is_grid_worker() {
            Reason::new(
                "一个或多个网格（每个15位）",
                "one or more grids (15 digits each)",
            )
        } else {
            needs
        };
        return Err(vec![Reason::new(
            format!("区域为空：{role_zh}的区域应为{}", needs.zh),
            format!("the area is empty: {role_en} works in {}", needs.en),
        )]);
    }
    if role.is_grid_worker() {
        let mut grids = Vec::new();
        let mut reasons = Vec::new();
        for code in codes {
            match stored_grid(code, hierarchy) {
                Ok(grid) if !grids.contains(&grid) => grids.push(grid),
                Ok(_) => {}
                Err(reason) => reasons.push(reason),
            }
        }
        return if reasons.is_empty() {
            Ok(Scope::Grids(grids))
        } else {
            Err(reasons)
        };
    }
    if codes.len() > 1 {
        let n = codes.len();
        return Err(vec![Reason::new(
            format!(
                "“{area}”填了{n}个区域；{role_zh}只在一个区域工作：{}",
                needs.zh
            ),
            format!(
                "{area:?} names {n} areas; {role_en} works in one: {}",
                needs.en
            ),
        )]);
    }
    let one = |r: Result<Scope, Reason>| r.map_err(|why| vec![why]);
    match (Level::of(area), wants) {
        (Some(level), _) if wants.contains(&level) => one(level.stored(area, hierarchy)),
        (Some(level), _) => Err(vec![Reason::new(
            format!(
                "{area} 是{}编码；{role_zh}的区域应为{}",
                level.name_zh(),
                needs.zh
            ),
            format!(
                "{area} is a {} code: {role_en} works in {}",
                level.name(),
                needs.en
            ),
        )]),
        // The one level it should be says how the code is wrong.
        (None, [level]) => one(level.stored(area, hierarchy)),
        (None, _) => Err(vec![Reason::new(
            format!("“{area}”不是{}的编码", needs.zh),
            format!("{area:?} is not the code of {}", needs.en),
        )]),
    }
}

/// A Chinese phone number as stored: a mobile's 11 digits (`+86`/`86`, spaces and hyphens
/// dropped), a landline as `0AAA-NNNNNNN` (area code `0` + 2–3 digits, number 7–8 digits).
pub fn parse_phone(text: &str) -> Result<String, Reason> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let mobile = [
        Some(compact.as_str()),
        compact.strip_prefix("+86"),
        compact.strip_prefix("86"),
    ]
    .into_iter()
    .flatten()
    .find(|m| is_mobile(m));
    if let Some(m) = mobile {
        return Ok(m.to_string());
    }
    landline(text).ok_or_else(|| {
        Reason::new(
            format!(
                "“{text}”不是电话号码：手机号应为11位数字，以1开头；固定电话为区号加号码，\
                 如 0335-3012345"
            ),
            format!(
                "{text:?} is not a phone number (a mobile 1XXXXXXXXXX or a landline \
                 0XX-XXXXXXXX)"
            ),
        )
    })
}

fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

/// `0` + a 2–3 digit area code + 7–8 digits, the hyphen between them optional: without
/// it, area codes beginning 1 or 2 (010 Beijing, 020–029) have two digits, the others
/// three.
fn landline(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (area, number) = match compact.split_once('-') {
        Some((area, number)) => (area, number),
        None => {
            let second = compact.as_bytes().get(1)?;
            let len = if matches!(*second, b'1' | b'2') { 3 } else { 4 };
            (compact.get(..len)?, compact.get(len..)?)
        }
    };
    let fits = area.starts_with('0')
        && (3..=4).contains(&area.len())
        && digits(area)
        && (7..=8).contains(&number.len())
        && digits(number);
    fits.then(|| format!("{area}-{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_stored_in_one_form() {
        for (typed, stored) in [
            ("13803350001", "13803350001"),
            ("138 0335 0001", "13803350001"),
            ("138-0335-0001", "13803350001"),
            ("+86 138 0335 0001", "13803350001"),
            ("8613803350001", "13803350001"),
            ("0335-3012345", "0335-3012345"),
            ("03353012345", "0335-3012345"),
            ("010-12345678", "010-12345678"),
            ("01012345678", "010-12345678"),
            ("021 6123 4567", "021-61234567"),
        ] {
            assert_eq!(parse_phone(typed).as_deref(), Ok(stored), "{typed}");
        }
        for wrong in [
            "12803350001",
            "1380335000",
            "138033500012",
            "3353012345",
            "0335-30123",
            "0335-301234567",
            "03-12345678",
            "0335-301-2345",
            "电话 13803350001",
        ] {
            let e = parse_phone(wrong).unwrap_err();
            assert!(e.en.contains("is not a phone number"), "{wrong}: {e}");
            assert!(
                e.zh.contains(&format!("“{wrong}”不是电话号码")),
                "{wrong}: {e}"
            );
        }
    }

    #[test]
    fn roles_read_by_wire_name_or_in_chinese() {
        for role in Role::ALL {
            assert_eq!(parse_role(role.as_str()), Ok(role));
            assert_eq!(parse_role(&role.as_str().to_uppercase()), Ok(role));
            assert_eq!(parse_role(role.name_zh()), Ok(role), "{}", role.name_zh());
        }
        assert_eq!(parse_role("社区受理员"), Ok(Role::CommunityDispatcher));
        assert_eq!(parse_role("指挥中心"), Ok(Role::DistrictCommander));
        assert_eq!(parse_role("管理员"), Ok(Role::Administrator));
    }
}
