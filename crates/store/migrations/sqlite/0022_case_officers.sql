-- The Secretariat's work queue: each case's officer (a member of the Secretariat who follows it,
-- none until one is assigned, by a `case.officer_assigned` event), and what the case waits on as
-- the domain says (`Case::waiting_on`), kept as ",screening,fee," so that a list filters on it.
ALTER TABLE cases ADD COLUMN officer_id BIGINT;
ALTER TABLE cases ADD COLUMN waiting TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_officer ON cases (officer_id, seq);
-- What each case waits on is computed from its events at the next start.
DELETE FROM projection_rebuilds WHERE name = 'case_deadlines';
INSERT INTO projection_rebuilds (name, wanted) VALUES ('case_deadlines', 1);
