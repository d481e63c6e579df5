//! The ledger rows of a batch: chained in memory, inserted in one statement.

use serde_json::Value;
use sqlx::{Any, Transaction};

use crate::ledger::{canonical_json, row_hash};
use crate::{Engine, StoreError};

/// A ledger row computed in memory, inserted with the rest of its batch.
#[derive(serde::Serialize)]
pub(super) struct NewRow {
    seq: i64,
    at: String,
    actor: String,
    stream: String,
    kind: String,
    body: String,
    prev_hash: String,
    hash: String,
}

/// Computes the next row of the chain and queues it; returns its hash.
#[allow(clippy::too_many_arguments)]
pub(super) fn chain(
    rows: &mut Vec<NewRow>,
    seq: i64,
    prev: &[u8; 32],
    at: String,
    actor: &str,
    stream: String,
    kind: &str,
    body: &Value,
) -> [u8; 32] {
    let hash = row_hash(prev, seq, &at, actor, &stream, kind, body);
    rows.push(NewRow {
        seq,
        at,
        actor: actor.to_owned(),
        stream,
        kind: kind.to_owned(),
        body: canonical_json(body),
        prev_hash: hex::encode(prev),
        hash: hex::encode(hash),
    });
    hash
}

/// The head as the batch leaves it: its last row, and the last row a checkpoint signs.
pub(super) struct NewHead {
    pub(super) seq: i64,
    pub(super) hash: [u8; 32],
    pub(super) checkpoint_seq: i64,
}

/// Inserts the batch's rows and moves the head in one round trip. The rows travel as one JSON
/// array, which the database expands (`json_each` in SQLite, `jsonb_to_recordset` in PostgreSQL):
/// one bound value instead of eight per row. PostgreSQL inserts them in a data-modifying `WITH`
/// of the head's `UPDATE`; SQLite runs the two statements of one query, which share its bound
/// values.
pub(super) async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    rows: &[NewRow],
    head: &NewHead,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        // A checkpoint of a head that did not move.
        sqlx::query("UPDATE ledger_head SET checkpoint_seq = $1 WHERE id = 1")
            .bind(head.checkpoint_seq)
            .execute(&mut **tx)
            .await?;
        return Ok(());
    }
    let json = serde_json::to_string(rows).map_err(StoreError::corrupt)?;
    let sql = match engine {
        Engine::Sqlite => {
            "INSERT INTO ledger (seq, at, actor, stream, kind, body, prev_hash, hash) \
             SELECT value ->> 'seq', value ->> 'at', value ->> 'actor', value ->> 'stream', value ->> 'kind', \
                    value ->> 'body', value ->> 'prev_hash', value ->> 'hash' \
             FROM json_each($1); \
             UPDATE ledger_head SET seq = $2, hash = $3, checkpoint_seq = $4 WHERE id = 1"
        }
        Engine::Postgres => {
            "WITH inserted AS (INSERT INTO ledger (seq, at, actor, stream, kind, body, prev_hash, hash) \
             SELECT seq, at, actor, stream, kind, body, prev_hash, hash \
             FROM jsonb_to_recordset($1::jsonb) AS r(seq BIGINT, at TEXT, actor TEXT, stream TEXT, kind TEXT, \
                  body TEXT, prev_hash TEXT, hash TEXT)) \
             UPDATE ledger_head SET seq = $2, hash = $3, checkpoint_seq = $4 WHERE id = 1"
        }
    };
    sqlx::query(sql)
        .bind(json)
        .bind(head.seq)
        .bind(hex::encode(head.hash))
        .bind(head.checkpoint_seq)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The id a change created, as its first entry names it.
pub(super) fn created_id(entries: &[crate::accounts::Entry], field: &str) -> Option<i64> {
    entries.first().and_then(|e| e.body.get(field)).and_then(|d| d.as_i64())
}
