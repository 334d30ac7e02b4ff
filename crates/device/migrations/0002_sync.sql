-- The device store, version 2: what sync and the task screens need beyond version 1.

-- A prepared photo and its thumbnail (both are blobs).
CREATE TABLE photo (
    sha256  TEXT    PRIMARY KEY REFERENCES blob (sha256),
    thumb   TEXT    NOT NULL REFERENCES blob (sha256),
    width   INTEGER NOT NULL,
    height  INTEGER NOT NULL
) STRICT;

-- Photos an outbox entry refers to other than a report's own (task evidence): together
-- with report_photo, the photos that have to reach the server.
CREATE TABLE outbox_photo (
    mid     INTEGER NOT NULL REFERENCES outbox (mid),
    sha256  TEXT    NOT NULL REFERENCES blob (sha256),
    PRIMARY KEY (mid, sha256)
) STRICT;

-- Finding the outbox entries of one case (the local view overlays them on the server copy).
CREATE INDEX outbox_case ON outbox (json_extract(args, '$.case_id')) WHERE state IN ('queued', 'sending');
