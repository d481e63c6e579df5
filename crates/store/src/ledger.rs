//! The ledger: an append-only, hash-chained record of every change of state.
//!
//! # The chain
//! Each row has `seq` (1, 2, 3, … with no gap), `at` (RFC 3339, UTC), `actor`, `stream`, `kind`,
//! `body` (canonical JSON), `prev_hash` and `hash`, both hex. The first row's `prev_hash` is 32
//! zero bytes. A row's hash is
//!
//! ```text
//! hash = BLAKE3( prev_hash (32 raw bytes) || canonical_json({"actor","at","body","kind","seq","stream"}) )
//! ```
//!
//! where canonical JSON is UTF-8 JSON with object keys sorted by their UTF-16 code units (as in
//! RFC 8785; all keys here are ASCII), no insignificant white space, strings escaped as
//! serde_json escapes them, and integers only (no floats are ever stored).
//!
//! # Checkpoints
//! The server signs the head of the chain with Ed25519. The signed message is exactly 67 bytes:
//!
//! ```text
//! b"iomed ledger checkpoint v1\n" (27 bytes) || seq as u64 big-endian (8 bytes) || hash (32 raw bytes)
//! ```
//!
//! so anyone holding the public key can check a head `{seq, hash, signature}` without trusting
//! the server. Signatures and keys are hex-encoded in the API and the database.

use std::fmt::Write as _;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::Serialize;
use serde_json::Value;
use sqlx::{AnyPool, Row};

use crate::StoreError;

pub const GENESIS_HASH: [u8; 32] = [0; 32];
pub const CHECKPOINT_CONTEXT: &[u8] = b"iomed ledger checkpoint v1\n";

/// One ledger row as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub stream: String,
    pub kind: String,
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The head of the chain: the last sequence number and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: [u8; 32],
}

/// A head with the server's signature over [`checkpoint_message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHead {
    pub head: Head,
    pub signature: [u8; 64],
    pub public_key: [u8; 32],
}

/// Writes `value` as canonical JSON: keys sorted, no white space.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// The hash of a row, from the previous hash and the row's fields.
pub fn row_hash(prev: &[u8; 32], seq: i64, at: &str, actor: &str, stream: &str, kind: &str, body: &Value) -> [u8; 32] {
    let envelope = serde_json::json!({
        "actor": actor, "at": at, "body": body, "kind": kind, "seq": seq, "stream": stream,
    });
    let mut hasher = blake3::Hasher::new();
    hasher.update(prev);
    hasher.update(canonical_json(&envelope).as_bytes());
    *hasher.finalize().as_bytes()
}

/// The exact bytes a checkpoint signature covers.
pub fn checkpoint_message(head: &Head) -> Vec<u8> {
    let mut message = Vec::with_capacity(CHECKPOINT_CONTEXT.len() + 40);
    message.extend_from_slice(CHECKPOINT_CONTEXT);
    message.extend_from_slice(&(head.seq as u64).to_be_bytes());
    message.extend_from_slice(&head.hash);
    message
}

/// Checks a signed head with the public key alone.
pub fn verify_signed_head(signed: &SignedHead) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(&signed.public_key) else {
        return false;
    };
    let signature = Signature::from_bytes(&signed.signature);
    key.verify_strict(&checkpoint_message(&signed.head), &signature).is_ok()
}

pub(crate) fn parse_hash(hex_text: &str) -> Result<[u8; 32], StoreError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut out).map_err(|e| StoreError::corrupt(format!("hash '{hex_text}': {e}")))?;
    Ok(out)
}

/// What `iomed ledger verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyReport {
    Intact { rows: i64, head: Head, checkpoints: usize },
    Broken { seq: i64, reason: String },
}

fn row_from(row: &sqlx::any::AnyRow) -> Result<LedgerRow, StoreError> {
    Ok(LedgerRow {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        stream: row.try_get("stream")?,
        kind: row.try_get("kind")?,
        body: row.try_get("body")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

impl crate::Store {
    /// The current head of the chain.
    pub async fn head(&self) -> Result<Head, StoreError> {
        let row = sqlx::query("SELECT seq, hash FROM ledger_head WHERE id = 1").fetch_one(&self.pool).await?;
        let hash: String = row.try_get("hash")?;
        Ok(Head { seq: row.try_get("seq")?, hash: parse_hash(&hash)? })
    }

    /// The current head, signed now by this server's key.
    pub async fn signed_head(&self) -> Result<SignedHead, StoreError> {
        let head = self.head().await?;
        Ok(self.signer.sign_head(head))
    }

    /// The rows of one stream, oldest first.
    pub async fn stream(&self, stream: &str) -> Result<Vec<LedgerRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, stream, kind, body, prev_hash, hash FROM ledger WHERE stream = $1 ORDER BY seq",
        )
        .bind(stream)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_from).collect()
    }

    /// Recomputes the whole chain and checks every stored checkpoint. Reads in pages, so the
    /// ledger need not fit in memory.
    pub async fn verify(&self) -> Result<VerifyReport, StoreError> {
        const PAGE: i64 = 5_000;
        let mut prev = GENESIS_HASH;
        let mut expected_seq = 1i64;
        loop {
            let rows = sqlx::query(
                "SELECT seq, at, actor, stream, kind, body, prev_hash, hash FROM ledger WHERE seq >= $1 ORDER BY seq LIMIT $2",
            )
            .bind(expected_seq)
            .bind(PAGE)
            .fetch_all(&self.pool)
            .await?;
            let count = rows.len();
            for row in &rows {
                let row = row_from(row)?;
                if row.seq != expected_seq {
                    return Ok(VerifyReport::Broken {
                        seq: expected_seq,
                        reason: format!("row {expected_seq} is missing (next row is {})", row.seq),
                    });
                }
                if row.prev_hash != hex::encode(prev) {
                    return Ok(VerifyReport::Broken {
                        seq: row.seq,
                        reason: "its prev_hash is not the hash of the row before it".into(),
                    });
                }
                let body: Value = match serde_json::from_str(&row.body) {
                    Ok(v) => v,
                    Err(_) => {
                        return Ok(VerifyReport::Broken { seq: row.seq, reason: "its body is not JSON".into() });
                    }
                };
                let hash = row_hash(&prev, row.seq, &row.at, &row.actor, &row.stream, &row.kind, &body);
                if row.hash != hex::encode(hash) || row.body != canonical_json(&body) {
                    return Ok(VerifyReport::Broken {
                        seq: row.seq,
                        reason: "its content does not match its hash".into(),
                    });
                }
                prev = hash;
                expected_seq += 1;
            }
            if (count as i64) < PAGE {
                break;
            }
        }
        let last = expected_seq - 1;
        let head = self.head().await?;
        if head.seq != last || head.hash != prev {
            return Ok(VerifyReport::Broken {
                seq: last + 1,
                reason: format!("the recorded head is row {} but the chain ends at row {last}", head.seq),
            });
        }
        let checkpoints = self.verify_checkpoints().await?;
        match checkpoints {
            Err((seq, reason)) => Ok(VerifyReport::Broken { seq, reason }),
            Ok(n) => Ok(VerifyReport::Intact { rows: last, head, checkpoints: n }),
        }
    }

    async fn verify_checkpoints(&self) -> Result<Result<usize, (i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.seq, c.hash, c.public_key, c.signature, l.hash AS ledger_hash \
             FROM ledger_checkpoint c LEFT JOIN ledger l ON l.seq = c.seq ORDER BY c.seq",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let hash: String = row.try_get("hash")?;
            let ledger_hash: Option<String> = row.try_get("ledger_hash")?;
            if ledger_hash.as_deref() != Some(hash.as_str()) {
                return Ok(Err((seq, format!("the signed checkpoint at row {seq} does not match the ledger"))));
            }
            let public_key: String = row.try_get("public_key")?;
            let signature: String = row.try_get("signature")?;
            let (mut pk, mut sig) = ([0u8; 32], [0u8; 64]);
            let decoded = hex::decode_to_slice(&public_key, &mut pk).and(hex::decode_to_slice(&signature, &mut sig));
            let signed = SignedHead { head: Head { seq, hash: parse_hash(&hash)? }, signature: sig, public_key: pk };
            if decoded.is_err() || !verify_signed_head(&signed) {
                return Ok(Err((seq, format!("the signature of the checkpoint at row {seq} is not valid"))));
            }
        }
        Ok(Ok(rows.len()))
    }

    /// The number of rows of each kind, for the benchmark and the operator.
    pub async fn count_rows(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM ledger").fetch_one(&self.pool).await?;
        Ok(row.try_get("n")?)
    }

    /// Direct access to the pool for tests that must tamper with rows, and for the benchmark's
    /// baseline. Nothing else should write through it.
    pub fn raw_pool(&self) -> &AnyPool {
        &self.pool
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_and_drops_white_space() {
        let v: Value = serde_json::from_str(r#"{ "b": [1, {"z": null, "a": "é\n"}], "a": true }"#).unwrap();
        assert_eq!(canonical_json(&v), r#"{"a":true,"b":[1,{"a":"é\n","z":null}]}"#);
    }

    #[test]
    fn checkpoint_message_layout_is_stable() {
        let m = checkpoint_message(&Head { seq: 258, hash: [0xab; 32] });
        assert_eq!(m.len(), 27 + 8 + 32);
        assert_eq!(&m[..27], CHECKPOINT_CONTEXT);
        assert_eq!(&m[27..35], &[0, 0, 0, 0, 0, 0, 1, 2]);
    }

    #[test]
    fn row_hash_is_chained() {
        let body = serde_json::json!({"x": 1});
        let a = row_hash(&GENESIS_HASH, 1, "2026-01-01T00:00:00Z", "test", "s", "k", &body);
        let b = row_hash(&a, 2, "2026-01-01T00:00:00Z", "test", "s", "k", &body);
        assert_ne!(a, b);
        assert_eq!(a, row_hash(&GENESIS_HASH, 1, "2026-01-01T00:00:00Z", "test", "s", "k", &body));
    }
}
