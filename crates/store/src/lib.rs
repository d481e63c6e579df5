//! Persistence for iomed: one [`Store`] over SQLite (embedded, the default) or PostgreSQL, the
//! hash-chained [`ledger`] with signed checkpoints, and the projections read by the web layer.
//!
//! Architecture Invariant: nothing changes state without a ledger event in the same transaction.
//! Every write goes through the single writer task of [`writer`], which decides domain commands
//! against the current record, updates the projection and appends the event in one transaction,
//! batching concurrent requests into one commit (group commit). Writers in different processes on
//! one PostgreSQL database are serialized by a row lock on `ledger_head`, so the chain stays one.
//!
//! Architecture Invariant: the store has no rules about content; it asks the domain crate.

pub mod accounts;
pub mod backup;
pub mod blobs;
mod case_file;
pub mod cases;
pub mod clock;
pub mod documents;
pub mod exports;
pub mod ids;
pub mod keys;
pub mod ledger;
pub mod mediators;
pub mod messages;
mod migrate;
pub mod notifications;
pub mod paging;
mod registry;
pub mod search;
mod signing;
pub mod sweep;
#[cfg(feature = "testing")]
pub mod testing;
mod writer;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use clock::{Clock, FixedClock, ShiftedClock, SystemClock};
pub use ids::Ids;
pub use ledger::{Head, LedgerRow, SignedHead, VerifyReport};
pub use signing::{Commitments, Signer, SigningError};
#[cfg(feature = "testing")]
pub use writer::testing::TestWork;
pub use writer::{Appended, WriterStatus};

use iomed_domain::registry::Refusal;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database could not be opened at {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("unsupported database URL '{0}': use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("database migration {version} ({name}) failed: {source}")]
    Migration { version: i64, name: &'static str, source: sqlx::Error },
    #[error("the database is at schema version {found}, newer than this program knows ({known}); upgrade iomed")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("refused: {0}")]
    Refused(#[from] Refusal),
    #[error("refused: {0}")]
    AccountRefused(accounts::AccountRefusal),
    #[error("refused: {0}")]
    CaseRefused(cases::CaseRefusal),
    #[error("refused: {0}")]
    DocumentRefused(documents::DocumentRefusal),
    #[error("refused: {0}")]
    MessageRefused(messages::MessageRefusal),
    #[error("refused: {0}")]
    MediatorRefused(mediators::MediatorRefusal),
    #[error("case key: {0}")]
    Key(blobs::BlobError),
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
    /// The batch this write was part of failed as a whole (taking the lock, or the commit);
    /// nothing of it was written.
    #[error("the write was rolled back with its batch: {0}")]
    Batch(#[source] Arc<StoreError>),
    #[error("the ledger writer has stopped")]
    WriterGone,
    /// The writer panicked while handling the batch this write was part of; nothing of it was
    /// written.
    #[error("the ledger writer failed while handling this write; nothing was written")]
    WriterPanicked,
    /// The writer did not answer in time. A write that waited in the queue was not made; one
    /// that was already running may still have been committed.
    #[error("the ledger writer did not answer in time")]
    WriterTimeout,
}

impl StoreError {
    /// Whether this is a refusal by a rule (nothing was wrong with the store).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            StoreError::Refused(_)
                | StoreError::AccountRefused(_)
                | StoreError::CaseRefused(_)
                | StoreError::DocumentRefused(_)
                | StoreError::MessageRefused(_)
                | StoreError::MediatorRefused(_)
        )
    }

    /// Whether the store cannot write now (the writer stopped, failed or is overwhelmed): the
    /// request may be tried again later.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::WriterGone | StoreError::WriterPanicked | StoreError::WriterTimeout | StoreError::Batch(_)
        )
    }

    pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(what.to_string())
    }
}

/// The store: a connection pool, the writer task and the key that signs checkpoints.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    writer: writer::Handle,
    signer: Arc<Signer>,
    clock: Arc<dyn Clock>,
    /// The URL it was opened with, for `pg_dump` (the backup of a PostgreSQL store).
    url: Arc<str>,
}

impl Store {
    /// Opens (creating it if needed, for SQLite) and migrates the database at `url`, and starts the
    /// writer task. Must be called within a Tokio runtime.
    pub async fn open(url: &str, signer: Signer, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        Store::open_with_ids(url, signer, clock, Ids::Random).await
    }

    /// As [`Store::open`], numbering new rows 1, 2, 3 … per table (see [`ids`]): for test suites
    /// that name the rows they make.
    #[cfg(feature = "testing")]
    pub async fn open_counting(url: &str, signer: Signer, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        Store::open_with_ids(url, signer, clock, Ids::Counting).await
    }

    async fn open_with_ids(url: &str, signer: Signer, clock: Arc<dyn Clock>, ids: Ids) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (engine, options) = if url.starts_with("sqlite:") {
            (Engine::Sqlite, AnyPoolOptions::new().max_connections(4))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            (Engine::Postgres, AnyPoolOptions::new().max_connections(8))
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let connect =
            AnyConnectOptions::from_str(url).map_err(|source| StoreError::Open { url: redact(url), source })?;
        let pool = options
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    match engine {
                        Engine::Sqlite => {
                            // WAL lets readers run beside the writer; FULL makes every commit
                            // durable; a lock held elsewhere is waited for 10 s, no longer.
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                        }
                        Engine::Postgres => {
                            // A stuck lock or statement fails its batch instead of hanging every
                            // request behind it.
                            conn.execute("SET lock_timeout = '10s'").await?;
                            conn.execute("SET statement_timeout = '20s'").await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(connect)
            .await
            .map_err(|source| StoreError::Open { url: redact(url), source })?;
        migrate::run(&pool, engine).await?;
        cases::rebuild_wanted(&pool).await?;
        let signer = Arc::new(signer);
        let writer = writer::spawn(pool.clone(), engine, signer.clone(), clock.clone(), ids);
        Ok(Store { pool, engine, writer, signer, clock, url: url.into() })
    }

    /// Opens a SQLite database in `dir` (created if missing), as `iomed serve` does by default.
    pub async fn open_dir(dir: &Path, signer: Signer, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        Store::open(&sqlite_url(dir), signer, clock).await
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Waits for the writer to finish what it was given, and closes the pool.
    pub async fn close(self) {
        self.writer.stop().await;
        self.pool.close().await;
    }
}

/// The SQLite URL for a data directory.
pub fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("iomed.sqlite3").display())
}

/// A database URL fit for a log line: the password, if any, is replaced.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
