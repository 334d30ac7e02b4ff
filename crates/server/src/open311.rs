//! Open311 GeoReport v2 at `/open311/v2/`, in JSON and XML, so other city systems and the
//! 12345 hotline file and follow reports: the services are the category catalogue; a
//! posted request (with an `api_key` from `[open311]`) becomes a report placed in its grid
//! and routed like a phone's, recorded as from Open311; the requests read back are those
//! that came in this way (the public side of the API shows nothing else).
//!
//! Coordinates are WGS-84 as the standard says; `media_url` is kept in the description
//! (the service does not fetch photos from other systems).

use domain::{CaseId, CaseState, Priority, Source, Timestamp};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::CaseRecord;

/// The id of Open311 itself as the reporter of the cases it files.
pub const OPEN311_ID: domain::PersonId = domain::PersonId::from_uuid(uuid::Uuid::from_u128(311));

/// JSON or XML, as the path's extension says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// `services.json` → (`services`, JSON); refused for another extension.
pub fn split(file: &str) -> Result<(&str, Format)> {
    match file.rsplit_once('.') {
        Some((name, "json")) => Ok((name, Format::Json)),
        Some((name, "xml")) => Ok((name, Format::Xml)),
        _ => Err(Error::bad_request(
            "bad_format",
            "add .json or .xml to the path (GeoReport v2)",
        )),
    }
}

/// A service (服务类别): a category of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

/// A service request as GeoReport v2 shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    pub service_request_id: String,
    pub status: &'static str,
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: String,
    pub address: String,
    pub lat: f64,
    pub long: f64,
}

/// What a posted request carries (form-encoded, as the standard says).
#[derive(Debug, Clone, Deserialize)]
pub struct NewRequest {
    #[serde(default)]
    pub api_key: String,
    #[serde(default)]
    pub jurisdiction_id: Option<String>,
    pub service_code: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    #[serde(default)]
    pub address_string: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub media_url: String,
    /// The caller system's own id of the request (e.g. the 12345 ticket).
    #[serde(default)]
    pub external_id: Option<String>,
}

/// The filters of `GET requests`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequestQuery {
    #[serde(default)]
    pub jurisdiction_id: Option<String>,
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub status: Option<String>,
}

/// The answer to a posted request.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub service_request_id: String,
    pub service_notice: String,
}

fn iso(t: Timestamp) -> String {
    time::OffsetDateTime::from_unix_timestamp(t.millis().div_euclid(1000))
        .ok()
        .and_then(|d| {
            d.to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC))
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn parse_iso(s: &str, what: &str) -> Result<i64> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|d| (d.unix_timestamp_nanos() / 1_000_000) as i64)
        .map_err(|_| Error::bad_request("bad_date", format!("{what}: {s:?} is not ISO 8601")))
}

fn jurisdiction(state: &AppState, given: Option<&str>) -> Result<()> {
    match (&state.config().open311.jurisdiction_id, given) {
        (Some(ours), Some(theirs)) if ours != theirs => Err(Error::not_found(format!(
            "jurisdiction {theirs:?} is not served here"
        ))),
        _ => Ok(()),
    }
}

/// `GET services`: every category in use.
pub fn services(state: &AppState, jurisdiction_id: Option<&str>) -> Result<Vec<Service>> {
    jurisdiction(state, jurisdiction_id)?;
    let catalogue = state.catalogue();
    Ok(catalogue
        .iter()
        .filter(|c| !c.retired)
        .map(|c| Service {
            service_code: c.code.to_string(),
            service_name: c.name_zh.clone(),
            description: format!("{} · {}", c.name_zh, c.name_en),
            metadata: false,
            kind: "realtime",
            keywords: c.name_en.clone(),
            group: c.major_name_zh.clone(),
        })
        .collect())
}

fn request_of(state: &AppState, r: &CaseRecord) -> Request {
    let c = &r.case;
    let catalogue = state.catalogue();
    let category = catalogue.get(&c.category);
    let open = !c.state.is_final();
    let agency = match (&c.department, c.assignee) {
        (Some(d), _) => state
            .organisations()
            .iter()
            .find(|o| &o.code == d)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| d.as_str().to_string()),
        (None, Some(_)) => "网格员 grid worker".into(),
        (None, None) => "社区受理 community dispatcher".into(),
    };
    let notes = match c.state {
        CaseState::Reported => "已收到，待受理 received",
        CaseState::Accepted => "已立案 accepted",
        CaseState::Rejected => "不予立案 rejected",
        CaseState::Dispatched | CaseState::InProgress => "处置中 in progress",
        CaseState::Resolved => "已处置，待核实 resolved, to be verified",
        CaseState::Verified => "已核实 verified",
        CaseState::Closed => "已结案 closed",
    };
    Request {
        service_request_id: c.id.to_string(),
        status: if open { "open" } else { "closed" },
        status_notes: notes.to_string(),
        service_name: category.map(|k| k.name_zh.clone()).unwrap_or_default(),
        service_code: c.category.to_string(),
        description: c.description.clone(),
        agency_responsible: agency,
        service_notice: String::new(),
        requested_datetime: iso(c.reported_at),
        updated_datetime: iso(Timestamp::from_millis(r.updated_at)),
        expected_datetime: domain::deadline::current_deadline(c)
            .map(|d| iso(d.due))
            .unwrap_or_default(),
        address: c.address.clone(),
        lat: c.location.lat,
        long: c.location.lon,
    }
}

/// `POST requests`: files the request as a report from Open311; its id is the case's.
pub async fn post(state: &AppState, n: NewRequest) -> Result<Created> {
    let keys = &state.config().open311.api_keys;
    if !keys
        .iter()
        .any(|k| k.expose() == n.api_key && !n.api_key.is_empty())
    {
        return Err(Error::forbidden("api_key is missing or unknown"));
    }
    jurisdiction(state, n.jurisdiction_id.as_deref())?;
    let category: domain::CategoryCode = n
        .service_code
        .parse()
        .map_err(|e: domain::Error| Error::bad_request("bad_service_code", e.to_string()))?;
    let (Some(lat), Some(lon)) = (n.lat, n.long) else {
        return Err(Error::bad_request(
            "no_location",
            "lat and long are required (WGS-84): the request is placed in its grid by them",
        ));
    };
    let caller = [n.first_name.trim(), n.last_name.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut description = n.description.trim().to_string();
    for (label, value) in [
        ("地址", n.address_string.trim()),
        ("来电人", caller.as_str()),
        ("电话", n.phone.trim()),
        ("邮箱", n.email.trim()),
        ("图片", n.media_url.trim()),
    ] {
        if !value.is_empty() {
            description.push_str(&format!("\n{label}：{value}"));
        }
    }
    if description.trim().is_empty() {
        return Err(Error::bad_request(
            "no_description",
            "a request needs a description",
        ));
    }
    let district = state
        .hierarchy()
        .districts()
        .next()
        .map(|d| d.code)
        .ok_or_else(|| Error::Internal("no district stored".into()))?;
    let reporter = domain::Person::new(
        OPEN311_ID,
        "Open311",
        domain::Role::InformationReporter,
        domain::Scope::District(district),
    )
    .map_err(|e| Error::Internal(e.to_string()))?;
    let id = CaseId::new();
    let report = protocol::ReportCreate {
        case_id: id,
        category,
        priority: Priority::Normal,
        description,
        lon,
        lat,
        photos: Vec::new(),
        self_resolved: false,
    };
    let st = state.clone();
    let external = n.external_id.filter(|e| !e.trim().is_empty());
    let outcome = state
        .write(move |tx| {
            let now = st.now();
            crate::caseloop::report_from(
                tx,
                &st,
                &reporter,
                report,
                Source::Open311,
                external,
                now,
                now.millis(),
            )
        })
        .await?;
    if outcome.outcome != protocol::Outcome::Applied {
        return Err(Error::unprocessable(
            "refused",
            outcome
                .reason
                .unwrap_or_else(|| "the request was refused".into()),
        ));
    }
    state.hint();
    Ok(Created {
        service_request_id: id.to_string(),
        service_notice: "已转交所在网格的社区受理员 (sent to the grid's community dispatcher)"
            .into(),
    })
}

/// `GET requests` and `GET requests/{id}`: the requests that came in through Open311,
/// newest first (the last 90 days and at most 1,000 unless dates say otherwise).
pub async fn requests(
    state: &AppState,
    q: RequestQuery,
    one: Option<&str>,
) -> Result<Vec<Request>> {
    jurisdiction(state, q.jurisdiction_id.as_deref())?;
    let mut ids: Vec<CaseId> = Vec::new();
    for id in one
        .into_iter()
        .chain(q.service_request_id.as_deref().map(str::trim))
    {
        for part in id.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            ids.push(
                CaseId::parse(part)
                    .map_err(|_| Error::not_found(format!("no service request {part}")))?,
            );
        }
    }
    let now = state.now_ms();
    let to = q
        .end_date
        .as_deref()
        .map(|d| parse_iso(d, "end_date"))
        .transpose()?
        .unwrap_or(i64::MAX);
    let from = q
        .start_date
        .as_deref()
        .map(|d| parse_iso(d, "start_date"))
        .transpose()?
        .unwrap_or(now - 90 * 24 * 3600 * 1000);
    let status = q.status.clone();
    let code = q.service_code.clone();
    let records = state
        .read(move |tx| {
            if !ids.is_empty() {
                let mut out = Vec::new();
                for id in &ids {
                    if let Some(r) = tx.case_get(*id)?
                        && r.case.source == Source::Open311
                    {
                        out.push(r);
                    }
                }
                return Ok(out);
            }
            let query = crate::store::CaseQuery {
                areas: vec![String::new()],
                source: Some(Source::Open311),
                reported_from: Some(from),
                reported_to: Some(to),
                limit: 1000,
                ..crate::store::CaseQuery::default()
            };
            Ok(tx.case_list(&query)?.0)
        })
        .await?;
    if one.is_some() && records.is_empty() {
        return Err(Error::not_found("no such service request"));
    }
    Ok(records
        .iter()
        .map(|r| request_of(state, r))
        .filter(|r| {
            status
                .as_deref()
                .is_none_or(|s| s.split(',').any(|x| x.trim() == r.status))
        })
        .filter(|r| code.as_deref().is_none_or(|c| c == r.service_code))
        .collect())
}
