CREATE TABLE case_keys (
    case_id INTEGER PRIMARY KEY,
    wrapped TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT NOT NULL,
    audience TEXT NOT NULL,
    filed_by INTEGER NOT NULL,
    filed_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    blob TEXT NOT NULL,
    replaces INTEGER,
    translation_of INTEGER,
    translation_authentic INTEGER,
    translated_by TEXT,
    translation_reviewed INTEGER
);
CREATE INDEX documents_by_case ON documents (case_id, id);
CREATE UNIQUE INDEX documents_by_replaced ON documents (replaces);
