//! 网格公示 placards: a community's entrances with their placards' state (unprinted,
//! stale, to post, posted), printing them as one PDF (the printed versions recorded),
//! a worker's confirmation that the newest one hangs at the door, and the public page
//! an entrance's QR code opens.
//!
//! Staleness is not a flag someone must remember to set: what each placard would show now
//! is compared with the stored copy of what was printed, so a changed worker, phone or
//! boundary marks exactly the placards that show it.

mod content;
mod page;

pub use content::{entrance_id, entrance_url};

use domain::{CommunityCode, Person, Role};
use placards::{PaperSize, Placard};
use protocol::{PlacardEntry, PlacardList, PlacardPrint, PlacardSelection, PlacardStatus};

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::{PlacardRecord, PlacardVersion, Tx};
use content::{Community, Entrance};

/// The roles that list and print placards: the community's and street's dispatchers, the
/// command centre and administrators, within their scope.
fn may_print(person: &Person, community: &CommunityCode) -> Result<()> {
    let allowed = matches!(
        person.role,
        Role::CommunityDispatcher
            | Role::StreetDispatcher
            | Role::DistrictCommander
            | Role::Administrator
    ) && crate::access::visible_areas(person.role, &person.scope)
        .iter()
        .any(|a| community.as_str().starts_with(a.as_str()));
    if allowed {
        Ok(())
    } else {
        Err(Error::forbidden(format!(
            "the placards of community {community} are not yours to print"
        )))
    }
}

fn community_code(state: &AppState, code: &str) -> Result<CommunityCode> {
    let code = CommunityCode::parse(code.trim())
        .map_err(|e| Error::bad_request("bad_community", e.to_string()))?;
    if state.hierarchy().community(&code).is_none() {
        return Err(Error::not_found(format!("no community {code}")));
    }
    Ok(code)
}

/// An entrance's placard state, and what changed for a stale one.
fn status(entrance: &Entrance, record: Option<&PlacardRecord>) -> (PlacardStatus, Vec<String>) {
    let Some(printed) = record.and_then(|r| r.printed.as_ref()) else {
        return (PlacardStatus::Unprinted, Vec::new());
    };
    let now = entrance.placard.fingerprint();
    if printed.fingerprint != now {
        let changed = serde_json::from_str::<Placard>(&printed.content)
            .map(|old| entrance.placard.changes_since(&old))
            .unwrap_or_default();
        let names = changed
            .iter()
            .filter_map(|c| serde_json::to_value(c).ok())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        return (PlacardStatus::Stale, names);
    }
    let posted = record
        .and_then(|r| r.posted.as_ref())
        .is_some_and(|(f, _, _)| *f == now);
    if posted {
        (PlacardStatus::Posted, Vec::new())
    } else {
        (PlacardStatus::ToPost, Vec::new())
    }
}

/// The community's entrances with their records, read in one snapshot.
async fn read(
    state: &AppState,
    code: CommunityCode,
    base: String,
) -> Result<(
    Community,
    Vec<Entrance>,
    Vec<PlacardRecord>,
    Vec<Option<String>>,
)> {
    let st = state.clone();
    state
        .read(move |tx| {
            let community = Community::load(&st, tx, &code)?;
            let entrances = community.entrances(&base);
            let records = tx.placards_in_community(code.as_str())?;
            let posters = records
                .iter()
                .map(|r| poster_name(tx, r))
                .collect::<Result<Vec<_>>>()?;
            Ok((community, entrances, records, posters))
        })
        .await
}

fn poster_name(tx: &mut dyn Tx, record: &PlacardRecord) -> Result<Option<String>> {
    Ok(match &record.posted {
        Some((_, _, by)) => tx.person_get(*by)?.map(|p| p.person.name),
        None => None,
    })
}

/// `GET /v1/placards?community=`: every entrance of the community and its placard's state.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    community: &str,
    base: String,
) -> Result<PlacardList> {
    let code = community_code(state, community)?;
    may_print(caller.person(), &code)?;
    let (community, entrances, records, posters) = read(state, code, base).await?;
    let mut list = PlacardList {
        community: community.code.as_str().to_string(),
        community_name: community.name.clone(),
        entries: Vec::with_capacity(entrances.len()),
        unprinted: 0,
        stale: 0,
        to_post: 0,
        posted: 0,
    };
    for e in &entrances {
        let at = records.iter().position(|r| r.entrance == e.id);
        let record = at.map(|i| &records[i]);
        let (status, changed) = status(e, record);
        match status {
            PlacardStatus::Unprinted => list.unprinted += 1,
            PlacardStatus::Stale => list.stale += 1,
            PlacardStatus::ToPost => list.to_post += 1,
            PlacardStatus::Posted => list.posted += 1,
        }
        list.entries.push(PlacardEntry {
            entrance: e.id.clone(),
            building: e.building.code.as_str().to_string(),
            building_name: e.building.name.clone(),
            unit: e.unit.clone(),
            grid: e.building.grid.as_str().to_string(),
            grid_name: e.grid_name.clone(),
            status,
            changed,
            printed_at: record.and_then(|r| r.printed.as_ref()).map(|p| p.at),
            posted_at: record.and_then(|r| r.posted.as_ref()).map(|p| p.1),
            posted_by: at.and_then(|i| posters[i].clone()),
            url: e.placard.url.clone(),
        });
    }
    Ok(list)
}

/// `POST /v1/placards/print`: the chosen placards as one PDF, each page's version recorded
/// as printed. Refused when the selection is empty.
pub async fn print(
    state: &AppState,
    caller: &Caller,
    request: PlacardPrint,
    base: String,
) -> Result<Vec<u8>> {
    let code = community_code(state, &request.community)?;
    may_print(caller.person(), &code)?;
    let size = match request.size.as_deref().map(str::trim) {
        None | Some("") | Some("a5") | Some("A5") => PaperSize::A5,
        Some("a4") | Some("A4") => PaperSize::A4,
        Some(other) => {
            return Err(Error::bad_request(
                "bad_size",
                format!("size {other:?}: a5 or a4"),
            ));
        }
    };
    let (_, entrances, records, _) = read(state, code, base).await?;
    let unknown: Vec<&String> = request
        .entrances
        .iter()
        .filter(|id| !entrances.iter().any(|e| &e.id == *id))
        .collect();
    if request.which == PlacardSelection::Listed && !unknown.is_empty() {
        return Err(Error::unprocessable(
            "unknown_entrance",
            format!("not entrances of community {code}: {unknown:?}"),
        ));
    }
    let chosen: Vec<Entrance> = entrances
        .into_iter()
        .filter(|e| {
            let record = records.iter().find(|r| r.entrance == e.id);
            let (status, _) = status(e, record);
            match request.which {
                PlacardSelection::All => true,
                PlacardSelection::Stale => status == PlacardStatus::Stale,
                PlacardSelection::Unprinted => status == PlacardStatus::Unprinted,
                PlacardSelection::Listed => request.entrances.contains(&e.id),
            }
        })
        .collect();
    if chosen.is_empty() {
        return Err(Error::unprocessable(
            "nothing_to_print",
            "no placard of this community matches: nothing to print",
        ));
    }
    let fonts = state.placard_fonts()?;
    let pages: Vec<Placard> = chosen.iter().map(|e| e.placard.clone()).collect();
    let pdf = tokio::task::spawn_blocking(move || placards::render(&pages, size, &fonts))
        .await
        .map_err(|e| Error::Internal(format!("placard rendering: {e}")))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    let now = state.now_ms();
    let by = caller.person().id;
    let community = code.as_str().to_string();
    let versions = chosen
        .iter()
        .map(|e| {
            Ok((
                e.id.clone(),
                PlacardVersion {
                    content: serde_json::to_string(&e.placard)?,
                    fingerprint: e.placard.fingerprint(),
                    at: now,
                    by,
                },
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    state
        .write(move |tx| {
            for (entrance, version) in &versions {
                tx.placard_printed(entrance, &community, version)?;
            }
            Ok(())
        })
        .await?;
    Ok(pdf)
}

/// A worker's check-in on an entrance's placard: the newest printed version hangs there
/// now. Nothing to record for an entrance never printed.
pub(crate) fn posted(
    tx: &mut dyn Tx,
    building: &str,
    unit: Option<&str>,
    by: &Person,
    now: i64,
) -> Result<()> {
    let entrance = entrance_id(building, unit);
    if let Some(printed) = tx.placard_get(&entrance)?.and_then(|r| r.printed) {
        tx.placard_posted(&entrance, &printed.fingerprint, now, by.id)?;
    }
    Ok(())
}

/// `GET /e/{building}[/{unit}]`: the entrance's public page (HTML), with its placard's
/// current details; 404 for an entrance that is not stored.
pub async fn public_page(
    state: &AppState,
    building: &str,
    unit: Option<&str>,
    base: String,
) -> Result<String> {
    let code = domain::BuildingCode::parse(building)
        .map_err(|_| Error::not_found(format!("no entrance {building}")))?;
    let st = state.clone();
    let id = entrance_id(code.as_str(), unit);
    let entrance = state
        .read(move |tx| {
            // Where the building stands now (new boundaries may have moved it).
            let Some((b, false)) = tx.building_get(&code)? else {
                return Ok(None);
            };
            let c = Community::load(&st, tx, &b.grid.community())?;
            Ok(c.entrances(&base).into_iter().find(|e| e.id == id))
        })
        .await?
        .ok_or_else(|| Error::not_found(format!("no entrance {}", entrance_id(building, unit))))?;
    Ok(page::html(&entrance.placard))
}
