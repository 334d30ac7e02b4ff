//! Buildings are reference data the server publishes to the people of their grid: a
//! worker's device lists them after a pull, patrols check in at them and coverage counts
//! them; a worker of another grid does not receive them.

use device::engine::CheckIn;
use e2e::devices::{point_in_my_grid, signed_in};
use e2e::server::{PASSWORD, TestServer, WORKER_A, WORKER_C};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_pulls_the_buildings_of_their_grid_and_patrols_them() {
    let server = TestServer::start().await;
    let (_a_dir, a) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    let (_c_dir, c) = signed_in(&server.url, WORKER_C, PASSWORD).await;
    a.sync_now().await.unwrap();
    let (grid, lon, lat) = point_in_my_grid(&a);
    assert!(a.buildings(&grid).unwrap().is_empty(), "no buildings yet");

    let code = domain::GridCode::parse(&grid).unwrap();
    let views: Vec<protocol::BuildingView> = (1..=3u16)
        .map(|n| protocol::BuildingView {
            code: code.building(n).unwrap(),
            grid: code,
            name: format!("{n}号楼"),
            lon: lon + f64::from(n) * 1e-4,
            lat,
            units: (1..=n).map(|u| u.to_string()).collect(),
            head: None,
            unit_heads: Default::default(),
        })
        .collect();
    let published = views.clone();
    let now = server.state.now_ms();
    server
        .state
        .write(move |tx| server::reference::feed::put_buildings(tx, &published, now))
        .await
        .unwrap();

    a.sync_now().await.unwrap();
    c.sync_now().await.unwrap();
    let listed = a.buildings(&grid).unwrap();
    let codes: Vec<String> = listed.iter().map(|b| b.code.clone()).collect();
    let expected: Vec<String> = views.iter().map(|b| b.code.to_string()).collect();
    assert_eq!(
        codes, expected,
        "the worker's device lists the grid's buildings"
    );
    assert_eq!(listed[1].name, "2号楼");
    assert_eq!(listed[1].units, ["1", "2"], "with its units (单元)");
    assert!(
        c.buildings(&grid).unwrap().is_empty(),
        "a worker of another grid does not receive them"
    );

    a.patrol_start(&grid).unwrap();
    let patrol = a
        .patrol_checkin(CheckIn {
            building: expected[0].clone(),
            unit: Some("2".into()),
            lon,
            lat,
            note: None,
            placard_posted: false,
        })
        .unwrap();
    assert_eq!(patrol.coverage.buildings_total, 3);
    assert_eq!(patrol.coverage.buildings_visited, 1);
    // A building the feed does not know, checked in at anyway, is still listed.
    let patrol = a
        .patrol_checkin(CheckIn {
            building: "门卫室".into(),
            unit: None,
            lon,
            lat,
            note: None,
            placard_posted: false,
        })
        .unwrap();
    assert_eq!(patrol.coverage.buildings_total, 4);
    assert_eq!(patrol.coverage.buildings_visited, 2);
    let listed = a.buildings(&grid).unwrap();
    assert_eq!(listed.len(), 4);
    let first = listed.iter().find(|b| b.code == expected[0]).unwrap();
    assert_eq!(first.name, "1号楼", "the synced name is kept");
    assert_eq!(first.units, ["1", "2"], "its unit, and the one visited");
}
