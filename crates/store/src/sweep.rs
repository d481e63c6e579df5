//! What a crash can leave in the blob store, found and removed at start: uploads cut short in
//! `staging/`, and blobs no document names (an upload completed, then the process died before
//! its filing committed). Only what is older than a grace period is touched, so that another
//! server on the same storage, in the middle of an upload or a filing, loses nothing. What was
//! removed is a ledger event.

use std::collections::HashSet;

use jiff::Timestamp;
use serde_json::json;
use sqlx::Row;

use crate::blobs::{BlobError, Blobs};
use crate::{Store, StoreError};

/// What a sweep removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Swept {
    /// Unfinished uploads.
    pub staging: usize,
    /// Blobs no document names, by address (the hash of encrypted bytes: it tells nothing).
    pub orphans: Vec<String>,
    /// Their stored bytes.
    pub bytes: u64,
}

impl Swept {
    pub fn is_empty(&self) -> bool {
        self.staging == 0 && self.orphans.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("the blob store: {0}")]
    Blobs(#[from] BlobError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Removes unfinished uploads and unnamed blobs written before `written_before` (by the
    /// storage's own clock), and records what was removed.
    pub async fn sweep_blobs(&self, blobs: &Blobs, written_before: Timestamp) -> Result<Swept, SweepError> {
        let staging = blobs.sweep_staging(written_before).await?;
        // A blob is written just before its filing commits; one written before `written_before`
        // (a day ago, at start) whose filing has not committed never will.
        let named: HashSet<String> = sqlx::query("SELECT blob FROM documents UNION SELECT blob FROM request_annexes")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::from)?
            .iter()
            .map(|r| r.try_get::<String, _>("blob"))
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)?;
        let mut swept = Swept { staging, ..Swept::default() };
        for (address, written, size) in blobs.stored().await? {
            if written < written_before && !named.contains(&address) {
                blobs.delete(&address).await?;
                swept.orphans.push(address);
                swept.bytes += size;
            }
        }
        swept.orphans.sort();
        if !swept.is_empty() {
            let body = json!({"staging": swept.staging, "orphans": swept.orphans, "bytes": swept.bytes});
            self.record("system:sweep", "blobs", "blobs.swept", body).await?;
        }
        Ok(swept)
    }
}
