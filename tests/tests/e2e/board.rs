//! 指挥平台 through the app: the dispatcher's engine reads the district board with its
//! session (`Engine::board`, the Tauri command `board`): its community's grids with their
//! outlines, a worker's report as a point in its grid, today's count; a grid worker's app is
//! refused.

use e2e::devices::{point_in_my_grid, sync_until_drained};
use e2e::scenario::{Scenario, report};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dispatchers_app_reads_the_board_and_a_workers_app_is_refused() {
    let world = Scenario::start().await;
    let (a, d) = (&world.a, &world.d);

    let before = d.board().await.expect("the dispatcher reads the board");
    assert!(!before.grids.is_empty(), "the community's grids");
    assert!(
        before
            .grids
            .iter()
            .all(|g| g.geometry["type"] == "Polygon" || g.geometry["type"] == "MultiPolygon"),
        "each grid with its outline"
    );

    let (grid, lon, lat) = point_in_my_grid(a);
    let captured = a
        .capture_report(report("5305", lon, lat, "楼前堆放建筑垃圾"))
        .expect("captured");
    sync_until_drained(a, 20).await.expect("A syncs");

    let after = d.board().await.expect("the board again");
    assert!(
        after.grids.iter().any(|g| g.code == grid),
        "A's grid is drawn"
    );
    let point = after
        .cases
        .iter()
        .find(|c| c.id == captured.id)
        .expect("the report is on the board");
    assert_eq!(point.grid.as_deref(), Some(grid.as_str()));
    assert!((point.lon - lon).abs() < 1e-9 && (point.lat - lat).abs() < 1e-9);
    assert!(!point.overdue);
    assert_eq!(point.escalation, 0);
    assert_eq!(after.open_total, before.open_total + 1);
    assert_eq!(after.today.reported, before.today.reported + 1);

    let refused = a.board().await.expect_err("a grid worker has no board");
    assert_eq!(refused.code(), "forbidden", "{refused}");
}
