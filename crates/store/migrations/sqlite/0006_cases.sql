CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    owner INTEGER NOT NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    case_id INTEGER
);
CREATE INDEX requests_by_owner ON requests (owner, id);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    scope TEXT NOT NULL,
    stage TEXT NOT NULL,
    closure TEXT,
    fee_paid INTEGER NOT NULL,
    number TEXT,
    number_year INTEGER,
    number_seq INTEGER,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX cases_by_number ON cases (number);
CREATE TABLE case_participants (
    case_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    standing TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_participants_by_user ON case_participants (user_id, case_id);
