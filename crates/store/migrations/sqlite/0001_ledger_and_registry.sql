CREATE TABLE ledger (
    seq INTEGER PRIMARY KEY,
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
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    checkpoint_seq INTEGER NOT NULL,
    writes INTEGER NOT NULL
);
INSERT INTO ledger_head (id, seq, hash, checkpoint_seq, writes)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, 0);
CREATE TABLE ledger_checkpoint (
    seq INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TABLE registry_state (
    code TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE registry_convention (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    entry_into_force TEXT NOT NULL,
    evidence TEXT NOT NULL,
    seq INTEGER NOT NULL
);
