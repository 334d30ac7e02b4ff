-- Enrollment codes: a one-time secret (stored as its sha256) that signs a person's phone
-- in with no password, shown as a QR code by an administrator or a community dispatcher.
-- A code is used at most once and expires (default 24 hours).
CREATE TABLE enrollments (
    hash       TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES persons (id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    device_id  TEXT
);
CREATE INDEX enrollments_person ON enrollments (person_id);
