-- The device store, version 1.
-- Server state (srv_*) is kept apart from what this device captured or changed locally
-- (reports, visits, outbox); what the UI reads combines the two.

-- Small key/value facts about this device: session, pull cursor, outbox counter.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Local copy of server entities, as the pull feed sends them.
CREATE TABLE srv_entity (
    entity TEXT    NOT NULL,          -- 'case', 'grid', 'category', 'person', 'building', ...
    id     TEXT    NOT NULL,
    seq    INTEGER NOT NULL,          -- server sequence of the change that wrote it
    data   TEXT    NOT NULL,          -- JSON, as sent by the server
    PRIMARY KEY (entity, id)
) STRICT;

-- Photos and thumbnails kept on this device, as files named by their sha256.
CREATE TABLE blob (
    sha256      TEXT    PRIMARY KEY,
    bytes       INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('photo', 'thumb')),
    created_at  INTEGER NOT NULL,
    uploaded    INTEGER NOT NULL DEFAULT 0  -- 1 once the server confirmed the whole blob
) STRICT;

-- Reports captured on this device (随手拍).
CREATE TABLE report (
    case_id       TEXT    PRIMARY KEY,  -- made on the device; the server keeps it
    category      TEXT    NOT NULL,
    priority      TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    lon           REAL    NOT NULL,
    lat           REAL    NOT NULL,
    grid          TEXT,
    self_resolved INTEGER NOT NULL DEFAULT 0,
    note          TEXT,
    created_at    INTEGER NOT NULL
) STRICT;

-- Which photos belong to which report, in order.
CREATE TABLE report_photo (
    case_id  TEXT    NOT NULL REFERENCES report (case_id),
    position INTEGER NOT NULL,
    sha256   TEXT    NOT NULL REFERENCES blob (sha256),
    PRIMARY KEY (case_id, position)
) STRICT;

-- Work waiting to be sent. `mid` rises by exactly one per device (from meta 'next_mid');
-- an entry is frozen once its first send starts.
CREATE TABLE outbox (
    mid         INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    args        TEXT    NOT NULL,      -- JSON
    created_at  INTEGER NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sending', 'applied', 'rejected', 'conflict')),
    reason      TEXT,                  -- the server's reason when rejected or in conflict
    first_sent_at INTEGER,
    done_at     INTEGER
) STRICT;
CREATE INDEX outbox_state ON outbox (state, mid);

-- Patrols (穿楼进户) and their check-ins.
CREATE TABLE patrol (
    id         TEXT    PRIMARY KEY,
    grid       TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
) STRICT;

CREATE TABLE visit (
    id        TEXT    PRIMARY KEY,
    patrol_id TEXT    NOT NULL REFERENCES patrol (id),
    building  TEXT    NOT NULL,
    unit      TEXT,
    lon       REAL    NOT NULL,
    lat       REAL    NOT NULL,
    note      TEXT,
    at        INTEGER NOT NULL
) STRICT;
CREATE INDEX visit_patrol ON visit (patrol_id);
