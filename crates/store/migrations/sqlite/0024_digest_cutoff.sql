-- The cut-off of the last daily digest sent to each person (none yet: NULL), so that a person
-- is sent at most one digest for each cut-off, whatever is recorded late or changes time zone.
ALTER TABLE users ADD COLUMN digest_cutoff TEXT
