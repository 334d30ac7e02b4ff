-- Failed sign-ins, counted per key (a client address, a user name from an address, a user
-- name) in storage rather than in one process's memory, so a restart forgets none and,
-- on PostgreSQL, every replica counts them (`sign_in_throttle`). A row is forgotten an
-- hour after its last failure (the maintenance step).
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);
