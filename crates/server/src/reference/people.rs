//! The people import: a table of user names, names, roles, areas (grids for grid workers,
//! a community, street or district otherwise), phones and optional first passwords,
//! checked against the stored hierarchy, then stored by user name (new people created,
//! known ones updated) and published. Without a password a person signs in by an
//! enrollment code.

use domain::PersonId;

use super::imports::{self, Checked, Planned};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{AdminAuditEntry, PersonRecord};

/// A person to store: the new record and, for a known user name, the stored one.
pub type Change = (PersonRecord, Option<PersonRecord>);

/// Checks the people table `bytes`: the people it creates or changes, or every problem.
pub async fn check(
    state: &AppState,
    file_name: &str,
    bytes: &[u8],
) -> Result<Checked<Vec<Change>>> {
    let sheets = match imports::sheets(file_name, bytes) {
        Ok(s) => s,
        Err(p) => return Ok(Err(p)),
    };
    let policy = |username: &str, password: &str| {
        crate::password::policy_problem(username, password).map_or(Ok(()), Err)
    };
    let (hierarchy, organisations) = (state.hierarchy(), state.organisations());
    let places = tables::people::Places {
        hierarchy: &hierarchy,
        organisations: &organisations,
    };
    let rows = match tables::people::check(&sheets, places, &policy) {
        Ok(rows) => rows,
        Err(p) => return Ok(Err(p)),
    };
    let (stored, rows) = state
        .read(move |tx| {
            let stored = rows
                .iter()
                .map(|r| tx.person_by_username(&r.username))
                .collect::<Result<Vec<_>>>()?;
            Ok((stored, rows))
        })
        .await?;
    let (mut created, mut updated, mut unchanged) = (0, 0, 0);
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let mut changes = Vec::new();
    for (old, row) in stored.into_iter().zip(rows) {
        let id = old.as_ref().map_or_else(PersonId::random, |o| o.person.id);
        let person = crate::person_form::person_of_row(id, &row, state)?;
        let password_hash = match (&row.password, &old) {
            (Some(p), _) => hash(state, p).await?,
            (None, Some(o)) => o.password_hash.clone(),
            (None, None) => crate::password::NO_PASSWORD.to_string(),
        };
        let record = PersonRecord {
            person,
            username: row.username,
            password_hash,
            phone: row.phone,
        };
        match &old {
            Some(o)
                if row.password.is_none()
                    && o.person == record.person
                    && o.phone == record.phone =>
            {
                unchanged += 1;
                continue;
            }
            Some(o) => {
                updated += 1;
                before.push(serde_json::to_value(crate::wire::person_view(o))?);
            }
            None => created += 1,
        }
        after.push(serde_json::to_value(crate::wire::person_view(&record))?);
        changes.push((record, old));
    }
    Ok(Ok(Planned {
        created,
        updated,
        unchanged,
        retired: 0,
        moved: 0,
        plan: changes,
        before: before.into(),
        after: after.into(),
    }))
}

async fn hash(state: &AppState, password: &str) -> Result<String> {
    let passwords = state.passwords().clone();
    let password = password.to_string();
    tokio::task::spawn_blocking(move || passwords.hash(&password))
        .await
        .map_err(|e| Error::Internal(format!("password task: {e}")))?
}

/// Stores and publishes the people with the audit `entry` in one transaction.
pub async fn apply(state: &AppState, changes: Vec<Change>, entry: AdminAuditEntry) -> Result<()> {
    let now = state.now_ms();
    state
        .write(move |tx| {
            for (record, old) in &changes {
                match old {
                    None => super::feed::put_person(tx, record, now)?,
                    Some(old) => super::feed::update_person(tx, record, old, now)?,
                }
            }
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    state.hint();
    Ok(())
}
