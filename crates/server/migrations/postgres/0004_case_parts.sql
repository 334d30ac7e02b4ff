-- 街道吹哨: the joint case a case is a part of (one department's task), so area KPIs count
-- the joint case once and not its parts again.
ALTER TABLE cases ADD COLUMN part_of TEXT;
CREATE INDEX cases_part_of ON cases (part_of) WHERE part_of IS NOT NULL;
