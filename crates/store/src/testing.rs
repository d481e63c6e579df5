//! Test support for this crate and the crates above it (feature `testing`): a fresh, empty
//! database on every engine available. SQLite is always available; PostgreSQL when
//! `IOMED_TEST_POSTGRES_URL` names a server where databases may be created, as `scripts/test`
//! arranges. With `CI=true`, a missing PostgreSQL is a failure, never a skip.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Executor;

/// A fresh, empty database on one engine. A SQLite database lives as long as this value.
pub struct TestDb {
    pub url: String,
    pub engine: &'static str,
    _dir: Option<tempfile::TempDir>,
}

#[derive(Debug, thiserror::Error)]
pub enum TestDbError {
    #[error("CI=true but IOMED_TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite cannot run")]
    PostgresMissing,
    #[error("cannot make a temporary directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot create a PostgreSQL test database: {0}")]
    Postgres(#[from] sqlx::Error),
    #[error("IOMED_TEST_POSTGRES_URL must end with /DATABASE: {0}")]
    BadUrl(String),
}

/// One fresh database per engine available.
pub async fn engines() -> Result<Vec<TestDb>, TestDbError> {
    let dir = tempfile::tempdir()?;
    let mut dbs = vec![TestDb { url: crate::sqlite_url(dir.path()), engine: "sqlite", _dir: Some(dir) }];
    match std::env::var("IOMED_TEST_POSTGRES_URL") {
        Ok(admin) => dbs.push(TestDb { url: fresh_postgres(&admin).await?, engine: "postgres", _dir: None }),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => return Err(TestDbError::PostgresMissing),
        Err(_) => eprintln!("IOMED_TEST_POSTGRES_URL not set: PostgreSQL tests skipped (scripts/test sets it)"),
    }
    Ok(dbs)
}

/// Creates a new database on the server at `admin` and returns its URL.
pub async fn fresh_postgres(admin: &str) -> Result<String, TestDbError> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let name = format!(
        "iomed_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        jiff::Timestamp::now().as_nanosecond().rem_euclid(1_000_000_000)
    );
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin).await?;
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await?;
    let base = admin.rsplit_once('/').ok_or_else(|| TestDbError::BadUrl(admin.to_owned()))?.0;
    Ok(format!("{base}/{name}"))
}
