-- The daily digest: a notification of a kind its person chose to have once a day is 'waiting'
-- until the digest that lists it is sent ('sent'), and every other notification has none (NULL).
ALTER TABLE notifications ADD COLUMN digest TEXT;
CREATE INDEX notifications_digest ON notifications (digest, user_id)
