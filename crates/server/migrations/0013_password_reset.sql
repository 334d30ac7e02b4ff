-- A password an administrator reset is a one-time password: whoever signs in with it must
-- first choose their own (`POST /v1/sessions/password`), which clears the flag.
ALTER TABLE persons ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
