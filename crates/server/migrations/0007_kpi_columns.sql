-- What the KPIs count, as columns of the cases table, so a KPI report is one aggregate
-- query in storage instead of every case in scope loaded and decoded per request.
ALTER TABLE cases ADD COLUMN resolve_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN resolved_at INTEGER;
ALTER TABLE cases ADD COLUMN dispatched_at INTEGER;
-- Neither sent back for rework nor reopened (一次完成).
ALTER TABLE cases ADD COLUMN first_time INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN resolved_by TEXT;
UPDATE cases SET
    resolve_due = json_extract(data, '$.case.resolve_due'),
    resolved_at = json_extract(data, '$.case.resolved_at'),
    dispatched_at = json_extract(data, '$.case.dispatched_at'),
    first_time = (coalesce(json_extract(data, '$.case.rework_count'), 0) = 0
                  AND coalesce(json_extract(data, '$.case.reopen_count'), 0) = 0),
    resolved_by = json_extract(data, '$.case.resolved_by');
