//! Devices and their tokens on PostgreSQL.

use domain::PersonId;
use postgres::Row;
use protocol::DeviceId;

use super::{PgTx, signed, unsigned};
use crate::error::{Error, Result};
use crate::store::{DeviceRecord, DeviceRepo, RefreshRecord};

fn device_id(s: &str) -> Result<DeviceId> {
    DeviceId::parse(s).map_err(|e| Error::Storage(e.to_string()))
}

/// A row of `COLUMNS` as a record.
fn record(r: &Row) -> Result<DeviceRecord> {
    let (id, person): (String, String) = (r.try_get(0)?, r.try_get(1)?);
    Ok(DeviceRecord {
        id: device_id(&id)?,
        person_id: PersonId::parse(&person).map_err(|e| Error::Storage(e.to_string()))?,
        name: r.try_get(2)?,
        created_at: r.try_get(3)?,
        last_seen_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
        last_mid: unsigned(r.try_get(6)?),
    })
}

const COLUMNS: &str =
    "SELECT id, person_id, name, created_at, last_seen_at, revoked_at, last_mid FROM devices";

impl DeviceRepo for PgTx<'_> {
    fn device_insert(&mut self, d: &DeviceRecord) -> Result<()> {
        self.execute(
            "INSERT INTO devices (id, person_id, name, created_at, last_seen_at, revoked_at,
               last_mid, delivered_cursor)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
            &[
                &d.id.to_string(),
                &d.person_id.to_string(),
                &d.name,
                &d.created_at,
                &d.last_seen_at,
                &d.revoked_at,
                &signed(d.last_mid),
            ],
        )?;
        Ok(())
    }

    fn device_get(&mut self, id: DeviceId) -> Result<Option<DeviceRecord>> {
        let row = self.query_opt(&format!("{COLUMNS} WHERE id = $1"), &[&id.to_string()])?;
        row.as_ref().map(record).transpose()
    }

    fn devices_list(&mut self) -> Result<Vec<DeviceRecord>> {
        let rows = self.query(&format!("{COLUMNS} ORDER BY created_at"), &[])?;
        rows.iter().map(record).collect()
    }

    fn device_revoke(&mut self, id: DeviceId, now: i64) -> Result<()> {
        let id = id.to_string();
        self.execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1",
            &[&id, &now],
        )?;
        self.execute("DELETE FROM access_tokens WHERE device_id = $1", &[&id])?;
        // Refresh hashes stay, marked used, so a stolen one is still recognised.
        self.execute(
            "UPDATE refresh_tokens SET used_at = coalesce(used_at, $2) WHERE device_id = $1",
            &[&id, &now],
        )?;
        Ok(())
    }

    fn device_revoke_because(&mut self, id: DeviceId, now: i64, reason: &str) -> Result<()> {
        self.device_revoke(id, now)?;
        self.execute(
            "UPDATE devices SET revoke_reason = coalesce(revoke_reason, $2) WHERE id = $1",
            &[&id.to_string(), &reason],
        )?;
        Ok(())
    }

    fn device_revoke_reason(&mut self, id: DeviceId) -> Result<Option<String>> {
        let reason: Option<Option<String>> = self.value(
            "SELECT revoke_reason FROM devices WHERE id = $1",
            &[&id.to_string()],
        )?;
        Ok(reason.flatten())
    }

    fn devices_rebuild(&mut self, person: PersonId, seq: u64) -> Result<()> {
        self.execute(
            "UPDATE devices SET rebuild_before = greatest(rebuild_before, $2)
             WHERE person_id = $1 AND revoked_at IS NULL",
            &[&person.to_string(), &signed(seq)],
        )?;
        Ok(())
    }

    fn device_rebuild_before(&mut self, id: DeviceId) -> Result<u64> {
        let n: Option<i64> = self.value(
            "SELECT rebuild_before FROM devices WHERE id = $1",
            &[&id.to_string()],
        )?;
        Ok(n.map(unsigned).unwrap_or(0))
    }

    fn device_seen(&mut self, id: DeviceId, now: i64) -> Result<()> {
        self.execute(
            "UPDATE devices SET last_seen_at = $2 WHERE id = $1",
            &[&id.to_string(), &now],
        )?;
        Ok(())
    }

    fn device_set_last_mid(&mut self, id: DeviceId, mid: u64) -> Result<()> {
        self.execute(
            "UPDATE devices SET last_mid = $2 WHERE id = $1",
            &[&id.to_string(), &signed(mid)],
        )?;
        Ok(())
    }

    fn device_delivered(&mut self, id: DeviceId) -> Result<Option<u64>> {
        let v: Option<Option<i64>> = self.value(
            "SELECT delivered_cursor FROM devices WHERE id = $1",
            &[&id.to_string()],
        )?;
        Ok(v.flatten().and_then(|v| u64::try_from(v).ok()))
    }

    fn device_deliver(&mut self, id: DeviceId, cursor: u64) -> Result<()> {
        self.execute(
            "UPDATE devices SET delivered_cursor = greatest(coalesce(delivered_cursor, 0), $2)
             WHERE id = $1",
            &[&id.to_string(), &signed(cursor)],
        )?;
        Ok(())
    }

    fn access_token_insert(&mut self, hash: &str, device: DeviceId, expires_at: i64) -> Result<()> {
        self.execute(
            "INSERT INTO access_tokens (hash, device_id, expires_at) VALUES ($1, $2, $3)",
            &[&hash, &device.to_string(), &expires_at],
        )?;
        Ok(())
    }

    fn access_token_get(&mut self, hash: &str) -> Result<Option<(DeviceId, i64)>> {
        let row = self.query_opt(
            "SELECT device_id, expires_at FROM access_tokens WHERE hash = $1",
            &[&hash],
        )?;
        row.map(|r| {
            let d: String = r.try_get(0)?;
            Ok((device_id(&d)?, r.try_get(1)?))
        })
        .transpose()
    }

    fn refresh_token_insert(
        &mut self,
        hash: &str,
        device: DeviceId,
        expires_at: i64,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO refresh_tokens (hash, device_id, expires_at) VALUES ($1, $2, $3)",
            &[&hash, &device.to_string(), &expires_at],
        )?;
        Ok(())
    }

    fn refresh_token_get(&mut self, hash: &str) -> Result<Option<RefreshRecord>> {
        let row = self.query_opt(
            "SELECT device_id, expires_at, used_at, successor_salt FROM refresh_tokens
             WHERE hash = $1",
            &[&hash],
        )?;
        row.map(|r| {
            let d: String = r.try_get(0)?;
            Ok(RefreshRecord {
                device_id: device_id(&d)?,
                expires_at: r.try_get(1)?,
                used_at: r.try_get(2)?,
                successor_salt: r.try_get(3)?,
            })
        })
        .transpose()
    }

    fn refresh_token_use(&mut self, hash: &str, now: i64, successor_salt: &str) -> Result<()> {
        self.execute(
            "UPDATE refresh_tokens SET used_at = $2, successor_salt = $3 WHERE hash = $1",
            &[&hash, &now, &successor_salt],
        )?;
        Ok(())
    }

    fn tokens_purge_expired(&mut self, now: i64) -> Result<u64> {
        let a = self.execute("DELETE FROM access_tokens WHERE expires_at <= $1", &[&now])?;
        let r = self.execute("DELETE FROM refresh_tokens WHERE expires_at <= $1", &[&now])?;
        Ok(a + r)
    }
}
