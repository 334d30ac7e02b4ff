//! Open311 GeoReport v2 through the real server: the services are the catalogue; a request
//! posted with an api_key (form-encoded, as the standard says) becomes a report in its grid
//! in the community dispatcher's queue, recorded as from Open311, and reads back in JSON
//! and XML; without a key nothing is filed. A published client (`georeport` from PyPI, in
//! the venv `cargo xtask test` makes) lists the services and reads the request back.

use std::process::Command;

use serde_json::{Value, json};

use crate::harness::{A1, World, inside};

const KEY: &str = "hotline-12345-key";

async fn world() -> World {
    World::start_with(|c| {
        c.open311.api_keys = vec![server::Secret::new(KEY)];
    })
    .await
}

/// `GET path`, signed in as nobody: GeoReport is open to read.
async fn get(w: &World, path: &str) -> reqwest::Response {
    w.http.get(w.url(path)).send().await.unwrap()
}

async fn post(w: &World, form: &[(&str, String)]) -> (u16, String) {
    let enc = |v: &str| {
        percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let r = w
        .http
        .post(w.url("/open311/v2/requests.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn form(key: &str) -> Vec<(&'static str, String)> {
    let (lon, lat) = inside(A1);
    vec![
        ("api_key", key.to_string()),
        ("service_code", "5305".into()),
        ("lat", lat.to_string()),
        ("long", lon.to_string()),
        ("address_string", "文化路14号楼北侧".into()),
        ("description", "12345来电：楼下堆放施工废弃料".into()),
        ("first_name", "王".into()),
        ("phone", "13900001111".into()),
        ("external_id", "12345-20261207-0042".into()),
    ]
}

#[tokio::test]
async fn a_posted_request_reaches_the_grids_dispatcher_and_reads_back_in_json_and_xml() {
    let w = world().await;
    let services: Value = get(&w, "/open311/v2/services.json")
        .await
        .json()
        .await
        .unwrap();
    let s5305 = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == "5305")
        .unwrap();
    assert_eq!(
        (&s5305["service_name"], &s5305["metadata"]),
        (&json!("施工废弃料"), &json!(false))
    );

    // No key, a wrong key: nothing is filed.
    assert_eq!(post(&w, &form("")).await.0, 403);
    assert_eq!(post(&w, &form("guess")).await.0, 403);
    let disp = w.sign_in("disp_a").await;
    assert_eq!(disp.get("/v1/cases?source=open311").await.body["total"], 0);

    let (status, body) = post(&w, &form(KEY)).await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();

    // In the community dispatcher's review queue, in its grid, from Open311.
    let queue = disp.get("/v1/cases?state=reported&source=open311").await;
    let case = &queue.body["cases"][0];
    assert_eq!(
        (&case["id"], &case["grid"]),
        (&json!(id), &json!(A1.0)),
        "{}",
        queue.body
    );
    assert_eq!(case["external_ref"], "12345-20261207-0042");
    assert!(
        case["description"]
            .as_str()
            .unwrap()
            .contains("13900001111")
    );

    let one: Value = get(&w, &format!("/open311/v2/requests/{id}.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&one[0]["status"], &one[0]["service_code"]),
        (&json!("open"), &json!("5305"))
    );
    let xml = get(&w, "/open311/v2/requests.xml?status=open")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        xml.starts_with("<?xml") && xml.contains("<service_requests><request>"),
        "{xml}"
    );
    assert!(
        xml.contains(&format!("<service_request_id>{id}</service_request_id>")),
        "{xml}"
    );

    // Rejected at the desk: the request reads closed.
    disp.act(
        id.parse().unwrap(),
        json!({"action": "reject", "reason": "重复"}),
    )
    .await;
    let closed: Value = get(&w, "/open311/v2/requests.json?status=closed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed[0]["service_request_id"], json!(id));

    // Errors are the standard's: a list of {code, description}.
    let r = get(&w, "/open311/v2/requests/nonsense.json").await;
    assert_eq!(r.status(), 404);
    let errors: Value = r.json().await.unwrap();
    assert_eq!(errors[0]["code"], 404);
    let mut bad = form(KEY);
    bad.retain(|(k, _)| *k != "lat");
    let (status, body) = post(&w, &bad).await;
    assert_eq!(status, 400, "{body}");
}

/// The venv `cargo xtask test` makes with the `georeport` client from PyPI.
fn client_python() -> std::path::PathBuf {
    let python = std::env::var_os("WANGGE_OPEN311_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/open311-client/bin/python")
        });
    assert!(
        python.exists(),
        "{} is missing: `cargo xtask test` installs the georeport client there",
        python.display()
    );
    python
}

#[tokio::test]
async fn a_published_open311_client_lists_the_services_and_reads_a_request_back() {
    let w = world().await;
    let (status, body) = post(&w, &form(KEY)).await;
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let script = format!(
        r#"
import json, sys
from georeport import GeoReport
for fmt in ("json", "xml"):
    client = GeoReport(root_address="{base}/open311/v2", output_format=fmt)
    services = client.get_service_list()
    request = client.get_service_request("{id}")
    print(json.dumps({{"format": fmt, "services": services, "request": request}}, ensure_ascii=False))
"#,
        base = w.base
    );
    let out = tokio::task::spawn_blocking(move || {
        Command::new(client_python())
            .args(["-c", &script])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    for line in &lines {
        let all = line.to_string();
        assert!(
            all.contains("5305") && all.contains("施工废弃料"),
            "{}: {all}",
            line["format"]
        );
        assert!(
            all.contains(&id),
            "{}: the request read back: {all}",
            line["format"]
        );
    }
}
