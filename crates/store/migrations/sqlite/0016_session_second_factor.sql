-- When the session's sign-in passed the second factor (API tokens are made only from such a session).
ALTER TABLE sessions ADD COLUMN second_factor_at TEXT;
