//! Backups of a store on SQLite, made while the server runs, checked, and restored; and the keys,
//! exported apart from them under a passphrase.
//!
//! A backup is a directory: `iomed.sqlite3`, a consistent snapshot of the database taken with
//! `VACUUM INTO` (one read transaction, while the writer goes on: never a copy of the live file);
//! `blobs/`, every blob the snapshot's documents name, copied and checked against its address
//! (the BLAKE3 hash of its encrypted bytes) as it is copied; and `manifest.json`: the ledger's
//! head and its signature by the server's key, the counts, and each blob's address and size.
//! Blobs uploaded after the snapshot are not in it, as their filings are not.
//!
//! Architecture Invariant: a backup never holds the master key or the signing key (the data it
//! holds is encrypted under them); they are exported on their own, sealed under a passphrase
//! (argon2id and XChaCha20-Poly1305), to be kept elsewhere.
//!
//! With blobs in S3 the bucket is not copied: the manifest lists what the snapshot names and the
//! bucket's own versioning or replication is the backup of their content.
//!
//! A PostgreSQL database goes into the backup as `iomed.pgdump`, made by `pg_dump` in the
//! snapshot the manifest is read in (see `pg`); it is checked and restored into an empty database
//! with `pg_restore`. The manifest names the file, its engine and its BLAKE3 hash.

mod pg;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use sqlx::Row as _;

use crate::blobs::{BlobError, Blobs, MasterKey};
use crate::ledger::{Head, SignedHead, VerifyReport, verify_signed_head};
use crate::{Engine, Signer, Store, StoreError};

/// The snapshot's file name in a backup (the same as in a data directory).
pub const DATABASE: &str = "iomed.sqlite3";
/// The manifest's file name in a backup.
pub const MANIFEST: &str = "manifest.json";
/// What the manifest says about the keys.
const KEYS_NOTE: &str = "The master key and the ledger signing key are not in this backup: export them with `iomed key export` and keep that file apart.";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} is not empty: a backup or a restore goes into a new or empty directory, nothing is overwritten")]
    NotEmpty(PathBuf),
    #[error(
        "{0} is not found: install the PostgreSQL client tools (Debian: postgresql-client) of the server's version or newer"
    )]
    ToolMissing(&'static str),
    #[error("{tool} failed ({status}): {stderr}")]
    Tool { tool: &'static str, status: String, stderr: String },
    #[error("the database cannot be used: {0}")]
    Database(String),
    #[error(
        "the database {0} holds tables: a backup is restored or checked in an empty database, nothing is overwritten"
    )]
    DatabaseNotEmpty(String),
    #[error(
        "this backup holds a PostgreSQL dump: name an empty database to restore it into (backup verify: --scratch-database-url; restore: --database-url)"
    )]
    NeedsDatabase,
    #[error("this backup holds a SQLite database: it restores into a data directory, not into PostgreSQL")]
    NotPostgres,
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the manifest cannot be read: {0}")]
    Manifest(String),
    #[error("the backup does not match its manifest: {0}")]
    Mismatch(String),
    #[error("the ledger in the backup is broken at row {seq}: {reason}")]
    Broken { seq: i64, reason: String },
    #[error("the master key given does not open the key of case {0}: it is not this backup's key")]
    WrongMasterKey(i64),
    #[error("the passphrase is wrong, or the file is not an export of iomed keys")]
    WrongPassphrase,
    #[error("{0} is not an export of iomed keys")]
    NotAnExport(PathBuf),
    #[error("the passphrase must have at least {0} characters")]
    ShortPassphrase(usize),
    #[error("{0} already exists: a key is never overwritten")]
    KeyExists(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error("key derivation failed: {0}")]
    Kdf(String),
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_owned(), source }
}

/// What a backup holds, written beside it as `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The layout of the backup: 1.
    pub format: u32,
    /// When the snapshot was taken (the store's clock).
    pub made_at: String,
    pub ledger: LedgerSummary,
    pub counts: Counts,
    pub blobs: BlobsSummary,
    pub keys: String,
    /// The database's file in the backup (absent in the first backups, which were all SQLite
    /// and did not hash it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseFile>,
}

impl Manifest {
    pub fn engine(&self) -> DumpEngine {
        self.database.as_ref().map_or(DumpEngine::Sqlite, |d| d.engine)
    }
}

/// The engine a backup's database comes from, which says how it is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DumpEngine {
    /// `iomed.sqlite3`, a SQLite database file.
    Sqlite,
    /// `iomed.pgdump`, `pg_dump`'s custom format.
    Postgres,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseFile {
    pub engine: DumpEngine,
    pub file: String,
    /// The BLAKE3 hash of the file, in hex, and its size in bytes.
    pub blake3: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerSummary {
    pub rows: i64,
    pub head_seq: i64,
    pub head_hash: String,
    /// The head signed by the server's key when the backup was made, and that key.
    pub signature: String,
    pub public_key: String,
    pub checkpoints: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub cases: i64,
    pub documents: i64,
    pub messages: i64,
    pub users: i64,
    pub case_keys: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobsSummary {
    /// `copied` (in `blobs/` beside the manifest) or `s3` (listed only: the bucket keeps them).
    pub kept: String,
    pub items: Vec<BlobEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    /// The BLAKE3 hash of the blob's bytes, in hex: its name.
    pub address: String,
    /// Its size in bytes (0 when listed only).
    pub size: u64,
}

/// Progress of long work, for a progress bar: `done` of `total` blobs.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// A new directory, or an empty one; anything else is refused.
fn empty_dir(dir: &Path) -> Result<(), BackupError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(BackupError::NotEmpty(dir.to_owned()));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(dir).map_err(io(dir)),
        Err(e) => Err(io(dir)(e)),
    }
}

fn blob_file(root: &Path, address: &str) -> PathBuf {
    root.join("blobs").join(address.get(..2).unwrap_or("00")).join(address)
}

/// Copies `from` to `to`, hashing as it goes; the BLAKE3 hash in hex and the size.
fn copy_hashed(from: &Path, to: &Path) -> Result<(String, u64), BackupError> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let mut input = std::fs::File::open(from).map_err(io(from))?;
    let mut output = std::fs::OpenOptions::new().write(true).create_new(true).open(to).map_err(io(to))?;
    let mut hasher = blake3::Hasher::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buffer).map_err(io(from))?;
        if n == 0 {
            break;
        }
        let chunk = buffer.get(..n).unwrap_or_default();
        hasher.update(chunk);
        output.write_all(chunk).map_err(io(to))?;
        size += n as u64;
    }
    output.sync_all().map_err(io(to))?;
    Ok((hasher.finalize().to_hex().to_string(), size))
}

/// The BLAKE3 hash in hex and the size of a file.
fn hash_file(path: &Path) -> Result<(String, u64), BackupError> {
    let mut input = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = blake3::Hasher::new();
    let size = std::io::copy(&mut input, &mut hasher).map_err(io(path))?;
    Ok((hasher.finalize().to_hex().to_string(), size))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BackupError> + Send + 'static,
) -> Result<T, BackupError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| BackupError::Io { path: PathBuf::new(), source: std::io::Error::other(e.to_string()) })?
}

/// Opens the database file at `path` as a store of its own (its writer idle), to read and verify.
async fn open_file(path: &Path, clock: std::sync::Arc<dyn crate::Clock>) -> Result<Store, BackupError> {
    let url = format!("sqlite://{}?mode=rw", path.display());
    let signer = Signer::generate().map_err(|e| BackupError::Kdf(e.to_string()))?;
    Ok(Store::open(&url, signer, clock).await?)
}

impl Store {
    /// A consistent copy of the SQLite database in `path` (a new file), taken while writes go
    /// on: SQLite's `VACUUM INTO`, in one read transaction.
    pub async fn snapshot_into(&self, path: &Path) -> Result<(), BackupError> {
        if self.engine != Engine::Sqlite {
            return Err(BackupError::NotPostgres);
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path.display().to_string())
            .execute(&self.pool)
            .await
            .map_err(StoreError::from)?;
        Ok(())
    }
}

async fn count(conn: &mut AnyConnection, table: &'static str) -> Result<i64, StoreError> {
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *conn).await?;
    Ok(row.try_get("n")?)
}

async fn counts(conn: &mut AnyConnection) -> Result<Counts, StoreError> {
    Ok(Counts {
        cases: count(conn, "cases").await?,
        documents: count(conn, "documents").await?,
        messages: count(conn, "messages").await?,
        users: count(conn, "users").await?,
        case_keys: count(conn, "case_keys").await?,
    })
}

async fn blob_addresses(conn: &mut AnyConnection) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query("SELECT blob FROM documents UNION SELECT blob FROM request_annexes ORDER BY blob")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("blob")?)).collect()
}

/// What a backup's database holds, as its manifest records it.
struct Snapshot {
    rows: i64,
    head: Head,
    checkpoints: usize,
    counts: Counts,
    addresses: Vec<String>,
}

/// The SQLite store `live` into `dest`: `VACUUM INTO`, then its ledger verified and read.
async fn sqlite_snapshot(live: &Store, dest: &Path) -> Result<(Snapshot, DatabaseFile), BackupError> {
    let file = dest.join(DATABASE);
    live.snapshot_into(&file).await?;
    let snap = open_file(&file, live.clock.clone()).await?;
    let read = async {
        let (rows, head, checkpoints) = match snap.verify().await? {
            VerifyReport::Intact { rows, head, checkpoints } => (rows, head, checkpoints),
            VerifyReport::Broken { seq, reason } => return Err(BackupError::Broken { seq, reason }),
        };
        let mut conn = snap.pool.acquire().await.map_err(StoreError::from)?;
        let (counts, addresses) = (counts(&mut conn).await?, blob_addresses(&mut conn).await?);
        Ok::<_, BackupError>(Snapshot { rows, head, checkpoints, counts, addresses })
    }
    .await;
    snap.close().await;
    let snapshot = read?;
    let (blake3, size) = blocking(move || hash_file(&file)).await?;
    Ok((snapshot, DatabaseFile { engine: DumpEngine::Sqlite, file: DATABASE.into(), blake3, size }))
}

/// The PostgreSQL store `live` into `dest`: one REPEATABLE READ transaction exports its
/// snapshot to `pg_dump` and reads the manifest's head, counts and blobs in it, while the
/// writer goes on.
async fn postgres_snapshot(live: &Store, dest: &Path) -> Result<(Snapshot, DatabaseFile), BackupError> {
    let mut tx = live.pool.begin().await.map_err(StoreError::from)?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    let id: String = sqlx::query("SELECT pg_export_snapshot() AS id")
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("id"))
        .map_err(StoreError::from)?;
    let file = dest.join(pg::DUMP);
    let read = async {
        let conn: &mut AnyConnection = &mut tx;
        let row = sqlx::query("SELECT seq, hash FROM ledger_head WHERE id = 1").fetch_one(&mut *conn).await?;
        let hash: String = row.try_get("hash")?;
        let head = Head { seq: row.try_get("seq")?, hash: crate::ledger::parse_hash(&hash)? };
        let rows = count(conn, "ledger").await?;
        let checkpoints = usize::try_from(count(conn, "ledger_checkpoint").await?).unwrap_or_default();
        let (counts, addresses) = (counts(conn).await?, blob_addresses(conn).await?);
        Ok::<_, StoreError>(Snapshot { rows, head, checkpoints, counts, addresses })
    };
    let (dumped, read) = tokio::join!(pg::dump(&live.url, &id, &file), read);
    tx.rollback().await.map_err(StoreError::from)?;
    dumped?;
    let snapshot = read?;
    let (blake3, size) = blocking(move || hash_file(&file)).await?;
    Ok((snapshot, DatabaseFile { engine: DumpEngine::Postgres, file: pg::DUMP.into(), blake3, size }))
}

/// Backs up `live` (its database and `blobs`) into `dest`, a new or empty directory, while the
/// server runs; the manifest written.
pub async fn backup(live: &Store, blobs: &Blobs, dest: &Path, progress: Progress<'_>) -> Result<Manifest, BackupError> {
    empty_dir(dest)?;
    let made_at = live.now().to_string();
    let (snapshot, database) = match live.engine() {
        Engine::Sqlite => sqlite_snapshot(live, dest).await?,
        Engine::Postgres => postgres_snapshot(live, dest).await?,
    };
    let Snapshot { rows, head, checkpoints, counts, addresses } = snapshot;
    let signed = live.signer().sign_head(head);
    let total = addresses.len() as u64;
    let mut items = Vec::with_capacity(addresses.len());
    let kept = match blobs.local_root() {
        Some(root) => {
            for (i, address) in addresses.into_iter().enumerate() {
                let (from, to) = (blob_file(root, &address), blob_file(&dest.join("blobs"), &address));
                let (hash, size) = blocking(move || copy_hashed(&from, &to)).await?;
                if hash != address {
                    return Err(BackupError::Mismatch(format!(
                        "blob {address} in the store does not hash to its name"
                    )));
                }
                items.push(BlobEntry { address, size });
                progress(i as u64 + 1, total);
            }
            "copied"
        }
        None => {
            items.extend(addresses.into_iter().map(|address| BlobEntry { address, size: 0 }));
            "s3"
        }
    };
    let manifest = Manifest {
        format: 1,
        made_at,
        ledger: LedgerSummary {
            rows,
            head_seq: head.seq,
            head_hash: hex::encode(head.hash),
            signature: hex::encode(signed.signature),
            public_key: hex::encode(signed.public_key),
            checkpoints,
        },
        counts,
        blobs: BlobsSummary { kept: kept.into(), items },
        keys: KEYS_NOTE.into(),
        database: Some(database),
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| BackupError::Manifest(e.to_string()))?;
    let path = dest.join(MANIFEST);
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(io(&path))?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(io(&path))?;
    Ok(manifest)
}

/// Reads a backup's manifest.
pub fn read_manifest(src: &Path) -> Result<Manifest, BackupError> {
    let path = src.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| BackupError::Manifest(e.to_string()))?;
    if manifest.format != 1 {
        return Err(BackupError::Manifest(format!("format {} is not one this program knows", manifest.format)));
    }
    Ok(manifest)
}

/// The manifest's signed head, once its signature is checked.
fn signed_head(manifest: &Manifest) -> Result<SignedHead, BackupError> {
    let mut head = [0u8; 32];
    let (mut signature, mut public_key) = ([0u8; 64], [0u8; 32]);
    let decoded = hex::decode_to_slice(&manifest.ledger.head_hash, &mut head)
        .and(hex::decode_to_slice(&manifest.ledger.signature, &mut signature))
        .and(hex::decode_to_slice(&manifest.ledger.public_key, &mut public_key));
    let signed = SignedHead { head: Head { seq: manifest.ledger.head_seq, hash: head }, signature, public_key };
    if decoded.is_err() || !verify_signed_head(&signed) {
        return Err(BackupError::Mismatch("the manifest's signature of the ledger head is not valid".into()));
    }
    Ok(signed)
}

/// The database file named by the manifest, checked against its hash when the manifest has one.
async fn database_file(src: &Path, manifest: &Manifest) -> Result<PathBuf, BackupError> {
    let Some(database) = &manifest.database else {
        return Ok(src.join(DATABASE));
    };
    let expected = match database.engine {
        DumpEngine::Sqlite => DATABASE,
        DumpEngine::Postgres => pg::DUMP,
    };
    if database.file != expected {
        return Err(BackupError::Manifest(format!("the database file is {}, not {expected}", database.file)));
    }
    let path = src.join(expected);
    let (blake3, size) = blocking({
        let path = path.clone();
        move || hash_file(&path)
    })
    .await?;
    if blake3 != database.blake3 || size != database.size {
        return Err(BackupError::Mismatch(format!("{expected} is not the file the backup wrote")));
    }
    Ok(path)
}

/// Checks the store holding a backup's database against its manifest: the ledger verifies and
/// ends at the signed head, the counts and the blobs named match. The wrapped case keys, to try.
async fn check_store(
    store: &Store,
    manifest: &Manifest,
    signed: &SignedHead,
) -> Result<Vec<crate::keys::StoredKey>, BackupError> {
    let mismatch = |what: String| Err(BackupError::Mismatch(what));
    let report = store.verify().await?;
    let mut conn = store.pool.acquire().await.map_err(StoreError::from)?;
    let (counts, addresses, keys) =
        (counts(&mut conn).await?, blob_addresses(&mut conn).await?, crate::keys::wrapped_keys(&mut conn).await?);
    drop(conn);
    match report {
        VerifyReport::Broken { seq, reason } => return Err(BackupError::Broken { seq, reason }),
        VerifyReport::Intact { rows, head, .. } => {
            if rows != manifest.ledger.rows || head != signed.head {
                return mismatch(format!(
                    "the ledger ends at row {} but the manifest says row {}",
                    head.seq, manifest.ledger.head_seq
                ));
            }
        }
    }
    if counts != manifest.counts {
        return mismatch(format!("the counts are {counts:?}, the manifest says {:?}", manifest.counts));
    }
    let listed: Vec<&str> = manifest.blobs.items.iter().map(|b| b.address.as_str()).collect();
    if addresses.iter().map(String::as_str).ne(listed.iter().copied()) {
        return mismatch("the documents name other blobs than the manifest lists".into());
    }
    Ok(keys)
}

/// Puts the backup's database where it can be read and checks it: a SQLite file is copied into
/// `scratch` (the backup is not changed); a dump is restored into the empty database at
/// `database_url`, and emptied again if it does not check. The case keys, to try.
async fn load_and_check(
    src: &Path,
    manifest: &Manifest,
    database_url: Option<&str>,
    scratch: &Path,
    clock: std::sync::Arc<dyn crate::Clock>,
) -> Result<Vec<crate::keys::StoredKey>, BackupError> {
    let signed = signed_head(manifest)?;
    let file = database_file(src, manifest).await?;
    match (manifest.engine(), database_url) {
        (DumpEngine::Sqlite, Some(_)) => Err(BackupError::NotPostgres),
        (DumpEngine::Postgres, None) => Err(BackupError::NeedsDatabase),
        (DumpEngine::Sqlite, None) => {
            let copy = scratch.join(DATABASE);
            std::fs::copy(&file, &copy).map_err(io(&file))?;
            let store = open_file(&copy, clock).await?;
            let checked = check_store(&store, manifest, &signed).await;
            store.close().await;
            checked
        }
        (DumpEngine::Postgres, Some(url)) => {
            pg::restore(&file, url).await?;
            let checked = async {
                let signer = Signer::generate().map_err(|e| BackupError::Kdf(e.to_string()))?;
                let store = Store::open(url, signer, clock).await?;
                let checked = check_store(&store, manifest, &signed).await;
                store.close().await;
                checked
            }
            .await;
            if checked.is_err() {
                pg::empty(url).await?;
            }
            checked
        }
    }
}

/// Checks every copied blob against its address and size.
async fn check_blobs(src: &Path, manifest: &Manifest, progress: Progress<'_>) -> Result<(), BackupError> {
    if manifest.blobs.kept != "copied" {
        return Ok(());
    }
    let total = manifest.blobs.items.len() as u64;
    for (i, item) in manifest.blobs.items.iter().enumerate() {
        let path = blob_file(&src.join("blobs"), &item.address);
        let (hash, size) = blocking(move || hash_file(&path)).await?;
        if hash != item.address || size != item.size {
            return Err(BackupError::Mismatch(format!("blob {} is not the one stored", item.address)));
        }
        progress(i as u64 + 1, total);
    }
    Ok(())
}

/// Checks a backup against its manifest: the database file is the one written, the ledger
/// verifies and ends at the head signed in the manifest, the counts match, every blob is there
/// and hashes to its name, and (given the master key) every case key unwraps. The backup is not
/// changed: a SQLite database is read from a copy; a PostgreSQL dump is restored into the empty
/// scratch database at `scratch_database_url`, which is left empty again.
pub async fn verify(
    src: &Path,
    master: Option<&MasterKey>,
    scratch_database_url: Option<&str>,
    clock: std::sync::Arc<dyn crate::Clock>,
    progress: Progress<'_>,
) -> Result<Manifest, BackupError> {
    let manifest = read_manifest(src)?;
    let scratch = tempfile::tempdir().map_err(io(src))?;
    let keys = load_and_check(src, &manifest, scratch_database_url, scratch.path(), clock).await?;
    if let Some(url) = scratch_database_url {
        pg::empty(url).await?;
    }
    check_blobs(src, &manifest, progress).await?;
    if let Some(master) = master {
        for key in keys {
            let id = match key.owner {
                crate::blobs::KeyOwner::Case(id) | crate::blobs::KeyOwner::Draft(id) => id,
            };
            master.unwrap_for(key.owner, &key.wrapped).map_err(|_| BackupError::WrongMasterKey(id))?;
        }
    }
    Ok(manifest)
}

/// Restores the backup in `src` once it checks: its database into `data`, a new or empty data
/// directory (SQLite), or into the empty database at `database_url` (a PostgreSQL dump); its
/// blobs into `data`. The keys are put back apart (`import_keys`).
pub async fn restore(
    src: &Path,
    data: &Path,
    database_url: Option<&str>,
    clock: std::sync::Arc<dyn crate::Clock>,
    progress: Progress<'_>,
) -> Result<Manifest, BackupError> {
    empty_dir(data)?;
    let manifest = read_manifest(src)?;
    let scratch = tempfile::tempdir().map_err(io(src))?;
    load_and_check(src, &manifest, database_url, scratch.path(), clock).await?;
    check_blobs(src, &manifest, &|_, _| {}).await?;
    if manifest.engine() == DumpEngine::Sqlite {
        let (from, to) = (src.join(DATABASE), data.join(DATABASE));
        blocking(move || copy_hashed(&from, &to).map(|_| ())).await?;
    }
    if manifest.blobs.kept == "copied" {
        let total = manifest.blobs.items.len() as u64;
        for (i, item) in manifest.blobs.items.iter().enumerate() {
            let (from, to) =
                (blob_file(&src.join("blobs"), &item.address), blob_file(&data.join("blobs"), &item.address));
            let (hash, _) = blocking(move || copy_hashed(&from, &to)).await?;
            if hash != item.address {
                return Err(BackupError::Mismatch(format!("blob {} changed while it was restored", item.address)));
            }
            progress(i as u64 + 1, total);
        }
    }
    Ok(manifest)
}
