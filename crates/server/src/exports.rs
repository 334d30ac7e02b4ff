//! Data out: the cases a case list shows (its filters and the caller's scope) as CSV, an
//! Excel workbook or GeoJSON, and the assessment (考核) workbook: the KPI rows of each level
//! for a period, one sheet each, the same rows `GET /v1/kpis` answers.
//!
//! Times are written in China Standard Time (UTC+8), as the people reading them keep time;
//! GeoJSON keeps unix milliseconds beside them for programs.

use std::collections::BTreeMap;

use domain::{CaseState, EscalationLevel, Source, Timestamp};
use protocol::{CaseFilter, KpiLevel, KpiQuery, KpiRow};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::CaseRecord;

/// An export's bytes with what they are.
#[derive(Debug)]
pub struct Export {
    pub content_type: &'static str,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(format!("workbook: {e}"))
}

/// `YYYY-MM-DD HH:MM` in China Standard Time.
fn cst(t: Timestamp) -> String {
    let Ok(utc) = time::OffsetDateTime::from_unix_timestamp(t.millis().div_euclid(1000)) else {
        return String::new();
    };
    let local = utc.to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC));
    local
        .format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]"
        ))
        .unwrap_or_default()
}

fn state_zh(s: CaseState) -> &'static str {
    match s {
        CaseState::Reported => "待受理",
        CaseState::Accepted => "已立案",
        CaseState::Rejected => "不予立案",
        CaseState::Dispatched => "已派遣",
        CaseState::InProgress => "处置中",
        CaseState::Resolved => "已处置",
        CaseState::Verified => "已核实",
        CaseState::Closed => "已结案",
    }
}

fn source_zh(s: Source) -> &'static str {
    match s {
        Source::App => "随手拍",
        Source::Desk => "窗口受理",
        Source::Hotline => "12345热线",
        Source::Open311 => "Open311",
        Source::Task => "上级任务",
    }
}

fn escalation_zh(e: EscalationLevel) -> &'static str {
    match e {
        EscalationLevel::None => "",
        EscalationLevel::Community => "社区",
        EscalationLevel::Street => "街道",
        EscalationLevel::District => "区",
    }
}

/// The columns of a case export: (Chinese header, English key).
const COLUMNS: [(&str, &str); 25] = [
    ("案件编号", "id"),
    ("状态", "state"),
    ("来源", "source"),
    ("外部编号", "external_ref"),
    ("类别编码", "category"),
    ("类别", "category_name"),
    ("优先级", "priority"),
    ("街道", "street"),
    ("社区", "community"),
    ("网格", "grid"),
    ("地址", "address"),
    ("描述", "description"),
    ("经度", "lon"),
    ("纬度", "lat"),
    ("上报人", "reporter"),
    ("处置人", "assignee"),
    ("处置部门", "department"),
    ("上报时间", "reported_at"),
    ("立案时间", "accepted_at"),
    ("处置期限", "resolve_due"),
    ("处置时间", "resolved_at"),
    ("结案时间", "closed_at"),
    ("超期", "overdue"),
    ("督办级别", "escalation"),
    ("联合处置主案", "part_of"),
];

/// One case as the export's cells, in [`COLUMNS`] order, and its times in unix ms.
fn cells(
    state: &AppState,
    names: &BTreeMap<domain::PersonId, String>,
    r: &CaseRecord,
    now: Timestamp,
) -> Vec<String> {
    let c = &r.case;
    let hierarchy = state.hierarchy();
    let catalogue = state.catalogue();
    let name =
        |p: Option<domain::PersonId>| p.and_then(|p| names.get(&p).cloned()).unwrap_or_default();
    let time = |t: Option<Timestamp>| t.map(cst).unwrap_or_default();
    vec![
        c.id.to_string(),
        state_zh(c.state).to_string(),
        source_zh(c.source).to_string(),
        c.external_ref.clone().unwrap_or_default(),
        c.category.to_string(),
        catalogue
            .get(&c.category)
            .map(|k| k.name_zh.clone())
            .unwrap_or_default(),
        c.priority.to_string(),
        hierarchy
            .street(&c.community.street())
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        hierarchy
            .community(&c.community)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| c.community.to_string()),
        c.grid.map(|g| g.to_string()).unwrap_or_default(),
        c.address.clone(),
        c.description.clone(),
        c.location.lon.to_string(),
        c.location.lat.to_string(),
        name(Some(c.reporter)),
        name(c.assignee),
        c.department
            .as_ref()
            .map(|d| d.as_str().to_string())
            .unwrap_or_default(),
        time(Some(c.reported_at)),
        time(c.accepted_at),
        if c.state == CaseState::Rejected {
            String::new()
        } else {
            time(Some(c.resolve_due))
        },
        time(c.resolved_at),
        time(c.closed_at),
        if domain::deadline::is_overdue(c, now) {
            "是"
        } else {
            "否"
        }
        .to_string(),
        escalation_zh(c.escalation).to_string(),
        c.part_of.map(|p| p.to_string()).unwrap_or_default(),
    ]
}

/// `GET /v1/exports/cases/{csv|xlsx|geojson}?…`: every case the case list shows for
/// the same filters (no paging), in its order.
pub async fn cases(
    state: &AppState,
    caller: &Caller,
    filter: CaseFilter,
    format: &str,
) -> Result<Export> {
    let format = format.trim().to_ascii_lowercase();
    if !matches!(format.as_str(), "csv" | "xlsx" | "geojson") {
        return Err(Error::bad_request(
            "bad_format",
            format!("format {format:?}: csv, xlsx or geojson"),
        ));
    }
    let records = crate::queries::all_cases(state, caller, &filter).await?;
    let people = state
        .read(|tx| {
            Ok(tx
                .persons_all()?
                .into_iter()
                .map(|(p, _)| (p.person.id, p.person.name))
                .collect::<BTreeMap<_, _>>())
        })
        .await?;
    let now = state.now();
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| cells(state, &people, r, now))
        .collect();
    let stamp = cst(now).replace([' ', ':'], "-");
    match format.as_str() {
        "csv" => {
            // A byte-order mark, so spreadsheet programs read the Chinese as UTF-8.
            let mut out = b"\xEF\xBB\xBF".to_vec();
            {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(COLUMNS.iter().map(|(zh, _)| *zh))
                    .and_then(|()| rows.iter().try_for_each(|r| w.write_record(r)))
                    .and_then(|()| w.flush().map_err(csv::Error::from))
                    .map_err(|e| Error::Internal(format!("csv: {e}")))?;
            }
            Ok(Export {
                content_type: "text/csv; charset=utf-8",
                file_name: format!("cases-{stamp}.csv"),
                bytes: out,
            })
        }
        "xlsx" => {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("案件").map_err(xlsx_error)?;
            let bold = Format::new().set_bold();
            for (col, (zh, _)) in COLUMNS.iter().enumerate() {
                sheet
                    .write_string_with_format(0, col as u16, *zh, &bold)
                    .map_err(xlsx_error)?;
            }
            for (i, row) in rows.iter().enumerate() {
                for (col, value) in row.iter().enumerate() {
                    let (r, c) = (i as u32 + 1, col as u16);
                    let number = matches!(COLUMNS[col].1, "lon" | "lat")
                        .then(|| value.parse::<f64>().ok())
                        .flatten();
                    match number {
                        Some(n) => sheet.write_number(r, c, n),
                        None => sheet.write_string(r, c, value),
                    }
                    .map_err(xlsx_error)?;
                }
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
            Ok(Export {
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                file_name: format!("cases-{stamp}.xlsx"),
                bytes: book.save_to_buffer().map_err(xlsx_error)?,
            })
        }
        _ => {
            let features: Vec<serde_json::Value> = records
                .iter()
                .zip(&rows)
                .map(|(r, row)| {
                    let mut props = serde_json::Map::new();
                    for ((_, key), value) in COLUMNS.iter().zip(row) {
                        if !matches!(*key, "lon" | "lat") {
                            props.insert((*key).into(), value.clone().into());
                        }
                    }
                    props.insert("state".into(), r.case.state.as_str().into());
                    props.insert("reported_at_ms".into(), r.case.reported_at.millis().into());
                    serde_json::json!({
                        "type": "Feature",
                        "id": r.case.id.to_string(),
                        "geometry": {"type": "Point",
                            "coordinates": [r.case.location.lon, r.case.location.lat]},
                        "properties": props,
                    })
                })
                .collect();
            let doc = serde_json::json!({"type": "FeatureCollection", "features": features});
            Ok(Export {
                content_type: "application/geo+json",
                file_name: format!("cases-{stamp}.geojson"),
                bytes: serde_json::to_vec(&doc)?,
            })
        }
    }
}

/// The sheets of the assessment workbook: (level, sheet name).
pub const ASSESSMENT_SHEETS: [(KpiLevel, &str); 6] = [
    (KpiLevel::Street, "街道"),
    (KpiLevel::Community, "社区"),
    (KpiLevel::Grid, "网格"),
    (KpiLevel::Worker, "网格员与处置人员"),
    (KpiLevel::Department, "部门"),
    (KpiLevel::Category, "类别"),
];

/// A column of an assessment sheet: its header and the row's value.
type KpiColumn = (&'static str, fn(&KpiRow) -> Option<f64>);

/// The columns of an assessment sheet, after the key and name.
const KPI_COLUMNS: [KpiColumn; 19] = [
    ("上报数", |r| Some(r.reported as f64)),
    ("应结案数", |r| Some(r.due as f64)),
    ("结案数", |r| Some(r.closed as f64)),
    ("按期结案数", |r| Some(r.closed_on_time as f64)),
    ("派遣数", |r| Some(r.dispatched as f64)),
    ("处置数", |r| Some(r.handled as f64)),
    ("一次完成数", |r| Some(r.first_time as f64)),
    ("结案率", |r| r.closing_rate),
    ("按期结案率", |r| r.on_time_rate),
    ("处置率", |r| r.handling_rate),
    ("一次完成率", |r| r.first_time_rate),
    ("吹哨报到次数", |r| Some(r.called as f64)),
    ("按时报到数", |r| Some(r.reported_in_on_time as f64)),
    ("报到及时率", |r| r.report_in_rate),
    ("平均报到用时（分钟）", |r| {
        r.report_in_mean_minutes
    }),
    ("平均响应用时（分钟）", |r| {
        r.response_mean_minutes
    }),
    ("响应用时中位数（分钟）", |r| {
        r.response_median_minutes
    }),
    ("平均处置用时（分钟）", |r| {
        r.resolution_mean_minutes
    }),
    ("处置用时中位数（分钟）", |r| {
        r.resolution_median_minutes
    }),
];

/// `GET /v1/exports/assessment?from=&to=`: the 考核 workbook for a period, a sheet per
/// level with exactly the rows of `GET /v1/kpis` for it, and a notes sheet.
pub async fn assessment(
    state: &AppState,
    caller: &Caller,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Export> {
    let mut reports = Vec::new();
    for (level, sheet) in ASSESSMENT_SHEETS {
        let report = crate::queries::kpis(state, caller, KpiQuery { level, from, to }).await?;
        reports.push((sheet, report));
    }
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.00%");
    let columns = KPI_COLUMNS;
    for (name, report) in &reports {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, 0, "编码", &bold)
            .map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, 1, "名称", &bold)
            .map_err(xlsx_error)?;
        for (i, (header, _)) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, i as u16 + 2, *header, &bold)
                .map_err(xlsx_error)?;
        }
        for (r, row) in report.rows.iter().enumerate() {
            let r = r as u32 + 1;
            sheet.write_string(r, 0, &row.key).map_err(xlsx_error)?;
            sheet.write_string(r, 1, &row.name).map_err(xlsx_error)?;
            for (i, (header, value)) in columns.iter().enumerate() {
                if let Some(v) = value(row) {
                    let c = i as u16 + 2;
                    if header.ends_with('率') {
                        sheet.write_number_with_format(r, c, v, &percent)
                    } else {
                        sheet.write_number(r, c, v)
                    }
                    .map_err(xlsx_error)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 2).map_err(xlsx_error)?;
    }
    let notes = book.add_worksheet();
    notes.set_name("说明").map_err(xlsx_error)?;
    let period = |t: Option<i64>, open: &str| {
        t.map(|t| cst(Timestamp::from_millis(t)))
            .unwrap_or_else(|| open.to_string())
    };
    let lines = [
        format!(
            "考核期间（北京时间）：{} 至 {}（不含）",
            period(from, "最早"),
            period(to, "最近")
        ),
        format!("生成时间：{}", cst(state.now())),
        "应结案数：期限落在考核期间、未驳回的案件；结案率 = 结案数 / 应结案数；按期结案率 = 按期结案数 / 应结案数".into(),
        "处置率 = 处置数 / 派遣数（期间内首次派遣的案件）；一次完成率 = 一次完成数 / 结案数".into(),
        "吹哨报到：街道吹哨召集的部门任务；报到及时率 = 按时报到数 / 吹哨报到次数".into(),
        "响应用时：上报到立案；处置用时：上报到处置人员处置完成（自行处置的不计），均按期间内上报的案件".into(),
        "各表数字与考核统计（GET /v1/kpis）相同；联合处置的部门任务只计入处置人员与部门，不重复计入区域".into(),
    ];
    for (i, line) in lines.iter().enumerate() {
        notes.write_string(i as u32, 0, line).map_err(xlsx_error)?;
    }
    let stamp = cst(state.now()).replace([' ', ':'], "-");
    Ok(Export {
        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_name: format!("assessment-{stamp}.xlsx"),
        bytes: book.save_to_buffer().map_err(xlsx_error)?,
    })
}
