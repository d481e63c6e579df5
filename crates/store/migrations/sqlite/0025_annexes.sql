-- A request's annexes, attached while it is drafted and seen by its owner alone. Filing puts
-- each in the joint case file (document_id). The draft's data key, made at its first annex,
-- is kept wrapped on the draft (wrapped_key) and bound to it. Filing moves it to case_keys,
-- where draft_id names the draft it is still bound to.
ALTER TABLE requests ADD COLUMN wrapped_key TEXT;
ALTER TABLE case_keys ADD COLUMN draft_id INTEGER;
CREATE TABLE request_annexes (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    blob TEXT NOT NULL,
    added_at TEXT NOT NULL,
    document_id INTEGER,
    seq INTEGER NOT NULL
);
CREATE INDEX request_annexes_by_request ON request_annexes (request_id, seq);
-- Each annex has its own blob, so that taking one off may delete its content.
CREATE UNIQUE INDEX request_annexes_by_blob ON request_annexes (blob)
