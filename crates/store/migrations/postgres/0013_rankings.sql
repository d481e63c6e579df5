CREATE TABLE rankings (
    case_id BIGINT NOT NULL,
    side TEXT NOT NULL,
    candidates TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, side)
);
