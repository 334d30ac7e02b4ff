-- The highest pull cursor the server handed to each device. A device presenting a cursor
-- above it holds one from a history this server no longer has (its data was restored from
-- a backup): it is told to rebuild (410), even once new changes have passed that number.
-- NULL: not known yet (a device from before this version), any cursor is taken.
ALTER TABLE devices ADD COLUMN delivered_cursor INTEGER;
