-- A retired building (demolished, merged) is kept with when it was retired; it is gone
-- from phones (a Remove on the change feed) and comes back if a file imports it again.
ALTER TABLE buildings ADD COLUMN retired_at INTEGER;
