CREATE TABLE case_keys (
    case_id BIGINT PRIMARY KEY,
    wrapped TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE documents (
    id BIGINT PRIMARY KEY,
    case_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT NOT NULL,
    audience TEXT NOT NULL,
    filed_by BIGINT NOT NULL,
    filed_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    blob TEXT NOT NULL,
    replaces BIGINT,
    translation_of BIGINT,
    translation_authentic BIGINT,
    translated_by TEXT,
    translation_reviewed BIGINT
);
CREATE INDEX documents_by_case ON documents (case_id, id);
CREATE UNIQUE INDEX documents_by_replaced ON documents (replaces);
