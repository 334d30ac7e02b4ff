-- Administering people and their phones: a person can be deactivated (history kept, no
-- sign-in); a revoked device keeps why (shown on the phone, which then wipes its copy); a
-- device whose person's area changed must rebuild its copy from a cursor at or past
-- `rebuild_before` (older cursors get 410, so nothing of the old area stays on it).
ALTER TABLE persons ADD COLUMN deactivated_at INTEGER;
ALTER TABLE devices ADD COLUMN revoke_reason TEXT;
ALTER TABLE devices ADD COLUMN rebuild_before INTEGER NOT NULL DEFAULT 0;
