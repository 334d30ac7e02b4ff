-- 街道吹哨: the joint case a case is a part of (one department's task), so area KPIs count
-- the joint case once and not its parts again; and when a part's department had to report
-- in (报到) and when it did, so the department KPIs count the whistles it answered on time.
ALTER TABLE cases ADD COLUMN part_of TEXT;
ALTER TABLE cases ADD COLUMN assigned_at BIGINT;
ALTER TABLE cases ADD COLUMN acknowledged_at BIGINT;
ALTER TABLE cases ADD COLUMN report_in_due BIGINT;
-- Response and resolution times counted in storage: when the case was accepted, and
-- whether the reporter fixed it on the spot (not a handler's resolution).
ALTER TABLE cases ADD COLUMN accepted_at BIGINT;
ALTER TABLE cases ADD COLUMN self_resolved BOOLEAN NOT NULL DEFAULT FALSE;
-- How each case came in (app, desk, hotline, open311, task), for the case list's filter.
ALTER TABLE cases ADD COLUMN source TEXT NOT NULL DEFAULT 'app';
CREATE INDEX cases_part_of ON cases (part_of) WHERE part_of IS NOT NULL;
-- The cases stored before: their times from the stored document.
UPDATE cases SET
    assigned_at = (data::jsonb -> 'case' ->> 'assigned_at')::BIGINT,
    acknowledged_at = (data::jsonb -> 'case' ->> 'acknowledged_at')::BIGINT,
    accepted_at = (data::jsonb -> 'case' ->> 'accepted_at')::BIGINT,
    self_resolved = coalesce((data::jsonb -> 'case' ->> 'self_resolved')::BOOLEAN, FALSE);
