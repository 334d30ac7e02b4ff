-- A used refresh token keeps a random salt from which its successor pair was derived, so a
-- refresh whose answer was lost can be answered again with the same pair within a short
-- grace window; no token is ever stored in plain text.
ALTER TABLE refresh_tokens ADD COLUMN successor_salt TEXT;
