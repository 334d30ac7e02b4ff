//! The dispatcher's desk shows photos its device never took: they come from the server,
//! checked against their hash, and stay in the desk's blob store.

use device::engine::CaptureReport;
use e2e::devices::{photo, point_in_my_grid, signed_in, sync_until_drained};
use e2e::server::{DISPATCHER, PASSWORD, TestServer, WORKER_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dispatcher_sees_a_workers_photo_after_the_worker_synced() {
    let server = TestServer::start().await;
    let (_a_dir, a) = signed_in(&server.url, WORKER_A, PASSWORD).await;
    let (d_dir, d) = signed_in(&server.url, DISPATCHER, PASSWORD).await;
    a.sync_now().await.unwrap();
    d.sync_now().await.unwrap();

    let shot = a.prepare_photo_bytes(&photo(77)).unwrap();
    let unsent = a.prepare_photo_bytes(&photo(78)).unwrap();
    let (_, lon, lat) = point_in_my_grid(&a);
    let case = a
        .capture_report(CaptureReport {
            category: "0101".parse().unwrap(),
            priority: domain::Priority::Normal,
            description: "broken railing".into(),
            lon,
            lat,
            photos: vec![shot.sha256.clone()],
            self_resolved: false,
            note: None,
        })
        .unwrap();
    sync_until_drained(&a, 5).await.unwrap();
    assert!(a.server_has_photo(&shot.sha256).await.unwrap());

    let queue = d.review_queue().await.unwrap();
    assert!(
        queue.iter().any(|c| c.id == case.id),
        "the report is in review"
    );
    assert!(
        !d_dir
            .path()
            .join("blobs")
            .join(shot.sha256.as_str())
            .exists(),
        "the desk never held the photo"
    );

    let full = d.photo_data_url(&shot.sha256, false).await.unwrap();
    let on_worker = a.photo_data_url(&shot.sha256, false).await.unwrap();
    assert_eq!(
        full, on_worker,
        "the desk shows the worker's photo, byte for byte"
    );
    // The thumbnail asked for on the desk is the photo itself, now from the local copy.
    let thumb = d.photo_data_url(&shot.sha256, true).await.unwrap();
    assert_eq!(thumb, full);
    assert!(
        d_dir
            .path()
            .join("blobs")
            .join(shot.sha256.as_str())
            .exists(),
        "the fetched photo is kept in the desk's blob store"
    );

    // A photo the worker never uploaded is on neither side: a clear not_found.
    let missing = d.photo_data_url(&unsent.sha256, true).await.unwrap_err();
    assert_eq!(missing.code(), "not_found", "{missing}");
    // A malformed hash cannot even be named: the photo-hash type refuses it (as the app's
    // command refuses the argument) before any file or the network is touched.
    let bad = domain::PhotoHash::parse("../../etc/passwd").unwrap_err();
    assert!(bad.to_string().contains("photo"), "{bad}");
}
