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
    let name =
        format!("iomed_test_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), unique_suffix());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin).await?;
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await?;
    let base = admin.rsplit_once('/').ok_or_else(|| TestDbError::BadUrl(admin.to_owned()))?.0;
    Ok(format!("{base}/{name}"))
}

/// A fresh blob store: a temporary directory, or a fresh folder of the S3-compatible bucket named
/// by `IOMED_TEST_S3_ENDPOINT`, `IOMED_TEST_S3_BUCKET`, `IOMED_TEST_S3_ACCESS_KEY` and
/// `IOMED_TEST_S3_SECRET_KEY` (as `scripts/test` arranges with s3s-fs).
pub struct TestBlobs {
    pub blobs: crate::blobs::Blobs,
    pub kind: &'static str,
    _dir: Option<tempfile::TempDir>,
}

#[derive(Debug, thiserror::Error)]
pub enum TestBlobsError {
    #[error("CI=true but IOMED_TEST_S3_ENDPOINT is not set: the S3 half of the blob tests cannot run")]
    S3Missing,
    #[error("cannot make a temporary directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot open the blob store: {0}")]
    Blobs(#[from] crate::blobs::BlobError),
}

/// The S3 settings of the test server, if there is one, with a fresh prefix.
pub fn test_s3() -> Result<Option<crate::blobs::S3Settings>, TestBlobsError> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let endpoint = var("IOMED_TEST_S3_ENDPOINT");
    if endpoint.is_empty() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            return Err(TestBlobsError::S3Missing);
        }
        eprintln!("IOMED_TEST_S3_ENDPOINT not set: S3 blob-store tests skipped (scripts/test sets it)");
        return Ok(None);
    }
    Ok(Some(crate::blobs::S3Settings {
        bucket: var("IOMED_TEST_S3_BUCKET"),
        endpoint,
        region: "us-east-1".into(),
        access_key: var("IOMED_TEST_S3_ACCESS_KEY"),
        secret_key: var("IOMED_TEST_S3_SECRET_KEY"),
        prefix: format!("test-{}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), unique_suffix()),
    }))
}

/// One fresh blob store per kind available: always a local directory; S3 when configured.
pub fn blob_stores() -> Result<Vec<TestBlobs>, TestBlobsError> {
    use crate::blobs::{BlobLocation, Blobs};
    let dir = tempfile::tempdir()?;
    let local = Blobs::open(&BlobLocation::Local(dir.path().join("blobs")))?;
    let mut stores = vec![TestBlobs { blobs: local, kind: "local", _dir: Some(dir) }];
    if let Some(s3) = test_s3()? {
        stores.push(TestBlobs { blobs: Blobs::open(&BlobLocation::S3(s3))?, kind: "s3", _dir: None });
    }
    Ok(stores)
}

/// A random suffix, so that runs sharing a server (PostgreSQL, S3) never meet.
fn unique_suffix() -> String {
    let mut bytes = [0u8; 6];
    // Without the operating system's randomness, the process id and counter still separate runs.
    let _ = getrandom::fill(&mut bytes);
    hex::encode(bytes)
}

impl crate::Store {
    /// Runs a statement outside the writer: for tests that arrange a failure the store cannot
    /// produce by itself (a trigger that refuses one row).
    pub async fn execute_for_test(&self, sql: &str) -> Result<(), crate::StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(&self.pool).await?;
        Ok(())
    }

    /// Every row of every table, as text in a stable order: two dumps are equal exactly when
    /// the database holds the same data. For tests that a refused command wrote nothing.
    pub async fn dump_for_test(&self) -> Result<String, crate::StoreError> {
        use sqlx::Row;
        let tables: Vec<String> =
            match self.engine {
                crate::Engine::Sqlite => sqlx::query(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .fetch_all(&self.pool)
                .await?,
                crate::Engine::Postgres => {
                    sqlx::query(
                        "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
                    )
                    .fetch_all(&self.pool)
                    .await?
                }
            }
            .iter()
            .map(|r| r.try_get::<String, _>("name"))
            .collect::<Result<_, _>>()?;
        let mut dump = String::new();
        for table in tables {
            let sql = match self.engine {
                crate::Engine::Sqlite => {
                    let columns: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info({table})")))
                        .fetch_all(&self.pool)
                        .await?
                        .iter()
                        .map(|r| r.try_get::<String, _>("name"))
                        .collect::<Result<_, _>>()?;
                    let pairs: Vec<String> = columns.iter().map(|c| format!("'{c}', \"{c}\"")).collect();
                    format!("SELECT json_object({}) AS j FROM \"{table}\" ORDER BY j", pairs.join(", "))
                }
                crate::Engine::Postgres => format!("SELECT row_to_json(t)::text AS j FROM \"{table}\" t ORDER BY j"),
            };
            dump.push_str(&format!("## {table}\n"));
            for row in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await? {
                dump.push_str(&row.try_get::<String, _>("j")?);
                dump.push('\n');
            }
        }
        Ok(dump)
    }
}

/// Files in case `case`'s joint file what screening asks for (W4): a consent to mediate by the
/// requesting representative and a proof of authority by each represented side, each naming a
/// blob address that holds nothing (no test reads their content). For tests that register a case
/// through the store; the
/// web's and the browser's tests file real documents.
pub async fn file_screening_annexes(store: &crate::Store, case: i64) -> Result<(), crate::StoreError> {
    use iomed_domain::access::Standing;
    use iomed_domain::documents::MetaDraft;
    use iomed_domain::request::Side;
    let participants = store.participants(case).await?;
    let rep = |side| participants.iter().find(|p| p.standing == Standing::Party(side)).map(|p| p.user);
    let mut annexes = Vec::new();
    if let Some(user) = rep(Side::Requesting) {
        annexes.push((user, "consent_to_mediate", "Mediation clause"));
    }
    for side in [Side::Requesting, Side::Responding] {
        if let Some(user) = rep(side) {
            annexes.push((user, "proof_of_authority", "Power of attorney"));
        }
    }
    for (n, (filer, kind, title)) in annexes.into_iter().enumerate() {
        let meta = MetaDraft {
            title: title.into(),
            kind: kind.into(),
            language: "en".into(),
            audience: "joint".into(),
            ..MetaDraft::default()
        }
        .check()
        .map_err(|gaps| crate::StoreError::corrupt(format!("{gaps:?}")))?;
        let stored = crate::blobs::Stored {
            address: format!("{:064x}", u64::try_from(case).unwrap_or_default() ^ (n as u64 + 1)),
            content_hash: "00".repeat(32),
            size: 1,
        };
        let change = crate::documents::DocumentChange::File {
            case,
            filer,
            meta,
            file_name: format!("{kind}.txt"),
            media_type: "text/plain".into(),
            stored,
            mails: vec![],
        };
        store.document_change(&format!("user:{}", filer.0), change).await?;
    }
    Ok(())
}
