ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
CREATE TABLE totp (
    user_id BIGINT PRIMARY KEY,
    secret TEXT NOT NULL,
    confirmed BIGINT NOT NULL,
    last_step BIGINT NOT NULL
);
CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL,
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (user_id, code_hash)
)
