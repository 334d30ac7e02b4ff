//! The demo district: Haigang's hierarchy, its 941 demo grids with their buildings, a
//! worker per grid, a dispatcher per community and street, a commander, an
//! administrator, four departments and a property company with two handlers each (the
//! component categories routed to them), and some cases in different states; all but the cases imported from the
//! files in `fixtures/` (see `files`). Seeding is idempotent: a second start on the same data
//! directory finds the demo there and changes nothing.

pub mod files;

use domain::{CaseId, CommunityCode};
use protocol::{CaseAction, Command};

use crate::error::{Error, Result};
use crate::state::AppState;

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
        (
            "department handler (海港区城市管理局)".to_string(),
            "cg1".to_string(),
        ),
    ];
    // The demo district comes in through the same import as any district's files: first
    // its hierarchy (every start: a no-op once stored), then, on the first start only, its
    // grids, buildings and people.
    let [hierarchy_file, rest @ ..] = &crate::demo::files::FIXTURES;
    import_fixture(state, hierarchy_file).await?;
    let present = state.read(|tx| tx.person_by_username("commander")).await?;
    if present.is_some() {
        return Ok(DemoLogins {
            created: false,
            accounts,
        });
    }
    tracing::info!("seeding the Haigang demo district");
    crate::reference::import::bootstrap_admin(state, district).await?;
    for fixture in rest {
        import_fixture(state, fixture).await?;
    }
    demo_passwords(state).await?;
    let grids = gridmap::GridSet::from_geojson(
        crate::demo::files::FIXTURES[1].2,
        &gridmap::ImportOptions::default(),
    )
    .map_err(|e| Error::Internal(format!("demo grids: {e}")))?;
    seed_cases(state, &grids).await?;
    Ok(DemoLogins {
        created: true,
        accounts,
    })
}

/// Imports one of the demo's files as the service (the same path as an administrator's).
async fn import_fixture(state: &AppState, (kind, file, text): &(&str, &str, &str)) -> Result<()> {
    let name = format!("fixtures/{file}");
    crate::reference::imports::import_by_service(state, kind, &name, text.as_bytes()).await?;
    Ok(())
}

/// Gives every imported account without a password the printed demo password (one hash
/// for all of them: they share it).
async fn demo_passwords(state: &AppState) -> Result<()> {
    let passwords = state.passwords().clone();
    let hash = tokio::task::spawn_blocking(move || passwords.hash(DEMO_PASSWORD))
        .await
        .map_err(|e| Error::Internal(format!("password task: {e}")))??;
    state
        .write(move |tx| {
            for (mut record, _) in tx.persons_all()? {
                if record.password_hash == crate::password::NO_PASSWORD {
                    record.password_hash = hash.clone();
                    tx.person_update(&record)?;
                }
            }
            Ok(())
        })
        .await
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
                // Cases the catalogue routes (to the grid's worker, to a department) were
                // dispatched on arrival; the others wait for the dispatcher.
                let reported = record.case.state == domain::CaseState::Reported;
                let steps: &[CaseAction] = match i % 6 {
                    1 if reported => &[CaseAction::Accept],
                    2..=4 if reported => &[
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
                // Whoever has the task works it: the grid's worker or a department's handler.
                let assignee = match tx.case_get(id)?.and_then(|r| r.case.assignee) {
                    Some(p) => tx.person_get(p)?.map_or(worker.person.clone(), |r| r.person),
                    None => continue,
                };
                for (name, args) in worker_steps {
                    let cmd = Command::parse(name, &args).map_err(|e| Error::Internal(e.to_string()))?;
                    crate::caseloop::apply_command(tx, &st, &assignee, cmd, st.now_ms())?;
                }
            }
            Ok(())
        })
        .await
}
