//! Cases that start at the desk: a 12345 hotline ticket filed by a community dispatcher
//! (accepted at once, in its grid, its source shown and filterable), one dispatched as it is
//! filed, and a task sent from above to the workers of two grids, done with evidence,
//! verified and closed; who may file, and where.

use protocol::Outcome;
use serde_json::{Value, json};

use crate::harness::{A1, A2, B1, C1, World, inside, task_cmd, upload};

fn new_case(at: (f64, f64), extra: Value) -> Value {
    let mut body = json!({
        "source": "hotline", "category": "5305", "lon": at.0, "lat": at.1,
        "description": "市民来电：楼下堆放施工废弃料", "external_ref": "12345-20261207-0001",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    body
}

#[tokio::test]
async fn a_hotline_ticket_is_filed_accepted_in_its_grid_and_found_by_its_source() {
    let w = World::start().await;
    let disp = w.sign_in("disp_a").await;
    let worker = w.sign_in("worker_a1").await;
    let id = domain::CaseId::new();
    let r = disp
        .post("/v1/cases", new_case(inside(A1), json!({"id": id})))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        (
            &r.body["state"],
            &r.body["grid"],
            &r.body["source"],
            &r.body["external_ref"]
        ),
        (
            &json!("accepted"),
            &json!(A1.0),
            &json!("hotline"),
            &json!("12345-20261207-0001")
        )
    );
    // The same form sent again files nothing new.
    let again = disp
        .post("/v1/cases", new_case(inside(A1), json!({"id": id})))
        .await;
    assert_eq!((again.status, &again.body["id"]), (201, &json!(id)));
    let hotline = disp.get("/v1/cases?source=hotline").await;
    assert_eq!(hotline.body["total"], 1, "{}", hotline.body);
    assert_eq!(disp.get("/v1/cases?source=app").await.body["total"], 0);

    // Filed and dispatched in one go: the worker has the task.
    let r = disp
        .post(
            "/v1/cases",
            new_case(
                inside(A1),
                json!({"source": "desk", "worker": worker.person_id()}),
            ),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["state"], "dispatched");
    assert_eq!(r.body["assignee"], json!(worker.person_id()));

    // Not in another community's place, not by a worker, not from an unknown category.
    let r = disp
        .post("/v1/cases", new_case(inside(B1), json!({})))
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = worker
        .post("/v1/cases", new_case(inside(A1), json!({})))
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = disp
        .post(
            "/v1/cases",
            new_case(inside(A1), json!({"category": "9999"})),
        )
        .await;
    assert_eq!((r.status, r.code()), (422, "unknown_category"));
    let r = disp
        .post("/v1/cases", new_case(inside(A1), json!({"source": "app"})))
        .await;
    assert_eq!((r.status, r.code()), (422, "bad_source"));
}

#[tokio::test]
async fn a_task_from_above_reaches_each_grids_worker_who_does_it_with_evidence() {
    let w = World::start().await;
    let street = w.sign_in("street_a").await;
    let task = |grids: &[&str]| {
        json!({"grids": grids, "category": "5305",
               "description": "核查辖区内施工废弃料堆放点并拍照"})
    };
    // A grid with no worker: refused whole, naming it; nothing is sent.
    let r = street.post("/v1/tasks", task(&[A1.0, C1.0])).await;
    assert_eq!((r.status, r.code()), (422, "no_worker"), "{}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains(C1.0));
    assert_eq!(street.get("/v1/cases?source=task").await.body["total"], 0);
    // Not outside the street.
    let r = street.post("/v1/tasks", task(&[B1.0])).await;
    assert_eq!(r.status, 403, "{}", r.body);

    let r = street.post("/v1/tasks", task(&[A1.0, A2.0])).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let sent = r.body.as_array().unwrap().clone();
    assert_eq!(sent.len(), 2);
    let mut a1 = w.sign_in("worker_a1").await;
    for (case, grid, who) in [
        (&sent[0], A1.0, &a1),
        (&sent[1], A2.0, &w.sign_in("worker_a2").await),
    ] {
        assert_eq!(
            (
                &case["grid"],
                &case["state"],
                &case["source"],
                &case["assignee"]
            ),
            (
                &json!(grid),
                &json!("dispatched"),
                &json!("task"),
                &json!(who.person_id())
            )
        );
    }

    // The worker does it (offline, sent in one push) with a photo; the street verifies
    // and closes it.
    let id: domain::CaseId = sent[0]["id"].as_str().unwrap().parse().unwrap();
    let photo = upload(&a1, b"photo of the checked site").await;
    let r = a1
        .push(&[
            task_cmd("task.acknowledge", id, json!({})),
            task_cmd(
                "task.resolve",
                id,
                json!({"photos": [photo], "note": "已核查，已清理"}),
            ),
        ])
        .await;
    assert!(
        r.results.iter().all(|x| x.outcome == Outcome::Applied),
        "{:?}",
        r.results
    );
    assert_eq!(
        street
            .act(id, json!({"action": "verify", "pass": true}))
            .await
            .body["state"],
        "verified"
    );
    assert_eq!(
        street.act(id, json!({"action": "close"})).await.body["state"],
        "closed"
    );
    assert_eq!(
        street.get("/v1/cases?source=task&state=closed").await.body["total"],
        1
    );
}
