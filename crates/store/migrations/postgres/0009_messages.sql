CREATE TABLE messages (
    id BIGINT PRIMARY KEY,
    case_id BIGINT NOT NULL,
    audience TEXT NOT NULL,
    author BIGINT NOT NULL,
    sent_at TEXT NOT NULL,
    body TEXT NOT NULL,
    attachments TEXT NOT NULL
);
CREATE INDEX messages_by_case ON messages (case_id, audience, id);
CREATE TABLE message_reads (
    message_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
