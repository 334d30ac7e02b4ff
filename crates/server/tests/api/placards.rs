//! 网格公示 placards through the real server: a community's placards printed as a PDF (read
//! back with pdftotext, pdftoppm and zbarimg), a worker confirming one posted by checking in
//! on its QR code, a changed phone marking exactly the placards that show it stale, the
//! reprint holding exactly those, the public page of an entrance, and who may print.

use std::process::Command as Process;

use protocol::{Command, PatrolCheckin, PatrolId, PatrolStart};
use serde_json::{Value, json};

use crate::harness::{A1, A2, Session, World};

const COMMUNITY: &str = "130302001001";

fn tool(cmd: &mut Process) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Prints with `body`; the PDF's pages as (text, QR code) pairs.
async fn print(s: &Session, body: Value) -> Vec<(String, String)> {
    let r = s
        .http
        .post(s.url("/v1/placards/print"))
        .bearer_auth(&s.tokens.access_token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let bytes = r.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("p.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let pages: usize = tool(Process::new("pdfinfo").arg(&pdf))
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    tool(
        Process::new("pdftoppm")
            .args(["-r", "110", "-png"])
            .arg(&pdf)
            .arg(dir.path().join("page")),
    );
    let width = pages.to_string().len();
    (1..=pages)
        .map(|n| {
            let text = tool(
                Process::new("pdftotext")
                    .args(["-f", &n.to_string(), "-l", &n.to_string()])
                    .arg(&pdf)
                    .arg("-"),
            );
            let png = dir.path().join(format!("page-{n:0width$}.png"));
            let qr = tool(Process::new("zbarimg").args(["-q", "--raw"]).arg(&png));
            (text, qr.trim().to_string())
        })
        .collect()
}

async fn list(s: &Session) -> Value {
    let r = s.get(&format!("/v1/placards?community={COMMUNITY}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

fn statuses(list: &Value) -> Vec<(String, String)> {
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["entrance"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn set_phone(admin: &Session, username: &str, phone: &str) {
    let r = admin
        .patch(
            &format!("/v1/admin/people/{username}"),
            json!({"phone": phone}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn placards_print_go_stale_when_their_worker_changes_and_reprint_exactly_those() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let disp = w.sign_in("disp_a").await;
    // A second grid's building with one unit, beside A1's 3号楼 with units 1 and 2.
    let r = admin
        .http
        .post(admin.url("/v1/admin/import/buildings?file_name=b.csv"))
        .bearer_auth(&admin.tokens.access_token)
        .body(format!(
            "code,name,lon,lat,units\n{}-001,1号楼,{},{},1\n",
            A2.0,
            A2.1 + 0.003,
            A2.2 + 0.003
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    set_phone(&admin, "worker_a1", "13900000001").await;
    set_phone(&admin, "worker_a2", "13900000002").await;

    let a1 = format!("{}-003", A1.0);
    let a2 = format!("{}-001", A2.0);
    let entrances = [
        a1.clone(),
        format!("{a1}/1"),
        format!("{a1}/2"),
        a2.clone(),
        format!("{a2}/1"),
    ];
    let before = list(&disp).await;
    assert_eq!(
        statuses(&before),
        entrances
            .iter()
            .map(|e| (e.clone(), "unprinted".to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(before["unprinted"], 5);

    // Everything printed: a page per entrance, each naming its grid's worker and phone,
    // each QR code the entrance's own address.
    let pages = print(&disp, json!({"community": COMMUNITY})).await;
    assert_eq!(pages.len(), 5);
    for (i, (text, qr)) in pages.iter().enumerate() {
        let (name, phone) = if i < 3 {
            ("worker_a1", "13900000001")
        } else {
            ("worker_a2", "13900000002")
        };
        assert!(
            text.contains(name) && text.contains(phone),
            "page {i}: {text}"
        );
        assert!(
            text.contains("网格公示牌") && text.contains("红旗里社区"),
            "{text}"
        );
        assert_eq!(qr, &before["entries"][i]["url"].as_str().unwrap());
    }
    assert!(pages[0].1.ends_with(&format!("/e/{a1}")), "{}", pages[0].1);
    assert!(
        pages[1].1.ends_with(&format!("/e/{a1}/1")),
        "{}",
        pages[1].1
    );
    assert_eq!(list(&disp).await["to_post"], 5);

    // The worker hangs unit 1's placard and confirms it by checking in on its QR code.
    let mut worker = w.sign_in("worker_a1").await;
    let patrol = PatrolId::new();
    let r = worker
        .push(&[
            Command::PatrolStart(PatrolStart { patrol_id: patrol }),
            Command::PatrolCheckin(PatrolCheckin {
                patrol_id: patrol,
                building: a1.clone(),
                unit: Some("1".into()),
                lon: A1.1 + 0.002,
                lat: A1.2 + 0.002,
                note: String::new(),
                checkin_id: Some(uuid::Uuid::now_v7()),
                placard_posted: true,
            }),
        ])
        .await;
    assert!(
        r.results
            .iter()
            .all(|m| m.outcome == protocol::Outcome::Applied),
        "{:?}",
        r.results
    );
    let after_post = list(&disp).await;
    let posted = &after_post["entries"][1];
    assert_eq!(posted["status"], "posted");
    assert_eq!(posted["posted_by"], "worker_a1");
    assert_eq!(after_post["to_post"], 4);

    // A1's worker gets a new phone: exactly A1's three placards are stale, saying why;
    // A2's are untouched.
    set_phone(&admin, "worker_a1", "13900000009").await;
    let changed = list(&disp).await;
    assert_eq!(
        statuses(&changed),
        vec![
            (entrances[0].clone(), "stale".into()),
            (entrances[1].clone(), "stale".into()),
            (entrances[2].clone(), "stale".into()),
            (entrances[3].clone(), "to_post".into()),
            (entrances[4].clone(), "to_post".into()),
        ]
    );
    assert_eq!(changed["entries"][0]["changed"], json!(["workers"]));

    // The reprint holds exactly the stale ones, with the new phone.
    let reprint = print(
        &disp,
        json!({"community": COMMUNITY, "which": "stale", "size": "a4"}),
    )
    .await;
    assert_eq!(reprint.len(), 3);
    for (i, (text, qr)) in reprint.iter().enumerate() {
        assert!(
            text.contains("13900000009") && !text.contains("13900000001"),
            "{text}"
        );
        assert!(qr.ends_with(&format!("/e/{}", entrances[i])), "{qr}");
    }
    let reprinted = list(&disp).await;
    assert_eq!(
        (
            &reprinted["stale"],
            &reprinted["to_post"],
            &reprinted["posted"]
        ),
        (&json!(0), &json!(5), &json!(0)),
        "the posted placard shows the old phone: to post again"
    );
    // A1's boundary is redrawn (its buildings stay inside): exactly A1's placards are
    // stale again, for the boundary their map shows.
    let (y0, y1) = (A1.2, A1.2 + 0.01);
    let (x0, x1) = (A1.1, A1.1 + 0.009);
    let grids = json!({"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"code": A1.0, "name": format!("grid {}", A1.0)},
        "geometry": {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}}]});
    let r = admin
        .http
        .post(admin.url("/v1/admin/import/grids?file_name=grids.geojson"))
        .bearer_auth(&admin.tokens.access_token)
        .body(grids.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let redrawn = list(&disp).await;
    let stale: Vec<_> = statuses(&redrawn)
        .into_iter()
        .filter(|(_, s)| s == "stale")
        .map(|(e, _)| e)
        .collect();
    assert_eq!(stale, entrances[..3].to_vec());
    assert_eq!(redrawn["entries"][0]["changed"], json!(["boundary"]));

    print(&disp, json!({"community": COMMUNITY, "which": "stale"})).await;
    let nothing = disp
        .post(
            "/v1/placards/print",
            json!({"community": COMMUNITY, "which": "stale"}),
        )
        .await;
    assert_eq!((nothing.status, nothing.code()), (422, "nothing_to_print"));
}

#[tokio::test]
async fn an_entrances_public_page_shows_its_worker_to_anyone() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    set_phone(&admin, "worker_a1", "13900000001").await;
    let page = w
        .http
        .get(w.url(&format!("/e/{}-003/2", A1.0)))
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
    for expected in [
        "网格公示",
        "worker_a1",
        "tel:13900000001",
        "3号楼 2单元",
        "红旗里社区",
    ] {
        assert!(html.contains(expected), "{expected:?} missing:\n{html}");
    }
    for missing in [
        format!("/e/{}-003/9", A1.0),
        format!("/e/{}-099", A1.0),
        "/e/nonsense".into(),
    ] {
        let r = w.http.get(w.url(&missing)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{missing}");
    }
}

#[tokio::test]
async fn only_dispatchers_of_the_community_and_above_list_and_print_its_placards() {
    let w = World::start().await;
    for (who, status) in [
        ("disp_a", 200),
        ("street_a", 200),
        ("commander", 200),
        ("admin", 200),
        ("disp_c", 403),
        ("street_b", 403),
        ("worker_a1", 403),
        ("reporter_a", 403),
    ] {
        let s = w.sign_in(who).await;
        let r = s.get(&format!("/v1/placards?community={COMMUNITY}")).await;
        assert_eq!(r.status, status, "{who}: {}", r.body);
        let r = s
            .post(
                "/v1/placards/print",
                json!({"community": COMMUNITY, "which": "listed", "entrances": []}),
            )
            .await;
        assert_eq!(
            r.status,
            if status == 200 { 422 } else { 403 },
            "{who}: {}",
            r.body
        );
    }
    let disp = w.sign_in("disp_a").await;
    let r = disp.get("/v1/placards?community=13030200100").await;
    assert_eq!((r.status, r.code()), (400, "bad_community"));
    let r = disp
        .post(
            "/v1/placards/print",
            json!({"community": COMMUNITY, "which": "listed", "entrances": ["130302009009009-001"]}),
        )
        .await;
    assert_eq!((r.status, r.code()), (422, "unknown_entrance"));
    let r = disp
        .post(
            "/v1/placards/print",
            json!({"community": COMMUNITY, "size": "b5"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "bad_size"));
}

#[tokio::test]
async fn building_and_unit_heads_are_on_their_placards_and_a_new_one_marks_only_those_stale() {
    let w = World::start().await;
    let admin = w.sign_in("admin").await;
    let disp = w.sign_in("disp_a").await;
    let a1 = format!("{}-003", A1.0);
    let buildings = |unit_head_phone: &str| {
        format!(
            "code,name,lon,lat,units,head,head_phone,unit_heads\n\
             {a1},3号楼,{},{},2,王建国,13903350101,1:张秀英:{unit_head_phone}\n",
            A1.1 + 0.002,
            A1.2 + 0.002
        )
    };
    let import = |csv: String| {
        let admin = &admin;
        async move {
            let r = admin
                .http
                .post(admin.url("/v1/admin/import/buildings?file_name=b.csv"))
                .bearer_auth(&admin.tokens.access_token)
                .body(csv)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }
    };
    import(buildings("13903350102")).await;
    let units = [format!("{a1}/1"), format!("{a1}/2")];
    let pages = print(
        &disp,
        json!({"community": COMMUNITY, "which": "listed", "entrances": units}),
    )
    .await;
    assert!(
        pages[0].0.contains("楼栋长") && pages[0].0.contains("王建国"),
        "{}",
        pages[0].0
    );
    assert!(
        pages[0].0.contains("单元长") && pages[0].0.contains("13903350102"),
        "{}",
        pages[0].0
    );
    assert!(
        pages[1].0.contains("王建国") && !pages[1].0.contains("张秀英"),
        "{}",
        pages[1].0
    );

    // Unit 1's head has a new phone: only unit 1's placard is stale, for its heads.
    import(buildings("13903350199")).await;
    let listed = list(&disp).await;
    let stale: Vec<_> = statuses(&listed)
        .into_iter()
        .filter(|(_, s)| s == "stale")
        .map(|(e, _)| e)
        .collect();
    assert_eq!(stale, vec![units[0].clone()]);
    let entry = listed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entrance"] == json!(units[0]))
        .unwrap();
    assert_eq!(entry["changed"], json!(["heads"]));
    // The entrance's public page shows the heads too.
    let html = w
        .http
        .get(w.url(&format!("/e/{a1}/1")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("单元长") && html.contains("tel:13903350199"),
        "{html}"
    );
}
