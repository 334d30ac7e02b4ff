//! The district board (指挥平台) and the desk's directory through the real server: each desk
//! sees its own area's grids, open cases and people; today's counts follow the loop and
//! start again at midnight in China; overdue cases line up on the escalation list.

use serde_json::{Value, json};

use crate::harness::{A1, A2, B1, C1, Session, World, inside};

const HOUR: i64 = 3600;

async fn board(s: &Session) -> Value {
    let r = s.get("/v1/board").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

fn codes<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    let mut v: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap())
        .collect();
    v.sort_unstable();
    v
}

#[tokio::test]
async fn the_board_shows_the_areas_grids_and_open_cases_and_counts_today() {
    let w = World::start_with(|c| c.access_token_ttl_secs = 30 * 24 * 3600).await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut a2 = w.sign_in("worker_a2").await;
    let mut b1 = w.sign_in("worker_b1").await;
    let disp = w.sign_in("disp_a").await;
    let commander = w.sign_in("commander").await;

    // Start from a fresh day: the clock at 08:00 in Beijing.
    let b = board(&disp).await;
    let (at, start) = (b["at"].as_i64().unwrap(), b["day_start"].as_i64().unwrap());
    assert!(start <= at && at - start < 24 * HOUR * 1000);
    let to_eight = (start + 24 * HOUR * 1000 + 8 * HOUR * 1000 - at) / 1000;
    w.clock.advance_secs(to_eight);

    let first = a1.report("5305", inside(A1)).await;
    let second = a2.report("5305", inside(A2)).await;
    b1.report("5305", inside(B1)).await;

    // The community's desk: its two grids with outlines and its two cases, nothing of
    // street B's.
    let b = board(&disp).await;
    assert_eq!(codes(&b["grids"], "code"), [A1.0, A2.0]);
    assert_eq!(b["grids"][0]["geometry"]["type"], "Polygon");
    assert_eq!(b["open_total"], 2);
    assert_eq!(codes(&b["cases"], "grid"), [A1.0, A2.0]);
    let point = b["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == json!(first))
        .unwrap();
    assert_eq!(point["state"], "reported");
    assert_eq!(point["category_name"], "施工废弃料");
    let (lon, lat) = inside(A1);
    let (x, y) = (
        point["lon"].as_f64().unwrap(),
        point["lat"].as_f64().unwrap(),
    );
    assert!((x - lon).abs() < 1e-9 && (y - lat).abs() < 1e-9, "{point}");
    assert_eq!(b["today"]["reported"], 2);
    // The command centre sees the whole district.
    let all = board(&commander).await;
    let mut district = vec![A1.0, A2.0, C1.0, B1.0];
    district.sort_unstable();
    assert_eq!(codes(&all["grids"], "code"), district);
    assert_eq!(all["today"]["reported"], 3);

    // One accepted within the hour, one after two hours and dispatched.
    w.clock.advance_secs(30 * 60);
    assert_eq!(
        disp.act(first, json!({"action": "accept"})).await.status,
        200
    );
    w.clock.advance_secs(2 * HOUR);
    assert_eq!(
        disp.act(second, json!({"action": "accept"})).await.status,
        200
    );
    let r = disp
        .act(
            second,
            json!({"action": "dispatch", "worker": a2.person_id()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let t = &board(&disp).await["today"];
    assert_eq!(
        (
            &t["reported"],
            &t["accepted"],
            &t["accepted_within_hour"],
            &t["dispatched"]
        ),
        (&json!(2), &json!(2), &json!(1), &json!(1))
    );

    // The next day in Beijing: the counts start again; the open cases stay on the map.
    let b = board(&disp).await;
    let next_midnight = b["day_start"].as_i64().unwrap() + 24 * HOUR * 1000;
    w.clock
        .advance_secs((next_midnight - b["at"].as_i64().unwrap()) / 1000 + 1);
    let b = board(&disp).await;
    assert_eq!(b["day_start"].as_i64().unwrap(), next_midnight);
    assert_eq!(b["today"]["reported"], 0);
    assert_eq!(b["today"]["accepted"], 0);
    assert_eq!(b["open_total"], 2);

    // Days later both are overdue; the sweep escalates them onto the escalation list.
    w.clock.advance_secs(10 * 24 * HOUR);
    assert!(server::sweep_now(&w.state).await.unwrap() >= 2);
    let b = board(&disp).await;
    assert_eq!(b["today"]["overdue"], 2);
    let escalated = b["escalations"].as_array().unwrap();
    assert_eq!(escalated.len(), 2, "{}", b["escalations"]);
    assert!(
        escalated
            .iter()
            .all(|c| c["overdue"] == true && c["escalation"].as_u64().unwrap() >= 1)
    );
    let levels: Vec<u64> = escalated
        .iter()
        .map(|c| c["escalation"].as_u64().unwrap())
        .collect();
    assert!(levels.windows(2).all(|p| p[0] >= p[1]), "{levels:?}");
    let t = &b["today"];
    assert_eq!(
        t["overdue_community"].as_u64().unwrap()
            + t["overdue_street"].as_u64().unwrap()
            + t["overdue_district"].as_u64().unwrap(),
        2
    );
    // Overdue cases come first on the map's list.
    assert!(
        b["cases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["overdue"] == true)
    );

    // A grid worker has no board.
    assert_eq!(a1.get("/v1/board").await.status, 403);
}

#[tokio::test]
async fn the_directory_names_what_the_desk_shows_in_its_own_area() {
    let w = World::start().await;
    let disp = w.sign_in("disp_a").await;
    let d = disp.get("/v1/directory").await;
    assert_eq!(d.status, 200, "{}", d.body);
    let people = codes(&d.body["people"], "username");
    assert!(
        people.contains(&"worker_a1") && people.contains(&"worker_a2"),
        "{people:?}"
    );
    assert!(people.contains(&"disp_a"), "{people:?}");
    assert!(!people.contains(&"worker_b1"), "{people:?}");
    assert_eq!(codes(&d.body["grids"], "code"), [A1.0, A2.0]);
    assert!(
        d.body["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "5305" && c["name_zh"] == "施工废弃料")
    );
    assert!(
        d.body["areas"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == "130302001001" && a["level"] == "community")
    );
    let street = w.sign_in("street_b").await;
    let theirs = street.get("/v1/directory").await;
    let people = codes(&theirs.body["people"], "username");
    assert!(
        people.contains(&"worker_b1") && !people.contains(&"worker_a1"),
        "{people:?}"
    );
    let worker = w.sign_in("worker_a1").await;
    assert_eq!(worker.get("/v1/directory").await.status, 403);

    // A grid's buildings, for the desk's map of its own area only.
    let b = disp.get(&format!("/v1/buildings?grid={}", A1.0)).await;
    assert_eq!(b.status, 200, "{}", b.body);
    let codes: Vec<&str> = b
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c.starts_with(A1.0)),
        "{codes:?}"
    );
    assert_eq!(b.body[0]["units"], json!(["1", "2"]));
    assert_eq!(
        disp.get(&format!("/v1/buildings?grid={}", B1.0))
            .await
            .status,
        403
    );
    assert_eq!(disp.get("/v1/buildings?grid=12").await.status, 400);
    assert_eq!(
        worker
            .get(&format!("/v1/buildings?grid={}", A1.0))
            .await
            .status,
        403
    );
}
