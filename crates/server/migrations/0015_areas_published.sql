-- Areas reach devices through the change feed; `published` says the feed has the area as
-- stored (a new or renamed area is published in the transaction that stores it, and areas
-- stored before this migration at the next start).
ALTER TABLE areas ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
