//! PostgreSQL as the target of a move (`store::transfer`): connected and migrated as the
//! service does at start, its tables listed in the order their foreign keys allow, loaded
//! with binary `COPY` in one transaction (under the writers' advisory lock, so no replica
//! writes in between), its identity counters moved past the copied ids, and read back.

use std::collections::{BTreeMap, BTreeSet};

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, IsolationLevel, NoTls, Row, Transaction};

use super::WRITER_LOCK;
use crate::error::{Error, Result};
use crate::store::transfer::{Table, Value};

/// Tables the migrations fill with rows of their own, and their key column: copied rows
/// replace the target's rows of the same key, and the target's other rows stay.
const SEEDED: &[(&str, &str)] = &[("counters", "name")];

/// A table of the target: its columns, and its key when the migrations seed it.
#[derive(Debug, Clone)]
pub struct TargetTable {
    pub table: Table,
    pub seeded_key: Option<String>,
}

/// The target database.
pub struct Target {
    client: Client,
    /// The schema version after migrating.
    pub version: i64,
}

impl std::fmt::Debug for Target {
    // The connection's settings may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("version", &self.version)
            .finish()
    }
}

/// An identifier in double quotes (names come from the catalogue itself).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Target {
    /// Connects to `url` and migrates the database to this version's schema. Call off any
    /// async thread (the client blocks on a runtime of its own).
    pub fn connect(url: &str) -> Result<Self> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e| Error::Config(format!("the target database's URL: {e}")))?;
        let mut client = config
            .connect(NoTls)
            .map_err(|e| Error::Storage(format!("cannot connect to PostgreSQL: {e}")))?;
        let version = super::migrate::to_latest(&mut client)?;
        Ok(Self { client, version })
    }

    /// The tables of the current schema (not the migrations' own record), each after the
    /// tables its foreign keys name, with their columns in order.
    pub fn tables(&mut self) -> Result<Vec<TargetTable>> {
        let mut columns: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in self.client.query(
            "SELECT c.relname::text, a.attname::text
             FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
               AND c.relname <> 'schema_migrations'
             ORDER BY c.relname, a.attnum",
            &[],
        )? {
            columns
                .entry(row.try_get(0)?)
                .or_default()
                .push(row.try_get(1)?);
        }
        let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in self.client.query(
            "SELECT src.relname::text, dst.relname::text
             FROM pg_constraint k
             JOIN pg_class src ON src.oid = k.conrelid
             JOIN pg_class dst ON dst.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = k.connamespace
             WHERE k.contype = 'f' AND n.nspname = current_schema()",
            &[],
        )? {
            let (from, to): (String, String) = (row.try_get(0)?, row.try_get(1)?);
            if from != to && columns.contains_key(&to) {
                needs.entry(from).or_default().insert(to);
            }
        }
        // Kahn's order, by name among the tables whose references are all placed.
        let mut placed: BTreeSet<String> = BTreeSet::new();
        let mut ordered = Vec::with_capacity(columns.len());
        while placed.len() < columns.len() {
            let next = columns
                .keys()
                .find(|t| {
                    !placed.contains(*t)
                        && needs
                            .get(*t)
                            .is_none_or(|n| n.iter().all(|d| placed.contains(d)))
                })
                .cloned()
                .ok_or_else(|| Error::Storage("the target's foreign keys form a cycle".into()))?;
            placed.insert(next.clone());
            ordered.push(next);
        }
        Ok(ordered
            .into_iter()
            .map(|name| {
                let seeded_key = SEEDED
                    .iter()
                    .find(|(t, _)| *t == name)
                    .map(|(_, k)| (*k).to_string());
                let columns = columns.remove(&name).unwrap_or_default();
                TargetTable {
                    table: Table { name, columns },
                    seeded_key,
                }
            })
            .collect())
    }

    /// Runs `f` in one write transaction holding the writers' advisory lock; commits when
    /// it returns `Ok`.
    pub fn load<R>(&mut self, f: impl FnOnce(&mut Load<'_>) -> Result<R>) -> Result<R> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let mut load = Load { tx };
        let out = f(&mut load)?;
        load.tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in one read-only snapshot.
    pub fn read<R>(&mut self, f: impl FnOnce(&mut Reader<'_>) -> Result<R>) -> Result<R> {
        let tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let mut reader = Reader { tx };
        let out = f(&mut reader)?;
        reader.tx.commit()?;
        Ok(out)
    }

    /// Refreshes the planner's statistics after the load (the KPI report's plan uses them).
    pub fn analyze(&mut self) -> Result<()> {
        Ok(self.client.batch_execute("ANALYZE")?)
    }
}

/// The load's transaction.
pub struct Load<'c> {
    tx: Transaction<'c>,
}

impl Load<'_> {
    /// The tables of `tables` that hold rows, with how many (a seeded table is not
    /// counted: its rows are the migrations').
    pub fn occupied(&mut self, tables: &[TargetTable]) -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        for t in tables.iter().filter(|t| t.seeded_key.is_none()) {
            let n: i64 = self
                .tx
                .query_one(
                    &format!("SELECT count(*) FROM {}", quoted(&t.table.name)),
                    &[],
                )?
                .try_get(0)?;
            if n > 0 {
                out.push((t.table.name.clone(), super::unsigned(n)));
            }
        }
        Ok(out)
    }

    /// Empties `tables` (not the seeded ones, whose copied rows replace theirs by key), and
    /// whatever refers to them.
    pub fn empty(&mut self, tables: &[TargetTable]) -> Result<()> {
        let names: Vec<String> = tables
            .iter()
            .filter(|t| t.seeded_key.is_none())
            .map(|t| quoted(&t.table.name))
            .collect();
        if !names.is_empty() {
            self.tx.batch_execute(&format!(
                "TRUNCATE {} RESTART IDENTITY CASCADE",
                names.join(", ")
            ))?;
        }
        Ok(())
    }

    /// Starts copying rows of `columns` into `table`.
    pub fn copy_in(&mut self, table: &TargetTable, columns: &[String]) -> Result<CopyIn<'_>> {
        let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        let list = list.join(", ");
        let name = quoted(&table.table.name);
        let types: Vec<Type> = self
            .tx
            .prepare(&format!("SELECT {list} FROM {name} LIMIT 0"))?
            .columns()
            .iter()
            .map(|c| c.type_().clone())
            .collect();
        // A seeded table's rows go through a temporary table, then replace the target's
        // rows of the same keys.
        let merge = match &table.seeded_key {
            Some(key) => {
                let staging = quoted(&format!("incoming_{}", table.table.name));
                self.tx.batch_execute(&format!(
                    "CREATE TEMPORARY TABLE {staging} (LIKE {name}) ON COMMIT DROP"
                ))?;
                Some(Merge {
                    staging,
                    key: quoted(key),
                    list: list.clone(),
                    name: name.clone(),
                })
            }
            None => None,
        };
        let into = merge.as_ref().map_or(&name, |m| &m.staging);
        let writer = self
            .tx
            .copy_in(&format!("COPY {into} ({list}) FROM STDIN BINARY"))?;
        Ok(CopyIn {
            table: table.table.name.clone(),
            columns: columns.to_vec(),
            writer: Some(BinaryCopyInWriter::new(writer, &types)),
            types,
            cells: Vec::with_capacity(columns.len()),
            merge,
        })
    }

    /// Finishes a seeded table's copy: its copied rows replace the target's of the same key.
    pub fn merge(&mut self, done: Merge) -> Result<()> {
        let Merge {
            staging,
            key,
            list,
            name,
        } = done;
        self.tx.batch_execute(&format!(
            "DELETE FROM {name} WHERE {key} IN (SELECT {key} FROM {staging});
             INSERT INTO {name} ({list}) SELECT {list} FROM {staging};"
        ))?;
        Ok(())
    }

    /// Moves every identity (and serial) column's counter of `tables` past the highest
    /// copied value, so the service's next row gets a new id.
    pub fn restart_identities(&mut self, tables: &[TargetTable]) -> Result<u64> {
        let names: BTreeSet<&str> = tables.iter().map(|t| t.table.name.as_str()).collect();
        let columns: Vec<(String, String)> = self
            .tx
            .query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema()
                   AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
                &[],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_>>()?;
        let mut n = 0;
        for (table, column) in columns
            .into_iter()
            .filter(|(t, _)| names.contains(t.as_str()))
        {
            self.tx.query_one(
                &format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2),
                            coalesce((SELECT max({}) FROM {}), 0) + 1, false)",
                    quoted(&column),
                    quoted(&table)
                ),
                &[&quoted(&table), &column],
            )?;
            n += 1;
        }
        Ok(n)
    }
}

/// What a seeded table's copy leaves to do: [`Load::merge`].
pub struct Merge {
    staging: String,
    key: String,
    list: String,
    name: String,
}

/// One value as PostgreSQL's type of its column wants it.
#[derive(Debug)]
enum Cell {
    I64(Option<i64>),
    I32(Option<i32>),
    I16(Option<i16>),
    Bool(Option<bool>),
    F64(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

impl Cell {
    fn sql(&self) -> &(dyn ToSql + Sync) {
        match self {
            Cell::I64(v) => v,
            Cell::I32(v) => v,
            Cell::I16(v) => v,
            Cell::Bool(v) => v,
            Cell::F64(v) => v,
            Cell::Text(v) => v,
            Cell::Bytes(v) => v,
        }
    }

    /// `value` for a column of type `ty`; a value the type cannot hold exactly is refused.
    fn of(ty: &Type, value: &Value) -> std::result::Result<Cell, String> {
        let int = |v: &Value| match v {
            Value::Null => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            other => Err(format!("{other:?} is not an integer")),
        };
        let fits = |what: &str| format!("{value:?} does not fit in {what}");
        Ok(match *ty {
            Type::INT8 => Cell::I64(int(value)?),
            Type::INT4 => Cell::I32(
                int(value)?
                    .map(i32::try_from)
                    .transpose()
                    .map_err(|_| fits("INT4"))?,
            ),
            Type::INT2 => Cell::I16(
                int(value)?
                    .map(i16::try_from)
                    .transpose()
                    .map_err(|_| fits("INT2"))?,
            ),
            Type::BOOL => Cell::Bool(match int(value)? {
                None => None,
                Some(0) => Some(false),
                Some(1) => Some(true),
                Some(other) => return Err(format!("{other} is not a boolean (0 or 1)")),
            }),
            Type::FLOAT8 => Cell::F64(match value {
                Value::Null => None,
                Value::Real(r) => Some(*r),
                // Exactly, up to 2^53.
                Value::Int(i) if i.unsigned_abs() <= 1 << 53 => Some(*i as f64),
                other => return Err(format!("{other:?} is not a number")),
            }),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => Cell::Text(match value {
                Value::Null => None,
                Value::Text(t) => Some(t.clone()),
                other => return Err(format!("{other:?} is not a text")),
            }),
            Type::BYTEA => Cell::Bytes(match value {
                Value::Null => None,
                Value::Bytes(b) => Some(b.clone()),
                other => return Err(format!("{other:?} is not bytes")),
            }),
            _ => return Err(format!("the column's type {ty} is not copied")),
        })
    }
}

/// A table's rows on their way in ([`Load::copy_in`]).
pub struct CopyIn<'a> {
    table: String,
    columns: Vec<String>,
    types: Vec<Type>,
    writer: Option<BinaryCopyInWriter<'a>>,
    cells: Vec<Cell>,
    merge: Option<Merge>,
}

impl CopyIn<'_> {
    /// Writes one row (the columns given to [`Load::copy_in`], in order).
    pub fn write(&mut self, row: &[Value]) -> Result<()> {
        self.cells.clear();
        for ((value, ty), column) in row.iter().zip(&self.types).zip(&self.columns) {
            let cell = Cell::of(ty, value)
                .map_err(|e| Error::Storage(format!("{}.{column}: {e}", self.table)))?;
            self.cells.push(cell);
        }
        let params: Vec<&(dyn ToSql + Sync)> = self.cells.iter().map(Cell::sql).collect();
        self.writer
            .as_mut()
            .ok_or_else(|| Error::Internal("the copy has finished".into()))?
            .write(&params)?;
        Ok(())
    }

    /// Ends the copy; for a seeded table, what [`Load::merge`] must do.
    pub fn finish(mut self) -> Result<Option<Merge>> {
        if let Some(writer) = self.writer.take() {
            writer.finish()?;
        }
        Ok(self.merge.take())
    }
}

/// A read-only snapshot of the target.
pub struct Reader<'c> {
    tx: Transaction<'c>,
}

impl Reader<'_> {
    /// Hands every row of `table` (its `columns`, in that order) to `each`, as
    /// [`Value`]s; returns how many there were.
    pub fn rows(
        &mut self,
        table: &str,
        columns: &[String],
        each: &mut dyn FnMut(&[Value]) -> Result<()>,
    ) -> Result<u64> {
        let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        let sql = format!("SELECT {} FROM {}", list.join(", "), quoted(table));
        let mut rows = self.tx.query_raw(&sql, std::iter::empty::<&str>())?;
        let mut values = Vec::with_capacity(columns.len());
        let mut n = 0;
        while let Some(row) = rows.next()? {
            values.clear();
            for i in 0..columns.len() {
                values.push(read(&row, i)?);
            }
            each(&values)?;
            n += 1;
        }
        Ok(n)
    }
}

/// Column `i` of `row` as a [`Value`], by its type.
fn read(row: &Row, i: usize) -> Result<Value> {
    let ty = row.columns()[i].type_().clone();
    let value = match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|v| Value::Int(i64::from(v))),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|v| Value::Int(i64::from(v))),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map(|v| Value::Int(i64::from(v))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        }
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Bytes),
        other => {
            return Err(Error::Storage(format!(
                "column {} has the type {other}, which is not compared",
                row.columns()[i].name()
            )));
        }
    };
    Ok(value.unwrap_or(Value::Null))
}
