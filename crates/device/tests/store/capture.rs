//! Capturing reports: one transaction for report and outbox entry, mids rising by one.

use device::{OutboxState, Store, store::BlobKind};

use crate::report;

#[test]
fn a_capture_saves_the_report_its_photos_and_one_outbox_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let photo = store.put_blob(b"jpeg bytes", BlobKind::Photo, 1).unwrap();
    let r = report(vec![photo.clone()], 1);
    let mid = store.capture_report(&r).unwrap();
    assert_eq!(mid, 1);
    drop(store);

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.reports().unwrap(), vec![r.clone()]);
    let outbox = store.outbox_all().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].name, "report.create");
    assert_eq!(outbox[0].state, OutboxState::Queued);
    assert_eq!(outbox[0].args["case_id"], r.case_id.to_string());
    assert_eq!(store.read_blob(&photo).unwrap(), b"jpeg bytes");
}

#[test]
fn saving_the_same_report_twice_keeps_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let r = report(vec![], 1);
    assert_eq!(store.capture_report(&r).unwrap(), 1);
    assert_eq!(store.capture_report(&r).unwrap(), 1);
    assert_eq!(store.reports().unwrap().len(), 1);
    assert_eq!(store.outbox_all().unwrap().len(), 1);
}

#[test]
fn mids_rise_by_one_even_after_entries_are_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    for n in 1..=3 {
        store.capture_report(&report(vec![], n)).unwrap();
    }
    store.outbox_mark_sending(2, 10).unwrap();
    store
        .outbox_record(
            &[
                (1, OutboxState::Applied, None),
                (2, OutboxState::Rejected, Some("unknown category".into())),
            ],
            11,
        )
        .unwrap();
    let mid = store.capture_report(&report(vec![], 4)).unwrap();
    assert_eq!(mid, 4);
    let pending: Vec<_> = store
        .outbox_pending(10)
        .unwrap()
        .iter()
        .map(|e| e.mid)
        .collect();
    assert_eq!(pending, vec![3, 4]);
    let rejected = store.outbox_rejected(10).unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].reason.as_deref(), Some("unknown category"));
}

#[test]
fn a_photo_that_was_never_stored_cannot_be_referenced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let err = store
        .capture_report(&report(vec!["ab".repeat(32)], 1))
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    assert!(
        store.reports().unwrap().is_empty(),
        "a failed capture keeps nothing"
    );
    assert!(store.outbox_all().unwrap().is_empty());
}

#[test]
fn a_location_off_the_globe_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut r = report(vec![], 1);
    r.lat = f64::NAN;
    let err = store.capture_report(&r).unwrap_err();
    assert!(err.to_string().contains("not a WGS-84"), "{err}");
    r.lat = 119.6; // longitude and latitude swapped
    r.lon = 39.9;
    assert!(store.capture_report(&r).is_err());
    assert!(store.reports().unwrap().is_empty());
}
