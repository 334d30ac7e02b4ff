//! What `scripts/schemathesis.sh` found, pinned: the server answers what its OpenAPI
//! document says. Integers in JSON bodies may be spelled `2.0` (JSON Schema counts it as
//! the integer 2), a body over a route's limit gets the documented `{code, message}` 413,
//! and the document gives every integer its real range and the server's own limits.

use serde_json::{Value, json};

use crate::harness::{A1, Reply, World, inside, report_cmd};

#[tokio::test]
async fn integers_spelled_as_whole_floats_are_the_same_integers() {
    let w = World::start().await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let id = domain::CaseId::new();
    let mut m = serde_json::to_value(
        report_cmd(id, "0101", "normal", inside(A1), vec![]).to_mutation(1, 0),
    )
    .unwrap();
    m["mid"] = json!(1.0);
    m["at"] = json!(1_700_000_000_000.0);
    let r = worker
        .post(
            "/v1/push",
            json!({"device_id": worker.tokens.device_id, "schema": 1.0, "mutations": [m]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["last_mid"], 1);
    assert_eq!(r.body["results"][0]["outcome"], "applied", "{}", r.body);
    worker.next_mid = 2;

    // A fraction is still not an integer.
    let mut m = serde_json::to_value(
        report_cmd(domain::CaseId::new(), "0101", "normal", inside(A1), vec![]).to_mutation(2, 0),
    )
    .unwrap();
    m["mid"] = json!(2.5);
    let r = worker
        .post(
            "/v1/push",
            json!({"device_id": worker.tokens.device_id, "schema": 1, "mutations": [m]}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.code(), "bad_json");

    assert_eq!(disp.act(id, json!({"action": "accept"})).await.status, 200);
    let due = (w.state.now_ms() + 3_600_000) as f64;
    let r = disp
        .act(
            id,
            json!({"action": "dispatch", "worker": worker.person_id(), "due_at": due}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["due_at"], json!(due as i64));
    w.stop().await;
}

#[tokio::test]
async fn a_photo_body_over_the_limit_gets_a_json_413() {
    let w = World::start_with(|c| c.max_blob_bytes = 1000).await;
    let s = w.sign_in("worker_a1").await;
    // Past the route's body limit (the blob limit plus 64 KiB), not just past the blob limit.
    let body = vec![7u8; 200_000];
    let hash = "a".repeat(64);
    for req in [
        s.http.put(s.url(&format!("/v1/blobs/{hash}"))),
        s.http
            .patch(s.url(&format!("/v1/blobs/{hash}")))
            .header("upload-offset", "0")
            .header("upload-length", "200000"),
    ] {
        let r = req
            .bearer_auth(&s.tokens.access_token)
            .header("content-type", "application/octet-stream")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413);
        assert_eq!(r.headers()["content-type"], "application/json");
        let r = Reply::from(r).await;
        assert_eq!(r.code(), "too_large");
    }
    w.stop().await;
}

/// The schema of parameter `name` of `method path`.
fn param<'a>(doc: &'a Value, path: &str, method: &str, name: &str) -> &'a Value {
    doc["paths"][path][method]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .map(|p| &p["schema"])
        .unwrap_or_else(|| panic!("{method} {path} has no parameter {name}"))
}

#[tokio::test]
async fn the_document_gives_integers_their_real_ranges_and_the_servers_limits() {
    let w = World::start_with(|c| {
        c.max_blob_bytes = 1000;
        c.max_push_mutations = 50;
    })
    .await;
    let doc: Value = w
        .http
        .get(w.url("/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // u32 is not int32: 2^31 is a valid limit.
    for (path, name) in [
        ("/v1/pull", "limit"),
        ("/v1/cases", "limit"),
        ("/v1/cases", "offset"),
    ] {
        let s = param(&doc, path, "get", name);
        assert_eq!(s["format"], "uint32", "{path} {name}: {s}");
        assert_eq!(s["minimum"], 0, "{path} {name}: {s}");
        assert_eq!(s["maximum"], u32::MAX, "{path} {name}: {s}");
    }
    let cursor = param(&doc, "/v1/pull", "get", "cursor");
    assert_eq!(cursor["format"], "uint64");
    assert_eq!(cursor["maximum"], u64::MAX);
    let length = param(&doc, "/v1/blobs/{hash}", "patch", "upload-length");
    assert_eq!(length["maximum"], 1000);
    let push = &doc["components"]["schemas"]["PushRequest"]["properties"];
    assert_eq!(push["schema"]["minimum"], protocol::SCHEMA_VERSION);
    assert_eq!(push["schema"]["maximum"], protocol::SCHEMA_VERSION);
    assert_eq!(push["mutations"]["maxItems"], 50);
    let mutation = &doc["components"]["schemas"]["Mutation"]["properties"];
    assert_eq!(mutation["mid"]["maximum"], u64::MAX);
    assert_eq!(mutation["at"]["format"], "int64");
    let sign_in = &doc["components"]["schemas"]["SignIn"]["properties"];
    assert_eq!(sign_in["username"]["minLength"], 1);
    assert_eq!(sign_in["username"]["maxLength"], 64);
    assert_eq!(sign_in["password"]["maxLength"], 256);
    // The texts of desk actions have the domain's limits.
    let actions = doc["components"]["schemas"]["CaseAction"]["oneOf"]
        .as_array()
        .unwrap();
    for (action, field, max) in [
        ("reject", "reason", domain::limits::REASON_CHARS),
        ("reopen", "reason", domain::limits::REASON_CHARS),
        ("verify", "note", domain::limits::NOTE_CHARS),
    ] {
        let variant = actions
            .iter()
            .find(|v| v["properties"]["action"]["enum"][0] == action)
            .unwrap();
        assert_eq!(
            variant["properties"][field]["maxLength"], max,
            "{action} {field}"
        );
    }
    for variant in actions {
        assert_eq!(variant["additionalProperties"], false, "{variant}");
    }
    for op in ["put", "patch"] {
        assert!(
            doc["paths"]["/v1/blobs/{hash}"][op]["responses"]["403"].is_object(),
            "{op} blob: 403 (another person's upload) undocumented"
        );
    }
    w.stop().await;
}

#[tokio::test]
async fn the_documented_patterns_are_the_servers_rules() {
    let w = World::start().await;
    let disp = w.sign_in("disp_a").await;
    let doc: Value = w
        .http
        .get(w.url("/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Four digits, neither class 00: what `domain::CategoryCode::parse` takes.
    let (lon, lat) = inside(A1);
    for path in ["/v1/cases", "/v1/cases/nearby"] {
        assert_eq!(
            param(&doc, path, "get", "category")["pattern"],
            "^(0[1-9]|[1-9][0-9])(0[1-9]|[1-9][0-9])$",
            "{path}"
        );
    }
    for (category, valid) in [
        ("0000", false),
        ("0001", false),
        ("0100", false),
        ("0101", true),
        ("9999", true),
        ("5101", true),
    ] {
        let list = disp.get(&format!("/v1/cases?category={category}")).await;
        let near = disp
            .get(&format!(
                "/v1/cases/nearby?lon={lon}&lat={lat}&category={category}"
            ))
            .await;
        for (path, r) in [("/v1/cases", list), ("/v1/cases/nearby", near)] {
            let expected = if valid { 200 } else { 400 };
            assert_eq!(r.status, expected, "{path} category={category}: {}", r.body);
        }
    }
    let states = param(&doc, "/v1/cases", "get", "state")["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("the state filter lists no states"))
        .clone();
    for state in &states {
        let state = state.as_str().unwrap();
        let r = disp.get(&format!("/v1/cases?state={state}")).await;
        assert_eq!(r.status, 200, "state={state}: {}", r.body);
    }
    assert_eq!(disp.get("/v1/cases?state=galaxy").await.status, 400);
    w.stop().await;
}

/// 400 says a request breaks its documented schema; a request that fits the schema but
/// breaks a rule the schema cannot state (a person who exists, a deadline in the future,
/// two parameters in order, bytes that agree with their headers) gets 422.
#[tokio::test]
async fn schema_valid_requests_refused_by_a_rule_get_422() {
    let w = World::start().await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let id = worker.report("0101", inside(A1)).await;
    assert_eq!(disp.act(id, json!({"action": "accept"})).await.status, 200);
    let nobody = domain::PersonId::random();
    let past = w.state.now_ms() - 1;
    for (what, action, code) in [
        (
            "a worker who is no person",
            json!({"action": "dispatch", "worker": nobody}),
            "unknown_worker",
        ),
        (
            "a deadline in the past",
            json!({"action": "dispatch", "worker": worker.person_id(), "due_at": past}),
            "bad_deadline",
        ),
        (
            "a merge into itself",
            json!({"action": "merge", "into": id}),
            "bad_merge",
        ),
    ] {
        let r = disp.act(id, action).await;
        assert_eq!(r.status, 422, "{what}: {}", r.body);
        assert_eq!(r.code(), code, "{what}");
    }

    let r = disp.get("/v1/kpis?level=grid&from=10&to=5").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.code(), "bad_period");

    let r = Reply::from(
        worker
            .http
            .patch(worker.url(&format!("/v1/blobs/{}", "d".repeat(64))))
            .bearer_auth(&worker.tokens.access_token)
            .header("upload-offset", "0")
            .header("upload-length", "2")
            .body(vec![1u8, 2, 3])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.code(), "past_end");
    w.stop().await;
}

/// Case actions refuse unknown properties, the ones without fields of their own included
/// (serde's `deny_unknown_fields` passes over unit variants of a tagged enum).
#[tokio::test]
async fn case_actions_refuse_unknown_properties() {
    let w = World::start().await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let id = worker.report("0101", inside(A1)).await;
    for action in [
        json!({"action": "accept", "x-unknown": 42}),
        json!({"action": "close", "x-unknown": 42}),
        json!({"action": "verify", "pass": true, "x-unknown": 42}),
    ] {
        let r = disp.act(id, action.clone()).await;
        assert_eq!(r.status, 400, "{action}: {}", r.body);
        assert_eq!(r.code(), "bad_json", "{action}");
    }
    assert_eq!(disp.case(id).await["case"]["state"], "reported");
    assert_eq!(disp.act(id, json!({"action": "accept"})).await.status, 200);
    w.stop().await;
}
