-- What each remembered mutation was, so a replay under a known mid can be checked to be the
-- same mutation (its name is already kept): the sha256 of its arguments as JSON. Outcomes
-- recorded before this migration have none.
ALTER TABLE mutations ADD COLUMN args_sha256 TEXT;
