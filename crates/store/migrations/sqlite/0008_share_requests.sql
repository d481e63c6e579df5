ALTER TABLE documents ADD COLUMN shared_from INTEGER;
CREATE TABLE share_requests (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL,
    document_id INTEGER NOT NULL,
    side TEXT NOT NULL,
    requested_by INTEGER NOT NULL,
    requested_at TEXT NOT NULL,
    answer TEXT,
    answered_by INTEGER,
    answered_at TEXT,
    shared_as INTEGER
);
CREATE UNIQUE INDEX share_requests_by_document ON share_requests (document_id);
CREATE INDEX share_requests_by_case ON share_requests (case_id, id);
