//! The demo district: Haigang's hierarchy, its 941 demo grids with their buildings, a
//! worker per grid, a dispatcher per community and street, a commander, an
//! administrator, and some cases in different states. Seeding is idempotent: a second start on the same data
//! directory finds the demo there and changes nothing.

use domain::{CaseId, CommunityCode, Person, PersonId, Role, Scope};
use protocol::{CaseAction, Command};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::PersonRecord;

/// The password of every demo account (printed by `wangge demo`).
pub const DEMO_PASSWORD: &str = "wangge-demo";
/// The seed of the demo grids.
pub const GRID_SEED: u64 = 2026;

/// Accounts to print: (role, user name).
#[derive(Debug, Clone)]
pub struct DemoLogins {
    pub created: bool,
    pub accounts: Vec<(String, String)>,
}

fn person(name: String, role: Role, scope: Scope) -> Result<Person> {
    Person::new(PersonId::random(), name, role, scope).map_err(|e| Error::Internal(e.to_string()))
}

/// Seeds the demo into an empty (or administrator-only) store.
pub async fn seed(state: &AppState) -> Result<DemoLogins> {
    let hierarchy = domain::fixtures::haigang();
    let district = hierarchy
        .districts()
        .next()
        .map(|d| d.code)
        .ok_or_else(|| Error::Internal("the Haigang fixture has no district".into()))?;
    let first_community: CommunityCode = hierarchy
        .communities()
        .map(|c| c.code)
        .min()
        .ok_or_else(|| Error::Internal("no communities".into()))?;
    let accounts = vec![
        ("administrator".to_string(), "admin".to_string()),
        ("district commander".to_string(), "commander".to_string()),
        (
            "street dispatcher (文化路街道)".to_string(),
            format!("s{}", first_community.street().as_str()),
        ),
        (
            "community dispatcher (红旗里社区)".to_string(),
            format!("c{}", first_community.as_str()),
        ),
        (
            "grid worker (its grid 001)".to_string(),
            format!("w{}001", first_community.as_str()),
        ),
        ("information reporter".to_string(), "reporter".to_string()),
    ];
    // The demo district comes in through the same import as any district's files.
    crate::reference::imports::import_by_service(
        state,
        "hierarchy",
        "fixtures/haigang-hierarchy.csv",
        domain::fixtures::HAIGANG_CSV.as_bytes(),
    )
    .await?;
    let present = state.read(|tx| tx.person_by_username("commander")).await?;
    if present.is_some() {
        return Ok(DemoLogins {
            created: false,
            accounts,
        });
    }
    tracing::info!("seeding the Haigang demo district");
    crate::reference::import::bootstrap_admin(state, district).await?;

    let grids = gridmap::demo::haigang_grids(GRID_SEED)
        .map_err(|e| Error::Internal(format!("demo grids: {e}")))?;
    let views = crate::reference::import::grid_views(&grids)?;
    crate::reference::import::import_grids(state, views).await?;
    let buildings = gridmap::demo::buildings(&grids, GRID_SEED)
        .map_err(|e| Error::Internal(format!("demo buildings: {e}")))?
        .into_iter()
        .map(|b| {
            let grid = b.code.parent();
            protocol::BuildingView {
                name: format!("{}号楼", b.code.number()),
                code: b.code,
                grid,
                lon: b.lon,
                lat: b.lat,
            }
        })
        .collect();
    crate::reference::import::import_buildings(state, buildings).await?;

    // One hash for every demo account: they share the printed demo password.
    let passwords = state.passwords().clone();
    let hash = tokio::task::spawn_blocking(move || passwords.hash(DEMO_PASSWORD))
        .await
        .map_err(|e| Error::Internal(format!("password task: {e}")))??;
    let mut people: Vec<PersonRecord> = Vec::new();
    let mut add = |username: String, p: Person, phone: Option<String>| {
        people.push(PersonRecord {
            person: p,
            username,
            password_hash: hash.clone(),
            phone,
        });
    };
    add(
        "commander".into(),
        person(
            "指挥中心 Command".into(),
            Role::DistrictCommander,
            Scope::District(district),
        )?,
        None,
    );
    for street in hierarchy.streets() {
        add(
            format!("s{}", street.code.as_str()),
            person(
                format!("{} 派遣员", street.name),
                Role::StreetDispatcher,
                Scope::Street(street.code),
            )?,
            None,
        );
    }
    for community in hierarchy.communities() {
        add(
            format!("c{}", community.code.as_str()),
            person(
                format!("{} 受理员", community.name),
                Role::CommunityDispatcher,
                Scope::Community(community.code),
            )?,
            None,
        );
    }
    for (i, grid) in grids.iter().enumerate() {
        add(
            format!("w{}", grid.code.as_str()),
            person(
                format!("网格员 {:03}", i + 1),
                Role::FullTimeGridWorker,
                Scope::Grids(vec![grid.code]),
            )?,
            Some(format!("1380335{:04}", i + 1)),
        );
    }
    add(
        "reporter".into(),
        person(
            "信息员 Courier".into(),
            Role::InformationReporter,
            Scope::District(district),
        )?,
        None,
    );
    let now = state.now_ms();
    state
        .write(move |tx| {
            for p in &people {
                crate::reference::feed::put_person(tx, p, now)?;
            }
            Ok(())
        })
        .await?;
    seed_cases(state, &grids).await?;
    Ok(DemoLogins {
        created: true,
        accounts,
    })
}

/// A dozen cases in the first grids, at every step of the loop.
async fn seed_cases(state: &AppState, grids: &gridmap::GridSet) -> Result<()> {
    use geo::InteriorPoint;
    let st = state.clone();
    let picks: Vec<(domain::GridCode, (f64, f64))> = grids
        .iter()
        .take(12)
        .filter_map(|g| g.area.interior_point().map(|p| (g.code, (p.x(), p.y()))))
        .collect();
    state
        .write(move |tx| {
            let categories = ["0101", "0106", "5101", "0301", "5201", "0401"];
            for (i, (grid, (lon, lat))) in picks.iter().enumerate() {
                let worker = tx
                    .person_by_username(&format!("w{}", grid.as_str()))?
                    .ok_or_else(|| Error::Internal("demo worker missing".into()))?;
                let dispatcher = tx
                    .person_by_username(&format!("c{}", grid.community().as_str()))?
                    .ok_or_else(|| Error::Internal("demo dispatcher missing".into()))?;
                let id = CaseId::new();
                let args = serde_json::json!({
                    "case_id": id, "category": categories[i % categories.len()],
                    "priority": if i % 5 == 4 { "urgent" } else { "normal" },
                    "description": format!("演示案件 demo case {}", i + 1),
                    "lon": lon, "lat": lat, "photos": [],
                });
                let cmd = Command::parse("report.create", &args).map_err(|e| Error::Internal(e.to_string()))?;
                crate::caseloop::apply_command(tx, &st, &worker.person, cmd, st.now_ms())?;
                let Some(record) = tx.case_get(id)? else { continue };
                let steps: &[CaseAction] = match i % 6 {
                    0 => &[],
                    1 => &[CaseAction::Accept],
                    2..=4 if record.case.state == domain::CaseState::Reported => &[
                        CaseAction::Accept,
                        CaseAction::Dispatch { worker: worker.person.id, due_at: None },
                    ],
                    _ => &[],
                };
                for step in steps {
                    crate::caseloop::act(tx, &st, &dispatcher.person, id, step.clone())?;
                }
                let mut worker_steps = Vec::new();
                if i % 6 >= 3 && i % 6 <= 4 {
                    worker_steps.push(("task.start", serde_json::json!({"case_id": id})));
                }
                if i % 6 == 4 {
                    // Evidence whose photo has not arrived yet ("evidence pending").
                    let photo = "e".repeat(64);
                    worker_steps.push((
                        "task.resolve",
                        serde_json::json!({"case_id": id, "photos": [photo], "note": "已处理 fixed"}),
                    ));
                }
                for (name, args) in worker_steps {
                    let cmd = Command::parse(name, &args).map_err(|e| Error::Internal(e.to_string()))?;
                    crate::caseloop::apply_command(tx, &st, &worker.person, cmd, st.now_ms())?;
                }
            }
            Ok(())
        })
        .await
}
