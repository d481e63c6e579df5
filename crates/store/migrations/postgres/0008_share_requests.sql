ALTER TABLE documents ADD COLUMN shared_from BIGINT;
CREATE TABLE share_requests (
    id BIGINT PRIMARY KEY,
    case_id BIGINT NOT NULL,
    document_id BIGINT NOT NULL,
    side TEXT NOT NULL,
    requested_by BIGINT NOT NULL,
    requested_at TEXT NOT NULL,
    answer TEXT,
    answered_by BIGINT,
    answered_at TEXT,
    shared_as BIGINT
);
CREATE UNIQUE INDEX share_requests_by_document ON share_requests (document_id);
CREATE INDEX share_requests_by_case ON share_requests (case_id, id);
