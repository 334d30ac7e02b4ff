-- A photo belongs to whoever first named it in a mutation (a device pushes its reports
-- before it uploads their photos) or first uploaded it: only they may name it again or
-- write its bytes, so knowing a hash grants nothing.
CREATE TABLE photo_claims (
    hash       TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL,
    claimed_at INTEGER NOT NULL
);
