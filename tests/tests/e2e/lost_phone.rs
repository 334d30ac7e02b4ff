//! A lost phone: an administrator revokes its device. At its next contact the phone hands
//! in the work it could not send (the server records it for the administrator and answers
//! it rejected with the reason), forgets its copy of the server, the photos no unsent work
//! needs and its session, and keeps the reason for the sign-in screen; its sync status says
//! `signed_out` with the reason. Unsent work stays.

use device::SyncState;
use device::engine::CaptureReport;
use device::store::OutboxState;
use e2e::devices::{photo, point_in_my_grid, sync_until_drained};
use e2e::scenario::Scenario;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_phone_wipes_itself_and_hands_in_its_unsent_work() {
    let s = Scenario::start().await;
    let (_, lon, lat) = point_in_my_grid(&s.a);
    let report = |description: &str, photos: Vec<protocol::PhotoHash>| CaptureReport {
        category: "0101".parse().expect("category"),
        priority: domain::Priority::Normal,
        description: description.into(),
        lon,
        lat,
        photos,
        self_resolved: false,
        note: None,
    };
    // One report with a photo reaches the server; a second one, with its own photo, waits.
    let sent_photo = s.a.prepare_photo_bytes(&photo(11)).expect("photo").sha256;
    s.a.capture_report(report("已发送", vec![sent_photo.clone()]))
        .expect("report");
    // A patrol (where the worker walked, and when) that reaches the server too.
    let (grid, _, _) = point_in_my_grid(&s.a);
    s.a.patrol_start(&grid).expect("patrol");
    s.a.patrol_checkin(device::engine::CheckIn {
        building: format!("{grid}-001"),
        unit: None,
        lon,
        lat,
        note: None,
        placard_posted: false,
    })
    .expect("check-in");
    s.a.patrol_end().expect("patrol ended");
    sync_until_drained(&s.a, 5).await.expect("sent");
    let kept_photo = s.a.prepare_photo_bytes(&photo(12)).expect("photo").sha256;
    let unsent =
        s.a.capture_report(report("未发送", vec![kept_photo.clone()]))
            .expect("report");
    // And a patrol begun since, not sent yet.
    let open_patrol = s.a.patrol_start(&grid).expect("patrol").id;
    assert!(!s.a.store().server_counts().expect("counts").is_empty());

    // The administrator revokes the phone's device.
    let (http, token) = e2e::server::admin_token(&s.server.state, &s.server.url).await;
    let token = token.as_str();
    let device = s.a.me().expect("me").expect("signed in").device_id;
    http.post(format!("{}/v1/devices/{device}/revoke", s.server.url))
        .bearer_auth(token)
        .send()
        .await
        .expect("revoke")
        .error_for_status()
        .expect("revoked");

    // Its next contact.
    let mut status = s.a.subscribe();
    let said =
        s.a.sync_now()
            .await
            .expect_err("a revoked device cannot sync");
    assert!(
        said.to_string()
            .contains("an administrator revoked this device"),
        "{said}"
    );
    assert!(s.a.me().expect("me").is_none(), "signed out");
    let reason = "此设备已被管理员撤销 an administrator revoked this device";
    assert_eq!(
        s.a.session_ended_reason().expect("reason").as_deref(),
        Some(reason),
        "the sign-in screen can say why"
    );
    // The UI is told at once (the shell forwards every change as `sync://status`), and the
    // end of the cycle leaves it so.
    assert!(status.has_changed().expect("the engine is open"));
    let now = status.borrow_and_update().clone();
    assert_eq!(now.state, SyncState::SignedOut, "{now:?}");
    assert_eq!(now.reason.as_deref(), Some(reason));
    {
        let store = s.a.store();
        assert!(
            store.server_counts().expect("counts").is_empty(),
            "nothing of the server's data stays"
        );
        assert!(
            !store.blob_path(sent_photo.as_str()).exists(),
            "the sent photo is gone"
        );
        assert!(
            store.blob_path(kept_photo.as_str()).exists(),
            "the unsent report's photo stays"
        );
        let kept = store.patrol_latest().expect("patrols");
        assert_eq!(
            kept.map(|p| p.id),
            Some(open_patrol.clone()),
            "the sent patrol and its check-ins are gone; the unsent one stays"
        );
        let outbox = store.outbox_all().expect("outbox");
        let names: Vec<&str> = outbox.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["report.create", "patrol.start"],
            "only the unsent work stays"
        );
        assert_eq!(outbox[0].args["case_id"], json!(unsent.id));
        for entry in &outbox {
            assert_eq!(entry.state, OutboxState::Rejected);
            assert!(
                entry
                    .reason
                    .as_deref()
                    .is_some_and(|r| r.starts_with("device_revoked: ")),
                "{:?}",
                entry.reason
            );
        }
    }

    // The administrator has the unsent work, with whose phone it was.
    let audit: Value = http
        .get(format!("{}/v1/admin/audit", s.server.url))
        .bearer_auth(token)
        .send()
        .await
        .expect("audit")
        .json()
        .await
        .expect("entries");
    let revoked = audit
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["action"] == "device.revoke")
        .unwrap_or_else(|| panic!("the revocation in {audit}"));
    assert_eq!(revoked["subject"], device.to_string());
    assert_eq!(revoked["username"], "admin");
    assert_eq!(revoked["after"]["reason"], reason);
    let entry = audit
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["action"] == "device.revoked_push")
        .unwrap_or_else(|| panic!("the handed-in work in {audit}"));
    assert_eq!(entry["subject"], device.to_string());
    assert_eq!(entry["after"]["mutations"][0]["name"], "report.create");
    assert_eq!(
        entry["after"]["mutations"][0]["args"]["description"],
        "未发送"
    );
}
