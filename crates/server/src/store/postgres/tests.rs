//! The PostgreSQL store against a real server (`test_server`): the store contract, the
//! migrations, and two replicas writing the change log at once while readers follow it.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use protocol::{ChangeKind, EntityKind};

use super::PgStore;
use super::test_server::TestServer;
use crate::store::{Audience, StoreExt, Visibility};

fn anyone() -> Visibility {
    Visibility {
        areas: vec![],
        person: domain::PersonId::random(),
    }
}

#[test]
fn conforms_to_the_store_contract() {
    let pg = TestServer::start();
    let store = PgStore::open(&pg.database()).unwrap();
    crate::store::conformance::check(&store);
}

#[test]
fn migrates_once_keeps_data_and_refuses_a_newer_database() {
    let pg = TestServer::start();
    let url = pg.database();
    // Two replicas starting together on an empty database: one migrates, the other waits.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| PgStore::open(&url));
        let b = s.spawn(|| PgStore::open(&url));
        (a.join().unwrap(), b.join().unwrap())
    });
    let (a, b) = (a.unwrap(), b.unwrap());
    a.write(|tx| {
        tx.change_put(
            EntityKind::Category,
            "x",
            &Audience::Everyone,
            ChangeKind::Put,
            Some("{}"),
            1,
        )
    })
    .unwrap();
    drop((a, b));
    let store = PgStore::open(&url).unwrap();
    let (rows, head) = store.read(|tx| tx.changes_since(0, &anyone(), 10)).unwrap();
    assert_eq!((rows.len(), head), (1, 1), "kept across opens");
    drop(store);

    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let versions: Vec<i64> = client
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let known = i64::try_from(super::migrate::MIGRATIONS.len()).unwrap();
    assert_eq!(
        versions,
        (1..=known).collect::<Vec<_>>(),
        "each applied once"
    );
    client
        .execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)",
            &[&(known + 1)],
        )
        .unwrap();
    let err = PgStore::open(&url).unwrap_err().to_string();
    assert!(err.contains("newer than this version"), "{err}");
}

/// Writers on two stores over one database (two replicas), some transactions rolled back;
/// readers on both follow the change log by cursor while they commit. Each reader must
/// end with exactly every committed row: a row that committed below a cursor already
/// handed out would be missing from it.
#[test]
fn two_replicas_never_let_a_cursor_skip_a_commit() {
    const WRITERS_PER_REPLICA: usize = 3;
    const TRANSACTIONS: usize = 40;
    let pg = TestServer::start();
    let url = pg.database();
    let replicas = [
        Arc::new(PgStore::open(&url).unwrap()),
        Arc::new(PgStore::open(&url).unwrap()),
    ];
    let writing = AtomicBool::new(true);
    let (committed, seen) = std::thread::scope(|s| {
        let mut writers = Vec::new();
        for (r, store) in replicas.iter().enumerate() {
            for w in 0..WRITERS_PER_REPLICA {
                let store = store.clone();
                writers.push(s.spawn(move || {
                    let mut committed = 0;
                    for t in 0..TRANSACTIONS {
                        let rows = 1 + (t + w) % 3;
                        let fail = (t + r) % 5 == 4;
                        let result = store.write(|tx| {
                            for n in 0..rows {
                                tx.change_put(
                                    EntityKind::Case,
                                    &format!("r{r}w{w}t{t}n{n}"),
                                    &Audience::Everyone,
                                    ChangeKind::Put,
                                    Some("{}"),
                                    0,
                                )?;
                                // Hold the number a while before committing.
                                std::thread::sleep(Duration::from_micros(300));
                            }
                            if fail {
                                return Err(crate::error::Error::Internal("rolled back".into()));
                            }
                            Ok(())
                        });
                        assert_eq!(result.is_err(), fail);
                        committed += if fail { 0 } else { rows };
                    }
                    committed
                }));
            }
        }
        let readers: Vec<_> = replicas
            .iter()
            .map(|store| {
                let store = store.clone();
                let writing = &writing;
                s.spawn(move || {
                    let vis = anyone();
                    let mut cursor = 0;
                    let mut seen = BTreeSet::new();
                    loop {
                        // Read "are writers done?" before the page: a page read after they
                        // are done and not full means caught up for good.
                        let done = !writing.load(Ordering::SeqCst);
                        let (rows, head) =
                            store.read(|tx| tx.changes_since(cursor, &vis, 7)).unwrap();
                        for row in &rows {
                            assert!(row.seq > cursor, "a row at or below the cursor");
                            assert!(seen.insert(row.seq), "seen twice: {}", row.seq);
                        }
                        let full = rows.len() == 7;
                        cursor = match rows.last() {
                            Some(last) if full => last.seq,
                            _ => head,
                        };
                        if done && !full {
                            return seen;
                        }
                    }
                })
            })
            .collect();
        let committed: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
        writing.store(false, Ordering::SeqCst);
        let seen: Vec<BTreeSet<u64>> = readers.into_iter().map(|r| r.join().unwrap()).collect();
        (committed, seen)
    });
    let (rows, head) = replicas[0]
        .read(|tx| tx.changes_since(0, &anyone(), 100_000))
        .unwrap();
    let all: BTreeSet<u64> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(all.len(), committed, "every committed row is in the log");
    for (i, seen) in seen.iter().enumerate() {
        let missed: Vec<_> = all.difference(seen).take(5).collect();
        assert!(
            missed.is_empty(),
            "reader {i} skipped committed rows {missed:?}"
        );
    }
    assert_eq!(
        all,
        (1..=head).collect::<BTreeSet<_>>(),
        "numbers have no gaps: a rolled-back transaction gives its numbers back"
    );
}
