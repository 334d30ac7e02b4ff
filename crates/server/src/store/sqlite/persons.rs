//! People who sign in, on SQLite: the domain `Person` as a JSON document plus the login.

use domain::{Person, PersonId, Role};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{SqliteTx, from_json, to_json};
use crate::error::Result;
use crate::store::{PersonRecord, PersonRepo};

/// The stored document: the domain person and the contact shown on placards.
#[derive(Serialize, Deserialize)]
struct Doc {
    person: Person,
    phone: Option<String>,
}

fn row_to_record(username: String, password_hash: String, data: &str) -> Result<PersonRecord> {
    let doc: Doc = from_json(data)?;
    Ok(PersonRecord {
        person: doc.person,
        username,
        password_hash,
        phone: doc.phone,
    })
}

const COLUMNS: &str = "SELECT username, password_hash, data FROM persons";

impl PersonRepo for SqliteTx<'_> {
    fn person_insert(&mut self, r: &PersonRecord, now: i64) -> Result<()> {
        let doc = Doc {
            person: r.person.clone(),
            phone: r.phone.clone(),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO persons (id, username, password_hash, role, data, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                r.person.id.to_string(),
                r.username,
                r.password_hash,
                r.person.role.as_str(),
                to_json(&doc)?,
                now
            ])?;
        Ok(())
    }

    fn person_update(&mut self, r: &PersonRecord) -> Result<()> {
        let doc = Doc {
            person: r.person.clone(),
            phone: r.phone.clone(),
        };
        let n = self
            .tx
            .prepare_cached(
                "UPDATE persons SET username = ?2, password_hash = ?3, role = ?4, data = ?5
                 WHERE id = ?1",
            )?
            .execute(params![
                r.person.id.to_string(),
                r.username,
                r.password_hash,
                r.person.role.as_str(),
                to_json(&doc)?
            ])?;
        if n == 0 {
            return Err(crate::error::Error::not_found(format!(
                "no person {}",
                r.person.id
            )));
        }
        Ok(())
    }

    fn person_deactivate(&mut self, id: PersonId, now: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE persons SET deactivated_at = coalesce(deactivated_at, ?2) WHERE id = ?1",
            )?
            .execute(params![id.to_string(), now])?;
        Ok(())
    }

    fn person_deactivated_at(&mut self, id: PersonId) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT deactivated_at FROM persons WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get::<_, Option<i64>>(0))
            .optional()?
            .flatten())
    }

    fn person_set_password(&mut self, id: PersonId, hash: &str, must_change: bool) -> Result<()> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE persons SET password_hash = ?2, must_change_password = ?3 WHERE id = ?1",
            )?
            .execute(params![id.to_string(), hash, must_change])?;
        if n == 0 {
            return Err(crate::error::Error::not_found(format!("no person {id}")));
        }
        Ok(())
    }

    fn person_must_change_password(&mut self, id: PersonId) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT must_change_password FROM persons WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get::<_, bool>(0))
            .optional()?
            .unwrap_or(false))
    }

    fn persons_all(&mut self) -> Result<Vec<(PersonRecord, Option<i64>)>> {
        let rows = self
            .tx
            .prepare_cached(
                "SELECT username, password_hash, data, deactivated_at FROM persons ORDER BY username",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<(String, String, String, Option<i64>)>>>()?;
        rows.into_iter()
            .map(|(u, h, d, off)| Ok((row_to_record(u, h, &d)?, off)))
            .collect()
    }

    fn person_by_username(&mut self, username: &str) -> Result<Option<PersonRecord>> {
        let row: Option<(String, String, String)> = self
            .tx
            .query_row(&format!("{COLUMNS} WHERE username = ?1"), [username], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        row.map(|(u, h, d)| row_to_record(u, h, &d)).transpose()
    }

    fn person_get(&mut self, id: PersonId) -> Result<Option<PersonRecord>> {
        let row: Option<(String, String, String)> = self
            .tx
            .query_row(&format!("{COLUMNS} WHERE id = ?1"), [id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        row.map(|(u, h, d)| row_to_record(u, h, &d)).transpose()
    }

    fn persons_with_role(&mut self, role: Role) -> Result<Vec<PersonRecord>> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!("{COLUMNS} WHERE role = ?1 ORDER BY username"))?;
        let rows = stmt
            .query_map([role.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<(String, String, String)>>>()?;
        rows.into_iter()
            .map(|(u, h, d)| row_to_record(u, h, &d))
            .collect()
    }

    fn person_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM persons", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
