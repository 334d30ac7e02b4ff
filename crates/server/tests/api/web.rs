//! The desk in a browser: its session (the refresh token in an HttpOnly SameSite cookie,
//! refreshed only with the CSRF header echoing the script-readable cookie, from this
//! server's own origin), grid workers sent to the app, and the UI's files served at `/`.

use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use serde_json::json;

use crate::harness::{PASSWORD, World};

/// A browser's view of a sign-in or refresh answer: status, body and Set-Cookie values.
struct Answer {
    status: u16,
    body: serde_json::Value,
    cookies: Vec<String>,
}

impl Answer {
    async fn from(r: reqwest::Response) -> Answer {
        let status = r.status().as_u16();
        let cookies = r
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        let body = r.json().await.unwrap_or(serde_json::Value::Null);
        Answer {
            status,
            body,
            cookies,
        }
    }
    /// The Set-Cookie value of `name`, whole (value and attributes).
    fn set(&self, name: &str) -> &str {
        self.cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} cookie in {:?}", self.cookies))
    }
    /// The value of cookie `name`.
    fn value(&self, name: &str) -> String {
        let set = self.set(name);
        set[name.len() + 1..].split(';').next().unwrap().to_string()
    }
}

async fn web_sign_in(w: &World, username: &str) -> Answer {
    Answer::from(
        w.http
            .post(w.url("/v1/web/session"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn refresh(w: &World, refresh: &str, csrf_cookie: &str, csrf_header: &str) -> Answer {
    let mut req = w.http.post(w.url("/v1/web/session/refresh")).header(
        COOKIE,
        format!("wangge_refresh={refresh}; wangge_csrf={csrf_cookie}"),
    );
    if !csrf_header.is_empty() {
        req = req.header("x-csrf-token", csrf_header);
    }
    Answer::from(req.send().await.unwrap()).await
}

#[tokio::test]
async fn a_dispatcher_signs_in_from_a_browser_and_the_refresh_token_stays_in_an_httponly_cookie() {
    let w = World::start().await;
    let a = web_sign_in(&w, "disp_a").await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.body["person"]["username"], "disp_a");
    // The page gets the access token, never the refresh token.
    let access = a.body["access_token"].as_str().unwrap().to_string();
    assert!(a.body.get("refresh_token").is_none(), "{}", a.body);
    let refresh_cookie = a.set("wangge_refresh");
    assert!(refresh_cookie.contains("HttpOnly"), "{refresh_cookie}");
    assert!(
        refresh_cookie.contains("SameSite=Strict"),
        "{refresh_cookie}"
    );
    assert!(
        refresh_cookie.contains("Path=/v1/web/session"),
        "{refresh_cookie}"
    );
    let csrf_cookie = a.set("wangge_csrf");
    assert!(!csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Strict"));
    // The access token works like any device's.
    let me = w
        .http
        .get(w.url("/v1/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    let (token, csrf) = (a.value("wangge_refresh"), a.value("wangge_csrf"));
    // Without the header, or with one that does not echo the cookie: refused.
    assert_eq!(refresh(&w, &token, &csrf, "").await.status, 403);
    let wrong = refresh(&w, &token, &csrf, "guess").await;
    assert_eq!(
        (wrong.status, wrong.body["code"].as_str()),
        (403, Some("csrf"))
    );
    // Another site's page cannot use the session even with both.
    let cross = Answer::from(
        w.http
            .post(w.url("/v1/web/session/refresh"))
            .header(
                COOKIE,
                format!("wangge_refresh={token}; wangge_csrf={csrf}"),
            )
            .header("x-csrf-token", &csrf)
            .header(ORIGIN, "https://evil.example")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(cross.status, 403);
    // This server's page refreshes: a new access token and a rotated cookie.
    let renewed = refresh(&w, &token, &csrf, &csrf).await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    assert_ne!(renewed.body["access_token"], a.body["access_token"]);
    let token2 = renewed.value("wangge_refresh");
    assert_ne!(token2, token);
    let csrf2 = renewed.value("wangge_csrf");

    // Signing out ends the session: the cookies are cleared and the refresh token is dead.
    let out = w
        .http
        .delete(w.url("/v1/web/session"))
        .bearer_auth(renewed.body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let cleared: Vec<_> = out
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("wangge_refresh=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );
    assert_eq!(refresh(&w, &token2, &csrf2, &csrf2).await.status, 401);
    // No cookie at all: not signed in.
    let none = Answer::from(
        w.http
            .post(w.url("/v1/web/session/refresh"))
            .header(COOKIE, "wangge_csrf=x")
            .header("x-csrf-token", "x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (none.status, none.body["code"].as_str()),
        (401, Some("not_signed_in"))
    );
}

#[tokio::test]
async fn grid_workers_and_reporters_are_sent_to_the_app_and_wrong_passwords_refused() {
    let w = World::start().await;
    for who in ["worker_a1", "reporter_a"] {
        let a = web_sign_in(&w, who).await;
        assert_eq!(
            (a.status, a.body["code"].as_str()),
            (403, Some("use_the_app")),
            "{who}"
        );
        assert!(a.cookies.is_empty(), "{:?}", a.cookies);
        assert!(a.body["message"].as_str().unwrap().contains("App"));
    }
    // No device was opened for them.
    let admin = w.sign_in("admin").await;
    let devices = admin.get("/v1/devices").await;
    assert!(
        !devices
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["username"] == "worker_a1"),
        "{}",
        devices.body
    );
    let bad = Answer::from(
        w.http
            .post(w.url("/v1/web/session"))
            .json(&json!({"username": "disp_a", "password": "nope"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (bad.status, bad.body["code"].as_str()),
        (401, Some("bad_credentials"))
    );
    // The commander and the administrator may use the browser desk.
    assert_eq!(web_sign_in(&w, "commander").await.status, 201);
    assert_eq!(web_sign_in(&w, "admin").await.status, 201);
}

#[tokio::test]
async fn the_ui_is_served_at_the_root_and_its_own_paths_while_the_api_keeps_json_404s() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>网格 desk</title>",
    )
    .unwrap();
    std::fs::create_dir(web.path().join("assets")).unwrap();
    std::fs::write(web.path().join("assets/app-1a2b.js"), "console.log(1)").unwrap();
    let root = web.path().to_path_buf();
    let w = World::start_with(move |c| c.web_root = Some(root)).await;
    let get = |path: &str| w.http.get(w.url(path)).send();
    let index = get("/").await.unwrap();
    assert_eq!(index.status(), 200);
    let csp = index.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(index.headers()["cache-control"], "no-cache");
    assert!(index.text().await.unwrap().contains("网格 desk"));
    // A path of the UI's own (a reload on a screen) gets the page too.
    let deep = get("/desk/board").await.unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("网格 desk"));
    let asset = get("/assets/app-1a2b.js").await.unwrap();
    assert_eq!(asset.status(), 200);
    assert!(
        asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    // An unknown API route is still a JSON 404.
    let api = get("/v1/no-such-thing").await.unwrap();
    assert_eq!(api.status(), 404);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn without_a_web_root_the_root_is_a_json_404() {
    let w = World::start().await;
    let r = w.http.get(w.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
}
