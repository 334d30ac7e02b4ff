-- Wangge sync service, schema 1.
-- Aggregates are kept as JSON documents (`data`) beside the columns that queries filter
-- on; the same shape works on PostgreSQL with jsonb.

-- Named counters. `change_seq` allocates change-log sequence numbers: taking it with
-- UPDATE … RETURNING inside the writing transaction serialises writers on one row, so a
-- sequence number is never visible before every lower one has committed.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('change_seq', 0), ('compacted_through', 0);

CREATE TABLE persons (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    data          TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES persons (id),
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER,
    revoked_at   INTEGER,
    last_mid     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX devices_person ON devices (person_id);

CREATE TABLE access_tokens (
    hash       TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES devices (id),
    expires_at INTEGER NOT NULL
);
CREATE INDEX access_tokens_device ON access_tokens (device_id);

-- Every refresh token ever issued stays (hashed) until its device is revoked, so the
-- reuse of an old one is recognised and revokes the device.
CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES devices (id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);

-- The outcome of every mutation a device pushed, to answer replays.
CREATE TABLE mutations (
    device_id  TEXT NOT NULL REFERENCES devices (id),
    mid        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    reason     TEXT,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, mid)
);

CREATE TABLE grids (
    code      TEXT PRIMARY KEY,
    community TEXT NOT NULL,
    data      TEXT NOT NULL
);

CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    -- grid code, or the community code of a report outside every grid
    area        TEXT NOT NULL,
    state       TEXT NOT NULL,
    category    TEXT NOT NULL,
    open        INTEGER NOT NULL,
    overdue     INTEGER NOT NULL,
    lon         REAL NOT NULL,
    lat         REAL NOT NULL,
    reporter    TEXT NOT NULL,
    assignee    TEXT,
    reported_at INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX cases_area ON cases (area);
CREATE INDEX cases_open_category ON cases (open, category);
CREATE INDEX cases_assignee ON cases (assignee);

-- Which cases refer to which photos (who may fetch a blob).
CREATE TABLE case_photos (
    hash    TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (hash, case_id)
);

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at      INTEGER NOT NULL,
    data    TEXT NOT NULL
);
CREATE INDEX audit_case ON audit (case_id, id);

CREATE TABLE patrols (
    id        TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons (id),
    data      TEXT NOT NULL
);

CREATE TABLE blobs (
    hash        TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    uploaded_by TEXT,
    created_at  INTEGER NOT NULL
);

-- The change feed: the latest state of each entity for each audience. A change moves
-- its row to a new, higher seq. An audience is everyone (both empty), an area (a grid,
-- community or street code prefix matches it) or one person.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    aud_area   TEXT NOT NULL DEFAULT '',
    aud_person TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    data       TEXT,
    at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX changes_entity ON changes (entity, entity_id, aud_area, aud_person);
CREATE INDEX changes_kind_at ON changes (kind, at);
