//! Two people on one phone (trust finding 1): the work queued by the first is never sent
//! under the second's name, and the second never sees the first's synced data.

use e2e::devices::{open, point_in_my_grid, sync_until_drained};
use e2e::scenario::report;
use e2e::server::{PASSWORD, TestServer, WORKER_A, WORKER_B, WORKER_C};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_work_stays_with_the_person_who_captured_it() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let phone = open(dir.path());
    let a = phone.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    phone.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&phone);
    let case = phone
        .capture_report(report("0101", lon, lat, "captured by A, offline"))
        .unwrap();
    phone.logout().unwrap();

    // B picks up the phone: refused while A's report waits, and nothing reaches the server.
    let refused = phone
        .login(&server.url, WORKER_B, PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid", "{refused}");
    assert!(refused.to_string().contains(WORKER_A), "{refused}");
    assert!(phone.me().unwrap().is_none(), "B is not signed in");
    let on_server = server
        .state
        .read(move |tx| tx.case_get(case.id))
        .await
        .unwrap();
    assert!(on_server.is_none(), "A's report was not sent by anyone");

    // A signs in again: the report goes out under A's name.
    phone.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    sync_until_drained(&phone, 5).await.unwrap();
    let stored = server
        .state
        .read(move |tx| tx.case_get(case.id))
        .await
        .unwrap()
        .expect("the report reached the server");
    assert_eq!(stored.case.reporter, a.person_id, "reported by A, not B");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_person_starts_from_an_empty_server_copy() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let phone = open(dir.path());
    let a = phone.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    phone.sync_now().await.unwrap();
    let (a_grid, lon, lat) = point_in_my_grid(&phone);
    let case = phone
        .capture_report(report("0101", lon, lat, "A's grid"))
        .unwrap();
    sync_until_drained(&phone, 5).await.unwrap();
    phone.sync_now().await.unwrap();
    assert!(
        phone.case_detail(&case.id).is_ok(),
        "A's phone holds the case"
    );
    phone.logout().unwrap();

    // Nothing of A's is queued, so C (a worker of the next grid) may sign in; C sees
    // nothing of A's, neither at sign-in nor after syncing.
    let c = phone.login(&server.url, WORKER_C, PASSWORD).await.unwrap();
    assert_ne!(a.person_id, c.person_id);
    assert!(
        phone.workers(None, None).unwrap().is_empty(),
        "A's synced colleagues (names, phones) are gone"
    );
    for moment in ["at sign-in", "after syncing"] {
        assert!(
            phone.my_reports().unwrap().is_empty(),
            "{moment}: A's reports are not C's"
        );
        let err = phone.case_detail(&case.id).unwrap_err();
        assert_eq!(err.code(), "not_found", "{moment}: {err}");
        assert!(
            phone.my_grids().unwrap().iter().all(|g| g.code != a_grid),
            "{moment}: A's grid is not on C's phone"
        );
        phone.sync_now().await.unwrap();
    }
}
