use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use iomed_store::{FixedClock, Signer, Store};
use sqlx::Executor;

pub const NOW: &str = "2026-11-22T08:00:00Z";

/// A fresh, empty database on one engine.
pub struct TestDb {
    pub url: String,
    pub engine: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// One fresh database per engine available. On CI a missing PostgreSQL is a failure, not a skip.
pub async fn engines() -> Vec<TestDb> {
    let dir = tempfile::tempdir().unwrap();
    let mut dbs = vec![TestDb { url: iomed_store::sqlite_url(dir.path()), engine: "sqlite", _dir: Some(dir) }];
    match std::env::var("IOMED_TEST_POSTGRES_URL") {
        Ok(admin) => dbs.push(TestDb { url: fresh_postgres(&admin).await, engine: "postgres", _dir: None }),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but IOMED_TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite cannot run")
        }
        Err(_) => eprintln!("IOMED_TEST_POSTGRES_URL not set: PostgreSQL tests skipped (scripts/test sets it)"),
    }
    dbs
}

/// Creates a new database on the server at `admin` and returns its URL.
pub async fn fresh_postgres(admin: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let name = format!(
        "iomed_store_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        jiff::Timestamp::now().as_nanosecond() % 1_000_000
    );
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin).await.unwrap();
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(NOW.parse().unwrap()))
}

pub async fn open(db: &TestDb) -> Store {
    open_with(db, clock()).await
}

pub async fn open_with(db: &TestDb, clock: Arc<FixedClock>) -> Store {
    Store::open(&db.url, Signer::from_secret([7; 32]), clock).await.unwrap()
}

pub fn code(s: &str) -> iomed_domain::registry::StateCode {
    iomed_domain::registry::StateCode::parse(s).unwrap()
}

pub fn evidence() -> iomed_domain::registry::Evidence {
    iomed_domain::registry::Evidence::new(true, "test").unwrap()
}
