//! Grid boundaries changed by a grids file: a grid split in two, two grids merged (one
//! retired), a grid retired outright. Open cases are re-placed by their location (audited,
//! gone from the phones of the grid they left), buildings follow their grid, closed cases
//! keep theirs; a retirement that would strand workers or buildings is refused whole.

use serde_json::{Value, json};

use crate::harness::{A1, A2, C1, Session, World, apply_changes};

/// A3: the grid the split makes, in A1's community.
const A3: &str = "130302001001003";

/// A rectangle feature for grid `code`, lon `x0..x1`, lat 39.93..39.94.
fn rect(code: &str, x0: f64, x1: f64) -> Value {
    let (y0, y1) = (39.93, 39.94);
    json!({"type": "Feature", "properties": {"code": code},
        "geometry": {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
}

fn retire(code: &str) -> Value {
    json!({"type": "Feature", "properties": {"code": code, "retired": "是"}, "geometry": null})
}

/// Imports the features as a grids file (`dry_run` or for real); the status and report.
async fn import(admin: &Session, features: &[Value], dry_run: bool) -> (u16, Value) {
    let body = json!({"type": "FeatureCollection", "features": features}).to_string();
    let r = admin
        .http
        .post(admin.url(&format!(
            "/v1/admin/import/grids?file_name=grids.geojson&dry_run={dry_run}"
        )))
        .bearer_auth(&admin.tokens.access_token)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// Imports a buildings table; its report, asserting it was taken.
async fn buildings(admin: &Session, csv: &str) -> Value {
    let r = admin
        .http
        .post(admin.url("/v1/admin/import/buildings?file_name=b.csv"))
        .bearer_auth(&admin.tokens.access_token)
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// What the session's phone holds after a full pull.
async fn phone(s: &Session) -> std::collections::BTreeMap<(String, String), Value> {
    apply_changes(&s.pull_all().await)
}

fn held(
    state: &std::collections::BTreeMap<(String, String), Value>,
    kind: &str,
    id: &str,
) -> Option<Value> {
    state.get(&(kind.to_string(), id.to_string())).cloned()
}

fn counts(report: &Value) -> [u64; 6] {
    ["created", "updated", "unchanged", "retired", "moved"]
        .map(|k| report[k].as_u64().unwrap_or(u64::MAX))
        .into_iter()
        .chain([u64::from(report["applied"] == true)])
        .collect::<Vec<_>>()
        .try_into()
        .unwrap()
}

#[tokio::test]
async fn a_split_grid_re_places_its_open_cases_by_location_and_a_dry_run_counts_them() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let mut reporter = w.sign_in("reporter_a").await;
    let worker_a1 = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    // Two open cases in A1: one in its west half, one in the east half the split takes.
    let west = reporter.report("0101", (A1.1 + 0.002, A1.2 + 0.005)).await;
    let east = reporter.report("0101", (A1.1 + 0.008, A1.2 + 0.005)).await;
    let split = [
        rect(A1.0, A1.1, A1.1 + 0.005),
        rect(A3, A1.1 + 0.005, A1.1 + 0.01),
    ];

    let (status, dry) = import(&admin, &split, true).await;
    assert_eq!(status, 200, "{dry}");
    // A3 created, A1 redrawn; one case will move; nothing stored.
    assert_eq!(counts(&dry), [1, 1, 0, 0, 1, 0], "{dry}");
    assert_eq!(disp.case(east).await["case"]["grid"], A1.0);

    let (status, report) = import(&admin, &split, false).await;
    assert_eq!(
        (status, counts(&report)),
        (200, [1, 1, 0, 0, 1, 1]),
        "{report}"
    );
    let moved = disp.case(east).await;
    assert_eq!(moved["case"]["grid"], A3, "{moved}");
    assert_eq!(
        disp.case(west).await["case"]["grid"],
        A1.0,
        "the west case stays"
    );
    let placed: Vec<&Value> = moved["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "place")
        .collect();
    assert_eq!(placed.len(), 1, "{moved}");
    assert_eq!(placed[0]["detail"], format!("{} → {A3}", A1.0));

    // A1's worker no longer holds the east case, nor A1's old boundary; the community's
    // dispatcher holds both cases and both grids.
    let on_worker = phone(&worker_a1).await;
    assert!(held(&on_worker, "Case", &east.to_string()).is_none());
    assert!(held(&on_worker, "Case", &west.to_string()).is_some());
    let a1 = held(&on_worker, "Grid", A1.0).unwrap();
    let boundary = a1["geometry"].to_string();
    assert!(
        boundary.contains("119.605") && !boundary.contains("119.61"),
        "A1's west half: {boundary}"
    );
    let on_desk = phone(&disp).await;
    assert_eq!(
        held(&on_desk, "Case", &east.to_string()).unwrap()["grid"],
        A3
    );
    assert!(held(&on_desk, "Grid", A3).is_some());

    // A new report in the east half lands in A3; the same file again changes nothing.
    let later = reporter.report("0101", (A1.1 + 0.009, A1.2 + 0.001)).await;
    assert_eq!(disp.case(later).await["case"]["grid"], A3);
    let (_, again) = import(&admin, &split, false).await;
    assert_eq!(counts(&again), [0, 0, 2, 0, 0, 0], "{again}");
    let audit = admin.audit_of("import.grids").await;
    assert_eq!(audit.len(), 1, "one import changed anything");
    assert_eq!(audit[0]["after"]["cases_placed"], 1, "{}", audit[0]);
}

#[tokio::test]
async fn a_merge_retires_a_grid_once_its_worker_has_moved_and_its_cases_and_building_follow() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let mut reporter = w.sign_in("reporter_a").await;
    let disp = w.sign_in("disp_a").await;
    let open = reporter.report("0101", (A2.1 + 0.005, A2.2 + 0.005)).await;
    let merge = [rect(A1.0, A1.1, A2.1 + 0.01), retire(A2.0)];
    let building = format!("{}-001", A2.0);
    let buildings_file = format!(
        "code,name,lon,lat,units\n{building},1号楼,{},{},2\n",
        A2.1 + 0.003,
        A2.2 + 0.003
    );
    assert_eq!(buildings(&admin, &buildings_file).await["created"], 1);

    // worker_a2 still works in A2: refused whole, with the worker named at A2's feature.
    let (status, refused) = import(&admin, &merge, false).await;
    assert_eq!(status, 422, "{refused}");
    let problems = refused["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{refused}");
    assert_eq!(
        (&problems[0]["row"], &problems[0]["column"]),
        (&json!(2), &json!("code"))
    );
    assert!(
        problems[0]["reason"]
            .as_str()
            .unwrap()
            .contains("worker_a2"),
        "{refused}"
    );
    assert!(
        problems[0]["reason_en"]
            .as_str()
            .unwrap()
            .contains("move them"),
        "{refused}"
    );
    assert_eq!(
        disp.case(open).await["case"]["grid"],
        A2.0,
        "nothing stored"
    );

    let r = admin
        .post(
            "/v1/admin/people/worker_a2/move",
            json!({"grids": [A1.0], "open_tasks": "keep"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, report) = import(&admin, &merge, false).await;
    assert_eq!(
        (status, counts(&report)),
        (200, [0, 2, 0, 1, 2, 1]),
        "{report}"
    );
    assert_eq!(disp.case(open).await["case"]["grid"], A1.0);
    let on_desk = phone(&disp).await;
    assert!(
        held(&on_desk, "Grid", A2.0).is_none(),
        "the retired grid left the phones"
    );
    let worker = w.sign_in("worker_a2").await;
    let on_worker = phone(&worker).await;
    assert!(held(&on_worker, "Case", &open.to_string()).is_some());
    // The building keeps its code and units, now in A1: on A1's phones.
    let b = held(&on_worker, "Building", &building).expect("the building in A1");
    assert_eq!(
        (&b["grid"], &b["units"]),
        (&json!(A1.0), &json!(["1", "2"]))
    );
    // The same buildings file again: unchanged, though its code names the retired grid.
    let again = buildings(&admin, &buildings_file).await;
    assert_eq!(
        (&again["unchanged"], &again["applied"]),
        (&json!(1), &json!(false)),
        "{again}"
    );
    // A report where A2 was now lands in A1; the same file again changes nothing.
    let later = reporter.report("0101", (A2.1 + 0.001, A2.2 + 0.001)).await;
    assert_eq!(disp.case(later).await["case"]["grid"], A1.0);
    let (_, again) = import(&admin, &merge, false).await;
    assert_eq!(counts(&again), [0, 0, 2, 0, 0, 0], "{again}");
    // A grid that was never stored cannot be retired.
    let (status, unknown) = import(&admin, &[retire("130302001001009")], false).await;
    assert_eq!(status, 422, "{unknown}");
    assert!(
        unknown["problems"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("130302001001009")
    );
}

#[tokio::test]
async fn retiring_a_grid_sends_its_open_cases_to_the_community_queue_unless_a_building_would_be_stranded()
 {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp_c = w.sign_in("disp_c").await;
    // C1 has no worker; a worker of another community reports there (outside their
    // grids, as anyone may in the district).
    let open = worker.report("0101", (C1.1 + 0.005, C1.2 + 0.005)).await;
    let building = format!("{}-001", C1.0);
    let (lon, lat) = (C1.1 + 0.001, C1.2 + 0.001);
    buildings(
        &admin,
        &format!("code,name,lon,lat\n{building},1号楼,{lon},{lat}\n"),
    )
    .await;

    let (status, refused) = import(&admin, &[retire(C1.0)], false).await;
    assert_eq!(status, 422, "{refused}");
    let reason = refused["problems"][0]["reason"].as_str().unwrap();
    assert!(reason.contains(&building), "{refused}");
    assert_eq!(
        disp_c.case(open).await["case"]["grid"],
        C1.0,
        "nothing stored"
    );

    buildings(
        &admin,
        &format!("code,name,lon,lat,retired\n{building},1号楼,{lon},{lat},是\n"),
    )
    .await;
    let (status, report) = import(&admin, &[retire(C1.0)], false).await;
    assert_eq!(
        (status, counts(&report)),
        (200, [0, 1, 0, 1, 1, 1]),
        "{report}"
    );
    let queued = disp_c.case(open).await;
    assert_eq!(queued["case"]["grid"], Value::Null, "{queued}");
    assert_eq!(queued["case"]["community"], "130302001002");
    assert!(
        held(&phone(&disp_c).await, "Case", &open.to_string()).is_some(),
        "the community's dispatcher still holds it"
    );
}
