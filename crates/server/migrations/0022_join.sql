-- 双报到: units' and party members' registrations with communities, and members' role
-- claims, one row each under the number the person keeps. `detail` is what they sent
-- (JSON); `key` finds a duplicate (a member's phone, a unit's name, a claim's role and
-- place); `member` is a claim's member registration. Decisions keep when, who and why.
CREATE TABLE join_registrations (
    number     TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    community  TEXT NOT NULL,
    state      TEXT NOT NULL,
    key        TEXT NOT NULL,
    member     TEXT,
    detail     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by TEXT,
    reason     TEXT
);
CREATE INDEX join_registrations_community ON join_registrations (community, created_at);
CREATE INDEX join_registrations_key ON join_registrations (community, kind, key);
