CREATE TABLE ledger (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    stream TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX ledger_by_stream ON ledger (stream, seq);
CREATE TABLE ledger_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    checkpoint_seq BIGINT NOT NULL,
    writes BIGINT NOT NULL
);
INSERT INTO ledger_head (id, seq, hash, checkpoint_seq, writes)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, 0);
CREATE TABLE ledger_checkpoint (
    seq BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TABLE registry_state (
    code TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    seq BIGINT NOT NULL
);
CREATE TABLE registry_convention (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    entry_into_force TEXT NOT NULL,
    evidence TEXT NOT NULL,
    seq BIGINT NOT NULL
);
