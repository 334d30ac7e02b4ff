-- A retired grid (merged into a neighbour, or no longer drawn) is kept with when it was
-- retired, so closed cases still name it; it is gone from the grid index and from phones
-- (a Remove on the change feed), and comes back if a file draws it again.
ALTER TABLE grids ADD COLUMN retired_at INTEGER;
