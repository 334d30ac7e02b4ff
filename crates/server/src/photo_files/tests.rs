//! The photo store's contract (`conformance`) on each kind of place: the local folder, an
//! in-memory object store, and a real S3-compatible server (`s3s-fs`, `s3_test_server`)
//! reached through the same S3 client and configuration as production.

use std::sync::Arc;

use super::conformance::{self, MAX};
use super::s3_test_server::{ACCESS_KEY, BUCKET, SECRET_KEY, TestS3};
use super::{LocalBlobs, ObjectBlobs, PhotoStore, objects::parse_s3_url};
use crate::clock::ManualClock;
use crate::config::{Config, Secret};

#[tokio::test]
async fn the_local_folder_conforms() {
    let dir = tempfile::tempdir().unwrap();
    let open = || PhotoStore::Local(LocalBlobs::open(dir.path().join("blobs"), MAX).unwrap());
    conformance::check(&open(), &open(), &ManualClock::new()).await;
}

#[tokio::test]
async fn an_in_memory_object_store_conforms() {
    let clock = ManualClock::new();
    let memory = Arc::new(object_store::memory::InMemory::new());
    let open = || {
        PhotoStore::Objects(ObjectBlobs::new(
            memory.clone(),
            "district/photos",
            MAX,
            clock.clone(),
        ))
    };
    conformance::check(&open(), &open(), &clock).await;
}

/// The configuration a replica is given for the test server's bucket.
fn s3_config(s3: &TestS3, prefix: &str) -> Config {
    Config {
        blob_url: Some(format!("s3://{BUCKET}/{prefix}")),
        s3_endpoint: Some(s3.endpoint()),
        s3_access_key_id: Some(ACCESS_KEY.into()),
        s3_secret_access_key: Some(Secret::new(SECRET_KEY)),
        s3_allow_http: true,
        max_blob_bytes: MAX,
        ..Config::default()
    }
}

#[tokio::test]
async fn an_s3_compatible_server_conforms() {
    let s3 = TestS3::start();
    let clock = ManualClock::new();
    let config = s3_config(&s3, "haigang");
    let open = || PhotoStore::open(&config, clock.clone()).unwrap();
    assert!(matches!(open(), PhotoStore::Objects(_)));
    let shown = format!("{:?}", open());
    assert!(
        !shown.contains(SECRET_KEY),
        "the secret key is never shown: {shown}"
    );
    conformance::check(&open(), &open(), &clock).await;

    // Content-addressed under the prefix, as in the folder; no part left behind.
    let bytes = b"a photo".to_vec();
    let hash = super::hash_bytes(&bytes).unwrap();
    let store = open();
    store.append(&hash, 0, 7, &bytes[..3]).await.unwrap();
    let parts = s3.bucket_dir().join("haigang/partials").join(hash.as_str());
    let names: Vec<String> = std::fs::read_dir(&parts)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("00000000000000000000-"), "{names:?}");
    store.append(&hash, 3, 7, &bytes[3..]).await.unwrap();
    let blob = s3.bucket_dir().join("haigang/blobs").join(hash.as_str());
    assert_eq!(std::fs::read(blob).unwrap(), bytes);
    assert_eq!(std::fs::read_dir(&parts).map_or(0, |d| d.count()), 0);
}

#[tokio::test]
async fn wrong_credentials_are_a_storage_error_not_an_absent_photo() {
    let s3 = TestS3::start();
    let mut config = s3_config(&s3, "");
    config.s3_secret_access_key = Some(Secret::new("not the secret"));
    let store = PhotoStore::open(&config, ManualClock::new()).unwrap();
    let hash = super::hash_bytes(b"x").unwrap();
    let err = store.status(&hash).await.unwrap_err();
    assert_eq!(err.code(), "internal", "{err}");
    assert!(err.to_string().contains("403"), "{err}");
}

#[test]
fn s3_urls_and_their_settings_are_checked() {
    assert_eq!(parse_s3_url("s3://b/p/q/").unwrap(), ("b", "p/q"));
    assert_eq!(parse_s3_url("s3://b").unwrap(), ("b", ""));
    assert!(parse_s3_url("s3:///p").is_err());
    assert!(parse_s3_url("https://b/p").is_err());
    let config = Config {
        blob_url: Some("s3://b/p".into()),
        ..Config::default()
    };
    let err = PhotoStore::open(&config, ManualClock::new()).unwrap_err();
    assert!(err.to_string().contains("s3_access_key_id"), "{err}");
}
