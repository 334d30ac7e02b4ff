//! Moving a district off the embedded store (`server::moving`, `wangge admin migrate`): a
//! day of work on SQLite (reports with photos, dispatches, resolutions, verification, a
//! patrol, people edited, an enrollment code, placards printed), then the move into a
//! private PostgreSQL, and the photos into a private s3s-fs with `WANGGE_TEST_S3=1` (into
//! another folder otherwise). Every table's rows, the change log, every device's cursors
//! and every photo's hash match; the service on the new stores answers the same case list,
//! KPI report and case detail, and the phones signed in before carry on: their cursor, next
//! mid, access and refresh tokens all still work. Needs `WANGGE_TEST_POSTGRES=1`.

use protocol::{Command, Outcome};
use serde_json::{Value, json};
use server::moving::{Plan, Report};
use server::{AppState, Config, Secret};

use crate::harness::{
    A1, A2, Backing, Reply, Session, World, inside, pg_server, report_cmd, s3_server, sha256,
    task_cmd, upload,
};

/// Whether this run may start PostgreSQL (`cargo xtask test` says so).
fn skip_without_postgres() -> bool {
    if Backing::from_env().postgres {
        return false;
    }
    eprintln!(
        "skipped: moving a district needs PostgreSQL; set WANGGE_TEST_POSTGRES=1 (cargo xtask \
         test does) to run it against a private server"
    );
    true
}

/// The same signed-in phone, talking to another server.
fn at(s: &Session, base: &str) -> Session {
    Session {
        http: s.http.clone(),
        base: base.to_string(),
        tokens: s.tokens.clone(),
        next_mid: s.next_mid,
    }
}

/// A day of a district's work; returns the case ids and the photos' hashes.
async fn a_day_of_work(
    w: &World,
    worker: &mut Session,
    disp: &Session,
    admin: &Session,
) -> (Vec<domain::CaseId>, Vec<String>) {
    let other = w.sign_in("worker_a2").await;
    let mut ids = Vec::new();
    let mut photos = Vec::new();
    for n in 0..6u32 {
        let photo = upload(worker, format!("photo of problem {n}").as_bytes()).await;
        let id = domain::CaseId::new();
        let at = inside(if n % 2 == 0 { A1 } else { A2 });
        let category = if n < 3 { "0101" } else { "0203" };
        let r = worker
            .push(&[report_cmd(id, category, "normal", at, vec![photo.clone()])])
            .await;
        assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);
        ids.push(id);
        photos.push(photo);
    }
    // Two go round the whole loop; one is dispatched and being handled; the rest wait.
    for (i, id) in ids.iter().take(3).enumerate() {
        let r = disp.act(*id, json!({"action": "accept"})).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = disp
            .act(
                *id,
                json!({"action": "dispatch", "worker": worker.person_id()}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let mut steps = vec![
            task_cmd("task.acknowledge", *id, json!({})),
            task_cmd("task.start", *id, json!({})),
        ];
        if i < 2 {
            let fix = upload(worker, format!("fixed {i}").as_bytes()).await;
            photos.push(fix.clone());
            steps.push(task_cmd(
                "task.resolve",
                *id,
                json!({"photos": [fix], "note": "fixed"}),
            ));
        }
        let r = worker.push(&steps).await;
        assert!(
            r.results.iter().all(|x| x.outcome == Outcome::Applied),
            "{:?}",
            r.results
        );
        if i < 2 {
            let r = disp
                .act(*id, json!({"action": "verify", "pass": true}))
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
            let r = disp.act(*id, json!({"action": "close"})).await;
            assert_eq!(r.body["state"], "closed", "{}", r.body);
        }
    }
    // A patrol with check-ins at a building.
    let patrol = protocol::PatrolId::new();
    let (lon, lat) = inside(A1);
    let r = worker
        .push(&[
            Command::parse("patrol.start", &json!({"patrol_id": patrol})).unwrap(),
            Command::parse(
                "patrol.checkin",
                &json!({"patrol_id": patrol, "building": "3号楼", "unit": "2", "lon": lon, "lat": lat}),
            )
            .unwrap(),
            Command::parse("patrol.end", &json!({"patrol_id": patrol})).unwrap(),
        ])
        .await;
    assert!(
        r.results.iter().all(|x| x.outcome == Outcome::Applied),
        "{:?}",
        r.results
    );
    // People edited (with their admin audit entries), an enrollment code, placards printed.
    let r = admin
        .patch("/v1/admin/people/disp_a", json!({"phone": "13900000002"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin
        .post(
            "/v1/admin/people",
            json!({"username": "wang.fang", "name": "王芳", "role": "专职网格员", "area": A2.0}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = admin
        .post("/v1/admin/enrollments", json!({"username": "wang.fang"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let print = disp
        .http
        .post(disp.url("/v1/placards/print"))
        .bearer_auth(&disp.tokens.access_token)
        .json(&json!({"community": "130302001001", "which": "all"}))
        .send()
        .await
        .unwrap();
    assert_eq!(print.status(), 200);
    // The other worker's phone has pulled everything (its cursor is in the change log).
    other.pull_all().await;
    (ids, photos)
}

/// What a desk and a phone read, to compare before and after the move.
async fn what_they_read(disp: &Session, commander: &Session, id: domain::CaseId) -> Vec<Value> {
    let mut out = Vec::new();
    for path in [
        "/v1/cases?limit=100".to_string(),
        "/v1/cases?state=closed".to_string(),
        format!("/v1/cases/{id}"),
        "/v1/kpis?level=community".to_string(),
        "/v1/kpis?level=worker".to_string(),
    ] {
        let r = disp.get(&path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        out.push(r.body);
    }
    for path in ["/v1/kpis?level=street", "/v1/cases?limit=100"] {
        let r = commander.get(path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        out.push(r.body);
    }
    out
}

/// The new stores' settings: PostgreSQL at `url`, the photos in `s3` or else `folder`.
fn target(
    old: &Config,
    url: String,
    s3: Option<&s3_server::TestS3>,
    folder: &std::path::Path,
) -> Config {
    let mut to = old.clone();
    to.database_url = Some(Secret::new(url));
    match s3 {
        Some(s3) => {
            to.blob_url = Some(format!("s3://{}/district", s3_server::BUCKET));
            to.s3_endpoint = Some(s3.endpoint());
            to.s3_access_key_id = Some(s3_server::ACCESS_KEY.into());
            to.s3_secret_access_key = Some(Secret::new(s3_server::SECRET_KEY));
            to.s3_allow_http = true;
        }
        None => to.data_dir = folder.to_path_buf(),
    }
    to
}

fn rows(report: &Report, table: &str) -> u64 {
    report
        .database
        .tables
        .iter()
        .find(|t| t.name == table)
        .unwrap_or_else(|| panic!("{table} was not copied:\n{report}"))
        .target_rows
}

#[tokio::test]
async fn a_district_moves_to_postgres_and_answers_as_before() {
    if skip_without_postgres() {
        return;
    }
    let on_s3 = Backing::from_env().s3;
    let w = World::start_on(
        Backing {
            postgres: false,
            s3: false,
        },
        |_| {},
    )
    .await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let admin = w.sign_in("admin").await;
    let commander = w.sign_in("commander").await;
    let (ids, photos) = a_day_of_work(&w, &mut worker, &disp, &admin).await;
    let before = what_they_read(&disp, &commander, ids[0]).await;
    let (worker_changes, cursor) = worker.pull_from(0).await;
    assert!(!worker_changes.is_empty());
    let (dir, config, clock) = w.stop_keeping_data().await;

    let pg = pg_server::TestServer::start();
    let url = pg.database();
    let s3 = on_s3.then(s3_server::TestS3::start);
    let photo_folder = tempfile::tempdir().unwrap();
    let to = target(&config, url.clone(), s3.as_ref(), photo_folder.path());
    let plan = Plan {
        from: dir.path().to_path_buf(),
        to: to.clone(),
        replace: false,
    };
    let report = server::moving::run(plan.clone()).await.unwrap();
    eprintln!("{report}");
    assert!(report.ok(), "{report}");
    assert!(report.database.tables.iter().all(|t| t.ok()), "{report}");
    // Every kind of row the day made is there, as many as the source held.
    for table in [
        "persons",
        "devices",
        "access_tokens",
        "refresh_tokens",
        "mutations",
        "cases",
        "case_photos",
        "audit",
        "changes",
        "counters",
        "areas",
        "categories",
        "grids",
        "buildings",
        "patrols",
        "grid_visits",
        "blobs",
        "photo_claims",
        "placards",
        "enrollments",
        "admin_audit",
    ] {
        assert!(rows(&report, table) > 0, "no rows of {table}:\n{report}");
    }
    assert_eq!(rows(&report, "cases"), ids.len() as u64);
    let marks = &report.database.source_marks;
    assert_eq!(marks, &report.database.target_marks);
    assert!(marks.change_head >= cursor, "{report}");
    assert!(marks.devices.len() >= 5, "{report}");
    assert!(
        marks
            .devices
            .values()
            .any(|d| d.last_mid > 0 && d.delivered.is_some()),
        "{report}"
    );
    assert_eq!(report.photos.files, photos.len() as u64, "{report}");
    assert_eq!(report.photos.verified, photos.len() as u64, "{report}");
    assert_eq!(report.photos.copied, photos.len() as u64, "{report}");
    match &s3 {
        Some(s3) => {
            for hash in &photos {
                let object = s3.bucket_dir().join("district/blobs").join(hash);
                assert_eq!(sha256(&std::fs::read(&object).unwrap()), *hash);
            }
        }
        None => {
            for hash in &photos {
                let file = photo_folder.path().join("blobs").join(hash);
                assert_eq!(sha256(&std::fs::read(&file).unwrap()), *hash);
            }
        }
    }

    // The database now holds a district: a second move into it is refused; told to
    // replace it, the move runs again and matches again.
    let again = server::moving::run(plan.clone()).await.unwrap_err();
    assert_eq!(again.code(), "not_empty", "{again}");
    let replaced = server::moving::run(Plan {
        replace: true,
        ..plan
    })
    .await
    .unwrap();
    assert!(replaced.ok(), "{replaced}");
    assert_eq!(replaced.photos.already_there, photos.len() as u64);
    assert!(replaced.database.replaced.iter().any(|(t, _)| t == "cases"));

    // The service on the new stores, on the same clock.
    let state = AppState::open_with_clock(to, clock.clone()).unwrap();
    assert!(matches!(state.blobs(), server::photo_files::PhotoStore::Objects(_)) == on_s3);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(server::run(listener, state.clone(), async move {
        let _ = stopped.await;
    }));
    let (mut worker, disp, commander) =
        (at(&worker, &base), at(&disp, &base), at(&commander, &base));

    // The desk reads the same cases, detail and KPIs.
    let after = what_they_read(&disp, &commander, ids[0]).await;
    assert_eq!(before, after);
    // The phone's cursor is still good (no 410) and nothing is new to it.
    let r = worker.get(&format!("/v1/pull?cursor={cursor}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["changes"], json!([]));
    // Its photos are there, and its next mid carries on.
    let r = worker.get(&format!("/v1/blobs/{}", photos[0])).await;
    assert_eq!(r.status, 200);
    let fresh = domain::CaseId::new();
    let photo = upload(&worker, b"after the move").await;
    let r = worker
        .push(&[report_cmd(fresh, "0101", "normal", inside(A1), vec![photo])])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied, "{:?}", r.results);
    let (changes, _) = worker.pull_from(cursor).await;
    assert!(
        changes.iter().any(|c| c.id == fresh.to_string()),
        "the new report comes back after the old cursor"
    );
    // A mid it sent before the move is a replay, answered as it was.
    let first = report_cmd(
        ids[0],
        "0101",
        "normal",
        inside(A1),
        vec![photos[0].clone()],
    );
    let replay = worker.push_raw(json!([first.to_mutation(1, 0)])).await;
    assert_eq!(
        replay.results[0].outcome,
        Outcome::Applied,
        "{:?}",
        replay.results
    );
    // Its refresh token still works: no new sign-in.
    let r = Reply::from(
        worker
            .http
            .post(format!("{base}/v1/sessions/refresh"))
            .json(&json!({"refresh_token": worker.tokens.refresh_token}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let list = disp.get("/v1/cases?limit=100").await;
    assert_eq!(list.body["total"], json!(ids.len() + 1));

    let _ = stop.send(());
    served.await.unwrap().unwrap();
    drop(state);
}
