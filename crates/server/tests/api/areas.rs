//! The district's streets and communities reach every device through the pull feed, and a
//! renamed community reaches them again with its new name.

use serde_json::Value;

use crate::harness::{World, apply_changes};

fn area_name(state: &std::collections::BTreeMap<(String, String), Value>, code: &str) -> Value {
    state
        .get(&("Area".to_string(), code.to_string()))
        .map(|a| a["name"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn areas_reach_every_device_and_a_rename_reaches_them_again() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let worker = w.sign_in("worker_a1").await;
    let pulled = apply_changes(&worker.pull_all().await);
    assert_eq!(area_name(&pulled, "130302001001"), "红旗里社区居委会");
    assert_eq!(area_name(&pulled, "130302001"), "文化路街道");
    assert_eq!(
        pulled
            .get(&("Area".into(), "130302".into()))
            .map(|a| a["level"].clone()),
        Some("district".into())
    );
    // Another street's community too: names are not secrets.
    assert!(area_name(&pulled, "130302002005").is_string());

    let (_, cursor) = worker.pull_from(0).await;
    let r = admin
        .http
        .post(admin.url("/v1/admin/import/hierarchy?file_name=rename.csv"))
        .bearer_auth(&admin.tokens.access_token)
        .body("level,code,name,parent_code\ncommunity,130302001001,红旗新村社区,130302001\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let (changes, _) = worker.pull_from(cursor).await;
    let areas: Vec<_> = changes
        .iter()
        .filter(|c| c.entity == protocol::EntityKind::Area)
        .collect();
    assert_eq!(
        areas.len(),
        1,
        "only the renamed community is published again: {areas:?}"
    );
    assert_eq!(areas[0].id, "130302001001");
    assert_eq!(
        apply_changes(&worker.pull_all().await)
            .get(&("Area".into(), "130302001001".into()))
            .map(|a| a["name"].clone()),
        Some("红旗新村社区".into())
    );
    w.stop().await;
}
