//! A building retired by the buildings file (demolished, merged) leaves its grid's phones at
//! their next pull and stays stored; the same file again changes nothing; a file with the
//! building in use brings it back.

use serde_json::Value;

use crate::harness::{A1, Session, World, apply_changes};

/// Imports the buildings table `csv` as the administrator.
async fn import(admin: &Session, csv: String) -> Value {
    let r = admin
        .http
        .post(admin.url("/v1/admin/import/buildings?file_name=buildings.csv"))
        .bearer_auth(&admin.tokens.access_token)
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn has_building(state: &std::collections::BTreeMap<(String, String), Value>, code: &str) -> bool {
    state.contains_key(&("Building".to_string(), code.to_string()))
}

#[tokio::test]
async fn a_retired_building_leaves_the_phones_and_comes_back_when_in_use_again() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let worker = w.sign_in("worker_a1").await;
    let code = format!("{}-003", A1.0);
    let (lon, lat) = (A1.1 + 0.002, A1.2 + 0.002);
    assert!(has_building(
        &apply_changes(&worker.pull_all().await),
        &code
    ));

    let retire = format!("code,name,lon,lat,retired\n{code},3号楼,{lon},{lat},是\n");
    let report = import(&admin, retire.clone()).await;
    assert_eq!(
        (&report["updated"], &report["retired"], &report["applied"]),
        (&Value::from(1), &Value::from(1), &Value::from(true)),
        "{report}"
    );
    assert!(
        !has_building(&apply_changes(&worker.pull_all().await), &code),
        "the retired building is still on the worker's phone"
    );
    // The same file again changes nothing.
    let report = import(&admin, retire).await;
    assert_eq!(
        (&report["unchanged"], &report["applied"]),
        (&Value::from(1), &Value::from(false))
    );
    // In use again (no retired column): back on the phone.
    let report = import(
        &admin,
        format!("code,name,lon,lat\n{code},3号楼,{lon},{lat}\n"),
    )
    .await;
    assert_eq!(report["updated"], 1, "{report}");
    assert!(has_building(
        &apply_changes(&worker.pull_all().await),
        &code
    ));

    // A retired value that is neither yes nor no is named by row and column.
    let r = admin
        .http
        .post(admin.url("/v1/admin/import/buildings?file_name=b.csv"))
        .bearer_auth(&admin.tokens.access_token)
        .body(format!(
            "code,name,lon,lat,retired\n{code},3号楼,{lon},{lat},maybe\n"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["problems"][0]["row"], 2);
    assert_eq!(report["problems"][0]["column"], "retired");
    // Why, in Chinese and in English, each with the value at fault.
    let (zh, en) = (
        report["problems"][0]["reason"].as_str().unwrap_or_default(),
        report["problems"][0]["reason_en"]
            .as_str()
            .unwrap_or_default(),
    );
    assert!(zh.starts_with("“maybe”既不是“是”也不是“否”"), "{report}");
    assert!(
        en.starts_with("\"maybe\" is neither yes nor no"),
        "{report}"
    );
    w.stop().await;
}
