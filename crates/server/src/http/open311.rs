//! Open311 GeoReport v2 routes at `/open311/v2/`: `services`, `services/{code}`,
//! `requests` (GET and POST) and `requests/{id}`, each `.json` or `.xml`; errors as the
//! standard writes them (`[{code, description}]`).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::Error;
use crate::open311::{self, Format, NewRequest, RequestQuery};
use crate::state::AppState;

#[derive(Serialize)]
struct Services {
    service: Vec<open311::Service>,
}

#[derive(Serialize)]
struct Requests {
    request: Vec<open311::Request>,
}

#[derive(Serialize)]
struct CreatedList {
    request: Vec<open311::Created>,
}

#[derive(Serialize)]
struct Definition {
    service_code: String,
    attributes: Vec<()>,
}

#[derive(Serialize)]
struct ErrorItem {
    code: u16,
    description: String,
}

#[derive(Serialize)]
struct Errors {
    error: Vec<ErrorItem>,
}

/// `value` as JSON, or as XML under `root` with each element named as its field.
fn answer<T: Serialize, L: Serialize>(
    format: Format,
    status: StatusCode,
    json: &T,
    root: &str,
    xml: &L,
) -> Response {
    match format {
        Format::Json => (status, axum::Json(json)).into_response(),
        Format::Xml => match quick_xml::se::to_string_with_root(root, xml) {
            Ok(body) => (
                status,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}"),
            )
                .into_response(),
            Err(e) => Error::Internal(format!("xml: {e}")).into_response(),
        },
    }
}

fn requests(format: Format, r: Vec<open311::Request>) -> Response {
    let list = Requests { request: r };
    answer(
        format,
        StatusCode::OK,
        &list.request,
        "service_requests",
        &list,
    )
}

fn failed(format: Format, e: Error) -> Response {
    let status = e.status();
    if status.is_server_error() {
        return e.into_response();
    }
    let item = ErrorItem {
        code: status.as_u16(),
        description: e.to_string(),
    };
    let errors = Errors {
        error: vec![ErrorItem {
            code: item.code,
            description: item.description.clone(),
        }],
    };
    answer(format, status, &vec![item], "errors", &errors)
}

fn format_of(file: &str) -> Format {
    open311::split(file).map_or(Format::Json, |(_, f)| f)
}

/// `GET /open311/v2/{services|requests}.{json|xml}`.
pub async fn list(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<RequestQuery>,
) -> Response {
    let format = format_of(&file);
    let result = match open311::split(&file) {
        Ok(("services", _)) => open311::services(&state, q.jurisdiction_id.as_deref()).map(|s| {
            answer(
                format,
                StatusCode::OK,
                &s,
                "services",
                &Services { service: s.clone() },
            )
        }),
        Ok(("requests", _)) => open311::requests(&state, q, None)
            .await
            .map(|r| requests(format, r)),
        Ok(_) => Err(Error::not_found("no such GeoReport v2 resource")),
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|e| failed(format, e))
}

/// `POST /open311/v2/requests.{json|xml}` (form-encoded).
pub async fn post(
    State(state): State<AppState>,
    Path(file): Path<String>,
    axum::Form(n): axum::Form<NewRequest>,
) -> Response {
    let format = format_of(&file);
    let result = match open311::split(&file) {
        Ok(("requests", _)) => open311::post(&state, n).await.map(|c| {
            let list = vec![c];
            answer(
                format,
                StatusCode::CREATED,
                &list,
                "service_requests",
                &CreatedList {
                    request: list.clone(),
                },
            )
        }),
        Ok(_) => Err(Error::not_found(
            "requests are posted to requests.json or requests.xml",
        )),
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|e| failed(format, e))
}

/// `GET /open311/v2/requests/{id}.{json|xml}` and `GET /open311/v2/services/{code}.{…}`.
pub async fn one(
    State(state): State<AppState>,
    Path((kind, file)): Path<(String, String)>,
    Query(q): Query<RequestQuery>,
) -> Response {
    let format = format_of(&file);
    let result = match (kind.as_str(), open311::split(&file)) {
        ("requests", Ok((id, _))) => open311::requests(&state, q, Some(id))
            .await
            .map(|r| requests(format, r)),
        ("services", Ok((code, _))) => open311::services(&state, q.jurisdiction_id.as_deref())
            .and_then(|s| {
                s.iter()
                    .any(|x| x.service_code == code)
                    .then(|| Definition {
                        service_code: code.to_string(),
                        attributes: Vec::new(),
                    })
                    .ok_or_else(|| Error::not_found(format!("no service {code}")))
            })
            .map(|d| answer(format, StatusCode::OK, &d, "service_definition", &d)),
        (_, Err(e)) => Err(e),
        _ => Err(Error::not_found("no such GeoReport v2 resource")),
    };
    result.unwrap_or_else(|e| failed(format, e))
}
