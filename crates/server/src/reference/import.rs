//! The directory: people who sign in (the administrator made on first start among them)
//! and the grids they work in. Used by the first start, the demo and tools; grids are
//! re-indexed after every import.

use domain::{Person, PersonId, Role, Scope};
use protocol::GridView;

use crate::error::{Error, Result};
use crate::password::random_password;
use crate::state::AppState;
use crate::store::PersonRecord;

/// Creates a person who signs in with `username` and `password` (hashed with argon2id).
pub async fn create_person(
    state: &AppState,
    username: &str,
    password: &str,
    person: Person,
    phone: Option<String>,
) -> Result<PersonRecord> {
    let username = username.trim().to_string();
    if username.is_empty() || username.chars().count() > 64 {
        return Err(Error::bad_request(
            "bad_username",
            "user names have 1 to 64 characters",
        ));
    }
    crate::password::check_policy(&username, password)?;
    let passwords = state.passwords().clone();
    let pw = password.to_string();
    let password_hash = tokio::task::spawn_blocking(move || passwords.hash(&pw))
        .await
        .map_err(|e| Error::Internal(format!("password task: {e}")))??;
    let record = PersonRecord {
        person,
        username,
        password_hash,
        phone,
    };
    let now = state.now_ms();
    let r = record.clone();
    state
        .write(move |tx| {
            if tx.person_by_username(&r.username)?.is_some() {
                return Err(Error::conflict(
                    "username_taken",
                    format!("{} exists", r.username),
                ));
            }
            crate::reference::feed::put_person(tx, &r, now)
        })
        .await?;
    Ok(record)
}

/// Stores grids (new or changed), publishes them, and rebuilds the grid index.
pub async fn import_grids(state: &AppState, grids: Vec<GridView>) -> Result<()> {
    let now = state.now_ms();
    let views = grids.clone();
    state
        .write(move |tx| crate::reference::feed::put_grids(tx, &views, now))
        .await?;
    reindex(state).await
}

/// Rebuilds the grid index and the named areas after grids changed, and tells devices.
pub async fn reindex(state: &AppState) -> Result<()> {
    let st = state.clone();
    tokio::task::spawn_blocking(move || {
        st.reload_grids()?;
        st.reload_hierarchy()
    })
    .await
    .map_err(|e| Error::Internal(format!("grid index task: {e}")))??;
    state.reference_changed();
    state.hint();
    Ok(())
}

/// Stores buildings (new or changed) and publishes them to their grids.
pub async fn import_buildings(
    state: &AppState,
    buildings: Vec<protocol::BuildingView>,
) -> Result<()> {
    let now = state.now_ms();
    state
        .write(move |tx| crate::reference::feed::put_buildings(tx, &buildings, now))
        .await?;
    state.hint();
    Ok(())
}

/// Views of a gridmap grid set, ready to import.
pub fn grid_views(set: &gridmap::GridSet) -> Result<Vec<GridView>> {
    set.iter().map(crate::reference::feed::grid_view).collect()
}

/// What the first start did about the administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminBootstrap {
    /// Nobody existed; this administrator was made. `password` is set when it was
    /// generated (print it once), `None` when it came from the configuration.
    Created {
        username: String,
        password: Option<String>,
    },
    AlreadyThere,
}

/// On an empty store, creates the administrator (district scope: Haigang's district
/// unless the hierarchy says otherwise).
pub async fn bootstrap_admin(
    state: &AppState,
    district: domain::DistrictCode,
) -> Result<AdminBootstrap> {
    let count = state.read(|tx| tx.person_count()).await?;
    if count > 0 {
        return Ok(AdminBootstrap::AlreadyThere);
    }
    let username = state.config().admin_username.clone();
    let (password, generated) = match &state.config().admin_password {
        Some(p) => (p.expose().to_string(), false),
        None => (random_password(), true),
    };
    crate::password::check_policy(&username, &password)
        .map_err(|e| Error::Config(format!("admin_password: {e}")))?;
    let passwords = state.passwords().clone();
    let pw = password.clone();
    let hash = tokio::task::spawn_blocking(move || passwords.hash(&pw))
        .await
        .map_err(|e| Error::Internal(format!("password task: {e}")))??;
    let person = Person::new(
        PersonId::random(),
        "Administrator",
        Role::Administrator,
        Scope::District(district),
    )
    .map_err(|e| Error::Internal(e.to_string()))?;
    let record = PersonRecord {
        person,
        username: username.clone(),
        password_hash: hash,
        phone: None,
    };
    let now = state.now_ms();
    state
        .write(move |tx| crate::reference::feed::put_person(tx, &record, now))
        .await?;
    Ok(AdminBootstrap::Created {
        username,
        password: generated.then_some(password),
    })
}
