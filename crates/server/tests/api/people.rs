//! Administrators create and edit one person at a time: the fields are checked as a row of
//! the people table is (each wrong field named), a taken username is refused, a change is
//! in the admin audit log with its before and after, reaches the person's own sign-in, and
//! a worker's grids cannot change under an open task (the move route decides where it goes).

use serde_json::json;

use crate::harness::{A1, A2, World, inside};

#[tokio::test]
async fn an_administrator_creates_a_person_checked_like_a_table_row() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let new = json!({
        "username": "wang.fang", "name": "王芳", "role": "专职网格员",
        "area": A2.0, "phone": "138 0335 0001",
    });
    let r = admin.post("/v1/admin/people", new.clone()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["role"], "full_time_grid_worker");
    assert_eq!(r.body["scope"]["code"], json!([A2.0]));
    assert_eq!(r.body["phone"], "13803350001");
    assert_eq!(r.body["devices"], 0);
    let listed = admin.get("/v1/admin/people?q=wang.fang").await;
    assert_eq!(
        listed.body.as_array().map(Vec::len),
        Some(1),
        "{}",
        listed.body
    );

    // The same username again is refused; nothing changes.
    let r = admin.post("/v1/admin/people", new).await;
    assert_eq!((r.status, r.code()), (409, "username_taken"));

    // Every wrong field is named with its reason, as the table's columns would be.
    let r = admin
        .post(
            "/v1/admin/people",
            json!({"username": "li si", "name": "", "role": "chef", "area": "1", "phone": "123"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (422, "invalid_person"));
    let message = r.body["message"].as_str().unwrap_or_default();
    // In Chinese on the first line, in English on the second, each naming every field.
    let (zh, en) = message.split_once('\n').unwrap_or_default();
    for field in ["username:", "name:", "role:", "phone:"] {
        assert!(zh.contains(field), "{field} is not named in {message}");
        assert!(en.contains(field), "{field} is not named in {message}");
    }
    assert!(
        zh.contains("phone: “123”不是电话号码：手机号应为11位数字，以1开头"),
        "{message}"
    );
    assert!(zh.contains("用户名“li si”中有空格"), "{message}");
    assert!(
        en.contains("phone: \"123\" is not a phone number"),
        "{message}"
    );
    let r = admin
        .post(
            "/v1/admin/people",
            json!({"username": "zhao", "name": "赵", "role": "full_time_grid_worker", "area": "130302009009009"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (422, "invalid_person"));
    let message = r.body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("area: 网格 130302009009009 尚未导入")
            && message.contains("area: grid 130302009009009 is not stored"),
        "{message}"
    );
    assert_eq!(admin.get("/v1/admin/people?q=zhao").await.body, json!([]));

    let created = admin.audit_of("person.create").await;
    assert_eq!(created.len(), 1, "{created:?}");
    assert_eq!(created[0]["subject"], "wang.fang");
    assert_eq!(created[0]["after"]["name"], "王芳");
    w.stop().await;
}

#[tokio::test]
async fn an_edit_changes_what_it_names_and_is_audited_with_before_and_after() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let r = admin
        .patch(
            "/v1/admin/people/disp_a",
            json!({"name": "新受理员", "phone": "0335-3012345"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["name"], "新受理员");
    assert_eq!(r.body["phone"], "0335-3012345");
    assert_eq!(r.body["role"], "community_dispatcher");
    // The person's own session sees the new name.
    let me = w.sign_in("disp_a").await;
    assert_eq!(me.tokens.person.name, "新受理员");
    // An empty phone removes it; an unknown person is 404; a wrong field is named.
    let r = admin
        .patch("/v1/admin/people/disp_a", json!({"phone": ""}))
        .await;
    assert_eq!(r.body["phone"], json!(null));
    let r = admin
        .patch("/v1/admin/people/nobody", json!({"name": "x"}))
        .await;
    assert_eq!(r.status, 404);
    let r = admin
        .patch(
            "/v1/admin/people/disp_a",
            json!({"role": "street_dispatcher"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (422, "invalid_person"), "{}", r.body);
    let message = r.body["message"].as_str().unwrap_or_default();
    let (zh, en) = message.split_once('\n').unwrap_or_default();
    assert!(
        zh.starts_with("area:") && en.starts_with("area:"),
        "{message}"
    );

    let edits = admin.audit_of("person.edit").await;
    // Newest first: the phone removed, then the name and phone set.
    assert_eq!(edits.len(), 2, "{edits:?}");
    assert_eq!(edits[1]["before"]["name"], "disp_a");
    assert_eq!(edits[1]["after"]["name"], "新受理员");
    assert_eq!(edits[0]["before"]["phone"], "0335-3012345");
    assert_eq!(edits[0]["after"]["phone"], json!(null));
    w.stop().await;
}

#[tokio::test]
async fn a_workers_grids_do_not_change_under_an_open_task() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let mut worker = w.sign_in("worker_a1").await;
    let disp = w.sign_in("disp_a").await;
    let id = worker.report("0101", inside(A1)).await;
    assert_eq!(disp.act(id, json!({"action": "accept"})).await.status, 200);
    let r = disp
        .act(
            id,
            json!({"action": "dispatch", "worker": worker.person_id()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let r = admin
        .patch("/v1/admin/people/worker_a1", json!({"area": A2.0}))
        .await;
    assert_eq!((r.status, r.code()), (422, "open_tasks"), "{}", r.body);
    assert!(
        r.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("/move")
    );
    // Adding a grid keeps the task's grid covered, so it is allowed.
    let both = format!("{};{}", A1.0, A2.0);
    let r = admin
        .patch("/v1/admin/people/worker_a1", json!({"area": both}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["scope"]["code"], json!([A1.0, A2.0]));
    w.stop().await;
}

#[tokio::test]
async fn a_reset_password_works_once_and_is_changed_before_signing_in() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let disp = w.sign_in("disp_a").await;
    let reset = "/v1/admin/people/worker_a2/password";
    assert_eq!(disp.post(reset, json!({})).await.status, 403);
    let r = admin.post(reset, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let one_time = r.body["password"].as_str().unwrap().to_string();

    let sign_in = |password: String| {
        let http = w.http.clone();
        let url = w.url("/v1/sessions");
        async move {
            let r = http
                .post(url)
                .json(
                    &json!({"username": "worker_a2", "password": password, "device_name": "phone"}),
                )
                .send()
                .await
                .unwrap();
            crate::harness::Reply::from(r).await
        }
    };
    let change = |password: &str, new_password: &str| {
        let body =
            json!({"username": "worker_a2", "password": password, "new_password": new_password});
        let http = w.http.clone();
        let url = w.url("/v1/sessions/password");
        async move {
            crate::harness::Reply::from(http.post(url).json(&body).send().await.unwrap()).await
        }
    };
    // The old password is gone; the one-time password only leads to choosing a new one.
    let r = sign_in(crate::harness::PASSWORD.into()).await;
    assert_eq!((r.status, r.code()), (401, "bad_credentials"));
    let r = sign_in(one_time.clone()).await;
    assert_eq!((r.status, r.code()), (401, "password_change_required"));
    let r = change(&one_time, "short").await;
    assert_eq!((r.status, r.code()), (400, "weak_password"));
    let r = change(&one_time, &one_time).await;
    assert_eq!((r.status, r.code()), (400, "weak_password"));
    let r = change("not-the-password", "my-own-password").await;
    assert_eq!((r.status, r.code()), (401, "bad_credentials"));
    let r = change(&one_time, "my-own-password").await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(sign_in("my-own-password".into()).await.status, 201);
    let r = sign_in(one_time.clone()).await;
    assert_eq!((r.status, r.code()), (401, "bad_credentials"));

    let resets = admin.audit_of("person.password_reset").await;
    assert_eq!(resets.len(), 1, "{resets:?}");
    assert_eq!(resets[0]["subject"], "worker_a2");
    let whole_log = admin.get("/v1/admin/audit").await.body.to_string();
    assert!(
        !whole_log.contains(&one_time),
        "the password is in the audit log"
    );
    w.stop().await;
}
