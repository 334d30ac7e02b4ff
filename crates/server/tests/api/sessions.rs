//! Sessions: sign-in, expiry and refresh, refresh-token reuse, revoked devices.

use serde_json::json;

use crate::harness::{PASSWORD, Reply, World};

#[tokio::test]
async fn wrong_password_and_unknown_user_are_refused_alike() {
    let w = World::start().await;
    for (user, pw) in [("worker_a1", "nope"), ("nobody", PASSWORD)] {
        let r = w
            .http
            .post(w.url("/v1/sessions"))
            .json(&json!({"username": user, "password": pw, "device_name": "x"}))
            .send()
            .await
            .unwrap();
        let r = Reply::from(r).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.code(), "bad_credentials");
    }
    w.stop().await;
}

#[tokio::test]
async fn expired_access_token_is_refused_then_refresh_works() {
    let w = World::start_with(|c| c.access_token_ttl_secs = 1).await;
    let s = w.sign_in("worker_a1").await;
    assert_eq!(s.get("/v1/me").await.status, 200);
    w.clock.advance_secs(2);
    let r = s.get("/v1/me").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), "token_expired");
    let r = w
        .http
        .post(w.url("/v1/sessions/refresh"))
        .json(&json!({"refresh_token": s.tokens.refresh_token}))
        .send()
        .await
        .unwrap();
    let r = Reply::from(r).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let fresh = r.body["access_token"].as_str().unwrap().to_string();
    assert_ne!(
        r.body["refresh_token"],
        json!(s.tokens.refresh_token),
        "rotated"
    );
    let me = w
        .http
        .get(w.url("/v1/me"))
        .bearer_auth(&fresh)
        .send()
        .await
        .unwrap();
    let me = Reply::from(me).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["person"]["username"], "worker_a1");
    w.stop().await;
}

/// `POST /v1/sessions/refresh` with `token`.
async fn refresh_with(w: &World, token: String) -> Reply {
    Reply::from(
        w.http
            .post(w.url("/v1/sessions/refresh"))
            .json(&json!({"refresh_token": token}))
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn reusing_an_old_refresh_token_revokes_the_device() {
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let refresh = |token: String| refresh_with(&w, token);
    let first = refresh(s.tokens.refresh_token.clone()).await;
    assert_eq!(first.status, 200);
    let new_access = first.body["access_token"].as_str().unwrap().to_string();
    let new_refresh = first.body["refresh_token"].as_str().unwrap().to_string();
    // A thief (or a confused app) uses the old one again, after the grace window in which
    // a lost answer is answered again.
    w.clock
        .advance_secs(server::sessions::REFRESH_GRACE_SECS + 1);
    let reused = refresh(s.tokens.refresh_token.clone()).await;
    assert_eq!(reused.status, 401);
    reused.code();
    // The whole device is out: its new tokens too.
    let me = Reply::from(
        w.http
            .get(w.url("/v1/me"))
            .bearer_auth(&new_access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(me.status, 401);
    assert_eq!(refresh(new_refresh).await.status, 401);
    w.stop().await;
}

#[tokio::test]
async fn admin_lists_and_revokes_devices_and_the_revoked_device_is_refused() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let mut worker = w.sign_in("worker_a1").await;
    let other = w.sign_in("worker_a2").await;

    let r = other.get("/v1/devices").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "forbidden");
    let r = other
        .post(
            &format!("/v1/devices/{}/revoke", worker.tokens.device_id),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 403);

    let list = admin.get("/v1/devices").await;
    assert_eq!(list.status, 200);
    let devices = list.body.as_array().unwrap();
    assert!(
        devices
            .iter()
            .any(|d| d["id"] == json!(worker.tokens.device_id) && d["username"] == "worker_a1")
    );

    let r = admin
        .post(
            &format!("/v1/devices/{}/revoke", worker.tokens.device_id),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(worker.get("/v1/pull").await.status, 401);
    let r = worker
        .post(
            "/v1/push",
            json!({"device_id": worker.tokens.device_id, "schema": 1, "mutations": []}),
        )
        .await;
    assert_eq!(r.status, 401);
    worker.tokens.access_token = "0".repeat(64);
    assert_eq!(worker.get("/v1/me").await.status, 401);
    let list = admin.get("/v1/devices").await;
    let d = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == json!(worker.tokens.device_id))
        .unwrap()
        .clone();
    assert!(d["revoked_at"].is_i64(), "{d}");
    // Others are unaffected.
    assert_eq!(other.get("/v1/me").await.status, 200);
    w.stop().await;
}

#[tokio::test]
async fn a_revoke_takes_an_optional_reason_the_phone_is_told() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let worker = w.sign_in("worker_a1").await;
    let other = w.sign_in("worker_a2").await;
    let revoke = |device: String| {
        admin
            .http
            .post(admin.url(&format!("/v1/devices/{device}/revoke")))
            .bearer_auth(&admin.tokens.access_token)
    };
    let status = |r: reqwest::Response| r.status().as_u16();
    let long = "长".repeat(201);
    let r = revoke(worker.tokens.device_id.to_string())
        .json(&json!({ "reason": long }))
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 422, "a reason past 200 characters");
    let r = revoke(worker.tokens.device_id.to_string())
        .body("手机遗失")
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 415, "a body that is not JSON");
    assert_eq!(
        worker.get("/v1/me").await.status,
        200,
        "refused: still in use"
    );

    let r = revoke(worker.tokens.device_id.to_string())
        .json(&json!({ "reason": " 手机遗失，请到社区领取新手机 " }))
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 204);
    let audit = admin.audit_of("device.revoke").await;
    assert_eq!(audit[0]["after"]["reason"], "手机遗失，请到社区领取新手机");
    // No body at all: the default reason.
    let r = revoke(other.tokens.device_id.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 204);
    let audit = admin.audit_of("device.revoke").await;
    assert!(
        audit.iter().any(|e| e["after"]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("an administrator revoked this device"))),
        "{audit:?}"
    );
    w.stop().await;
}

#[tokio::test]
async fn password_guessing_is_throttled_per_user_name() {
    let w = World::start().await;
    let attempt = |pw: &'static str| {
        let w = &w;
        async move {
            Reply::from(
                w.http
                    .post(w.url("/v1/sessions"))
                    .json(&json!({"username": "worker_a1", "password": pw, "device_name": "x"}))
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    for _ in 0..10 {
        assert_eq!(attempt("guess").await.status, 401);
    }
    let r = attempt(PASSWORD).await;
    assert_eq!(r.status, 429, "even the right password waits");
    assert_eq!(r.code(), "too_many_requests");
    // Other users are not affected.
    w.sign_in("worker_a2").await;
    w.clock.advance_secs(16 * 60);
    assert_eq!(attempt(PASSWORD).await.status, 201);
    w.stop().await;
}

/// Trust finding 7: the answer to a refresh is lost on a weak network and the phone sends
/// the same refresh token again: within a short grace window it gets the same new pair,
/// and the device stays signed in. Once the new refresh token is used, the old one is
/// reuse again.
#[tokio::test]
async fn a_lost_refresh_answer_is_answered_again_within_the_grace_window() {
    let w = World::start().await;
    let s = w.sign_in("worker_a1").await;
    let refresh = |token: String| refresh_with(&w, token);
    let first = refresh(s.tokens.refresh_token.clone()).await;
    assert_eq!(first.status, 200, "{}", first.body);
    w.clock.advance_secs(5);
    let again = refresh(s.tokens.refresh_token.clone()).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["access_token"], first.body["access_token"]);
    assert_eq!(again.body["refresh_token"], first.body["refresh_token"]);
    let access = first.body["access_token"].as_str().unwrap().to_string();
    let me = w
        .http
        .get(w.url("/v1/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200, "still signed in");

    // The phone moves on with the new refresh token; the old one is now reuse.
    let next = refresh(first.body["refresh_token"].as_str().unwrap().to_string()).await;
    assert_eq!(next.status, 200);
    let stale = refresh(s.tokens.refresh_token.clone()).await;
    assert_eq!(stale.status, 401, "{}", stale.body);
    w.stop().await;
}

/// A client bound to its own loopback address (the whole of 127.0.0.0/8 is this machine).
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(ip))
        .build()
        .unwrap()
}

async fn try_sign_in(w: &World, http: &reqwest::Client, user: &str, pw: &str) -> Reply {
    Reply::from(
        http.post(w.url("/v1/sessions"))
            .json(&json!({"username": user, "password": pw, "device_name": "x"}))
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Trust finding 8: guesses from one address neither lock the administrator out elsewhere
/// nor go on unchecked across many user names; absurd user names are refused before any
/// hashing; passwords that are set meet a minimum.
#[tokio::test]
async fn sign_in_throttling_is_by_address_and_name_with_back_off() {
    let w = World::start().await;
    let attacker = client_from([127, 0, 0, 2]);
    for _ in 0..12 {
        let r = try_sign_in(&w, &attacker, "admin", "guess").await;
        assert!(matches!(r.status, 401 | 429), "{}", r.status);
    }
    let r = try_sign_in(&w, &w.http, "admin", PASSWORD).await;
    assert_eq!(
        r.status, 201,
        "the administrator signs in from elsewhere: {}",
        r.body
    );

    // One password sprayed over many names from one address is slowed down.
    let sprayer = client_from([127, 0, 0, 3]);
    let mut throttled = 0;
    for n in 0..30 {
        let r = try_sign_in(&w, &sprayer, &format!("user{n}"), "Password1").await;
        if r.status == 429 {
            throttled += 1;
        }
    }
    assert!(
        throttled >= 5,
        "spraying is throttled: {throttled} of 30 refused"
    );

    let r = try_sign_in(&w, &w.http, &"u".repeat(65), "whatever").await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.code(), "bad_username");

    let person = domain::Person::new(
        domain::PersonId::random(),
        "新来的",
        domain::Role::FullTimeGridWorker,
        domain::Scope::Grids(vec![domain::GridCode::parse(crate::harness::A1.0).unwrap()]),
    )
    .unwrap();
    let weak =
        server::reference::import::create_person(&w.state, "newbie", "short", person, None).await;
    assert!(weak.is_err(), "a 5-character password is refused");
    w.stop().await;
}
