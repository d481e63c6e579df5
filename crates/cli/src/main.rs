//! `iomed`: the one binary. Serves the site and API, migrates, verifies the ledger, administers
//! the registry, and measures itself.

mod bench;
mod bench_multipart;
mod bench_web;
mod demo;
mod ops;
mod registry;
mod seed;
mod serve;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use iomed_store::blobs::{BlobLocation, Blobs, MasterKey, S3Settings};
use iomed_store::{Signer, Store, SystemClock, VerifyReport};

#[derive(Parser)]
#[command(name = "iomed", version, about = "The platform of the International Organization for Mediation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How log lines are written to standard error: `human` (the default) or `json`, one object
    /// a line with the request's id, for machines. Never with case content.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human, env = "IOMED_LOG_FORMAT")]
    log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the public site, the web interface and the JSON API.
    Serve(serve::ServeArgs),
    /// Apply the database migrations and exit.
    Migrate(DbArgs),
    /// The tamper-evident ledger.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Record changes to the member-State registry; each is a ledger event.
    #[command(subcommand)]
    Registry(registry::RegistryCli),
    /// User accounts, for the operator (how the first Secretary-General gets in).
    #[command(subcommand)]
    User(UserCli),
    /// API tokens for machine clients.
    #[command(subcommand)]
    Token(TokenCli),
    /// Designations to the panels of mediators, on a Contracting State's notification.
    #[command(subcommand)]
    Panel(registry::PanelCli),
    /// Benchmarks, reported beside a baseline run in the same process.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Back up the database and the blobs while the server runs (SQLite), or check a backup
    /// (`iomed backup verify SRC`). The keys are never in a backup: see `iomed key export`.
    Backup(ops::BackupArgs),
    /// Restore a backup into a new or empty data directory, once it verifies.
    Restore(ops::RestoreArgs),
    /// The master key and the ledger signing key, exported sealed under a passphrase.
    #[command(subcommand)]
    Key(ops::KeyCli),
    /// Check a case-file export (the zip of "Export the case file"): its manifest signed by one
    /// of the organization's keys within that key's period, and every file as exported. Exit 0
    /// when it verifies, 1 when not.
    Verify(ops::VerifyArgs),
}

#[derive(Subcommand)]
pub(crate) enum UserCli {
    /// Create a user with roles; with --password-stdin, read the first line of standard input as
    /// the password.
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// A role (repeat for several): secretary_general, deputy_secretary_general, registrar,
        /// case_secretary, finance_officer, representative, mediator, council_representative,
        /// council_alternate.
        #[arg(long = "role")]
        roles: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, default_value = "en")]
        language: String,
        #[arg(long, default_value = "Asia/Hong_Kong")]
        time_zone: String,
    },
    /// List users and their roles.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove a user's second factor (a lost device) and end their sessions; they set it up again
    /// at their next sign-in.
    ResetMfa {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum TokenCli {
    /// Create an API token for a user; the token is printed once.
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
}

#[derive(Args, Clone)]
pub(crate) struct DbArgs {
    /// Data directory for the embedded SQLite database and the signing key.
    #[arg(long, default_value = "iomed-data", env = "IOMED_DATA")]
    pub(crate) data: PathBuf,
    /// A PostgreSQL URL (postgres://…) to use instead of the embedded database.
    #[arg(long, env = "IOMED_DATABASE_URL")]
    pub(crate) database_url: Option<String>,
    /// The Ed25519 key file that signs ledger checkpoints (default: DATA/ledger-signing.key,
    /// created at first start).
    #[arg(long, env = "IOMED_SIGNING_KEY")]
    pub(crate) signing_key: Option<PathBuf>,
    /// Where document content is kept, encrypted: a directory (default: DATA/blobs) or
    /// s3://BUCKET[/PREFIX] for S3-compatible storage, reached with IOMED_S3_ENDPOINT,
    /// IOMED_S3_REGION, IOMED_S3_ACCESS_KEY and IOMED_S3_SECRET_KEY.
    #[arg(long, env = "IOMED_BLOBS")]
    blobs: Option<String>,
    /// The file holding the master key that wraps every case's data key (default:
    /// DATA/master.key, created at first start). Keep it apart from the database's backups.
    #[arg(long, env = "IOMED_MASTER_KEY_FILE")]
    pub(crate) master_key: Option<PathBuf>,
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Recompute the hash chain and check the signed checkpoints. Exit 0 when intact, 1 when not.
    Verify(DbArgs),
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Durable ledger appends per second with 1 and 32 writers, beside raw single-row inserts.
    Ledger(bench::LedgerBenchArgs),
    /// The web pages and the API under many signed-in users, beside /healthz, on a release server
    /// loaded with cases through the API; with the server's peak memory.
    Web(bench_web::WebBenchArgs),
    /// The baselines of scripts/bench-upload: a bare axum server that only drains multipart
    /// uploads (`/drain`), or drains them and writes the file to disk (`/write`).
    Multipart(bench_multipart::MultipartBenchArgs),
}

/// mimalloc, not the system's allocator: under a long mixed load glibc's per-thread arenas kept
/// hundreds of MiB of freed memory resident. Its version 2 (the `v2` feature), not 3: version 3
/// returns freed memory to the system a second after it is freed at the soonest (its
/// `purge_delay`), version 2 after 10 ms, and under uploads and searches the memory version 3
/// held grew with the requests (scripts/soak, figures in the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The operator at the command line.
const CLI_ACTOR: &str = "operator:cli";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Human => logs.init(),
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

pub(crate) async fn open(db: &DbArgs) -> anyhow::Result<Store> {
    open_with_clock(db, Arc::new(SystemClock)).await
}

pub(crate) async fn open_with_clock(db: &DbArgs, clock: Arc<dyn iomed_store::Clock>) -> anyhow::Result<Store> {
    let url = match &db.database_url {
        Some(url) => url.clone(),
        None => {
            std::fs::create_dir_all(&db.data)
                .with_context(|| format!("cannot create the data directory {}", db.data.display()))?;
            iomed_store::sqlite_url(&db.data)
        }
    };
    let key_path = db.signing_key.clone().unwrap_or_else(|| db.data.join("ledger-signing.key"));
    if let Some(parent) = key_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let signer = Signer::load_or_create(&key_path)?;
    let store = Store::open(&url, signer, clock).await?;
    Ok(store)
}

/// The blob store and the master key, from the arguments.
pub(crate) fn open_blobs(db: &DbArgs) -> anyhow::Result<(Blobs, MasterKey)> {
    let location = match db.blobs.as_deref() {
        Some(url) if url.starts_with("s3://") => {
            let rest = &url["s3://".len()..];
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let var = |name: &str| std::env::var(name).unwrap_or_default();
            let region = var("IOMED_S3_REGION");
            BlobLocation::S3(S3Settings {
                bucket: bucket.to_owned(),
                endpoint: var("IOMED_S3_ENDPOINT"),
                region: if region.is_empty() { "us-east-1".into() } else { region },
                access_key: var("IOMED_S3_ACCESS_KEY"),
                secret_key: var("IOMED_S3_SECRET_KEY"),
                prefix: prefix.to_owned(),
            })
        }
        Some(dir) => BlobLocation::Local(PathBuf::from(dir)),
        None => BlobLocation::Local(db.data.join("blobs")),
    };
    let blobs = Blobs::open(&location)?;
    let key_path = db.master_key.clone().unwrap_or_else(|| db.data.join("master.key"));
    if let Some(parent) = key_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok((blobs, MasterKey::load_or_create(&key_path)?))
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Migrate(db) => {
            let store = open(&db).await?;
            println!("migrations applied ({:?})", store.engine());
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ledger(LedgerCommand::Verify(db)) => {
            let store = open(&db).await?;
            let report = store.verify().await?;
            store.close().await;
            match report {
                VerifyReport::Intact { rows, head, checkpoints } => {
                    println!(
                        "ledger intact: {rows} entries, head {} at entry {}, {checkpoints} signed checkpoints valid",
                        hex::encode(head.hash),
                        head.seq
                    );
                    Ok(ExitCode::SUCCESS)
                }
                VerifyReport::Broken { seq, reason } => {
                    println!("ledger BROKEN at entry {seq}: {reason}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Registry(command) => registry::registry(command).await,
        Command::User(command) => users::user(command).await,
        Command::Token(command) => users::token(command).await,
        Command::Panel(command) => registry::panel(command).await,
        Command::Bench(BenchCommand::Ledger(args)) => bench::ledger(args).await,
        Command::Bench(BenchCommand::Web(args)) => bench_web::web(args).await,
        Command::Bench(BenchCommand::Multipart(args)) => bench_multipart::multipart(args).await,
        Command::Backup(args) => ops::backup(args).await,
        Command::Restore(args) => ops::restore(args).await,
        Command::Key(command) => ops::key(command).await,
        Command::Verify(args) => ops::verify_export(args).await,
    }
}
