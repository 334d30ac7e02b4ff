//! The OpenAPI document is served, and it is true: every documented operation is
//! routed (and the router's routes come from the same `routes!` lists as the document,
//! so nothing is routed undocumented), and answers have the documented statuses.

use serde_json::Value;

use crate::harness::World;

#[tokio::test]
async fn every_documented_operation_is_routed_with_documented_statuses() {
    let w = World::start().await;
    let s = w.sign_in("commander").await;
    let doc: Value = w
        .http
        .get(w.url("/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"].as_str().unwrap().chars().next(), Some('3'));
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let concrete = path
                .replace("{id}", &domain::CaseId::new().to_string())
                .replace("{hash}", &"b".repeat(64));
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = w
                .http
                .request(m, w.url(&concrete))
                .bearer_auth(&s.tokens.access_token)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            if path.ends_with("/events") {
                assert_eq!(status, 200);
                assert_eq!(r.headers()["content-type"], "text/event-stream");
                continue;
            }
            let body = r.text().await.unwrap_or_default();
            assert!(
                !body.contains("no such route"),
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                status, 405,
                "{method} {path} is documented but not routed for that method"
            );
            assert!(status < 500, "{method} {path}: {status} {body}");
            let documented = op["responses"].as_object().unwrap();
            assert!(
                documented.contains_key(&status.to_string()),
                "{method} {path} answered {status}, documented: {:?}",
                documented.keys().collect::<Vec<_>>()
            );
        }
    }
    assert!(operations >= 18, "only {operations} operations documented");
    for name in [
        "SignIn",
        "PushRequest",
        "PullResponse",
        "CaseView",
        "ReportCreate",
        "ErrorBody",
        "CaseAction",
    ] {
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "schema {name} missing"
        );
    }
    w.stop().await;
}
