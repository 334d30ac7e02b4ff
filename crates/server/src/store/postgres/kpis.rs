//! KPI counts on PostgreSQL: one `GROUP BY` over the cases table's KPI columns, counting
//! exactly what `domain::kpi::Kpi::over` counts (the same query as SQLite's, with
//! PostgreSQL's `count(*) FILTER` for SQLite's sums of 0/1 flags).

use protocol::KpiLevel;

use super::PgTx;
use super::cases::{Args, scope_clause};
use super::unsigned;
use crate::error::Result;
use crate::store::{CaseQuery, KpiCounts, KpiRepo};

impl KpiRepo for PgTx<'_> {
    fn case_kpis(
        &mut self,
        scope: &CaseQuery,
        level: KpiLevel,
        from: i64,
        to: i64,
        now: i64,
    ) -> Result<Vec<KpiCounts>> {
        let mut args = Args::default();
        let (from, to) = (args.push(from), args.push(to));
        let scope = scope_clause(scope, &mut args);
        // `now` last, so the medians' query (which has no use for it) leaves it off.
        let now = args.push(now);
        let key = crate::store::kpi_key_sql(level);
        let parts = if crate::store::kpis_count_parts(level) {
            ""
        } else {
            " AND part_of IS NULL"
        };
        let during = |sql: &str| sql.replace("{from}", &from).replace("{to}", &to);
        let (response, resolution) = (
            during(crate::store::RESPONSE_SQL),
            during(crate::store::RESOLUTION_SQL),
        );
        let sql = format!(
            "WITH c AS (
               SELECT {key} AS k, state, first_time, resolved_at, resolve_due,
                 (reported_at >= {from} AND reported_at < {to}) AS reported,
                 (state <> 'rejected' AND resolve_due >= {from} AND resolve_due < {to}) AS due,
                 (dispatched_at IS NOT NULL AND dispatched_at >= {from} AND dispatched_at < {to})
                   AS dispatched,
                 (part_of IS NOT NULL AND dispatched_at IS NOT NULL AND dispatched_at >= {from}
                   AND dispatched_at < {to}
                   AND (acknowledged_at IS NOT NULL OR report_in_due <= {now})) AS called,
                 acknowledged_at, assigned_at, report_in_due,
                 {response} AS resp, {resolution} AS resol
               FROM cases WHERE {scope}{parts})
             SELECT k,
               count(*) FILTER (WHERE reported),
               count(*) FILTER (WHERE due),
               count(*) FILTER (WHERE due AND state = 'closed'),
               count(*) FILTER (WHERE due AND state = 'closed' AND resolved_at IS NOT NULL
                                AND resolved_at <= resolve_due),
               count(*) FILTER (WHERE due AND state = 'closed' AND first_time),
               count(*) FILTER (WHERE dispatched),
               count(*) FILTER (WHERE dispatched AND state IN ('resolved', 'verified', 'closed')),
               count(*) FILTER (WHERE called),
               count(*) FILTER (WHERE called AND acknowledged_at IS NOT NULL
                                AND assigned_at IS NOT NULL),
               count(*) FILTER (WHERE called AND acknowledged_at IS NOT NULL
                                AND assigned_at IS NOT NULL AND acknowledged_at <= report_in_due),
               coalesce(sum(greatest(acknowledged_at - assigned_at, 0)) FILTER (WHERE called
                                AND acknowledged_at IS NOT NULL AND assigned_at IS NOT NULL), 0)::BIGINT,
               count(resp), coalesce(sum(resp), 0)::BIGINT, count(resol),
               coalesce(sum(resol), 0)::BIGINT
             FROM c WHERE k IS NOT NULL
             GROUP BY k ORDER BY k"
        );
        let rows = self
            .query(&sql, &args.refs())?
            .iter()
            .map(|r| {
                let n = |i: usize| -> Result<u64> { Ok(unsigned(r.try_get(i)?)) };
                Ok(KpiCounts {
                    key: r.try_get(0)?,
                    reported: n(1)?,
                    counts: domain::kpi::Counts {
                        due: n(2)?,
                        closed: n(3)?,
                        closed_on_time: n(4)?,
                        closed_first_time: n(5)?,
                        dispatched: n(6)?,
                        handled: n(7)?,
                        called: n(8)?,
                        reported_in: n(9)?,
                        reported_in_on_time: n(10)?,
                        report_in_ms: n(11)?,
                        response_n: n(12)?,
                        response_ms: n(13)?,
                        resolution_n: n(14)?,
                        resolution_ms: n(15)?,
                    },
                    response_median_ms: None,
                    resolution_median_ms: None,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // Only cases reported in the period have a duration: the rest need not be sorted.
        let filter = format!("{scope}{parts} AND reported_at >= {from} AND reported_at < {to}");
        let mut rows = rows;
        for (duration, response) in [(&response, true), (&resolution, false)] {
            let sql = crate::store::medians_sql(key, duration, &filter);
            let refs = args.refs();
            for r in self.query(&sql, &refs[..refs.len() - 1])? {
                let k: String = r.try_get(0)?;
                let (lo, hi): (i64, i64) = (r.try_get(1)?, r.try_get(2)?);
                if let Some(row) = rows.iter_mut().find(|x| x.key == k) {
                    let m = Some(domain::kpi::median_of_middles(unsigned(lo), unsigned(hi)));
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
