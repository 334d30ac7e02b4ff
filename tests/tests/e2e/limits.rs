//! Trust finding 5: limits on what a report or action carries, told at capture, and an
//! entry the server refuses as too large set aside instead of stalling the phone.

use e2e::devices::{open, point_in_my_grid, sync_until_drained};
use e2e::scenario::report;
use e2e::server::{PASSWORD, TestServer, WORKER_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_too_long_description_is_refused_at_capture_with_a_clear_message() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let phone = open(dir.path());
    phone.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    phone.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&phone);
    let long = "井盖".repeat(1_500);
    let err = phone
        .capture_report(report("0101", lon, lat, &long))
        .unwrap_err();
    assert_eq!(err.code(), "invalid", "{err}");
    assert!(err.to_string().contains("description is too long"), "{err}");
    assert_eq!(phone.sync_status().queued, 0, "nothing queued");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_too_large_for_the_server_is_set_aside_and_the_rest_goes_on() {
    // A server that takes small request bodies only: one long report is too large for it.
    let server = TestServer::start_with(|c| c.max_body_bytes = 4 * 1024).await;
    let dir = tempfile::tempdir().unwrap();
    let phone = open(dir.path());
    phone.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    phone.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&phone);
    let big = phone
        .capture_report(report("0101", lon, lat, &"长".repeat(1_900)))
        .unwrap();
    let small = phone
        .capture_report(report("0101", lon, lat, "井盖破损"))
        .unwrap();
    sync_until_drained(&phone, 5)
        .await
        .expect("the queue drains: nothing stalls on the large entry");
    let status = phone.sync_status();
    assert_eq!(status.rejected.len(), 1, "{:?}", status.rejected);
    assert!(
        status.rejected[0].reason.contains("too large"),
        "{:?}",
        status.rejected
    );
    let on_server = |id| {
        let state = server.state.clone();
        async move { state.read(move |tx| tx.case_get(id)).await.unwrap() }
    };
    assert!(
        on_server(small.id).await.is_some(),
        "the small report arrived"
    );
    assert!(
        on_server(big.id).await.is_none(),
        "the large one was set aside"
    );
}

/// Trust finding 5 (photos): a photo the server refuses every time (here: larger than it
/// takes) is set aside with the count shown, and the rest of the sync, the pull included,
/// goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_the_server_always_refuses_is_set_aside() {
    let server = TestServer::start_with(|c| c.max_blob_bytes = 2 * 1024).await;
    let dir = tempfile::tempdir().unwrap();
    let phone = open(dir.path());
    phone.login(&server.url, WORKER_A, PASSWORD).await.unwrap();
    phone.sync_now().await.unwrap();
    let (_, lon, lat) = point_in_my_grid(&phone);
    let shot = phone.prepare_photo_bytes(&e2e::devices::photo(3)).unwrap();
    assert!(
        shot.bytes > 2 * 1024,
        "the prepared photo is larger than the server takes"
    );
    let case = phone
        .capture_report(e2e::scenario::with_photos(
            report("0101", lon, lat, "井盖破损"),
            &[&shot.sha256],
        ))
        .unwrap();
    sync_until_drained(&phone, 5)
        .await
        .expect("the queue drains: the refused photo does not stall the sync");
    let status = phone.sync_status();
    assert_eq!(status.photos_refused, 1, "{status:?}");
    assert_eq!(status.queued_photos, 0, "{status:?}");
    let state = server.state.clone();
    let stored = state.read(move |tx| tx.case_get(case.id)).await.unwrap();
    assert!(stored.is_some(), "the report itself arrived");
}
