//! Identifiers that reveal nothing. A row a reader can see — a user, a request, a case, a
//! document, a message, a request to share, an appointment, a challenge — gets a random id, so
//! that no gap between two ids a reader sees tells them how many rows were made that they cannot
//! see (a caucus filing of the other side, a hidden case). The order rows were made in is kept
//! apart, in the row's `seq`, which the store sorts by and never shows.
//!
//! The test suites ask for counting ids instead (ids 1, 2, 3 … per table), so that a test can name
//! the case it made; the order of lists is tested with random ids as well.

use std::future::Future;

use sqlx::{Any, Row, Transaction};

use crate::StoreError;

/// How the writer numbers new rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// Uniformly random in 1 ..= 2^53 − 1 (exact in every JSON reader, JavaScript's included).
    Random,
    /// 1, 2, 3 … per table, for tests that name their rows.
    Counting,
}

tokio::task_local! {
    static POLICY: Ids;
}

/// Runs `work` (a writer batch) with this policy for the rows it makes.
pub(crate) async fn with_policy<F: Future>(ids: Ids, work: F) -> F::Output {
    POLICY.scope(ids, work).await
}

/// A table whose ids a reader can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Users,
    Requests,
    Cases,
    Documents,
    ShareRequests,
    Annexes,
    Messages,
    Appointments,
    Challenges,
}

impl Table {
    fn sql(self) -> (&'static str, &'static str, &'static str) {
        // (next id when counting, next seq, is this id taken)
        match self {
            Table::Users => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM users",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM users",
                "SELECT 1 AS taken FROM users WHERE id = $1",
            ),
            Table::Requests => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM requests",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM requests",
                "SELECT 1 AS taken FROM requests WHERE id = $1",
            ),
            Table::Cases => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM cases",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM cases",
                "SELECT 1 AS taken FROM cases WHERE id = $1",
            ),
            Table::Documents => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM documents",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM documents",
                "SELECT 1 AS taken FROM documents WHERE id = $1",
            ),
            Table::ShareRequests => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM share_requests",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM share_requests",
                "SELECT 1 AS taken FROM share_requests WHERE id = $1",
            ),
            Table::Annexes => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM request_annexes",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM request_annexes",
                "SELECT 1 AS taken FROM request_annexes WHERE id = $1",
            ),
            Table::Messages => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM messages",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM messages",
                "SELECT 1 AS taken FROM messages WHERE id = $1",
            ),
            Table::Appointments => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM appointments",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM appointments",
                "SELECT 1 AS taken FROM appointments WHERE id = $1",
            ),
            Table::Challenges => (
                "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM challenges",
                "SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM challenges",
                "SELECT 1 AS taken FROM challenges WHERE id = $1",
            ),
        }
    }
}

/// The largest random id: 2^53 − 1.
const LARGEST: u64 = (1 << 53) - 1;

/// A new row's id and its place in the order of its table. Runs inside the writer's
/// transaction, which holds the ledger lock: no other writer makes a row meanwhile.
pub(crate) async fn new_row(tx: &mut Transaction<'_, Any>, table: Table) -> Result<(i64, i64), StoreError> {
    let (counting, next_seq, taken) = table.sql();
    let seq: i64 = sqlx::query(next_seq).fetch_one(&mut **tx).await?.try_get("n")?;
    let policy = POLICY.try_with(|p| *p).unwrap_or(Ids::Random);
    let id = match policy {
        Ids::Counting => sqlx::query(counting).fetch_one(&mut **tx).await?.try_get("n")?,
        Ids::Random => {
            // A collision is a one-in-billions event; a few draws make a repeat impossible in
            // practice, and running out of draws is an error, never a reused id.
            let mut found = None;
            for _ in 0..4 {
                let id = random_id()?;
                if sqlx::query(taken).bind(id).fetch_optional(&mut **tx).await?.is_none() {
                    found = Some(id);
                    break;
                }
            }
            found.ok_or_else(|| StoreError::corrupt("no free random id after four draws"))?
        }
    };
    Ok((id, seq))
}

fn random_id() -> Result<i64, StoreError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::corrupt(format!("random: {e}")))?;
    let n = u64::from_le_bytes(bytes) % LARGEST + 1;
    i64::try_from(n).map_err(StoreError::corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_are_positive_and_exact_in_json() {
        for _ in 0..10_000 {
            let id = random_id().unwrap();
            assert!(id >= 1 && id as u64 <= LARGEST);
            let through_f64 = id as f64 as i64;
            assert_eq!(through_f64, id, "a JavaScript reader would round {id}");
        }
    }
}
