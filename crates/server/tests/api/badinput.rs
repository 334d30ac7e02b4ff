//! Bad input gets a clear 4xx with `{code, message}`, never a server error.

use serde_json::json;

use crate::harness::{Reply, World};

#[tokio::test]
async fn malformed_requests_get_json_errors_with_the_right_status() {
    let w = World::start_with(|c| c.max_body_bytes = 4096).await;
    let s = w.sign_in("disp_a").await;
    let http = &w.http;
    let token = s.tokens.access_token.clone();
    let send =
        |req: reqwest::RequestBuilder| async move { Reply::from(req.send().await.unwrap()).await };

    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "malformed JSON",
            http.post(w.url("/v1/sessions"))
                .header("content-type", "application/json")
                .body("{\"username\": "),
            400,
            "bad_json",
        ),
        (
            "wrong JSON shape",
            http.post(w.url("/v1/sessions")).json(&json!({"user": 1})),
            400,
            "bad_json",
        ),
        (
            "not JSON",
            http.post(w.url("/v1/sessions"))
                .header("content-type", "text/plain")
                .body("hi"),
            415,
            "unsupported_media_type",
        ),
        ("no token", http.get(w.url("/v1/pull")), 401, "unauthorized"),
        (
            "garbage token",
            http.get(w.url("/v1/pull"))
                .header("authorization", "Bearer not-a-token"),
            401,
            "unauthorized",
        ),
        (
            "bad uuid",
            http.get(w.url("/v1/cases/not-a-uuid")).bearer_auth(&token),
            400,
            "bad_id",
        ),
        (
            "unknown case",
            http.get(w.url(&format!("/v1/cases/{}", domain::CaseId::new())))
                .bearer_auth(&token),
            404,
            "not_found",
        ),
        (
            "bad action",
            http.post(w.url(&format!("/v1/cases/{}/actions", domain::CaseId::new())))
                .bearer_auth(&token)
                .json(&json!({"action": "explode"})),
            400,
            "bad_json",
        ),
        (
            "bad latitude",
            http.get(w.url("/v1/cases/nearby?lon=119.6&lat=95&category=0101"))
                .bearer_auth(&token),
            400,
            "bad_location",
        ),
        (
            "NaN longitude",
            http.get(w.url("/v1/cases/nearby?lon=NaN&lat=39.9&category=0101"))
                .bearer_auth(&token),
            400,
            "bad_location",
        ),
        (
            "bad category",
            http.get(w.url("/v1/cases/nearby?lon=119.6&lat=39.9&category=xx"))
                .bearer_auth(&token),
            400,
            "bad_category",
        ),
        (
            "unknown query key",
            http.get(w.url("/v1/pull?cursor=0&evil=1"))
                .bearer_auth(&token),
            400,
            "bad_query",
        ),
        (
            "negative cursor",
            http.get(w.url("/v1/pull?cursor=-1")).bearer_auth(&token),
            400,
            "bad_query",
        ),
        (
            "bad hash",
            http.head(w.url("/v1/blobs/xyz")).bearer_auth(&token),
            400,
            "",
        ),
        (
            "missing upload headers",
            http.patch(w.url(&format!("/v1/blobs/{}", "a".repeat(64))))
                .bearer_auth(&token)
                .body("x"),
            400,
            "missing_header",
        ),
        (
            "too large",
            http.post(w.url("/v1/sessions"))
                .json(&json!({"username": "x".repeat(10_000), "password": "", "device_name": ""})),
            413,
            "too_large",
        ),
        (
            "unknown route",
            http.get(w.url("/v1/nothing")),
            404,
            "not_found",
        ),
        (
            "wrong method",
            http.delete(w.url("/v1/push")),
            405,
            "method_not_allowed",
        ),
        (
            "bad schema",
            http.post(w.url("/v1/push"))
                .bearer_auth(&token)
                .json(&json!({"device_id": s.tokens.device_id, "schema": 99, "mutations": []})),
            400,
            "unsupported_schema",
        ),
        (
            "bad area",
            http.get(w.url("/v1/cases?area=12")).bearer_auth(&token),
            400,
            "bad_area",
        ),
        (
            "bad period",
            http.get(w.url("/v1/kpis?level=grid&from=10&to=5"))
                .bearer_auth(&token),
            422,
            "bad_period",
        ),
        (
            "bad level",
            http.get(w.url("/v1/kpis?level=galaxy")).bearer_auth(&token),
            400,
            "bad_query",
        ),
    ];
    for (what, req, status, code) in cases {
        let r = send(req).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        if !code.is_empty() {
            assert_eq!(r.code(), code, "{what}");
        }
    }
    w.stop().await;
}

/// Trust finding 14: a client that sends its body too slowly gets 408 instead of holding a
/// connection and a worker forever.
#[tokio::test]
async fn a_client_that_stalls_mid_body_gets_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let w = World::start_with(|c| c.request_timeout_secs = 1).await;
    let s = w.sign_in("worker_a1").await;
    let addr = w.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /v1/push HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: 1000\r\n\r\n{{\"device_id\"",
        s.tokens.access_token
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // A guard against hanging forever, not a timing assertion.
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(15), stream.read(&mut answer))
        .await
        .expect("the server answers a stalled request")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}
