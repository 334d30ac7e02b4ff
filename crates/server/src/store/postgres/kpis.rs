//! KPI counts on PostgreSQL: one `GROUP BY` over the cases table's KPI columns, counting
//! exactly what `domain::kpi::Kpi::over` counts (the same query as SQLite's, with
//! PostgreSQL's `count(*) FILTER` for SQLite's sums of 0/1 flags).

use protocol::KpiLevel;

use super::PgTx;
use super::cases::{Args, scope_clause};
use super::unsigned;
use crate::error::Result;
use crate::store::{CaseQuery, KpiCounts, KpiRepo};

/// The group key of a level, as SQL over the cases table.
fn key_of(level: KpiLevel) -> &'static str {
    match level {
        // A grid code, or the community code of a case outside every grid.
        KpiLevel::Grid => "area",
        KpiLevel::Community => "substr(area, 1, 12)",
        KpiLevel::Street => "substr(area, 1, 9)",
        KpiLevel::District => "substr(area, 1, 6)",
        KpiLevel::Worker => "coalesce(assignee, resolved_by)",
        KpiLevel::Department => "department",
    }
}

impl KpiRepo for PgTx<'_> {
    fn case_kpis(
        &mut self,
        scope: &CaseQuery,
        level: KpiLevel,
        from: i64,
        to: i64,
    ) -> Result<Vec<KpiCounts>> {
        let mut args = Args::default();
        let (from, to) = (args.push(from), args.push(to));
        let scope = scope_clause(scope, &mut args);
        let key = key_of(level);
        let parts = if crate::store::kpis_count_parts(level) {
            ""
        } else {
            " AND part_of IS NULL"
        };
        let sql = format!(
            "WITH c AS (
               SELECT {key} AS k, state, first_time, resolved_at, resolve_due,
                 (reported_at >= {from} AND reported_at < {to}) AS reported,
                 (state <> 'rejected' AND resolve_due >= {from} AND resolve_due < {to}) AS due,
                 (dispatched_at IS NOT NULL AND dispatched_at >= {from} AND dispatched_at < {to})
                   AS dispatched,
                 (part_of IS NOT NULL AND dispatched_at IS NOT NULL AND dispatched_at >= {from}
                   AND dispatched_at < {to}) AS called,
                 acknowledged_at, assigned_at, report_in_due
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
                                AND acknowledged_at IS NOT NULL AND assigned_at IS NOT NULL), 0)::BIGINT
             FROM c WHERE k IS NOT NULL
             GROUP BY k ORDER BY k"
        );
        let rows = self.query(&sql, &args.refs())?;
        rows.iter()
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
                    },
                })
            })
            .collect()
    }
}
