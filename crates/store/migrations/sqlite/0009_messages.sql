CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL,
    audience TEXT NOT NULL,
    author INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    body TEXT NOT NULL,
    attachments TEXT NOT NULL
);
CREATE INDEX messages_by_case ON messages (case_id, audience, id);
CREATE TABLE message_reads (
    message_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
