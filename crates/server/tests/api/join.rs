//! 双报到 through the real server: a unit and a party member register by the JSON API and
//! by the public page's form post, the community approves and refuses (audited), an
//! approved member claims a building head role, the figures count it all; phones only to
//! the community registered with; bad input, throttling and the community's QR code.

use std::process::Command as Process;

use serde_json::{Value, json};

use crate::harness::{Reply, World};

const COMMUNITY: &str = "130302001001";

fn member(phone: &str) -> Value {
    json!({
        "name": "李红",
        "phone": phone,
        "unit": "海港区供水公司",
        "party_branch": "供水公司第一党支部",
        "tie": "residence",
    })
}

fn unit(name: &str) -> Value {
    json!({
        "name": name,
        "kind": "state_enterprise",
        "contact_name": "王明",
        "contact_phone": "0335-3012345",
        "party_organisation": "供水公司党委",
    })
}

/// A form as a browser encodes it (`application/x-www-form-urlencoded`).
fn encode(fields: &[(&str, &str)]) -> String {
    let part = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_string(),
                b => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", part(k), part(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn public_post(w: &World, path: &str, body: &Value) -> Reply {
    Reply::from(w.http.post(w.url(path)).json(body).send().await.unwrap()).await
}

async fn public_get(w: &World, path: &str) -> Reply {
    Reply::from(w.http.get(w.url(path)).send().await.unwrap()).await
}

fn number(r: &Reply) -> String {
    assert_eq!(r.status, 201, "{}", r.body);
    let n = r.body["number"].as_str().unwrap().to_string();
    assert!(n.starts_with("SB") && n.len() == 12, "{n}");
    n
}

#[tokio::test]
async fn register_approve_refuse_claim_and_count() {
    let w = World::start().await;
    let path = format!("/v1/join/{COMMUNITY}");
    let m = number(&public_post(&w, &format!("{path}/members"), &member("138 0013 8000")).await);
    let u = number(&public_post(&w, &format!("{path}/units"), &unit("海港区供水公司")).await);
    let state = public_get(&w, &format!("/v1/join/registrations/{m}")).await;
    assert_eq!(state.status, 200);
    assert_eq!(state.body["state"], "pending");
    assert_eq!(state.body["kind"], "member");
    assert_eq!(state.body["community"], COMMUNITY);
    assert!(
        !state.body.to_string().contains("13800138000"),
        "nothing personal by number"
    );
    // The same member again while pending: refused.
    let again = public_post(&w, &format!("{path}/members"), &member("13800138000")).await;
    assert_eq!((again.status, again.code()), (409, "already_registered"));

    // The community sees phones; the street sees the rows without them; another
    // community and a worker see nothing.
    let disp = w.sign_in("disp_a").await;
    let list = disp.get("/v1/join/registrations?state=pending").await;
    assert_eq!(list.status, 200, "{}", list.body);
    let entries = list.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let mine = entries.iter().find(|e| e["number"] == m.as_str()).unwrap();
    assert_eq!(
        mine["personal"]["phone"], "13800138000",
        "stored as one form"
    );
    assert_eq!(mine["personal"]["name"], "李红");
    let street = w.sign_in("street_a").await;
    let seen = street.get("/v1/join/registrations").await;
    assert_eq!(seen.status, 200);
    assert_eq!(seen.body["entries"].as_array().unwrap().len(), 2);
    assert!(
        !seen.body.to_string().contains("13800138000") && !seen.body.to_string().contains("李红"),
        "a street sees no personal data: {}",
        seen.body
    );
    let other = w.sign_in("disp_c").await;
    let r = other
        .get(&format!("/v1/join/registrations?area={COMMUNITY}"))
        .await;
    assert_eq!((r.status, r.code()), (403, "forbidden"));
    let r = other
        .post(
            &format!("/v1/join/registrations/{m}/decision"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(r.status, 403, "another community does not decide");
    let worker = w.sign_in("worker_a1").await;
    assert_eq!(worker.get("/v1/join/registrations").await.status, 403);

    // Decisions: approve the member; a refusal needs a reason; once only.
    let ok = disp
        .post(
            &format!("/v1/join/registrations/{m}/decision"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["state"], "approved");
    let no_reason = disp
        .post(
            &format!("/v1/join/registrations/{u}/decision"),
            json!({"approve": false}),
        )
        .await;
    assert_eq!(
        (no_reason.status, no_reason.code()),
        (400, "reason_required")
    );
    let refused = street
        .post(
            &format!("/v1/join/registrations/{u}/decision"),
            json!({"approve": false, "reason": "请由单位党组织负责人报到"}),
        )
        .await;
    assert_eq!(refused.status, 200, "the street above decides too");
    assert_eq!(refused.body["state"], "refused");
    let twice = disp
        .post(
            &format!("/v1/join/registrations/{u}/decision"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!((twice.status, twice.code()), (409, "already_decided"));
    let state = public_get(&w, &format!("/v1/join/registrations/{u}")).await;
    assert_eq!(state.body["reason"], "请由单位党组织负责人报到");
    let admin = w.sign_in("admin").await;
    let audit = admin.audit_of("join.approve").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["subject"], m.as_str());
    assert_eq!(admin.audit_of("join.refuse").await.len(), 1);
    // A refused unit may register again.
    number(&public_post(&w, &format!("{path}/units"), &unit("海港区供水公司")).await);

    // The approved member claims the head of building 3 of grid A1; not another
    // community's grid; the claim waits for the community.
    let claim = public_post(
        &w,
        &format!("/v1/join/registrations/{m}/claims"),
        &json!({"role": "building_head", "building": "130302001001001-003"}),
    )
    .await;
    let c = number(&claim);
    assert_eq!(claim.body["kind"], "claim");
    let far = public_post(
        &w,
        &format!("/v1/join/registrations/{m}/claims"),
        &json!({"role": "part_time_grid_worker", "grid": "130302001002001"}),
    )
    .await;
    assert_eq!((far.status, far.code()), (400, "not_this_community"));
    let nowhere = public_post(
        &w,
        &format!("/v1/join/registrations/{m}/claims"),
        &json!({"role": "building_head", "building": "130302001001001-099"}),
    )
    .await;
    assert_eq!((nowhere.status, nowhere.code()), (422, "unknown_place"));
    let claims = disp.get("/v1/join/registrations?kind=claim").await;
    let row = &claims.body["entries"][0];
    assert_eq!(row["member"], m.as_str());
    assert_eq!(
        row["personal"]["claim"],
        "building_head 130302001001001-003"
    );
    assert_eq!(row["personal"]["phone"], "13800138000");
    let ok = disp
        .post(
            &format!("/v1/join/registrations/{c}/decision"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(ok.status, 200);

    // Figures: the street, its communities; the district sees them too.
    let figures = street.get("/v1/participation/figures").await;
    assert_eq!(figures.status, 200, "{}", figures.body);
    let rows = figures.body["rows"].as_array().unwrap();
    assert_eq!(rows[0]["level"], "street");
    let ours = rows.iter().find(|r| r["code"] == COMMUNITY).unwrap();
    assert_eq!(
        (
            &ours["units"],
            &ours["members"],
            &ours["pending"],
            &ours["roles"]
        ),
        (&json!(0), &json!(1), &json!(1), &json!(1))
    );
    assert_eq!(rows[0]["members"], 1, "the street sums its communities");
    let district = w.sign_in("commander").await;
    let all = district.get("/v1/participation/figures").await;
    assert_eq!(all.body["rows"][0]["level"], "district");
    assert_eq!(all.body["rows"][0]["roles"], 1);
    let r = street.get("/v1/participation/figures?area=130302").await;
    assert_eq!(r.status, 403, "above the street's scope");
    w.stop().await;
}

#[tokio::test]
async fn the_public_page_and_its_form_posts() {
    let w = World::start().await;
    let page = w
        .http
        .get(w.url(&format!("/join/{COMMUNITY}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains("党员报到") && html.contains("单位报到"),
        "{html}"
    );
    assert!(html.contains(&format!("action=\"/v1/join/{COMMUNITY}/members\"")));
    assert!(html.contains("name=\"viewport\""));
    let en = public_get(&w, &format!("/join/{COMMUNITY}?lang=en")).await;
    assert!(en.body.as_str().unwrap().contains("Party members"));

    // The member form, posted as a browser posts it.
    let form = [
        ("lang", "zh"),
        ("name", "张伟"),
        ("phone", "13911112222"),
        ("unit", "海港区教育局"),
        ("party_branch", "教育局机关党支部"),
        ("tie", "unit"),
    ];
    let r = w
        .http
        .post(w.url(&format!("/v1/join/{COMMUNITY}/members")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let answer = r.text().await.unwrap();
    assert!(answer.contains("提交成功"), "{answer}");
    let at = answer.find(">SB").unwrap() + 1;
    let n = &answer[at..at + 12];
    let state = public_get(&w, &format!("/v1/join/registrations/{n}")).await;
    assert_eq!(state.body["state"], "pending");
    let shown = public_get(&w, &format!("/join/{COMMUNITY}?number={n}")).await;
    assert!(shown.body.as_str().unwrap().contains("待社区审核"));

    // A bad phone in the unit form: a page saying what to correct, in English when asked.
    let bad = [
        ("lang", "en"),
        ("name", "海港区教育局"),
        ("kind", "agency"),
        ("party_organisation", "教育局机关党委"),
        ("contact_name", "赵"),
        ("contact_phone", "12345"),
    ];
    let r = w
        .http
        .post(w.url(&format!("/v1/join/{COMMUNITY}/units")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&bad))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Not registered") && page.contains("is not a phone number"),
        "{page}"
    );
    // A form missing a field is refused, not stored.
    let r = w
        .http
        .post(w.url(&format!("/v1/join/{COMMUNITY}/units")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&[("name", "x")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let disp = w.sign_in("disp_a").await;
    let list = disp.get("/v1/join/registrations").await;
    assert_eq!(list.body["entries"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["entries"][0]["personal"]["tie"], "unit");
    w.stop().await;
}

#[tokio::test]
async fn bad_input_is_refused_with_codes() {
    let w = World::start().await;
    let path = format!("/v1/join/{COMMUNITY}/members");
    let cases: Vec<(Value, u16, &str)> = vec![
        (member("12345"), 400, "bad_phone"),
        (
            json!({"name": " ", "phone": "13800138000", "unit": "u", "party_branch": "b", "tie": "unit"}),
            400,
            "missing_field",
        ),
        (
            json!({"name": "名".repeat(61), "phone": "13800138000", "unit": "u", "party_branch": "b", "tie": "unit"}),
            400,
            "field_too_long",
        ),
        (
            json!({"name": "a", "phone": "13800138000", "unit": "u", "party_branch": "b", "tie": "home"}),
            400,
            "bad_tie",
        ),
        (json!({"name": "a"}), 400, "bad_json"),
    ];
    for (body, status, code) in cases {
        let r = public_post(&w, &path, &body).await;
        assert_eq!((r.status, r.code()), (status, code), "{body}");
    }
    let mut odd = unit("某单位");
    odd["kind"] = json!("company");
    let r = public_post(&w, &format!("/v1/join/{COMMUNITY}/units"), &odd).await;
    assert_eq!((r.status, r.code()), (400, "bad_unit_kind"));
    let r = public_post(&w, "/v1/join/130302001999/members", &member("13800138000")).await;
    assert_eq!((r.status, r.code()), (404, "not_found"));
    let r = public_post(&w, "/v1/join/13030/members", &member("13800138000")).await;
    assert_eq!((r.status, r.code()), (400, "bad_community"));
    let r = Reply::from(
        w.http
            .post(w.url(&path))
            .body("name=x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((r.status, r.code()), (415, "unsupported_media_type"));
    let r = public_get(&w, "/v1/join/registrations/SB0000").await;
    assert_eq!((r.status, r.code()), (400, "bad_number"));
    let r = public_get(&w, "/v1/join/registrations/SB2345678923").await;
    assert_eq!((r.status, r.code()), (404, "not_found"));
    // A claim before approval.
    let n = number(&public_post(&w, &path, &member("13800138000")).await);
    let r = public_post(
        &w,
        &format!("/v1/join/registrations/{n}/claims"),
        &json!({"role": "volunteer", "post": "文明劝导"}),
    )
    .await;
    assert_eq!((r.status, r.code()), (409, "not_approved"));
    let r = public_get(&w, "/join/130302001999").await;
    assert_eq!(r.status, 404);
    w.stop().await;
}

#[tokio::test]
async fn one_address_is_throttled_per_community() {
    let w = World::start().await;
    for i in 0..10 {
        let r = public_post(
            &w,
            &format!("/v1/join/{COMMUNITY}/members"),
            &member(&format!("1380013{i:04}")),
        )
        .await;
        assert_eq!(r.status, 201, "{i}: {}", r.body);
    }
    let r = public_post(
        &w,
        &format!("/v1/join/{COMMUNITY}/members"),
        &member("13900000000"),
    )
    .await;
    assert_eq!((r.status, r.code()), (429, "too_many_requests"));
    let elsewhere = public_post(&w, "/v1/join/130302001002/members", &member("13900000000")).await;
    assert_eq!(elsewhere.status, 201, "another community");
    w.clock.advance_secs(3601);
    let r = public_post(
        &w,
        &format!("/v1/join/{COMMUNITY}/members"),
        &member("13900000000"),
    )
    .await;
    assert_eq!(r.status, 201, "an hour later");
    w.stop().await;
}

#[tokio::test]
async fn the_community_prints_its_qr_code() {
    let w = World::start().await;
    let disp = w.sign_in("disp_a").await;
    let r = disp
        .http
        .get(disp.url(&format!("/v1/join/{COMMUNITY}/qr.png")))
        .bearer_auth(&disp.tokens.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("qr.png");
    std::fs::write(&png, r.bytes().await.unwrap()).unwrap();
    let out = Process::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.trim(), w.url(&format!("/join/{COMMUNITY}")));
    let other = w.sign_in("disp_c").await;
    let r = other.get(&format!("/v1/join/{COMMUNITY}/qr.png")).await;
    assert_eq!(r.status, 403);
    let r = public_get(&w, &format!("/v1/join/{COMMUNITY}/qr.png")).await;
    assert_eq!(r.status, 401);
    w.stop().await;
}
