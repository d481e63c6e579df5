ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
CREATE TABLE totp (
    user_id INTEGER PRIMARY KEY,
    secret TEXT NOT NULL,
    confirmed INTEGER NOT NULL,
    last_step INTEGER NOT NULL
);
CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL,
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (user_id, code_hash)
)
