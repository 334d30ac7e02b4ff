-- 网格公示 placards: per entrance (a building code, or `building/unit`), what was last
-- printed (the placard's content as JSON, when, by whom) and which version a worker last
-- confirmed posted at the door (its fingerprint). Whether a placard is stale is read by
-- comparing these with what the placard would show now.
CREATE TABLE placards (
    entrance     TEXT PRIMARY KEY,
    community    TEXT NOT NULL,
    printed      TEXT,
    printed_hash TEXT,
    printed_at   BIGINT,
    printed_by   TEXT,
    posted_hash  TEXT,
    posted_at    BIGINT,
    posted_by    TEXT
);
CREATE INDEX placards_community ON placards (community);
