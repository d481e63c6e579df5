CREATE TABLE mediators (
    user_id BIGINT PRIMARY KEY,
    profile TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE appointments (
    id BIGINT PRIMARY KEY,
    case_id BIGINT NOT NULL,
    mediator BIGINT NOT NULL,
    appointed_on TEXT NOT NULL,
    findings TEXT NOT NULL,
    agreement TEXT,
    status TEXT NOT NULL,
    declaration TEXT,
    answered_at TEXT
);
CREATE UNIQUE INDEX appointments_by_case_mediator ON appointments (case_id, mediator);
CREATE INDEX appointments_by_mediator ON appointments (mediator, id);
