//! KPI counts on SQLite: one `GROUP BY` over the cases table's KPI columns, counting
//! exactly what `domain::kpi::Kpi::over` counts, without loading a case.

use protocol::KpiLevel;
use rusqlite::params_from_iter;

use super::SqliteTx;
use super::cases::scope_clause;
use crate::error::Result;
use crate::store::{CaseQuery, KpiCounts, KpiRepo};

impl KpiRepo for SqliteTx<'_> {
    fn case_kpis(
        &mut self,
        scope: &CaseQuery,
        level: KpiLevel,
        from: i64,
        to: i64,
        now: i64,
    ) -> Result<Vec<KpiCounts>> {
        let mut args: Vec<rusqlite::types::Value> = vec![from.into(), to.into()];
        let scope = scope_clause(scope, &mut args);
        // `now` only in the counts' query (the medians' has no use for it).
        let mut counts_args = args.clone();
        counts_args.push(now.into());
        let now = format!("?{}", counts_args.len());
        let key = crate::store::kpi_key_sql(level);
        let parts = if crate::store::kpis_count_parts(level) {
            ""
        } else {
            " AND part_of IS NULL"
        };
        // ?1 = from, ?2 = to: the half-open period.
        let during = |sql: &str| sql.replace("{from}", "?1").replace("{to}", "?2");
        let (response, resolution) = (
            during(crate::store::RESPONSE_SQL),
            during(crate::store::RESOLUTION_SQL),
        );
        let sql = format!(
            "WITH c AS (
               SELECT {key} AS k, state, first_time, resolved_at, resolve_due,
                 (reported_at >= ?1 AND reported_at < ?2) AS reported,
                 (state <> 'rejected' AND resolve_due >= ?1 AND resolve_due < ?2) AS due,
                 (dispatched_at IS NOT NULL AND dispatched_at >= ?1 AND dispatched_at < ?2)
                   AS dispatched,
                 (part_of IS NOT NULL AND dispatched_at IS NOT NULL AND dispatched_at >= ?1
                   AND dispatched_at < ?2
                   AND (acknowledged_at IS NOT NULL OR report_in_due <= {now})) AS called,
                 acknowledged_at, assigned_at, report_in_due,
                 {response} AS resp, {resolution} AS resol
               FROM cases WHERE {scope}{parts})
             SELECT k,
               sum(reported),
               sum(due),
               sum(due AND state = 'closed'),
               sum(due AND state = 'closed' AND resolved_at IS NOT NULL
                   AND resolved_at <= resolve_due),
               sum(due AND state = 'closed' AND first_time),
               sum(dispatched),
               sum(dispatched AND state IN ('resolved', 'verified', 'closed')),
               sum(called),
               sum(called AND acknowledged_at IS NOT NULL AND assigned_at IS NOT NULL),
               sum(called AND acknowledged_at IS NOT NULL AND assigned_at IS NOT NULL
                   AND acknowledged_at <= report_in_due),
               sum(CASE WHEN called AND acknowledged_at IS NOT NULL AND assigned_at IS NOT NULL
                   THEN max(acknowledged_at - assigned_at, 0) ELSE 0 END),
               count(resp), coalesce(sum(resp), 0), count(resol), coalesce(sum(resol), 0)
             FROM c WHERE k IS NOT NULL
             GROUP BY k ORDER BY k"
        );
        let mut stmt = self.tx.prepare(&sql)?;
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        let rows = stmt
            .query_map(params_from_iter(counts_args.iter()), |r| {
                Ok(KpiCounts {
                    key: r.get(0)?,
                    reported: n(r.get(1)?),
                    counts: domain::kpi::Counts {
                        due: n(r.get(2)?),
                        closed: n(r.get(3)?),
                        closed_on_time: n(r.get(4)?),
                        closed_first_time: n(r.get(5)?),
                        dispatched: n(r.get(6)?),
                        handled: n(r.get(7)?),
                        called: n(r.get(8)?),
                        reported_in: n(r.get(9)?),
                        reported_in_on_time: n(r.get(10)?),
                        report_in_ms: n(r.get(11)?),
                        response_n: n(r.get(12)?),
                        response_ms: n(r.get(13)?),
                        resolution_n: n(r.get(14)?),
                        resolution_ms: n(r.get(15)?),
                    },
                    response_median_ms: None,
                    resolution_median_ms: None,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        // Only cases reported in the period have a duration: the rest need not be sorted.
        let filter = format!("{scope}{parts} AND reported_at >= ?1 AND reported_at < ?2");
        let mut rows = rows;
        for (duration, response) in [(&response, true), (&resolution, false)] {
            let sql = crate::store::medians_sql(key, duration, &filter);
            let mut stmt = self.tx.prepare(&sql)?;
            let medians = stmt
                .query_map(params_from_iter(args.iter()), |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (k, lo, hi) in medians {
                if let Some(row) = rows.iter_mut().find(|r| r.key == k) {
                    let m = Some(domain::kpi::median_of_middles(n(lo), n(hi)));
                    if response {
                        row.response_median_ms = m;
                    } else {
                        row.resolution_median_ms = m;
                    }
                }
            }
        }
        Ok(rows)
    }
}
