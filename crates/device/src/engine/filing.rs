//! Filing at the desk, online: a case taken from a phone call, the 12345 hotline or the
//! window (受理来电, `POST /v1/cases`: accepted at once, dispatched when a worker is named)
//! and tasks sent from above to several grids' workers (下发任务, `POST /v1/tasks`).

use protocol::{CaseView, NewCase, NewTasks};
use reqwest::Method;

use super::view::CaseSummary;
use super::view::summary;
use super::{Engine, api, now_ms};
use crate::{Error, Result};

impl Engine {
    /// Files a case at the desk (source `desk`, `hotline` or `task`; the server's `desk`
    /// when none) and returns it as the server placed it. A blank description, a point off
    /// the map or a blank ticket number is refused before sending (`invalid`).
    pub async fn file_case(&self, case: &NewCase) -> Result<CaseSummary> {
        let body = checked_case(case)?;
        let response = self
            .v1_call("cases_file", Method::POST, &["cases"], &[], |r| {
                r.json(&body)
            })
            .await?;
        let view: CaseView = api::json(response).await?;
        Ok(summary(&view, false, &self.names()?, now_ms()))
    }

    /// Sends a task to each grid's full-time worker (a case per grid); refusals keep the
    /// server's codes (`no_worker` naming the grid, `forbidden` outside the caller's area).
    pub async fn send_tasks(&self, tasks: &NewTasks) -> Result<Vec<CaseSummary>> {
        let body = checked_tasks(tasks)?;
        let response = self
            .v1_call("tasks_send", Method::POST, &["tasks"], &[], |r| {
                r.json(&body)
            })
            .await?;
        let views: Vec<CaseView> = api::json(response).await?;
        let names = self.names()?;
        let now = now_ms();
        Ok(views
            .iter()
            .map(|v| summary(v, false, &names, now))
            .collect())
    }
}

fn checked_case(case: &NewCase) -> Result<NewCase> {
    let description = case.description.trim();
    if description.is_empty() {
        return Err(Error::Invalid("a case needs a description".into()));
    }
    if !(case.lon.is_finite()
        && case.lat.is_finite()
        && (-180.0..=180.0).contains(&case.lon)
        && (-90.0..=90.0).contains(&case.lat))
    {
        return Err(Error::Invalid(format!(
            "the point {}, {} is not on the map",
            case.lon, case.lat
        )));
    }
    let external_ref = case
        .external_ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    Ok(NewCase {
        description: description.to_string(),
        address: case.address.trim().to_string(),
        external_ref,
        ..case.clone()
    })
}

fn checked_tasks(tasks: &NewTasks) -> Result<NewTasks> {
    let description = tasks.description.trim();
    if description.is_empty() {
        return Err(Error::Invalid("a task needs a description".into()));
    }
    let mut grids: Vec<String> = Vec::new();
    for g in &tasks.grids {
        let g = g.trim();
        domain::GridCode::parse(g).map_err(|e| Error::Invalid(format!("grid {g:?}: {e}")))?;
        if !grids.iter().any(|x| x == g) {
            grids.push(g.to_string());
        }
    }
    if grids.is_empty() {
        return Err(Error::Invalid("a task needs at least one grid".into()));
    }
    Ok(NewTasks {
        grids,
        description: description.to_string(),
        ..tasks.clone()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn case() -> NewCase {
        serde_json::from_value(serde_json::json!({
            "source": "hotline", "category": "0101", "lon": 119.6, "lat": 39.93,
            "address": " 文化路14号 ", "description": " 井盖缺失 ", "external_ref": " "
        }))
        .unwrap()
    }

    #[test]
    fn a_case_is_trimmed_and_checked_before_sending() {
        let c = checked_case(&case()).unwrap();
        assert_eq!(c.description, "井盖缺失");
        assert_eq!(c.address, "文化路14号");
        assert_eq!(c.external_ref, None);
        let with_ticket = NewCase {
            external_ref: Some(" 12345-0001 ".into()),
            ..case()
        };
        assert_eq!(
            checked_case(&with_ticket).unwrap().external_ref.as_deref(),
            Some("12345-0001")
        );
        let blank = NewCase {
            description: "  ".into(),
            ..case()
        };
        assert_eq!(checked_case(&blank).unwrap_err().code(), "invalid");
        let off = NewCase {
            lon: 200.0,
            ..case()
        };
        assert_eq!(checked_case(&off).unwrap_err().code(), "invalid");
        let nan = NewCase {
            lat: f64::NAN,
            ..case()
        };
        assert_eq!(checked_case(&nan).unwrap_err().code(), "invalid");
    }

    #[test]
    fn tasks_need_grids_and_a_description() {
        let tasks = |grids: &[&str], description: &str| NewTasks {
            grids: grids.iter().map(|g| g.to_string()).collect(),
            category: domain::CategoryCode::parse("0101").unwrap(),
            description: description.into(),
            due_at: None,
        };
        let t = checked_tasks(&tasks(
            &[" 130302001001001", "130302001001001", "130302001001002"],
            " 巡查 ",
        ))
        .unwrap();
        assert_eq!(t.grids, ["130302001001001", "130302001001002"]);
        assert_eq!(t.description, "巡查");
        assert_eq!(
            checked_tasks(&tasks(&[], "巡查")).unwrap_err().code(),
            "invalid"
        );
        assert_eq!(
            checked_tasks(&tasks(&["1303020010"], "巡查"))
                .unwrap_err()
                .code(),
            "invalid"
        );
        assert_eq!(
            checked_tasks(&tasks(&["130302001001001"], " "))
                .unwrap_err()
                .code(),
            "invalid"
        );
    }
}
