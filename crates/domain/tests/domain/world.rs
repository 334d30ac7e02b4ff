//! A small world on the real Haigang hierarchy: two streets, four communities, grids, and
//! people of every role, plus helpers to report and drive cases.

use domain::case::SelfResolution;
use domain::category::default_catalogue;
use domain::{
    Action, Case, Category, CategoryCode, CommunityCode, Grid, GridCode, Hierarchy, Location,
    OrgCode, OrgKind, Organisation, Person, PersonId, PhotoHash, Priority, Report, Role, Scope,
    StreetCode, Timestamp, fixtures,
};
use uuid::Uuid;

/// 2025-03-01T00:00:00Z.
pub const T0: i64 = 1_740_787_200_000;

/// `minutes` after T0.
pub fn at(minutes: i64) -> Timestamp {
    Timestamp::from_millis(T0 + minutes * 60_000)
}

pub fn photo(n: u8) -> PhotoHash {
    PhotoHash::parse(&format!("{n:02x}").repeat(32)).unwrap()
}

pub struct World {
    pub hierarchy: Hierarchy,
    pub category: Category,
    /// 文化路街道 130302001: communities 红旗里 (001) and 河涧里 (002).
    pub street_a: StreetCode,
    pub communities: Vec<CommunityCode>,
    /// Two grids in each community, community-major order.
    pub grids: Vec<GridCode>,
    pub people: Vec<Person>,
}

/// An organisation serving `area`.
pub fn org(code: &str, name: &str, kind: OrgKind, area: Scope) -> Organisation {
    let o = Organisation {
        code: OrgCode::parse(code).unwrap(),
        name: name.to_owned(),
        kind,
        area,
        party_branch: None,
        phone: None,
        retired: false,
    };
    o.validate().unwrap();
    o
}

pub fn id(n: u128) -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(n))
}

impl World {
    pub fn new() -> Self {
        let mut hierarchy = fixtures::haigang();
        let communities: Vec<CommunityCode> = [
            "130302001001",
            "130302001002",
            "130302002005",
            "130302002014",
        ]
        .iter()
        .map(|c| CommunityCode::parse(c).unwrap())
        .collect();
        let mut grids = Vec::new();
        for c in &communities {
            for n in 1..=2 {
                let code = c.grid(n).unwrap();
                let name = format!("{}第{n}网格", hierarchy.community_name(c));
                hierarchy.add_grid(Grid { code, name }).unwrap();
                grids.push(code);
            }
        }
        let street_a = StreetCode::parse("130302001").unwrap();
        let district = street_a.district();
        let p = |n, name: &str, role, scope| Person::new(id(n), name, role, scope).unwrap();
        let people = vec![
            p(
                1,
                "王网格",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![grids[0]]),
            ),
            p(
                2,
                "李兼职",
                Role::PartTimeGridWorker,
                Scope::Grids(vec![grids[1], grids[2]]),
            ),
            p(
                3,
                "赵网格",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![grids[4]]),
            ),
            p(
                4,
                "快递员小陈",
                Role::InformationReporter,
                Scope::District(district),
            ),
            p(
                5,
                "红旗里派遣员",
                Role::CommunityDispatcher,
                Scope::Community(communities[0]),
            ),
            p(
                6,
                "铁路里派遣员",
                Role::CommunityDispatcher,
                Scope::Community(communities[2]),
            ),
            p(
                7,
                "文化路派遣员",
                Role::StreetDispatcher,
                Scope::Street(street_a),
            ),
            p(
                8,
                "海滨路派遣员",
                Role::StreetDispatcher,
                Scope::Street(StreetCode::parse("130302002").unwrap()),
            ),
            p(
                9,
                "区指挥中心",
                Role::DistrictCommander,
                Scope::District(district),
            ),
            p(10, "管理员", Role::Administrator, Scope::District(district)),
            p(
                11,
                "孙网格",
                Role::FullTimeGridWorker,
                Scope::Grids(vec![grids[5]]),
            ),
            Person::handler(
                id(12),
                "城管队员老周",
                &org(
                    "cg",
                    "区城管局",
                    OrgKind::Department,
                    Scope::District(district),
                ),
            )
            .unwrap(),
            Person::handler(
                id(13),
                "文化路物业小吴",
                &org(
                    "wh-wy",
                    "文化路物业",
                    OrgKind::PropertyCompany,
                    Scope::Street(street_a),
                ),
            )
            .unwrap(),
        ];
        let category = default_catalogue()
            .get(&CategoryCode::parse("5101").unwrap())
            .unwrap()
            .clone();
        Self {
            hierarchy,
            category,
            street_a,
            communities,
            grids,
            people,
        }
    }

    pub fn person(&self, n: u128) -> &Person {
        self.people.iter().find(|p| p.id == id(n)).unwrap()
    }

    pub fn worker_a(&self) -> &Person {
        self.person(1)
    }
    pub fn worker_b(&self) -> &Person {
        self.person(2)
    }
    pub fn worker_c(&self) -> &Person {
        self.person(3)
    }
    pub fn courier(&self) -> &Person {
        self.person(4)
    }
    pub fn hongqili(&self) -> &Person {
        self.person(5)
    }
    pub fn tielili(&self) -> &Person {
        self.person(6)
    }
    pub fn wenhualu(&self) -> &Person {
        self.person(7)
    }
    pub fn haibinlu(&self) -> &Person {
        self.person(8)
    }
    pub fn commander(&self) -> &Person {
        self.person(9)
    }
    pub fn admin(&self) -> &Person {
        self.person(10)
    }

    /// A report in `grid` (its community follows), optionally fixed on the spot.
    pub fn report_in(&self, grid: GridCode, self_resolved: bool, case_no: u128) -> Report {
        Report {
            id: domain::CaseId::from_uuid(Uuid::from_u128(1_000 + case_no)),
            priority: Priority::Normal,
            community: grid.community(),
            grid: Some(grid),
            location: Location::new(119.60, 39.94).unwrap(),
            address: "人民里12号楼东侧".to_owned(),
            description: "垃圾桶旁堆放生活垃圾".to_owned(),
            photos: vec![photo(1)],
            self_resolution: self_resolved.then(|| SelfResolution {
                photos: vec![photo(2)],
                note: "已清理".to_owned(),
            }),
        }
    }

    /// A case reported by `reporter` in grid 0 (红旗里第1网格) at T0.
    pub fn reported_by(&self, reporter: &Person) -> Case {
        Case::report(
            reporter,
            self.report_in(self.grids[0], false, 0),
            &self.category,
            at(0),
        )
        .unwrap()
        .0
    }

    /// A case in grid 0 reported by the courier, accepted and dispatched to worker A.
    pub fn dispatched(&self) -> Case {
        let mut case = self.reported_by(self.courier());
        case.apply(self.hongqili(), Action::AcceptCase, at(10))
            .unwrap();
        case.apply(
            self.hongqili(),
            Action::Dispatch {
                assignee: self.worker_a().clone(),
                deadline: at(600),
            },
            at(20),
        )
        .unwrap();
        case
    }

    /// As [`World::dispatched`], then resolved by worker A at minute 100.
    pub fn resolved(&self) -> Case {
        let mut case = self.dispatched();
        case.apply(self.worker_a(), Action::Start, at(30)).unwrap();
        case.apply(
            self.worker_a(),
            Action::Resolve {
                photos: vec![photo(3)],
                note: "清运完毕".into(),
            },
            at(100),
        )
        .unwrap();
        case
    }
}
