-- The administrators' audit log: every change to reference data and people made through
-- the administration API (imports, enrollments, edits), with who, when, what was before
-- and what is after (JSON). Append-only.
CREATE TABLE admin_audit (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    username TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    before   TEXT,
    after    TEXT
);
CREATE INDEX admin_audit_subject ON admin_audit (subject);
