-- A person's notifications: what happened in a case (`about`: the key of its texts), where to
-- see it, and when they read it. No case content. Read newest first, a page at a time, by id.
CREATE TABLE notifications (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    case_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    about TEXT NOT NULL,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
-- Whether each kind of notification is also e-mailed to its person (no row: it is).
CREATE TABLE email_choices (
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    choice TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
