//! Photo uploads: resumable in parts (across replicas when the photos are in an object
//! store), checked against their hash, size-limited, and readable only by those who may
//! see them.

use protocol::Outcome;
use serde_json::json;

use crate::harness::{A1, B1, Backing, Reply, World, inside, report_cmd, sha256};

fn photo(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 251) as u8).collect()
}

#[tokio::test]
async fn a_photo_uploaded_in_three_interrupted_parts_is_verified() {
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let bytes = photo(30_000);
    let hash = sha256(&bytes);
    let url = s.url(&format!("/v1/blobs/{hash}"));
    let head = || async {
        let r = s
            .http
            .head(&url)
            .bearer_auth(&s.tokens.access_token)
            .send()
            .await
            .unwrap();
        let offset: u64 = r.headers()["upload-offset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        (r.status().as_u16(), offset)
    };
    let patch = |offset: usize, part: Vec<u8>| {
        let s = &s;
        let url = url.clone();
        async move {
            Reply::from(
                s.http
                    .patch(&url)
                    .bearer_auth(&s.tokens.access_token)
                    .header("upload-offset", offset.to_string())
                    .header("upload-length", "30000")
                    .body(part)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    assert_eq!(head().await, (404, 0));
    let r = patch(0, bytes[..10_000].to_vec()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["complete"], false);
    // The connection dropped; the device asks where to resume.
    assert_eq!(head().await, (404, 10_000));
    // A stale offset is refused, not appended.
    let r = patch(5_000, bytes[5_000..20_000].to_vec()).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.code(), "offset_mismatch");
    assert_eq!(
        patch(10_000, bytes[10_000..20_000].to_vec()).await.status,
        200
    );
    assert_eq!(head().await, (404, 20_000));
    let r = patch(20_000, bytes[20_000..].to_vec()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["complete"], true);
    assert_eq!(head().await, (200, 30_000));
    let got = s
        .http
        .get(&url)
        .bearer_auth(&s.tokens.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);
    w.stop().await;
}

#[tokio::test]
async fn bytes_that_do_not_match_their_hash_are_refused() {
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let hash = sha256(b"the real photo");
    let url = s.url(&format!("/v1/blobs/{hash}"));
    let r = Reply::from(
        s.http
            .put(&url)
            .bearer_auth(&s.tokens.access_token)
            .body("a forged photo")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.code(), "hash_mismatch");
    // Also when the mismatch shows only at the last part.
    let r = Reply::from(
        s.http
            .patch(&url)
            .bearer_auth(&s.tokens.access_token)
            .header("upload-offset", "0")
            .header("upload-length", "14")
            .body("the fake photo")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 422);
    let head = s
        .http
        .head(&url)
        .bearer_auth(&s.tokens.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 404);
    assert_eq!(head.headers()["upload-offset"], "0");
    w.stop().await;
}

#[tokio::test]
async fn photos_are_size_limited_and_private_to_their_cases() {
    let w = World::start_with(|c| c.max_blob_bytes = 1000).await;
    let mut a1 = w.sign_in("worker_a1").await;
    let b1 = w.sign_in("worker_b1").await;
    let disp_a = w.sign_in("disp_a").await;
    let big = photo(2000);
    let r = Reply::from(
        a1.http
            .put(a1.url(&format!("/v1/blobs/{}", sha256(&big))))
            .bearer_auth(&a1.tokens.access_token)
            .body(big)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 413);
    r.code();

    let small = photo(500);
    let hash = sha256(&small);
    let r = a1
        .http
        .put(a1.url(&format!("/v1/blobs/{hash}")))
        .bearer_auth(&a1.tokens.access_token)
        .body(small.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = domain::CaseId::new();
    let r = a1
        .push(&[report_cmd(
            id,
            "0101",
            "normal",
            inside(A1),
            vec![hash.clone()],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);

    let get = |token: &str| {
        let http = a1.http.clone();
        let url = a1.url(&format!("/v1/blobs/{hash}"));
        let token = token.to_string();
        async move {
            http.get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        get(&disp_a.tokens.access_token).await,
        200,
        "dispatcher of the case's community"
    );
    assert_eq!(
        get(&b1.tokens.access_token).await,
        404,
        "a worker of another grid"
    );
    let detail = disp_a.case(id).await;
    assert_eq!(detail["photos"], json!([{"hash": hash, "present": true}]));
    w.stop().await;
}

#[tokio::test]
async fn shutdown_finishes_an_upload_in_flight() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let bytes = photo(50_000);
    let hash = sha256(&bytes);
    let addr = w.base.trim_start_matches("http://").to_string();
    let mut conn = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "PUT /v1/blobs/{hash} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {}\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        s.tokens.access_token,
        bytes.len()
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(&bytes[..20_000]).await.unwrap();
    conn.flush().await.unwrap();
    // The service is told to stop while the body is still arriving, and the rest of
    // the body is sent only once it is stopping.
    let state = w.state.clone();
    let stopping = tokio::spawn(w.stop());
    state.stopped().await;
    conn.write_all(&bytes[20_000..]).await.unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(
        answer.contains("\"complete\":true"),
        "the upload was stored: {answer}"
    );
    stopping.await.unwrap();
}

/// Trust finding 4 (and the prefix part of 6): a photo belongs to whoever first named or
/// uploaded it. Someone else cannot name it in a report to gain read access, cannot write
/// its bytes, and learns nothing from HEAD.
#[tokio::test]
async fn a_photo_is_not_anyones_who_learns_its_hash() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut b1 = w.sign_in("worker_b1").await;
    let send = |s: &crate::harness::Session, method: reqwest::Method, hash: &str, body: Vec<u8>| {
        let request = s
            .http
            .request(method, s.url(&format!("/v1/blobs/{hash}")))
            .bearer_auth(&s.tokens.access_token)
            .body(body);
        async move { request.send().await.unwrap().status().as_u16() }
    };

    // a1 uploads a photo and reports with it.
    let mine = photo(700);
    let hash = sha256(&mine);
    assert_eq!(
        send(&a1, reqwest::Method::PUT, &hash, mine.clone()).await,
        201
    );
    let r = a1
        .push(&[report_cmd(
            domain::CaseId::new(),
            "0101",
            "normal",
            inside(A1),
            vec![hash.clone()],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);

    // b1 (another street) learns the hash and names it in a report of its own: refused.
    let r = b1
        .push(&[report_cmd(
            domain::CaseId::new(),
            "0101",
            "normal",
            inside(B1),
            vec![hash.clone()],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Rejected, "{:?}", r.results);
    assert_eq!(
        send(&b1, reqwest::Method::GET, &hash, vec![]).await,
        404,
        "GET"
    );
    assert_eq!(
        send(&b1, reqwest::Method::HEAD, &hash, vec![]).await,
        404,
        "HEAD"
    );

    // A photo a1 named in a push but has not uploaded yet: b1 cannot write its bytes.
    let next = photo(900);
    let next_hash = sha256(&next);
    let r = a1
        .push(&[report_cmd(
            domain::CaseId::new(),
            "0101",
            "normal",
            inside(A1),
            vec![next_hash.clone()],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    assert_eq!(
        send(&b1, reqwest::Method::PUT, &next_hash, next.clone()).await,
        403
    );
    assert_eq!(send(&a1, reqwest::Method::PUT, &next_hash, next).await, 201);
    w.stop().await;
}

/// Trust finding 6 (expiry): a partial upload nobody finishes is dropped after the
/// retention window, by the maintenance step.
#[tokio::test]
async fn a_stale_partial_upload_expires() {
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let bytes = photo(30_000);
    let hash = sha256(&bytes);
    let r = s
        .http
        .patch(s.url(&format!("/v1/blobs/{hash}")))
        .bearer_auth(&s.tokens.access_token)
        .header("upload-offset", "0")
        .header("upload-length", "30000")
        .body(bytes[..10_000].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let held = |s: crate::harness::Session| {
        let url = s.url(&format!("/v1/blobs/{hash}"));
        async move {
            let r = s
                .http
                .head(url)
                .bearer_auth(&s.tokens.access_token)
                .send()
                .await
                .unwrap();
            r.headers()["upload-offset"].to_str().unwrap().to_string()
        }
    };
    assert_eq!(held(s).await, "10000");
    let days = i64::try_from(w.state.config().partial_retention_secs).unwrap() / 86_400;
    w.clock.advance_secs((days + 1) * 86_400);
    server::sweep_now(&w.state).await.unwrap();
    let again = w.sign_in("worker_a1").await;
    assert_eq!(held(again).await, "0", "the stale partial is gone");
    w.stop().await;
}

/// HEAD of a photo as `s` sees it: the status and how many bytes the server holds.
async fn held(s: &crate::harness::Session, hash: &str) -> (u16, String) {
    let r = s
        .http
        .head(s.url(&format!("/v1/blobs/{hash}")))
        .bearer_auth(&s.tokens.access_token)
        .send()
        .await
        .unwrap();
    let offset = r
        .headers()
        .get("upload-offset")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status().as_u16(), offset)
}

/// Trust finding 6 (quota): a person holds at most `max_partials_per_person` unfinished
/// uploads; starting one more drops their oldest, so the disk a person can fill is bounded
/// and their work never blocks on it.
#[tokio::test]
async fn unfinished_uploads_are_bounded_per_person() {
    let w = World::start_with(|c| c.max_partials_per_person = 2).await;
    let s = w.sign_in("worker_a1").await;
    let other = w.sign_in("worker_a2").await;
    let start = |s: &crate::harness::Session, bytes: &[u8]| {
        let request = s
            .http
            .patch(s.url(&format!("/v1/blobs/{}", sha256(bytes))))
            .bearer_auth(&s.tokens.access_token)
            .header("upload-offset", "0")
            .header("upload-length", bytes.len().to_string())
            .body(bytes[..10_000].to_vec());
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let photos: Vec<Vec<u8>> = (0..3u8)
        .map(|n| {
            let mut bytes = photo(30_000);
            bytes[0] = n;
            bytes
        })
        .collect();
    let theirs = {
        let mut bytes = photo(30_000);
        bytes[0] = 99;
        bytes
    };
    assert_eq!(start(&other, &theirs).await, 200);
    for bytes in &photos {
        w.clock.advance_secs(1);
        assert_eq!(start(&s, bytes).await, 200);
    }
    assert_eq!(
        held(&s, &sha256(&photos[0])).await.1,
        "0",
        "the oldest unfinished upload made room"
    );
    assert_eq!(held(&s, &sha256(&photos[1])).await.1, "10000");
    assert_eq!(held(&s, &sha256(&photos[2])).await.1, "10000");
    assert_eq!(
        held(&other, &sha256(&theirs)).await.1,
        "10000",
        "someone else's upload is not theirs to count"
    );
    w.stop().await;
}

/// Trust finding 6 (orphans): a photo no case holds is deleted after
/// `orphan_retention_secs`; one a case holds is kept.
#[tokio::test]
async fn a_photo_no_case_holds_expires_and_one_a_case_holds_stays() {
    let w = World::start().await;
    let mut s = w.sign_in("worker_a1").await;
    let put = |s: &crate::harness::Session, bytes: Vec<u8>| {
        let request = s
            .http
            .put(s.url(&format!("/v1/blobs/{}", sha256(&bytes))))
            .bearer_auth(&s.tokens.access_token)
            .body(bytes);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let loose = photo(1_500);
    let kept = photo(1_700);
    assert_eq!(put(&s, loose.clone()).await, 201);
    assert_eq!(put(&s, kept.clone()).await, 201);
    let r = s
        .push(&[report_cmd(
            domain::CaseId::new(),
            "0101",
            "normal",
            inside(A1),
            vec![sha256(&kept)],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    // Within the window nothing goes: its report may still be on its way.
    server::sweep_now(&w.state).await.unwrap();
    assert_eq!(held(&s, &sha256(&loose)).await.0, 200);
    let days = i64::try_from(w.state.config().orphan_retention_secs).unwrap() / 86_400;
    w.clock.advance_secs((days + 1) * 86_400);
    server::sweep_now(&w.state).await.unwrap();
    let s = w.sign_in("worker_a1").await;
    assert_eq!(
        held(&s, &sha256(&loose)).await.0,
        404,
        "the loose photo is gone"
    );
    assert_eq!(
        held(&s, &sha256(&kept)).await.0,
        200,
        "the case's photo stays"
    );
    w.stop().await;
}

/// A whole upload whose bytes do not match their hash claims nothing: the photo's real
/// owner can still upload it (found by the schemathesis run's review).
#[tokio::test]
async fn a_failed_upload_claims_nothing() {
    let w = World::start().await;
    let a1 = w.sign_in("worker_a1").await;
    let b1 = w.sign_in("worker_b1").await;
    let put = |s: &crate::harness::Session, hash: &str, bytes: Vec<u8>| {
        let request = s
            .http
            .put(s.url(&format!("/v1/blobs/{hash}")))
            .bearer_auth(&s.tokens.access_token)
            .body(bytes);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let real = photo(2_345);
    let hash = sha256(&real);
    let junk = photo(2_000);
    let refused = put(&b1, &hash, junk).await;
    assert!((400..500).contains(&refused), "{refused}");
    assert_eq!(
        put(&a1, &hash, real).await,
        201,
        "the photo is still a1's to upload"
    );
    w.stop().await;
}

/// Two replicas on one PostgreSQL database and one S3 bucket (whatever the environment
/// says): a phone starts an upload through one, its connection moves, and it asks the other
/// where to resume and finishes there; both serve the photo, and neither keeps a byte of
/// it on its own disk.
#[tokio::test]
async fn an_upload_started_on_one_replica_finishes_on_another() {
    let shared = Backing {
        postgres: true,
        s3: true,
    };
    let first = World::start_on(shared, |_| {}).await;
    let second = first.replica().await;
    let mut s = first.sign_in("worker_a1").await;
    let token = s.tokens.access_token.clone();
    let bytes = photo(30_000);
    let hash = sha256(&bytes);
    let on = |w: &World| w.url(&format!("/v1/blobs/{hash}"));
    let head = |url: String| {
        let request = s.http.head(url).bearer_auth(&token);
        async move {
            let r = request.send().await.unwrap();
            let offset = r.headers()["upload-offset"].to_str().unwrap().to_string();
            (r.status().as_u16(), offset)
        }
    };
    let patch = |url: String, offset: usize, part: &[u8]| {
        let request = s
            .http
            .patch(url)
            .bearer_auth(&token)
            .header("upload-offset", offset.to_string())
            .header("upload-length", "30000")
            .body(part.to_vec());
        async move { Reply::from(request.send().await.unwrap()).await }
    };

    let r = patch(on(&first), 0, &bytes[..12_000]).await;
    assert_eq!((r.status, &r.body["complete"]), (200, &json!(false)));
    // The connection moved: the other replica knows where to resume.
    assert_eq!(head(on(&second)).await, (404, "12000".to_string()));
    let r = patch(on(&second), 12_000, &bytes[12_000..24_000]).await;
    assert_eq!((r.status, &r.body["received"]), (200, &json!(24_000)));
    // A part the first replica still thinks is next is refused there, not appended.
    let r = patch(on(&first), 12_000, &bytes[12_000..24_000]).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.code(), "offset_mismatch");
    assert_eq!(head(on(&first)).await, (404, "24000".to_string()));
    let r = patch(on(&second), 24_000, &bytes[24_000..]).await;
    assert_eq!((r.status, &r.body["complete"]), (200, &json!(true)));

    assert_eq!(head(on(&first)).await, (200, "30000".to_string()));
    let got = s
        .http
        .get(on(&first))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);
    let id = domain::CaseId::new();
    let r = s
        .push(&[report_cmd(
            id,
            "0101",
            "normal",
            inside(A1),
            vec![hash.clone()],
        )])
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    let disp_a = second.sign_in("disp_a").await;
    let detail = disp_a.case(id).await;
    assert_eq!(detail["photos"], json!([{"hash": hash, "present": true}]));
    for w in [&first, &second] {
        let local = w.state.config().data_dir.join("blobs");
        assert!(!local.exists(), "{} holds photos", local.display());
    }
    second.stop().await;
    first.stop().await;
}
