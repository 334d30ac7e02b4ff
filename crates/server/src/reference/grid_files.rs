//! The grids import: a GeoJSON FeatureCollection of grid boundaries (WGS-84, or GCJ-02 as
//! drawn on Chinese web maps), checked whole against the stored hierarchy and grids (every
//! faulty feature listed: a wrong code, a community not stored, a polygon that is not one,
//! grids that overlap each other or a stored grid), then stored and published.

use gridmap::{Datum, ImportOptions};
use protocol::{GridView, ImportQuery};

use super::imports::{Checked, Planned};
use crate::error::Result;
use crate::state::AppState;
use crate::store::AdminAuditEntry;

/// Checks the GeoJSON `bytes` of `file_name`: the grids to store, or every problem, a
/// feature's position as its row and the property (or `geometry`) at fault as its column.
pub fn check(
    state: &AppState,
    file_name: &str,
    bytes: &[u8],
    q: &ImportQuery,
) -> Checked<Vec<GridView>> {
    let whole = |zh: String, en: String| {
        vec![tables::Problem::whole(
            file_name,
            tables::Reason::new(zh, en),
        )]
    };
    let text = std::str::from_utf8(bytes).map_err(|_| {
        whole(
            "GeoJSON 文件应为 UTF-8 文本".into(),
            "a GeoJSON file is UTF-8 text".into(),
        )
    })?;
    let unusable = |e: crate::error::Error| whole(format!("网格无法保存：{e}"), e.to_string());
    let options = ImportOptions {
        code_property: q.code_property.clone().unwrap_or_else(|| "code".into()),
        datum: if q.gcj02 { Datum::Gcj02 } else { Datum::Wgs84 },
        ..ImportOptions::default()
    };
    let index = state.grids();
    let stored = index.grids().grids();
    let hierarchy = state.hierarchy();
    let community_known = |c: &gridmap::CommunityCode| hierarchy.community(c).is_some();
    let grids = gridmap::GridSet::from_geojson_all(text, &options, stored, &community_known)
        .map_err(|errors| {
            errors
                .iter()
                .map(|e| problem(file_name, e, &options))
                .collect::<Vec<_>>()
        })?;
    let mut views = Vec::with_capacity(grids.len());
    let (mut created, mut updated, mut unchanged) = (0, 0, 0);
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    for grid in &grids {
        let old = stored.iter().find(|g| g.code == grid.code);
        let mut grid = grid.clone();
        if grid.name.is_none() {
            grid.name = old.and_then(|o| o.name.clone());
        }
        let view = super::feed::grid_view(&grid).map_err(unusable)?;
        match old.map(super::feed::grid_view).transpose() {
            Ok(None) => created += 1,
            Ok(Some(o)) if o == view => unchanged += 1,
            Ok(Some(o)) => {
                updated += 1;
                before.insert(o.code.to_string(), o.name.clone().into());
            }
            Err(e) => return Err(unusable(e)),
        }
        after.insert(view.code.to_string(), view.name.clone().into());
        views.push(view);
    }
    Ok(Planned {
        created,
        updated,
        unchanged,
        retired: 0,
        plan: views,
        before: before.into(),
        after: after.into(),
    })
}

/// A gridmap error as an import problem.
fn problem(file_name: &str, e: &gridmap::Error, options: &ImportOptions) -> tables::Problem {
    use gridmap::Problem as P;
    let column = match e.problem() {
        Some(
            P::MissingCode(_)
            | P::BadCode { .. }
            | P::DuplicateCode { .. }
            | P::UnknownCommunity(_),
        ) => options.code_property.clone(),
        Some(P::CommunityMismatch { property, .. }) => property.clone(),
        Some(_) => "geometry".into(),
        None => String::new(),
    };
    let row = e
        .feature_index()
        .map_or(0, |i| u32::try_from(i + 1).unwrap_or(u32::MAX));
    // Features are numbered from 1 here, as rows are (and as the Chinese always has them).
    let said = |problem: &P| match problem {
        P::Overlaps {
            other_index,
            other_code,
        } => format!(
            "overlaps feature {} (grid {other_code}): their interiors intersect",
            other_index + 1
        ),
        P::DuplicateCode { first_index } => {
            format!("the code is also on feature {}", first_index + 1)
        }
        other => other.to_string(),
    };
    let why = match e {
        gridmap::Error::Feature { code, problem, .. } => {
            let (zh, en) = (problem.zh(), said(problem));
            match code {
                Some(code) => {
                    tables::Reason::new(format!("网格 {code}：{zh}"), format!("grid {code}: {en}"))
                }
                None => tables::Reason::new(zh, en),
            }
        }
        other => tables::Reason::new(other.zh(), other.to_string()),
    };
    tables::Problem::new(file_name, row, column, why)
}

/// Stores the grids with the audit `entry` in one transaction, then re-indexes.
pub async fn apply(state: &AppState, views: Vec<GridView>, entry: AdminAuditEntry) -> Result<()> {
    let now = state.now_ms();
    state
        .write(move |tx| {
            super::feed::put_grids(tx, &views, now)?;
            tx.admin_audit_put(&entry)?;
            Ok(())
        })
        .await?;
    super::import::reindex(state).await
}
