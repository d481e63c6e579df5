-- Identifiers a reader can see are random (see src/ids.rs). The order rows were made in is kept
-- apart, in `seq`, which never leaves the store. Rows made before keep their ids as their order.
ALTER TABLE users ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE users SET seq = id;
ALTER TABLE requests ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE requests SET seq = id;
ALTER TABLE cases ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE cases SET seq = id;
ALTER TABLE documents ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE documents SET seq = id;
ALTER TABLE share_requests ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE share_requests SET seq = id;
ALTER TABLE messages ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE messages SET seq = id;
ALTER TABLE appointments ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE appointments SET seq = id;
ALTER TABLE challenges ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE challenges SET seq = id;
CREATE UNIQUE INDEX documents_seq ON documents (seq);
CREATE UNIQUE INDEX messages_seq ON messages (seq);
