-- A reader's case list is read by key from their own rows: each participation carries the order
-- of its case, indexed with the reader, so the newest of a reader's cases are found without
-- reading the others.
ALTER TABLE case_participants ADD COLUMN case_seq BIGINT NOT NULL DEFAULT 0;
UPDATE case_participants SET case_seq = (SELECT c.seq FROM cases c WHERE c.id = case_participants.case_id);
CREATE INDEX case_participants_by_user_seq ON case_participants (user_id, case_seq)
