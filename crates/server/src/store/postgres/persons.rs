//! People who sign in, on PostgreSQL: the domain `Person` as a JSON document plus the login.

use domain::{Person, PersonId, Role};
use postgres::Row;
use serde::{Deserialize, Serialize};

use super::{PgTx, from_json, to_json, unsigned};
use crate::error::{Error, Result};
use crate::store::{PersonRecord, PersonRepo};

/// The stored document: the domain person and the contact shown on placards (the same
/// document as on SQLite, so a move between the stores copies it as it is).
#[derive(Serialize, Deserialize)]
struct Doc {
    person: Person,
    phone: Option<String>,
}

fn doc(r: &PersonRecord) -> Result<String> {
    to_json(&Doc {
        person: r.person.clone(),
        phone: r.phone.clone(),
    })
}

/// A row of `COLUMNS` as a record.
fn record(row: &Row) -> Result<PersonRecord> {
    let data: String = row.try_get(2)?;
    let doc: Doc = from_json(&data)?;
    Ok(PersonRecord {
        person: doc.person,
        username: row.try_get(0)?,
        password_hash: row.try_get(1)?,
        phone: doc.phone,
    })
}

const COLUMNS: &str = "SELECT username, password_hash, data, deactivated_at FROM persons";

impl PersonRepo for PgTx<'_> {
    fn person_insert(&mut self, r: &PersonRecord, now: i64) -> Result<()> {
        self.execute(
            "INSERT INTO persons (id, username, password_hash, role, data, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &r.person.id.to_string(),
                &r.username,
                &r.password_hash,
                &r.person.role.as_str(),
                &doc(r)?,
                &now,
            ],
        )?;
        Ok(())
    }

    fn person_update(&mut self, r: &PersonRecord) -> Result<()> {
        let n = self.execute(
            "UPDATE persons SET username = $2, password_hash = $3, role = $4, data = $5
             WHERE id = $1",
            &[
                &r.person.id.to_string(),
                &r.username,
                &r.password_hash,
                &r.person.role.as_str(),
                &doc(r)?,
            ],
        )?;
        if n == 0 {
            return Err(Error::not_found(format!("no person {}", r.person.id)));
        }
        Ok(())
    }

    fn person_deactivate(&mut self, id: PersonId, now: i64) -> Result<()> {
        self.execute(
            "UPDATE persons SET deactivated_at = coalesce(deactivated_at, $2) WHERE id = $1",
            &[&id.to_string(), &now],
        )?;
        Ok(())
    }

    fn person_deactivated_at(&mut self, id: PersonId) -> Result<Option<i64>> {
        let at: Option<Option<i64>> = self.value(
            "SELECT deactivated_at FROM persons WHERE id = $1",
            &[&id.to_string()],
        )?;
        Ok(at.flatten())
    }

    fn person_set_password(&mut self, id: PersonId, hash: &str, must_change: bool) -> Result<()> {
        let n = self.execute(
            "UPDATE persons SET password_hash = $2, must_change_password = $3 WHERE id = $1",
            &[&id.to_string(), &hash, &must_change],
        )?;
        if n == 0 {
            return Err(Error::not_found(format!("no person {id}")));
        }
        Ok(())
    }

    fn person_must_change_password(&mut self, id: PersonId) -> Result<bool> {
        let must: Option<bool> = self.value(
            "SELECT must_change_password FROM persons WHERE id = $1",
            &[&id.to_string()],
        )?;
        Ok(must.unwrap_or(false))
    }

    fn persons_all(&mut self) -> Result<Vec<(PersonRecord, Option<i64>)>> {
        let rows = self.query(&format!("{COLUMNS} ORDER BY username"), &[])?;
        rows.iter()
            .map(|r| Ok((record(r)?, r.try_get(3)?)))
            .collect()
    }

    fn person_by_username(&mut self, username: &str) -> Result<Option<PersonRecord>> {
        let row = self.query_opt(&format!("{COLUMNS} WHERE username = $1"), &[&username])?;
        row.as_ref().map(record).transpose()
    }

    fn person_get(&mut self, id: PersonId) -> Result<Option<PersonRecord>> {
        let row = self.query_opt(&format!("{COLUMNS} WHERE id = $1"), &[&id.to_string()])?;
        row.as_ref().map(record).transpose()
    }

    fn persons_with_role(&mut self, role: Role) -> Result<Vec<PersonRecord>> {
        let rows = self.query(
            &format!("{COLUMNS} WHERE role = $1 ORDER BY username"),
            &[&role.as_str()],
        )?;
        rows.iter().map(record).collect()
    }

    fn person_count(&mut self) -> Result<u64> {
        let n: i64 = self
            .query_one("SELECT count(*) FROM persons", &[])?
            .try_get(0)?;
        Ok(unsigned(n))
    }
}
