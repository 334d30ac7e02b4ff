//! Copying a district's data from the embedded store into PostgreSQL, and proving the copy
//! (`wangge admin migrate`; `crate::moving` adds the photos and the report).
//!
//! Nothing here names a table: the source's tables and columns are read from its schema,
//! and each is copied whole, with every value as stored (ids, the change log's sequence
//! numbers, the counters, devices' last mids and delivered cursors, refresh tokens' hashes),
//! into the target's table of the same name, in the order the target's foreign keys allow,
//! in one transaction. A table the target lacks is an error (this build's PostgreSQL
//! migrations must have every SQLite table); a table only the target has is left as its
//! migrations made it. Then every table is read back and compared with the source:
//! the count and an order-independent digest of every row's values. And the service's own
//! reads, through the repositories on both sides, must agree on what phones depend on: the
//! change log's head and compaction mark, and each device's last mid, delivered cursor and
//! rebuild mark.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

use super::postgres::transfer::{Target, TargetTable};
use super::sqlite::transfer::Locked;
use super::{StoreExt, Tx};
use crate::error::{Error, Result};

/// One stored value, as either engine holds it (a boolean is an integer 0 or 1).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    /// The value as a key (of a seeded table's row).
    fn key(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Int(i) => i.to_string(),
            Value::Real(r) => r.to_string(),
            Value::Text(t) => t.clone(),
            Value::Bytes(b) => hex::encode(b),
        }
    }
}

/// A table and its columns, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
}

/// An order-independent digest of a table's rows: how many, and the sum (mod 2^128) of
/// each row's sha256 (its first 16 bytes), so two engines that return rows in different
/// orders agree exactly when they hold the same rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Digest {
    rows: u64,
    sum: u128,
}

impl Digest {
    pub fn add(&mut self, row: &[Value]) {
        let mut h = Sha256::new();
        for v in row {
            match v {
                Value::Null => h.update([0]),
                Value::Int(i) => {
                    h.update([1]);
                    h.update(i.to_le_bytes());
                }
                Value::Real(r) => {
                    h.update([2]);
                    h.update(r.to_bits().to_le_bytes());
                }
                Value::Text(t) => {
                    h.update([3]);
                    h.update((t.len() as u64).to_le_bytes());
                    h.update(t.as_bytes());
                }
                Value::Bytes(b) => {
                    h.update([4]);
                    h.update((b.len() as u64).to_le_bytes());
                    h.update(b);
                }
            }
        }
        let out = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&out[..16]);
        self.rows += 1;
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(first));
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }
}

/// What one device's phone depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceMarks {
    /// The last mutation number the server holds (a push answer carries it).
    pub last_mid: u64,
    /// The highest pull cursor handed to it (a cursor above it gets 410).
    pub delivered: Option<u64>,
    /// Cursors below this must rebuild.
    pub rebuild_before: u64,
    pub revoked: bool,
}

/// What phones depend on, as the service reads it through the repositories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmarks {
    pub change_head: u64,
    pub compacted_through: u64,
    /// By device id.
    pub devices: BTreeMap<String, DeviceMarks>,
}

/// Reads the [`Bookmarks`] in `tx`.
pub fn bookmarks(tx: &mut dyn Tx) -> Result<Bookmarks> {
    let change_head = tx.changes_head()?;
    let compacted_through = tx.changes_compacted_through()?;
    let mut devices = BTreeMap::new();
    for d in tx.devices_list()? {
        let marks = DeviceMarks {
            last_mid: d.last_mid,
            delivered: tx.device_delivered(d.id)?,
            rebuild_before: tx.device_rebuild_before(d.id)?,
            revoked: d.revoked_at.is_some(),
        };
        devices.insert(d.id.to_string(), marks);
    }
    Ok(Bookmarks {
        change_head,
        compacted_through,
        devices,
    })
}

/// One table's copy, and what reading it back found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub name: String,
    pub source_rows: u64,
    pub target_rows: u64,
    /// The rows read back hold exactly the source's values.
    pub same: bool,
    /// Rows of a table the migrations seed that the source has no row for (kept).
    pub target_own_rows: u64,
}

impl TableCopy {
    pub fn ok(&self) -> bool {
        self.same && self.source_rows == self.target_rows
    }
}

/// The database part of a move.
#[derive(Debug, Clone)]
pub struct Copied {
    /// In the order they were copied.
    pub tables: Vec<TableCopy>,
    /// Tables only the target has, left as its migrations made them.
    pub target_only: Vec<String>,
    /// What the target held before (emptied because the caller said so).
    pub replaced: Vec<(String, u64)>,
    /// The source's schema version before and after it was brought to this build's.
    pub source_version: (i64, i64),
    pub target_version: i64,
    pub source_marks: Bookmarks,
    pub target_marks: Bookmarks,
    pub copy_time: Duration,
    pub verify_time: Duration,
}

impl Copied {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.source_rows).sum()
    }

    /// Every difference found, in words; empty when the copy is exact.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for t in self.tables.iter().filter(|t| !t.ok()) {
            if t.source_rows != t.target_rows {
                out.push(format!(
                    "{}: {} rows in the source, {} in the target",
                    t.name, t.source_rows, t.target_rows
                ));
            } else {
                out.push(format!(
                    "{}: the rows read back differ from the source's",
                    t.name
                ));
            }
        }
        let (s, t) = (&self.source_marks, &self.target_marks);
        if s.change_head != t.change_head {
            out.push(format!(
                "the change log's head is {} in the source and {} in the target",
                s.change_head, t.change_head
            ));
        }
        if s.compacted_through != t.compacted_through {
            out.push(format!(
                "the change log is compacted through {} in the source and {} in the target",
                s.compacted_through, t.compacted_through
            ));
        }
        for (id, marks) in &s.devices {
            match t.devices.get(id) {
                None => out.push(format!("device {id} is missing in the target")),
                Some(m) if m != marks => out.push(format!(
                    "device {id}: {marks:?} in the source, {m:?} in the target"
                )),
                Some(_) => {}
            }
        }
        for id in t.devices.keys().filter(|id| !s.devices.contains_key(*id)) {
            out.push(format!("device {id} is in the target only"));
        }
        out
    }
}

/// The source's tables, checked against the target's: each with the columns both have (the
/// source's), in the target's order. A source table or column the target lacks is an error.
fn plan(source: &[Table], target: &[TargetTable]) -> Result<Vec<(TargetTable, Vec<String>)>> {
    let by_name: BTreeMap<&str, &Table> = source.iter().map(|t| (t.name.as_str(), t)).collect();
    let target_names: BTreeSet<&str> = target.iter().map(|t| t.table.name.as_str()).collect();
    let missing: Vec<&str> = by_name
        .keys()
        .copied()
        .filter(|n| !target_names.contains(n))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Storage(format!(
            "the PostgreSQL schema has no table {}: this build's PostgreSQL migrations lack \
             what its SQLite migrations made",
            missing.join(", ")
        )));
    }
    let mut out = Vec::new();
    for t in target {
        let Some(s) = by_name.get(t.table.name.as_str()) else {
            continue;
        };
        let lacking: Vec<&String> = s
            .columns
            .iter()
            .filter(|c| !t.table.columns.contains(c))
            .collect();
        if !lacking.is_empty() {
            return Err(Error::Storage(format!(
                "the PostgreSQL table {} has no column {:?}: this build's PostgreSQL \
                 migrations lack what its SQLite migrations made",
                t.table.name, lacking
            )));
        }
        out.push((t.clone(), s.columns.clone()));
    }
    Ok(out)
}

/// Copies every table of `source` into the PostgreSQL database at `url` (migrated first),
/// in one transaction, then reads it all back and compares. A target that already holds
/// data is refused unless `replace`, which empties it first. Blocking: call off any async
/// thread.
pub fn copy(source: &mut Locked, url: &str, replace: bool) -> Result<Copied> {
    let started = Instant::now();
    let mut target = Target::connect(url)?;
    let target_tables = target.tables()?;
    let source_version = (source.version_before, source.version);
    struct Written {
        tables: Vec<(TargetTable, Vec<String>)>,
        sent: Vec<(u64, Digest, Option<BTreeSet<String>>)>,
        replaced: Vec<(String, u64)>,
        marks: Bookmarks,
        source_names: BTreeSet<String>,
    }
    let written = source.snapshot(|snap| {
        let source_tables = snap.tables()?;
        let tables = plan(&source_tables, &target_tables)?;
        let marks = bookmarks(snap.tx())?;
        let (sent, replaced) = target.load(|load| {
            let copied: Vec<TargetTable> = tables.iter().map(|(t, _)| t.clone()).collect();
            let occupied = load.occupied(&copied)?;
            if !occupied.is_empty() && !replace {
                let list: Vec<String> = occupied
                    .iter()
                    .map(|(t, n)| format!("{t} ({n} rows)"))
                    .collect();
                return Err(Error::conflict(
                    "not_empty",
                    format!(
                        "the target database already holds data: {}; move into an empty \
                         database, or say --replace to empty it first",
                        list.join(", ")
                    ),
                ));
            }
            load.empty(&copied)?;
            let mut sent = Vec::with_capacity(tables.len());
            for (table, columns) in &tables {
                let key_at = table
                    .seeded_key
                    .as_ref()
                    .and_then(|k| columns.iter().position(|c| c == k));
                let mut keys = key_at.map(|_| BTreeSet::new());
                let mut digest = Digest::default();
                let mut into = load.copy_in(table, columns)?;
                let n = snap.rows(&table.table.name, columns, &mut |row| {
                    if let (Some(i), Some(keys)) = (key_at, keys.as_mut()) {
                        keys.insert(row[i].key());
                    }
                    digest.add(row);
                    into.write(row)
                })?;
                if let Some(merge) = into.finish()? {
                    load.merge(merge)?;
                }
                sent.push((n, digest, keys));
            }
            load.restart_identities(&copied)?;
            Ok((sent, occupied))
        })?;
        Ok(Written {
            source_names: source_tables.into_iter().map(|t| t.name).collect(),
            tables,
            sent,
            replaced,
            marks,
        })
    })?;
    target.analyze()?;
    let copy_time = started.elapsed();

    let verifying = Instant::now();
    let tables = target.read(|reader| {
        let mut out = Vec::with_capacity(written.tables.len());
        for ((table, columns), (source_rows, sent, keys)) in
            written.tables.iter().zip(&written.sent)
        {
            let key_at = table
                .seeded_key
                .as_ref()
                .and_then(|k| columns.iter().position(|c| c == k));
            let mut back = Digest::default();
            let mut own = 0u64;
            reader.rows(&table.table.name, columns, &mut |row| {
                if let (Some(i), Some(keys)) = (key_at, keys)
                    && !keys.contains(&row[i].key())
                {
                    own += 1;
                    return Ok(());
                }
                back.add(row);
                Ok(())
            })?;
            out.push(TableCopy {
                name: table.table.name.clone(),
                source_rows: *source_rows,
                target_rows: back.rows(),
                same: back == *sent,
                target_own_rows: own,
            });
        }
        Ok(out)
    })?;
    let target_marks = {
        let store = super::postgres::PgStore::open(url)?;
        store.read(bookmarks)?
    };
    let target_only = target_tables
        .iter()
        .map(|t| t.table.name.clone())
        .filter(|n| !written.source_names.contains(n))
        .collect();
    Ok(Copied {
        tables,
        target_only,
        replaced: written.replaced,
        source_version,
        target_version: target.version,
        source_marks: written.marks,
        target_marks,
        copy_time,
        verify_time: verifying.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, columns: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: columns.iter().map(|c| (*c).to_string()).collect(),
        }
    }

    fn target(name: &str, columns: &[&str]) -> TargetTable {
        TargetTable {
            table: table(name, columns),
            seeded_key: None,
        }
    }

    #[test]
    fn a_digest_ignores_the_order_of_rows_and_sees_every_value() {
        let rows = [
            vec![Value::Int(1), Value::Text("a".into()), Value::Null],
            vec![Value::Int(2), Value::Real(0.5), Value::Bytes(vec![1, 2])],
        ];
        let (mut forth, mut back) = (Digest::default(), Digest::default());
        rows.iter().for_each(|r| forth.add(r));
        rows.iter().rev().for_each(|r| back.add(r));
        assert_eq!(forth, back);
        assert_eq!(forth.rows(), 2);
        for changed in [
            vec![Value::Int(1), Value::Text("b".into()), Value::Null],
            vec![Value::Int(1), Value::Text("a".into()), Value::Int(0)],
            vec![
                Value::Int(1),
                Value::Text("a".into()),
                Value::Text(String::new()),
            ],
        ] {
            let mut other = Digest::default();
            other.add(&changed);
            other.add(&rows[1]);
            assert_ne!(other, forth, "{changed:?}");
        }
        // A text is not confused with the next value.
        let (mut a, mut b) = (Digest::default(), Digest::default());
        a.add(&[Value::Text("ab".into()), Value::Text("c".into())]);
        b.add(&[Value::Text("a".into()), Value::Text("bc".into())]);
        assert_ne!(a, b);
    }

    #[test]
    fn the_copy_follows_the_targets_order_and_refuses_what_it_lacks() {
        let source = [
            table("cases", &["id", "data"]),
            table("audit", &["id", "case_id"]),
        ];
        let targets = [
            target("cases", &["id", "data", "source"]),
            target("audit", &["id", "case_id"]),
            target("sign_in_failures", &["key"]),
        ];
        let planned = plan(&source, &targets).unwrap();
        let names: Vec<&str> = planned.iter().map(|(t, _)| t.table.name.as_str()).collect();
        assert_eq!(names, ["cases", "audit"]);
        // Only the source's columns are copied; the target's own take their defaults.
        assert_eq!(planned[0].1, ["id", "data"]);

        let err = plan(&[table("mystery", &["x"])], &targets).unwrap_err();
        assert!(err.to_string().contains("no table mystery"), "{err}");
        let err = plan(&[table("audit", &["id", "case_id", "extra"])], &targets).unwrap_err();
        assert!(err.to_string().contains("extra"), "{err}");
    }
}
