//! Exports through the real server: the CSV, the Excel workbook (read back with calamine)
//! and the GeoJSON hold exactly the cases the case list shows for the same filter and
//! scope; the assessment workbook's numbers are the KPI endpoint's.

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::harness::{A1, A2, B1, Session, World, inside};

async fn download(s: &Session, path: &str) -> (u16, String, Vec<u8>) {
    let r = s
        .http
        .get(s.url(path))
        .bearer_auth(&s.tokens.access_token)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, r.bytes().await.unwrap().to_vec())
}

/// The ids the case list shows for `query` (all of them).
async fn listed(s: &Session, query: &str) -> BTreeSet<String> {
    let r = s.get(&format!("/v1/cases?limit=1000&{query}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The ids of each export of `query` as `s`: CSV, workbook, GeoJSON.
async fn exported(s: &Session, query: &str) -> [BTreeSet<String>; 3] {
    let (status, kind, csv) = download(s, &format!("/v1/exports/cases/csv?{query}")).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&csv));
    assert!(kind.starts_with("text/csv"), "{kind}");
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "a BOM for spreadsheet programs"
    );
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    assert_eq!(&reader.headers().unwrap()[0], "案件编号");
    let from_csv = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();

    let (status, _, xlsx) = download(s, &format!("/v1/exports/cases/xlsx?{query}")).await;
    assert_eq!(status, 200);
    let rows = sheet_rows(&xlsx, "案件");
    assert_eq!(rows[0][1], Data::String("状态".into()));
    let from_xlsx = rows[1..].iter().map(|r| r[0].to_string()).collect();

    let (status, kind, geo) = download(s, &format!("/v1/exports/cases/geojson?{query}")).await;
    assert_eq!((status, kind.as_str()), (200, "application/geo+json"));
    let doc: Value = serde_json::from_slice(&geo).unwrap();
    let from_geo = doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["geometry"]["type"], "Point");
            f["id"].as_str().unwrap().to_string()
        })
        .collect();
    [from_csv, from_xlsx, from_geo]
}

#[tokio::test]
async fn exports_hold_exactly_the_cases_the_list_shows_for_the_same_filter_and_scope() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut a2 = w.sign_in("worker_a2").await;
    let mut b1 = w.sign_in("worker_b1").await;
    let disp = w.sign_in("disp_a").await;
    let accepted = a1.report("5305", inside(A1)).await;
    a1.report("5305", inside(A1)).await;
    a1.report("5101", inside(A1)).await;
    a2.report("5305", inside(A2)).await;
    let elsewhere = b1.report("5305", inside(B1)).await;
    assert_eq!(
        disp.act(accepted, json!({"action": "accept"})).await.status,
        200
    );

    for query in [
        "",
        "state=accepted",
        "category=5305",
        &format!("area={}", A2.0),
    ] {
        let list = listed(&disp, query).await;
        assert!(!list.is_empty(), "{query}");
        for (i, ids) in exported(&disp, query).await.into_iter().enumerate() {
            assert_eq!(ids, list, "export {i} of {query:?}");
        }
    }
    // The community's export holds none of another street's cases; the district's does.
    assert!(!exported(&disp, "").await[0].contains(&elsewhere.to_string()));
    let commander = w.sign_in("commander").await;
    let all = exported(&commander, "").await;
    assert_eq!(all[1].len(), 5);
    assert!(all[2].contains(&elsewhere.to_string()));
    // The period filters by the time of report, as the list does.
    let later = w.state.now_ms() + 1;
    assert!(exported(&commander, &format!("from={later}")).await[0].is_empty());

    // The accepted case's row says so in Chinese, with its place.
    let (_, _, xlsx) = download(&disp, "/v1/exports/cases/xlsx?state=accepted").await;
    let rows = sheet_rows(&xlsx, "案件");
    let row: Vec<String> = rows[1].iter().map(ToString::to_string).collect();
    assert_eq!(
        (row[1].as_str(), row[2].as_str(), row[4].as_str()),
        ("已立案", "随手拍", "5305"),
        "{row:?}"
    );
    assert!(
        row.iter()
            .any(|c| c == "红旗里社区居委会" || c.contains("红旗里")),
        "{row:?}"
    );

    // Bad requests are refused with their reason.
    let (status, _, body) = download(&disp, "/v1/exports/cases/pdf").await;
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) = download(&disp, &format!("/v1/exports/cases/csv?area={}", B1.0)).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_assessment_workbook_has_the_kpi_endpoints_numbers_a_sheet_per_level() {
    let w = World::start().await;
    let mut a1 = w.sign_in("worker_a1").await;
    let mut b1 = w.sign_in("worker_b1").await;
    let disp = w.sign_in("disp_a").await;
    let id = a1.report("5305", inside(A1)).await;
    b1.report("5305", inside(B1)).await;
    disp.act(id, json!({"action": "accept"})).await;
    let commander = w.sign_in("commander").await;
    let (status, _, xlsx) = download(&commander, "/v1/exports/assessment").await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&xlsx));
    for (level, sheet) in [
        ("street", "街道"),
        ("community", "社区"),
        ("grid", "网格"),
        ("worker", "网格员与处置人员"),
        ("department", "部门"),
        ("category", "类别"),
    ] {
        let api = commander.get(&format!("/v1/kpis?level={level}")).await;
        let api_rows = api.body["rows"].as_array().unwrap();
        let rows = sheet_rows(&xlsx, sheet);
        assert_eq!(rows.len() - 1, api_rows.len(), "{sheet}");
        for (row, kpi) in rows[1..].iter().zip(api_rows) {
            assert_eq!(row[0].to_string(), kpi["key"].as_str().unwrap(), "{sheet}");
            let number = |i: usize| match &row[i] {
                Data::Float(f) => *f,
                Data::Int(n) => *n as f64,
                other => panic!("{sheet}: {other:?}"),
            };
            assert_eq!(number(2), kpi["reported"].as_f64().unwrap(), "{sheet}");
            assert_eq!(number(3), kpi["due"].as_f64().unwrap(), "{sheet}");
            assert_eq!(number(6), kpi["dispatched"].as_f64().unwrap(), "{sheet}");
        }
    }
    assert!(
        sheet_rows(&xlsx, "街道").len() >= 3,
        "both streets have a row"
    );
    // Grid workers may not read KPIs, nor the workbook.
    let (status, _, _) = download(&a1, "/v1/exports/assessment").await;
    assert_eq!(status, 403);
}
