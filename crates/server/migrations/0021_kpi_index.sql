-- The KPI report reads only these columns of the cases in an area: one index holding them
-- all lets it scan the index instead of every case's stored document (at 100,000 cases,
-- about a quarter of the time; `cargo xtask bench kpis`).
CREATE INDEX cases_kpi ON cases (area, part_of, reported_at, accepted_at, resolved_at,
    self_resolved, state, first_time, resolve_due, dispatched_at, acknowledged_at,
    assigned_at, report_in_due, assignee, resolved_by, department, category);
