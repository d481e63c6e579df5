CREATE TABLE requests (
    id BIGINT PRIMARY KEY,
    owner BIGINT NOT NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    case_id BIGINT
);
CREATE INDEX requests_by_owner ON requests (owner, id);
CREATE TABLE cases (
    id BIGINT PRIMARY KEY,
    request_id BIGINT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    scope TEXT NOT NULL,
    stage TEXT NOT NULL,
    closure TEXT,
    fee_paid BIGINT NOT NULL,
    number TEXT,
    number_year BIGINT,
    number_seq BIGINT,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX cases_by_number ON cases (number);
CREATE TABLE case_participants (
    case_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    standing TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_participants_by_user ON case_participants (user_id, case_id);
