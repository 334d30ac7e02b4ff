-- Organisations given tasks beside grid workers (街道吹哨，部门报到): district departments,
-- street offices and property companies, the domain `Organisation` as JSON; and the
-- department of a case's current handler, so KPIs count per department in one query.
CREATE TABLE organisations (
    code TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
ALTER TABLE cases ADD COLUMN department TEXT;
CREATE INDEX cases_department ON cases (department) WHERE department IS NOT NULL;
