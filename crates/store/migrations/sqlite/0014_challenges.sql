CREATE TABLE challenges (
    id INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    side TEXT NOT NULL,
    reasons TEXT NOT NULL,
    responses TEXT NOT NULL,
    status TEXT NOT NULL,
    decision TEXT,
    decided_at TEXT
);
CREATE INDEX challenges_by_case ON challenges (case_id, id);
