//! Ingest benchmark: mutations per second through `POST /v1/push` (HTTP, JSON, the case
//! rules, audit, change log) into SQLite, beside a plain rusqlite batched insert of the
//! same rows (the case, audit, change-log and mutation rows the pushes wrote, read back
//! and inserted into a fresh database with the service's own schema) at the same
//! durability (WAL, synchronous=FULL, one transaction per batch), in the same run.
//! Prints both rates and their ratio (target: at least 30%).

use std::time::Instant;

use domain::{CaseId, GridCode, Person, PersonId, Role, Scope};
use protocol::{Command, PushResponse};
use serde_json::json;
use server::{AppState, Config, PasswordCost, Secret};

const MUTATIONS: usize = 4000;
const BATCH: usize = 100;
const GRID: &str = "130302001001001";

fn report(id: CaseId, i: usize) -> Command {
    let lon = 119.60 + (i % 97) as f64 * 0.0001;
    let lat = 39.93 + (i % 89) as f64 * 0.0001;
    Command::parse(
        "report.create",
        &json!({"case_id": id, "category": "0101", "priority": "normal",
                "description": format!("井盖松动 loose cover {i}"), "lon": lon, "lat": lat, "photos": []}),
    )
    .expect("a valid command")
}

async fn through_push(dir: &std::path::Path) -> (f64, Rows) {
    let config = Config {
        data_dir: dir.to_path_buf(),
        admin_password: Some(Secret::new("bench-password")),
        password_cost: PasswordCost::fast_for_tests(),
        sweep_interval_secs: 3600,
        max_push_mutations: BATCH,
        ..Config::default()
    };
    let state = AppState::open(config).expect("state");
    server::reference::import::bootstrap_admin(
        &state,
        domain::DistrictCode::parse("130302").expect("code"),
    )
    .await
    .expect("admin");
    let grid = GridCode::parse(GRID).expect("grid");
    server::reference::import::import_grids(
        &state,
        vec![protocol::GridView {
            code: grid,
            community: grid.community(),
            name: "bench grid".into(),
            geometry: json!({"type": "Polygon", "coordinates": [[[119.60, 39.93], [119.61, 39.93], [119.61, 39.94], [119.60, 39.94], [119.60, 39.93]]]}),
        }],
    )
    .await
    .expect("grids");
    let worker = Person::new(
        PersonId::random(),
        "bench worker",
        Role::FullTimeGridWorker,
        Scope::Grids(vec![grid]),
    )
    .expect("person");
    server::reference::import::create_person(&state, "worker", "bench-password", worker, None)
        .await
        .expect("worker");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server::run(listener, state.clone(), async move {
        let _ = stopped.await;
    }));
    let http = reqwest::Client::new();
    let tokens: protocol::SessionTokens = http
        .post(format!("{base}/v1/sessions"))
        .json(&json!({"username": "worker", "password": "bench-password", "device_name": "bench"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("tokens");
    let commands: Vec<Command> = (0..MUTATIONS).map(|i| report(CaseId::new(), i)).collect();
    let started = Instant::now();
    let mut mid = 1u64;
    for batch in commands.chunks(BATCH) {
        let mutations: Vec<_> = batch
            .iter()
            .map(|c| {
                let m = c.to_mutation(mid, 0);
                mid += 1;
                m
            })
            .collect();
        let r: PushResponse = http
            .post(format!("{base}/v1/push"))
            .bearer_auth(&tokens.access_token)
            .json(&json!({"device_id": tokens.device_id, "schema": protocol::SCHEMA_VERSION, "mutations": mutations}))
            .send()
            .await
            .expect("push")
            .json()
            .await
            .expect("push response");
        assert_eq!(r.results.len(), batch.len());
        assert!(
            r.results
                .iter()
                .all(|x| x.outcome == protocol::Outcome::Applied)
        );
    }
    let secs = started.elapsed().as_secs_f64();
    let _ = stop.send(());
    task.await.expect("join").expect("server");
    (
        MUTATIONS as f64 / secs,
        Rows::read(&dir.join("wangge.sqlite3")),
    )
}

type Value = rusqlite::types::Value;

/// Every row the pushes wrote for the reports, per table, to write again plainly.
struct Rows {
    cases: Vec<Vec<Value>>,
    audit: Vec<Vec<Value>>,
    changes: Vec<Vec<Value>>,
    mutations: Vec<Vec<Value>>,
    /// Setup rows the others refer to (not timed).
    persons: Vec<Vec<Value>>,
    devices: Vec<Vec<Value>>,
}

fn all_rows(conn: &rusqlite::Connection, sql: &str, columns: usize) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).expect("prepare");
    stmt.query_map([], |r| (0..columns).map(|i| r.get::<_, Value>(i)).collect())
        .expect("query")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("rows")
}

impl Rows {
    fn read(path: &std::path::Path) -> Rows {
        let conn = rusqlite::Connection::open(path).expect("open");
        Rows {
            cases: all_rows(&conn, "SELECT * FROM cases ORDER BY reported_at, id", 13),
            audit: all_rows(&conn, "SELECT case_id, at, data FROM audit ORDER BY id", 3),
            changes: all_rows(
                &conn,
                "SELECT seq, entity, entity_id, aud_area, aud_person, kind, data, at FROM changes WHERE entity = 'case' ORDER BY seq",
                8,
            ),
            mutations: all_rows(&conn, "SELECT * FROM mutations ORDER BY mid", 6),
            persons: all_rows(&conn, "SELECT * FROM persons", 6),
            devices: all_rows(&conn, "SELECT * FROM devices", 7),
        }
    }
}

/// The same rows into a database with the service's own schema (its migrations), WAL,
/// synchronous=FULL, one transaction per batch of 100 reports.
fn plain_insert(dir: &std::path::Path, rows: &Rows) -> f64 {
    let path = dir.join("plain.sqlite3");
    drop(server::store::sqlite::SqliteStore::open(&path).expect("migrated schema"));
    let mut conn = rusqlite::Connection::open(&path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("full");
    for row in &rows.persons {
        conn.execute(
            "INSERT INTO persons VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params_from_iter(row.iter()),
        )
        .expect("person");
    }
    for row in &rows.devices {
        conn.execute(
            "INSERT INTO devices VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params_from_iter(row.iter()),
        )
        .expect("device");
    }
    let n = rows.cases.len();
    let per = |v: &Vec<Vec<Value>>| v.len().div_ceil(n.max(1)).max(1);
    let (audit_per, changes_per) = (per(&rows.audit), per(&rows.changes));
    let started = Instant::now();
    for b in 0..n.div_ceil(BATCH) {
        let tx = conn.transaction().expect("tx");
        let range =
            |per: usize, len: usize| (b * BATCH * per).min(len)..((b + 1) * BATCH * per).min(len);
        for row in &rows.cases[range(1, n)] {
            tx.prepare_cached(
                "INSERT INTO cases VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .expect("prepare")
            .execute(rusqlite::params_from_iter(row.iter()))
            .expect("case");
        }
        for row in &rows.audit[range(audit_per, rows.audit.len())] {
            tx.prepare_cached("INSERT INTO audit (case_id, at, data) VALUES (?1, ?2, ?3)")
                .expect("prepare")
                .execute(rusqlite::params_from_iter(row.iter()))
                .expect("audit");
        }
        for row in &rows.changes[range(changes_per, rows.changes.len())] {
            tx.prepare_cached("INSERT INTO changes (seq, entity, entity_id, aud_area, aud_person, kind, data, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .expect("prepare")
                .execute(rusqlite::params_from_iter(row.iter()))
                .expect("change");
        }
        for row in &rows.mutations[range(1, rows.mutations.len())] {
            tx.prepare_cached("INSERT INTO mutations VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .expect("prepare")
                .execute(rusqlite::params_from_iter(row.iter()))
                .expect("mutation");
        }
        tx.commit().expect("commit");
    }
    n as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (push_rate, rows) = runtime.block_on(through_push(dir.path()));
    assert_eq!(rows.cases.len(), MUTATIONS, "every report became a case");
    assert_eq!(rows.mutations.len(), MUTATIONS);
    let plain_rate = plain_insert(dir.path(), &rows);
    println!(
        "ingest: {MUTATIONS} report.create mutations in pushes of {BATCH}, SQLite WAL synchronous=FULL"
    );
    println!("  through POST /v1/push:        {push_rate:>10.0} mutations/s");
    println!(
        "  plain rusqlite batched insert: {plain_rate:>10.0} reports/s (their case, audit, change and mutation rows; same schema, same durability)"
    );
    println!(
        "  ratio push / plain:            {:>10.1} %  (target >= 30 %)",
        100.0 * push_rate / plain_rate
    );
}
