CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    language TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    password_hash TEXT,
    active BIGINT NOT NULL,
    unlocked_at TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE user_roles (
    user_id BIGINT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE TABLE sessions (
    id BIGINT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE api_tokens (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
CREATE TABLE auth_failures (
    id BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    email TEXT NOT NULL,
    client TEXT NOT NULL
);
CREATE INDEX auth_failures_by_email ON auth_failures (email, at);
CREATE INDEX auth_failures_by_client ON auth_failures (client, at)
