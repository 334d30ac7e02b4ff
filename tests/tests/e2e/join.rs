//! 双报到 through the desk's engine: a party member registers on the community's public API
//! (no account), the dispatcher's engine lists the registration with the phone, approves it,
//! reads the figures and the community's QR code; a refusal without a reason is stopped
//! before it is sent; a grid worker's app is refused.

use e2e::scenario::Scenario;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dispatchers_engine_lists_approves_and_counts_registrations() {
    let world = Scenario::start().await;
    let (a, d) = (&world.a, &world.d);
    let list = d
        .join_registrations(None, None, None)
        .await
        .expect("the dispatcher lists");
    assert!(list.entries.is_empty());
    let qr = d
        .participation_figures(None)
        .await
        .expect("the community's figures");
    let community = qr.rows[0].code.clone();
    assert_eq!(qr.rows[0].level, "community");

    let http = reqwest::Client::new();
    let answer: serde_json::Value = http
        .post(format!("{}/v1/join/{community}/members", world.server.url))
        .json(&json!({
            "name": "李红",
            "phone": "13800138000",
            "unit": "海港区供水公司",
            "party_branch": "供水公司第一党支部",
            "tie": "residence",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = answer["number"].as_str().expect("a number").to_string();

    let pending = d
        .join_registrations(None, Some("member"), Some("pending"))
        .await
        .unwrap();
    assert_eq!(pending.entries.len(), 1);
    let personal = pending.entries[0].personal.as_ref().expect("its own");
    assert_eq!(personal.phone, "13800138000");

    let refused = d
        .join_decide(&number, false, Some(" "))
        .await
        .expect_err("a refusal needs a reason");
    assert_eq!(refused.code(), "invalid");
    let approved = d.join_decide(&number, true, None).await.unwrap();
    assert_eq!(approved.state, "approved");
    let again = d.join_decide(&number, true, None).await.unwrap_err();
    assert_eq!(again.code(), "already_decided", "{again}");

    let figures = d.participation_figures(None).await.unwrap();
    assert_eq!(figures.rows[0].members, 1);
    assert_eq!(figures.rows[0].pending, 0);

    let qr = d.join_qr(&community).await.unwrap();
    assert!(qr.url.ends_with(&format!("/join/{community}")));
    assert!(qr.png.starts_with("data:image/png;base64,"));

    let worker = a.join_registrations(None, None, None).await.unwrap_err();
    assert_eq!(worker.code(), "forbidden", "{worker}");
}
