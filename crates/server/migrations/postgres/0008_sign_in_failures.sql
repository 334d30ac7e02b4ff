-- Failed sign-ins, counted per key (a client address, a user name from an address, a user
-- name), shared by every replica (`sign_in_throttle`); SQLite's 0023. A row is forgotten
-- an hour after its last failure (the maintenance step).
CREATE TABLE sign_in_failures (
    key TEXT COLLATE "C" PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);
