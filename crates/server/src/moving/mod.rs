//! Moving a district off the embedded store (`wangge admin migrate`): its SQLite file into
//! PostgreSQL and its photos into the new photo store, then proving it, so the new service
//! carries on where the old one stopped and phones notice nothing.
//!
//! The order: the district's database is opened alone (`store::sqlite::transfer::Locked`:
//! refused while a service has it open, and no service can open it until the move ends),
//! so everything is copied from one stopped state; the photos go first (writing a photo is
//! idempotent, so a move that fails later is simply run again); then the tables, in one
//! PostgreSQL transaction, with every value as stored (`store::transfer`); then both are
//! read back from the target and compared. What phones depend on moves unchanged: device
//! ids, refresh and access token hashes (no new sign-in), each device's last mid (its
//! outbox carries on) and delivered cursor, and the change log with its sequence numbers
//! and counter (its pull cursor stays valid: no 410, no rebuild).

mod photos;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use photos::PhotoCopy;

use crate::clock::SystemClock;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::photo_files::{LocalBlobs, PhotoStore};
use crate::store::sqlite::transfer::Locked;
use crate::store::transfer::{self, Copied};

/// What to move where.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The district's data folder (`wangge.sqlite3` and `blobs/`).
    pub from: PathBuf,
    /// The new service's settings: `database_url` (required), and where its photos are:
    /// the object store of `blob_url` with the `s3_*` settings, else `data_dir/blobs`.
    pub to: Config,
    /// Empty a target database that already holds data, instead of refusing it (a move
    /// run again after a failed one).
    pub replace: bool,
}

/// What a move did and found.
#[derive(Debug, Clone)]
pub struct Report {
    pub from: PathBuf,
    /// Where the photos went, in words.
    pub photos_to: String,
    pub database: Copied,
    pub photos: PhotoCopy,
    pub total: Duration,
}

impl Report {
    /// Every difference found, in words; empty when everything matches.
    pub fn problems(&self) -> Vec<String> {
        let mut out = self.database.problems();
        out.extend(self.photos.problems.iter().cloned());
        out
    }

    pub fn ok(&self) -> bool {
        self.problems().is_empty()
    }
}

/// Whether two folders are the same one (both resolved; a missing one is not the same).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn joined(e: tokio::task::JoinError) -> Error {
    Error::Internal(format!("the move's worker failed: {e}"))
}

/// Moves the district in `plan.from` as `plan` says, and reports. An error stops the
/// move (nothing is committed to the database when the tables' copy fails); a finished
/// move that found a difference says so in the report ([`Report::ok`]).
pub async fn run(plan: Plan) -> Result<Report> {
    let started = Instant::now();
    let url = plan.to.database_url.clone().ok_or_else(|| {
        Error::Config("the move needs the target database's URL (database_url)".into())
    })?;
    let db = plan.from.join("wangge.sqlite3");
    let (mut locked, recorded) = tokio::task::spawn_blocking(move || -> Result<_> {
        let mut locked = Locked::open(&db)?;
        let recorded = locked.snapshot(|s| s.blob_hashes())?;
        Ok((locked, recorded))
    })
    .await
    .map_err(joined)??;

    let source_dir = plan.from.join("blobs");
    let source = LocalBlobs::open(source_dir.clone(), u64::MAX)?;
    let mut to = plan.to.clone();
    // The district's photos are as large as they were allowed to be when they came.
    to.max_blob_bytes = u64::MAX;
    let (in_place, photos_to) = match &to.blob_url {
        Some(url) => (
            false,
            match &to.s3_endpoint {
                Some(endpoint) => format!("{url} at {endpoint}"),
                None => url.clone(),
            },
        ),
        None => {
            let dir = to.data_dir.join("blobs");
            std::fs::create_dir_all(&dir)?;
            let in_place = same_folder(&source_dir, &dir);
            let words = if in_place {
                format!("{} (the same folder: read back only)", dir.display())
            } else {
                dir.display().to_string()
            };
            (in_place, words)
        }
    };
    let target = PhotoStore::open(&to, Arc::new(SystemClock))?;
    let photos = photos::copy(&source, &target, in_place, &recorded).await?;

    let replace = plan.replace;
    let (locked, database) = tokio::task::spawn_blocking(move || -> Result<_> {
        let copied = transfer::copy(&mut locked, url.expose(), replace)?;
        Ok((locked, copied))
    })
    .await
    .map_err(joined)??;
    drop(locked);
    Ok(Report {
        from: plan.from,
        photos_to,
        database,
        photos,
        total: started.elapsed(),
    })
}

/// A count with thousands separated, as the report prints it.
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let db = &self.database;
        let (before, after) = db.source_version;
        write!(f, "Moved {} (SQLite schema {after}", self.from.display())?;
        if before != after {
            write!(f, ", brought from {before} first")?;
        }
        writeln!(
            f,
            ") into PostgreSQL (schema {}) in {}.",
            db.target_version,
            secs(self.total)
        )?;
        if !db.replaced.is_empty() {
            let list: Vec<String> = db
                .replaced
                .iter()
                .map(|(t, n)| format!("{t} ({})", count(*n)))
                .collect();
            writeln!(f, "Emptied first (--replace): {}", list.join(", "))?;
        }
        writeln!(
            f,
            "\nTables, rows in the source → read back from the target:"
        )?;
        let width = db.tables.iter().map(|t| t.name.len()).max().unwrap_or(0);
        for t in &db.tables {
            let verdict = if t.ok() { "equal" } else { "DIFFERENT" };
            write!(
                f,
                "  {:width$}  {:>9} → {:>9}  {verdict}",
                t.name,
                count(t.source_rows),
                count(t.target_rows)
            )?;
            if t.target_own_rows > 0 {
                write!(f, "  (and {} of the target's own)", t.target_own_rows)?;
            }
            writeln!(f)?;
        }
        writeln!(
            f,
            "  {} rows in {} tables: copied in {}, read back and compared in {}.",
            count(db.rows()),
            db.tables.len(),
            secs(db.copy_time),
            secs(db.verify_time)
        )?;
        if !db.target_only.is_empty() {
            writeln!(
                f,
                "  Only in the target, left as its migrations made them: {}",
                db.target_only.join(", ")
            )?;
        }
        let (s, t) = (&db.source_marks, &db.target_marks);
        writeln!(
            f,
            "Change log: head {} → {}, compacted through {} → {}.",
            count(s.change_head),
            count(t.change_head),
            count(s.compacted_through),
            count(t.compacted_through)
        )?;
        let same = s
            .devices
            .iter()
            .filter(|(id, m)| t.devices.get(*id) == Some(*m))
            .count();
        writeln!(
            f,
            "Devices: {} of {} with the same last mid, delivered cursor and rebuild mark.",
            same,
            s.devices.len()
        )?;
        let p = &self.photos;
        writeln!(
            f,
            "Photos: {} in {} ({:.1} MB) → {}: {} copied, {} already there, {} read back with \
             their sha256 equal to their names, in {}.",
            count(p.files),
            self.from.join("blobs").display(),
            p.bytes as f64 / 1_000_000.0,
            self.photos_to,
            count(p.copied),
            count(p.already_there),
            count(p.verified),
            secs(p.time)
        )?;
        if p.unfinished_uploads > 0 {
            writeln!(
                f,
                "  {} unfinished uploads not carried: their phones send them again from the start.",
                p.unfinished_uploads
            )?;
        }
        let problems = self.problems();
        if problems.is_empty() {
            writeln!(f, "\nOK: every count, cursor and photo hash matches.")
        } else {
            writeln!(f, "\nMISMATCH: {} problems:", problems.len())?;
            for p in problems {
                writeln!(f, "  - {p}")?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
