//! Devices and their tokens on SQLite.

use domain::PersonId;
use protocol::DeviceId;
use rusqlite::{OptionalExtension, Row, params};

use super::SqliteTx;
use crate::error::{Error, Result};
use crate::store::{DeviceRecord, DeviceRepo, RefreshRecord};

fn device_id(s: &str) -> Result<DeviceId> {
    DeviceId::parse(s).map_err(|e| Error::Storage(e.to_string()))
}

fn person_id(s: &str) -> Result<PersonId> {
    PersonId::parse(s).map_err(|e| Error::Storage(e.to_string()))
}

type DeviceRow = (String, String, String, i64, Option<i64>, Option<i64>, i64);

fn read_row(r: &Row<'_>) -> rusqlite::Result<DeviceRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn to_record(row: DeviceRow) -> Result<DeviceRecord> {
    let (id, person, name, created_at, last_seen_at, revoked_at, last_mid) = row;
    Ok(DeviceRecord {
        id: device_id(&id)?,
        person_id: person_id(&person)?,
        name,
        created_at,
        last_seen_at,
        revoked_at,
        last_mid: u64::try_from(last_mid).unwrap_or(0),
    })
}

const COLUMNS: &str =
    "SELECT id, person_id, name, created_at, last_seen_at, revoked_at, last_mid FROM devices";

impl DeviceRepo for SqliteTx<'_> {
    fn device_insert(&mut self, d: &DeviceRecord) -> Result<()> {
        self.tx.prepare_cached(
            "INSERT INTO devices (id, person_id, name, created_at, last_seen_at, revoked_at, last_mid,
               delivered_cursor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)")?.execute(params![
                d.id.to_string(),
                d.person_id.to_string(),
                d.name,
                d.created_at,
                d.last_seen_at,
                d.revoked_at,
                i64::try_from(d.last_mid).unwrap_or(i64::MAX)
            ])?;
        Ok(())
    }

    fn device_get(&mut self, id: DeviceId) -> Result<Option<DeviceRecord>> {
        let row = self
            .tx
            .query_row(
                &format!("{COLUMNS} WHERE id = ?1"),
                [id.to_string()],
                read_row,
            )
            .optional()?;
        row.map(to_record).transpose()
    }

    fn devices_list(&mut self) -> Result<Vec<DeviceRecord>> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!("{COLUMNS} ORDER BY created_at"))?;
        let rows = stmt
            .query_map([], read_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(to_record).collect()
    }

    fn device_revoke(&mut self, id: DeviceId, now: i64) -> Result<()> {
        let id = id.to_string();
        self.tx
            .prepare_cached(
                "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
            )?
            .execute(params![id, now])?;
        self.tx
            .execute("DELETE FROM access_tokens WHERE device_id = ?1", [&id])?;
        // Refresh hashes stay, marked used, so a stolen one is still recognised.
        self.tx
            .prepare_cached(
                "UPDATE refresh_tokens SET used_at = coalesce(used_at, ?2) WHERE device_id = ?1",
            )?
            .execute(params![id, now])?;
        Ok(())
    }

    fn device_revoke_because(&mut self, id: DeviceId, now: i64, reason: &str) -> Result<()> {
        self.device_revoke(id, now)?;
        self.tx
            .prepare_cached(
                "UPDATE devices SET revoke_reason = coalesce(revoke_reason, ?2) WHERE id = ?1",
            )?
            .execute(params![id.to_string(), reason])?;
        Ok(())
    }

    fn device_revoke_reason(&mut self, id: DeviceId) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT revoke_reason FROM devices WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    fn devices_rebuild(&mut self, person: PersonId, seq: u64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE devices SET rebuild_before = max(rebuild_before, ?2)
                 WHERE person_id = ?1 AND revoked_at IS NULL",
            )?
            .execute(params![
                person.to_string(),
                i64::try_from(seq).unwrap_or(i64::MAX)
            ])?;
        Ok(())
    }

    fn device_rebuild_before(&mut self, id: DeviceId) -> Result<u64> {
        let n: Option<i64> = self
            .tx
            .prepare_cached("SELECT rebuild_before FROM devices WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
    }

    fn device_seen(&mut self, id: DeviceId, now: i64) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE devices SET last_seen_at = ?2 WHERE id = ?1")?
            .execute(params![id.to_string(), now])?;
        Ok(())
    }

    fn device_set_last_mid(&mut self, id: DeviceId, mid: u64) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE devices SET last_mid = ?2 WHERE id = ?1")?
            .execute(params![
                id.to_string(),
                i64::try_from(mid).unwrap_or(i64::MAX)
            ])?;
        Ok(())
    }

    fn device_delivered(&mut self, id: DeviceId) -> Result<Option<u64>> {
        let v: Option<Option<i64>> = self
            .tx
            .prepare_cached("SELECT delivered_cursor FROM devices WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        Ok(v.flatten().and_then(|v| u64::try_from(v).ok()))
    }

    fn device_deliver(&mut self, id: DeviceId, cursor: u64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE devices SET delivered_cursor = max(coalesce(delivered_cursor, 0), ?2)
                 WHERE id = ?1",
            )?
            .execute(params![
                id.to_string(),
                i64::try_from(cursor).unwrap_or(i64::MAX)
            ])?;
        Ok(())
    }

    fn access_token_insert(&mut self, hash: &str, device: DeviceId, expires_at: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO access_tokens (hash, device_id, expires_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![hash, device.to_string(), expires_at])?;
        Ok(())
    }

    fn access_token_get(&mut self, hash: &str) -> Result<Option<(DeviceId, i64)>> {
        let row: Option<(String, i64)> = self
            .tx
            .query_row(
                "SELECT device_id, expires_at FROM access_tokens WHERE hash = ?1",
                [hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(d, e)| Ok((device_id(&d)?, e))).transpose()
    }

    fn refresh_token_insert(
        &mut self,
        hash: &str,
        device: DeviceId,
        expires_at: i64,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO refresh_tokens (hash, device_id, expires_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![hash, device.to_string(), expires_at])?;
        Ok(())
    }

    fn refresh_token_get(&mut self, hash: &str) -> Result<Option<RefreshRecord>> {
        let row: Option<(String, i64, Option<i64>, Option<String>)> = self
            .tx
            .query_row(
                "SELECT device_id, expires_at, used_at, successor_salt FROM refresh_tokens
                 WHERE hash = ?1",
                [hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(d, expires_at, used_at, successor_salt)| {
            Ok(RefreshRecord {
                device_id: device_id(&d)?,
                expires_at,
                used_at,
                successor_salt,
            })
        })
        .transpose()
    }

    fn refresh_token_use(&mut self, hash: &str, now: i64, successor_salt: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE refresh_tokens SET used_at = ?2, successor_salt = ?3 WHERE hash = ?1",
            )?
            .execute(params![hash, now, successor_salt])?;
        Ok(())
    }

    fn tokens_purge_expired(&mut self, now: i64) -> Result<u64> {
        let a = self
            .tx
            .prepare_cached("DELETE FROM access_tokens WHERE expires_at <= ?1")?
            .execute([now])?;
        let r = self
            .tx
            .prepare_cached("DELETE FROM refresh_tokens WHERE expires_at <= ?1")?
            .execute([now])?;
        Ok((a + r) as u64)
    }
}
