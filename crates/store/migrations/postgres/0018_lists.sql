-- Lists read by key (src/paging.rs), newest first, with the filters of the case list.
CREATE UNIQUE INDEX cases_seq ON cases (seq);
CREATE INDEX cases_by_stage ON cases (stage, seq);
CREATE INDEX cases_by_category ON cases (category, seq);
CREATE INDEX cases_by_publication ON cases (published, seq);
CREATE UNIQUE INDEX users_seq ON users (seq);
CREATE INDEX case_participants_by_case ON case_participants (case_id, user_id);
-- The time limits running in each case, as the domain computed them when the case last
-- changed: what the Secretariat's dashboard and the clock read instead of replaying every case.
CREATE TABLE case_deadlines (
    case_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    due TEXT NOT NULL,
    PRIMARY KEY (case_id, kind)
);
CREATE INDEX case_deadlines_by_due ON case_deadlines (due, case_id, kind);
-- Projections added after their events existed, rebuilt once from the ledger at start.
CREATE TABLE projection_rebuilds (
    name TEXT PRIMARY KEY,
    wanted BIGINT NOT NULL
);
INSERT INTO projection_rebuilds (name, wanted) VALUES ('case_deadlines', 1)
